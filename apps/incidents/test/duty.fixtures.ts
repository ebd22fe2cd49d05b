import type { Identity } from '@emergency/auth';
import { chinaInstant } from '@emergency/domain';
import { identities, standClockAt, type TestSubgraph } from '@emergency/testing';
import { OPEN_ZERO_REPORTING, RECORD_INSTRUCTION, SUBMIT_ZERO_REPORT } from './duty.operations';

/** Huanggang, the flood's prefecture, and two of its counties. */
export const HUANGGANG = '421100';
export const TUANFENG = '421121';
export const MACHENG = '421181';
/** Huanggang's twelve reporting units: the prefecture and its eleven county-level divisions. */
export const HUANGGANG_UNITS = [
  '421100',
  '421102',
  '421121',
  '421122',
  '421123',
  '421124',
  '421125',
  '421126',
  '421127',
  '421171',
  '421181',
  '421182',
];

/** An instant in China Standard Time: `cst('2026-07-07', '09:00')`. */
export const cst = chinaInstant;

/** Stands the service's clock on `at` until the next call. */
export const standAt = standClockAt;

export interface Period {
  id: string;
  kind: string;
  regionCode: string;
  unitRegionCodes: string[];
  startsOn: string;
  endsOn: string | null;
  incident: { id: string } | null;
}

export async function openZeroReporting(
  sut: TestSubgraph,
  overrides: Record<string, unknown> = {},
  identity: Identity = identities.admin(),
): Promise<Period> {
  const data = await sut.call<{ openZeroReporting: Period }>(
    OPEN_ZERO_REPORTING,
    { input: { kind: 'RESPONSE', regionCode: HUANGGANG, startsOn: '2026-07-07', ...overrides } },
    identity,
  );
  return data.openZeroReporting;
}

export interface ZeroReport {
  id: string;
  unitRegionCode: string;
  date: string;
  nothingToReport: boolean;
  dueAt: string;
  submittedAt: string;
  late: boolean;
}

export const zeroReportInput = (periodId: string, overrides: Record<string, unknown> = {}) => ({
  input: { periodId, unitRegionCode: TUANFENG, date: '2026-07-07', nothingToReport: true, ...overrides },
});

/** Submits a unit's report standing at `at`. */
export async function submitZeroReport(
  sut: TestSubgraph,
  at: Date,
  periodId: string,
  overrides: Record<string, unknown> = {},
  identity: Identity = identities.admin(),
): Promise<ZeroReport> {
  standAt(sut, at);
  const data = await sut.call<{ submitZeroReport: ZeroReport }>(
    SUBMIT_ZERO_REPORT,
    zeroReportInput(periodId, overrides),
    identity,
  );
  return data.submitZeroReport;
}

export interface Instruction {
  id: string;
  regionCode: string;
  leaderTitle: string;
  givenAt: string;
  closedAt: string | null;
  closeReason: string | null;
  assignments: {
    id: string;
    organisation: { id: string };
    dueAt: string;
    status: string;
    overdue: boolean;
    overdueAt: string | null;
    feedback: {
      id: string;
      text: string;
      final: boolean;
      at: string;
      byOrganisation: { id: string } | null;
    }[];
    extensions: { id: string; newDueAt: string; status: string }[];
  }[];
}

export const instructionInput = (incidentId: string, overrides: Record<string, unknown> = {}) => ({
  input: {
    incidentId,
    leaderTitle: '省长',
    text: '全力做好转移安置，确保群众生命安全',
    givenAt: '2026-09-25T15:00:00+08:00',
    assignments: [],
    ...overrides,
  },
});

export async function recordInstruction(
  sut: TestSubgraph,
  incidentId: string,
  overrides: Record<string, unknown> = {},
  identity: Identity = identities.admin(),
): Promise<Instruction> {
  const data = await sut.call<{ recordLeaderInstruction: Instruction }>(
    RECORD_INSTRUCTION,
    instructionInput(incidentId, overrides),
    identity,
  );
  return data.recordLeaderInstruction;
}

/** The payloads of `type` (e.g. `incidents.ZeroReportMissed.v1`) in the outbox. */
export async function published(sut: TestSubgraph, type: string): Promise<Record<string, unknown>[]> {
  const { rows } = await sut.db.query(`SELECT payload FROM outbox WHERE event_type = $1 ORDER BY seq`, [
    type,
  ]);
  return rows.map((r: { payload: Record<string, unknown> }) => r.payload);
}
