import { Injectable } from '@nestjs/common';
import {
  ComplianceIndicators,
  type AssessmentPeriod,
  type ComplianceIndicator,
  type IndicatorMeasure,
  type UnmetRecord,
} from '../assessment/compliance-indicator';
import {
  ReportTimelinessRepository,
  type AttributedRecord,
  type ReportRecordKind,
} from './report-timeliness.repository';

/** The record an unmet obligation names, by the incidents service's type. */
const RECORD_KIND: Record<ReportRecordKind, string> = {
  INCIDENT_REPORT: 'IncidentReport',
  REPORT_DEADLINE_PASSED: 'ReportDeadline',
  ZERO_REPORT: 'ZeroReport',
  ZERO_REPORT_MISSED: 'ZeroReportingPeriod',
};

/**
 * REPORTS_ON_TIME: of the reports an organisation owed in the period, how many it made on time. Due: each incident
 * report it submitted, and, when it is its region's emergency management office, each report deadline of its region
 * that passed without the report and each daily (zero) report of its region, submitted or missed. Met: those
 * submitted by their deadline.
 */
@Injectable()
export class ReportsOnTimeIndicator implements ComplianceIndicator {
  readonly key = 'REPORTS_ON_TIME';
  readonly description =
    'Reports made on time: due are the incident reports the organisation submitted and, for a region’s emergency management office, the region’s report deadlines passed unreported and its daily reports submitted or missed; met are those submitted by their deadline.';

  constructor(
    private readonly repository: ReportTimelinessRepository,
    indicators: ComplianceIndicators,
  ) {
    indicators.register(this);
  }

  async measure(
    organisationIds: readonly string[],
    period: AssessmentPeriod,
  ): Promise<readonly IndicatorMeasure[]> {
    if (organisationIds.length === 0) return [];
    return reportMeasures(await this.repository.attributed(organisationIds, period.from, period.to));
  }
}

/** Each organisation's due, met and unmet records from the records it answers for. */
export function reportMeasures(records: readonly AttributedRecord[]): IndicatorMeasure[] {
  const byOrganisation = new Map<string, { due: number; met: number; unmet: UnmetRecord[] }>();
  for (const r of records) {
    const measure = byOrganisation.get(r.organisationId) ?? { due: 0, met: 0, unmet: [] };
    measure.due += 1;
    if (r.late) measure.unmet.push({ kind: RECORD_KIND[r.kind], id: r.recordId, reason: r.detail });
    else measure.met += 1;
    byOrganisation.set(r.organisationId, measure);
  }
  return [...byOrganisation].map(([organisationId, m]) => ({ organisationId, ...m }));
}
