import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  IncidentReportSubmitted,
  ReportDeadlinePassed,
  ZeroReportMissed,
  ZeroReportSubmitted,
} from '@emergency/contracts';
import { on } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import { ReportTimelinessRepository, type ReportRecord } from './report-timeliness.repository';

/**
 * Keeps, from the incidents topic, each report an organisation submitted (late or not), each report deadline that
 * passed without its report (owed by a region), and each unit's daily zero report, submitted or missed, for the
 * report timeliness indicator.
 */
@Injectable()
export class ReportTimelinessProjector implements EventProjector {
  readonly domains = ['incidents'];

  constructor(private readonly repository: ReportTimelinessRepository) {}

  bindings() {
    return [
      on(IncidentReportSubmitted, (event, manager) => {
        const r = event.data;
        return this.remember(manager, {
          recordKey: `report:${r.reportId}`,
          kind: 'INCIDENT_REPORT',
          recordId: r.reportId,
          incidentId: r.incidentId,
          organisationId: r.reportingOrganisationId,
          regionCode: null,
          late: r.late,
          at: new Date(r.reportedAt),
          detail: r.late
            ? `${r.kind} report to ${r.toLevel} submitted ${r.reportedAt}, ${r.lateByMinutes ?? '?'} minutes late`
            : `${r.kind} report to ${r.toLevel} submitted ${r.reportedAt}, on time`,
          sourceEventId: event.id,
        });
      }),
      on(ReportDeadlinePassed, (event, manager) => {
        const d = event.data;
        return this.remember(manager, {
          recordKey: `deadline:${d.deadlineId}`,
          kind: 'REPORT_DEADLINE_PASSED',
          recordId: d.deadlineId,
          incidentId: d.incidentId,
          organisationId: null,
          regionCode: d.reportingRegion,
          late: true,
          at: new Date(d.dueAt),
          detail: `${d.kind} report to ${d.level} due ${d.dueAt}, not submitted`,
          sourceEventId: event.id,
        });
      }),
      on(ZeroReportSubmitted, (event, manager) => {
        const z = event.data;
        return this.remember(manager, {
          recordKey: `zero:${z.reportId}`,
          kind: 'ZERO_REPORT',
          recordId: z.reportId,
          incidentId: z.incidentId,
          organisationId: null,
          regionCode: z.unitRegionCode,
          late: z.late,
          at: new Date(z.dueAt),
          detail: z.late
            ? `daily report for ${z.date} due ${z.dueAt}, submitted late ${z.submittedAt}`
            : `daily report for ${z.date} submitted ${z.submittedAt}, on time`,
          sourceEventId: event.id,
        });
      }),
      on(ZeroReportMissed, (event, manager) => {
        const z = event.data;
        return this.remember(manager, {
          // Published once per unit and date; the key makes a republished one change nothing.
          recordKey: `zero-missed:${z.periodId}:${z.unitRegionCode}:${z.date}`,
          kind: 'ZERO_REPORT_MISSED',
          recordId: z.periodId,
          incidentId: z.incidentId,
          organisationId: null,
          regionCode: z.unitRegionCode,
          late: true,
          at: new Date(z.dueAt),
          detail: `daily report of ${z.unitRegionCode} for ${z.date} due ${z.dueAt}, not submitted`,
          sourceEventId: event.id,
        });
      }),
    ];
  }

  private remember(manager: EntityManager, record: ReportRecord) {
    return this.repository.remember(manager, record);
  }
}
