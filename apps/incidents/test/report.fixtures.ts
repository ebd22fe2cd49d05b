import type { Identity } from '@emergency/auth';
import { identities, standClockAt, type TestSubgraph } from '@emergency/testing';
import { COUNTY_BUREAU, reportIncident } from './fixtures';
import { SUBMIT_REPORT } from './report.operations';

type Overrides = Record<string, unknown>;

export interface Report {
  id: string;
  kind: string;
  number: number | null;
  toLevel: string;
  skippedLevels: string[];
  reportedAt: string;
  recordedAt: string;
  withinSupplementaryWindow: boolean | null;
  late: boolean;
  lateByMinutes: number | null;
  figures: Record<string, unknown>;
}

/** Stands the service's clock on `at` (a CST wall time like '2026-07-06T11:00'). */
export function standAt(sut: TestSubgraph, at: string): Date {
  return standClockAt(sut, cst(at));
}

/** A China Standard Time wall time as an instant. */
export const cst = (at: string) => new Date(`${at.length === 16 ? `${at}:00` : at}+08:00`);

/** A county-level accident (Tuanfeng County, Huanggang), grade IV, occurred at `occurredAt` (CST). */
export const countyAccident = (occurredAt: string, overrides: Overrides = {}) =>
  reportIncident(sut(), {
    title: 'Workshop explosion, Tuanfeng',
    category: 'ACCIDENT',
    subcategory: 'INDUSTRY_AND_TRADE',
    severity: 'IV',
    regionCode: '421121',
    occurredAt: cst(occurredAt).toISOString(),
    ...overrides,
  });

let current: TestSubgraph | undefined;
const sut = () => {
  if (!current) throw new Error('useReportSubgraph first');
  return current;
};
/** The subgraph the report fixtures use. */
export const useReportSubgraph = (s: TestSubgraph) => (current = s);

export const reportInput = (incidentId: string, overrides: Overrides = {}) => ({
  input: {
    incidentId,
    kind: 'INITIAL',
    channel: 'WRITTEN',
    reportingOrganisationId: COUNTY_BUREAU,
    toLevel: 'COUNTY',
    text: 'At 10:00 a boiler exploded in the workshop; the fire is out.',
    ...overrides,
  },
});

export async function submitReport(
  incidentId: string,
  overrides: Overrides = {},
  identity: Identity = identities.admin(),
): Promise<Report> {
  const data = await sut().call<{ submitIncidentReport: Report }>(
    SUBMIT_REPORT,
    reportInput(incidentId, overrides),
    identity,
  );
  return data.submitIncidentReport;
}

/** What a refused report must leave as it was. */
export async function writtenByReports(s: TestSubgraph) {
  return {
    reports: await s.count('incident_report'),
    deadlines: await s.count('report_deadline'),
    outbox: await s.count('outbox'),
    incidents: (await s.db.query(`SELECT id, deaths, figures_updated_at FROM incident ORDER BY id`))
      .rows as unknown,
  };
}
