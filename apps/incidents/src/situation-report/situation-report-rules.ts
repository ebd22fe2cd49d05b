import { figuresForEvent } from '../incident/incident-figures';
import type { IncidentEntity, IncidentSeverity } from '../incident/incident.entity';
import type { SituationReport } from './situation-report.schema';
import type { ChainRow, OpenItems, WarningRow } from './situation-report.repository';

export interface SituationParts {
  incident: IncidentEntity;
  responseLevel: IncidentSeverity | null;
  chain: { reports: ChainRow[]; total: number };
  warnings: WarningRow[];
  openItems: OpenItems;
}

/**
 * EDXL-SitRep's report version from the chain: Initial while only initial reports exist, Final once the chain has
 * its final report or the incident is closed, Update in between.
 */
export function reportVersion(kinds: readonly string[], closed: boolean): SituationReport['reportVersion'] {
  if (closed || kinds.includes('FINAL')) return 'Final';
  return kinds.every((kind) => kind === 'INITIAL') ? 'Initial' : 'Update';
}

/** The situation report of an incident at `at`, from what its report chain, response and warnings say. */
export function buildSituationReport(parts: SituationParts, at: Date): SituationReport {
  const { incident, chain } = parts;
  const figures = figuresForEvent(incident.figures);
  return {
    $schema: 'urn:emergency:situation-report:1',
    reportPurpose: `Situation of ${incident.title} as reported up to ${at.toISOString()}`,
    reportNumber: chain.total,
    reportVersion: reportVersion(
      chain.reports.map((r) => r.kind),
      incident.status === 'CLOSED',
    ),
    preparedAt: at.toISOString(),
    forTimePeriod: { fromDateTime: incident.occurredAt.toISOString(), toDateTime: at.toISOString() },
    incident: {
      incidentId: incident.id,
      incidentName: incident.title,
      category: incident.category,
      subcategory: incident.subcategory,
      regionCode: incident.regionCode,
      occurredAt: incident.occurredAt.toISOString(),
      severity: incident.severity,
      responseLevel: parts.responseLevel,
      incidentLifecyclePhase: incident.status,
    },
    casualtyAndIllnessSummary: {
      fatalities: figures.deaths,
      missing: figures.missing,
      injured: figures.injured,
      seriouslyInjured: figures.seriouslyInjured,
    },
    populationAffected: { relocated: figures.relocated, needingRelief: figures.needingRelief },
    damageSummary: {
      housesCollapsed: figures.housesCollapsed,
      housesSeverelyDamaged: figures.housesSeverelyDamaged,
      housesDamaged: figures.housesDamaged,
      affectedAreaHectares: figures.affectedAreaHectares,
      directLossFen: figures.directLossFen,
    },
    reportChain: chain.reports.map((report) => ({
      reportId: report.id,
      kind: report.kind,
      number: report.number,
      reportedAt: report.reportedAt.toISOString(),
      reportingOrganisationId: report.reportingOrganisationId,
      toLevel: report.toLevel,
      late: report.lateMinutes !== null,
      lateByMinutes: report.lateMinutes,
      text: report.text,
    })),
    warnings: parts.warnings.map(({ identifier, level, status }) => ({ identifier, level, status })),
    openItems: parts.openItems,
  };
}
