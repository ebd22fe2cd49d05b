import { identities, readTopic, type TestSubgraph } from '@emergency/testing';
import { NO_SUCH_ID, publishedData, reportIncident, startIncidents } from './fixtures';
import {
  cst,
  HUANGGANG,
  HUANGGANG_UNITS,
  MACHENG,
  openZeroReporting,
  published,
  standAt,
  submitZeroReport,
  TUANFENG,
  zeroReportInput,
} from './duty.fixtures';
import {
  CLOSE_ZERO_REPORTING,
  MISSED_ZERO_REPORTS,
  OPEN_ZERO_REPORTING,
  SET_ZERO_REPORT_DEADLINE,
  SUBMIT_ZERO_REPORT,
  ZERO_REPORT_DAY,
  ZERO_REPORT_DEADLINE_RULES,
} from './duty.operations';
import { DataSource } from 'typeorm';
import { ZeroReportScan } from '../src/zero-report/zero-report.scan';
import { ZeroReporting } from '../src/zero-report/zero-reporting';

interface UnitDay {
  periodId: string;
  unitRegionCode: string;
  level: string;
  status: string;
  submittedAt: string | null;
  markedMissingAt: string | null;
}

/** Daily zero reporting over the flood's prefecture, against PostgreSQL and the broker, on an injected clock. */
describe('daily zero reports', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startIncidents();
  }, 120_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => sut?.stop());

  const day = async (args: Record<string, unknown>, identity = identities.admin()) =>
    (
      await sut.call<{
        zeroReportDay: {
          units: UnitDay[];
          prefectures: {
            prefectureCode: string;
            units: number;
            submitted: number;
            late: number;
            missing: number;
          }[];
        };
      }>(ZERO_REPORT_DAY, args, identity)
    ).zeroReportDay;

  it('opens zero reporting for an incident over every county, prefecture and province unit of its region', async () => {
    const incident = await reportIncident(sut);
    const period = await openZeroReporting(sut, { incidentId: incident.id, startsOn: '2026-07-06' });
    expect(period).toMatchObject({
      kind: 'RESPONSE',
      regionCode: HUANGGANG,
      startsOn: '2026-07-06',
      endsOn: null,
      incident: { id: incident.id },
    });
    expect(period.unitRegionCodes).toEqual(HUANGGANG_UNITS);
    const [event] = (await published(sut, 'incidents.ZeroReportingOpened.v1')).filter(
      (e) => e.periodId === period.id,
    );
    expect(event).toMatchObject({
      incidentId: incident.id,
      kind: 'RESPONSE',
      unitRegionCodes: HUANGGANG_UNITS,
    });

    const before = await sut.count('zero_report_period');
    const again = await sut.failure(OPEN_ZERO_REPORTING, {
      input: { incidentId: incident.id, kind: 'RESPONSE', regionCode: HUANGGANG, startsOn: '2026-07-08' },
    });
    expect(again).toMatchObject({
      code: 'ZERO_REPORTING_ALREADY_OPEN',
      field: 'incidentId',
      periodId: period.id,
    });
    const outside = await sut.failure(
      OPEN_ZERO_REPORTING,
      { input: { kind: 'RESPONSE', regionCode: HUANGGANG, startsOn: '2026-07-08' } },
      identities.operator(TUANFENG),
    );
    expect(outside).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'regionCode' });
    const badRegion = await sut.failure(OPEN_ZERO_REPORTING, {
      input: { kind: 'EPIDEMIC', regionCode: '4211', startsOn: '2026-07-08' },
    });
    expect(badRegion).toMatchObject({ code: 'INVALID_REGION_CODE', field: 'regionCode' });
    expect(await sut.count('zero_report_period')).toBe(before);
  });

  it('takes a report at exactly 09:00 as on time and one at 09:01 as late', async () => {
    const period = await openZeroReporting(sut, { startsOn: '2026-07-07' });
    const onTime = await submitZeroReport(sut, cst('2026-07-07', '09:00'), period.id, {
      unitRegionCode: TUANFENG,
    });
    expect(onTime).toMatchObject({
      unitRegionCode: TUANFENG,
      nothingToReport: true,
      late: false,
      dueAt: cst('2026-07-07', '09:00').toISOString(),
    });
    const late = await submitZeroReport(
      sut,
      cst('2026-07-07', '09:01'),
      period.id,
      { unitRegionCode: MACHENG, nothingToReport: false, text: '新增转移群众320人' },
      identities.operator(MACHENG),
    );
    expect(late).toMatchObject({ late: true, submittedAt: cst('2026-07-07', '09:01').toISOString() });
    // The prefecture's deadline is 10:00.
    const prefecture = await submitZeroReport(sut, cst('2026-07-07', '10:00'), period.id, {
      unitRegionCode: HUANGGANG,
    });
    expect(prefecture.late).toBe(false);
    const events = (await published(sut, 'incidents.ZeroReportSubmitted.v1')).filter(
      (e) => e.periodId === period.id,
    );
    expect(events.map((e) => [e.unitRegionCode, e.late])).toEqual([
      [TUANFENG, false],
      [MACHENG, true],
      [HUANGGANG, false],
    ]);

    standAt(sut, cst('2026-07-07', '10:30'));
    const seen = await day({ periodId: period.id, date: '2026-07-07' });
    const status = Object.fromEntries(seen.units.map((u) => [u.unitRegionCode, u.status]));
    expect(status).toMatchObject({
      [TUANFENG]: 'ZERO',
      [MACHENG]: 'LATE',
      [HUANGGANG]: 'ZERO',
      '421122': 'MISSING',
    });
    expect(seen.prefectures).toEqual([
      { prefectureCode: HUANGGANG, units: 12, submitted: 3, late: 1, missing: 9 },
    ]);
    // A county's desk sees its own line only.
    const county = await day({ periodId: period.id, date: '2026-07-07' }, identities.operator(TUANFENG));
    expect(county.units.map((u) => [u.unitRegionCode, u.status])).toEqual([[TUANFENG, 'ZERO']]);
  });

  it('refuses every wrong report with its code and field, writing nothing', async () => {
    const period = await openZeroReporting(sut, { startsOn: '2026-07-07' });
    await submitZeroReport(sut, cst('2026-07-07', '08:00'), period.id);
    const before = await sut.count('zero_report');
    const outbox = await sut.count('outbox');
    standAt(sut, cst('2026-07-07', '08:30'));
    const cases: [Record<string, unknown>, Record<string, unknown>, ReturnType<typeof identities.admin>?][] =
      [
        [{}, { code: 'ZERO_REPORT_ALREADY_SUBMITTED', field: 'unitRegionCode' }],
        [
          { unitRegionCode: '420102' },
          { code: 'UNIT_NOT_IN_SCOPE', field: 'unitRegionCode', regionCode: HUANGGANG },
        ],
        [{ unitRegionCode: '420000' }, { code: 'UNIT_NOT_IN_SCOPE', field: 'unitRegionCode' }],
        [
          { unitRegionCode: MACHENG },
          { code: 'OUTSIDE_JURISDICTION', field: 'unitRegionCode' },
          identities.operator(TUANFENG),
        ],
        [
          { unitRegionCode: MACHENG, nothingToReport: false },
          { code: 'ZERO_REPORT_TEXT_MISSING', field: 'text' },
        ],
        [
          { unitRegionCode: MACHENG, date: '2026-07-06' },
          { code: 'ZERO_REPORT_PERIOD_CLOSED', field: 'date' },
        ],
        [
          { unitRegionCode: MACHENG, date: '2026-07-08' },
          { code: 'ZERO_REPORT_PERIOD_CLOSED', field: 'date' },
        ],
        [
          { unitRegionCode: MACHENG, date: '7 July' },
          { code: 'INVALID_DATE', field: 'date' },
        ],
        [{ periodId: NO_SUCH_ID }, { code: 'ZERO_REPORT_PERIOD_NOT_FOUND', field: 'periodId' }],
        [{ unitRegionCode: MACHENG }, { code: 'FORBIDDEN' }, identities.auditor()],
      ];
    for (const [overrides, expected, identity] of cases) {
      const { input } = zeroReportInput(period.id, overrides);
      expect(await sut.failure(SUBMIT_ZERO_REPORT, { input }, identity ?? identities.admin())).toMatchObject(
        expected,
      );
    }
    expect(await sut.count('zero_report')).toBe(before);
    expect(await sut.count('outbox')).toBe(outbox);
  });

  it('marks a unit without a report missing once, however often the scan runs', async () => {
    const period = await openZeroReporting(sut, { regionCode: '421200', startsOn: '2026-08-03' });
    const counties = period.unitRegionCodes.filter((c) => c !== '421200');
    // Every county but the last reports on time; the prefecture's deadline (10:00) has not passed yet.
    for (const county of counties.slice(0, -1)) {
      await submitZeroReport(sut, cst('2026-08-03', '08:00'), period.id, {
        unitRegionCode: county,
        date: '2026-08-03',
      });
    }
    const silent = counties[counties.length - 1]!;
    const scan = sut.app.get(ZeroReportScan);
    const at = cst('2026-08-03', '09:01');
    await scan.scan(cst('2026-08-03', '09:00'));
    const misses = async () =>
      (
        await sut.db.query(`SELECT unit_region_code FROM zero_report_miss WHERE period_id = $1`, [period.id])
      ).rows.map((r: { unit_region_code: string }) => r.unit_region_code);
    expect(await misses()).toEqual([]); // exactly on the deadline is not yet missed
    await scan.scan(at);
    await scan.scan(at);
    expect(await misses()).toEqual([silent]);
    const events = (await published(sut, 'incidents.ZeroReportMissed.v1')).filter(
      (e) => e.periodId === period.id,
    );
    expect(events).toEqual([
      {
        periodId: period.id,
        incidentId: null,
        unitRegionCode: silent,
        date: '2026-08-03',
        dueAt: cst('2026-08-03', '09:00').toISOString(),
      },
    ]);

    standAt(sut, cst('2026-08-03', '09:30'));
    const missed = await sut.call<{
      missedZeroReports: { edges: { node: { unitRegionCode: string; period: { id: string } } }[] };
    }>(MISSED_ZERO_REPORTS, { regionCode: '421200', from: '2026-08-03', to: '2026-08-03' });
    expect(missed.missedZeroReports.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({ unitRegionCode: silent, period: { id: period.id } }),
    ]);
    // The duty officer of another prefecture sees none of them.
    const elsewhere = await sut.call<{ missedZeroReports: { edges: unknown[] } }>(
      MISSED_ZERO_REPORTS,
      { regionCode: '421200', from: '2026-08-03', to: '2026-08-03' },
      identities.operator(HUANGGANG),
    );
    expect(elsewhere.missedZeroReports.edges).toEqual([]);
    const seen = await day({ regionCode: '421200', date: '2026-08-03' });
    expect(seen.units.find((u) => u.unitRegionCode === silent)).toMatchObject({
      status: 'MISSING',
      markedMissingAt: at.toISOString(),
    });
    expect(seen.units.find((u) => u.unitRegionCode === '421200')).toMatchObject({ status: 'PENDING' });
  });

  it('lists the missed reports page by page, newest day first', async () => {
    const period = await openZeroReporting(sut, { regionCode: '421300', startsOn: '2026-08-10' });
    await sut.app.get(ZeroReportScan).scan(cst('2026-08-11', '13:00'));
    const read = (after?: string) =>
      sut.call<{
        missedZeroReports: {
          edges: { node: { unitRegionCode: string; date: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(MISSED_ZERO_REPORTS, {
        regionCode: '421300',
        from: '2026-08-10',
        to: '2026-08-11',
        first: 3,
        after,
      });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await read(after)).missedZeroReports;
      seen.push(...page.edges.map((e) => `${e.node.date} ${e.node.unitRegionCode}`));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const units = period.unitRegionCodes;
    expect(seen).toEqual([...units.map((u) => `2026-08-11 ${u}`), ...units.map((u) => `2026-08-10 ${u}`)]);
    const forged = await sut.failure(MISSED_ZERO_REPORTS, {
      regionCode: '421300',
      from: '2026-08-10',
      to: '2026-08-11',
      after: Buffer.from('["x"]').toString('base64url'),
    });
    expect(forged).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('ends a period: no report afterwards, and the period is not ended twice', async () => {
    const period = await openZeroReporting(sut, { regionCode: '421000', startsOn: '2026-07-07' });
    const closed = await sut.call<{ closeZeroReporting: { endsOn: string } }>(CLOSE_ZERO_REPORTING, {
      input: { periodId: period.id, endsOn: '2026-07-09' },
    });
    expect(closed.closeZeroReporting.endsOn).toBe('2026-07-09');
    expect(
      await sut.failure(CLOSE_ZERO_REPORTING, { input: { periodId: period.id, endsOn: '2026-07-10' } }),
    ).toMatchObject({ code: 'ZERO_REPORT_PERIOD_CLOSED', field: 'periodId' });
    standAt(sut, cst('2026-07-10', '08:00'));
    const { input } = zeroReportInput(period.id, { unitRegionCode: '421000', date: '2026-07-10' });
    expect(await sut.failure(SUBMIT_ZERO_REPORT, { input })).toMatchObject({
      code: 'ZERO_REPORT_PERIOD_CLOSED',
      field: 'date',
    });
  });

  it('reads the deadlines in force as data, and lets an admin set a jurisdiction’s own', async () => {
    const rules = async (regionCode: string) =>
      (
        await sut.call<{
          zeroReportDeadlineRules: { regionPrefix: string; level: string; dueTime: string }[];
        }>(ZERO_REPORT_DEADLINE_RULES, { regionCode })
      ).zeroReportDeadlineRules;
    expect((await rules('420202')).map((r) => [r.level, r.dueTime, r.regionPrefix])).toEqual([
      ['COUNTY', '09:00', ''],
      ['PREFECTURE', '10:00', ''],
      ['PROVINCE', '12:00', ''],
    ]);
    const input = { regionCode: '420200', level: 'COUNTY', dueTime: '08:30', source: 'Huangshi duty rules' };
    expect(await sut.failure(SET_ZERO_REPORT_DEADLINE, { input }, identities.operator())).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await sut.failure(SET_ZERO_REPORT_DEADLINE, { input: { ...input, dueTime: '8:30' } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dueTime' });
    const setAt = cst('2026-07-06', '17:00');
    standAt(sut, setAt);
    await sut.call(SET_ZERO_REPORT_DEADLINE, { input });
    expect((await rules('420202'))[0]).toMatchObject({
      regionPrefix: '4202',
      level: 'COUNTY',
      dueTime: '08:30',
    });
    expect((await rules(TUANFENG))[0]).toMatchObject({ regionPrefix: '', dueTime: '09:00' });
    const events = await readTopic(sut.topic);
    try {
      expect(
        await publishedData(events, 'incidents.ZeroReportDeadlinesSet.v1', (d) => d.regionPrefix === '4202'),
      ).toEqual({
        regionPrefix: '4202',
        level: 'COUNTY',
        dueTime: '08:30',
        source: 'Huangshi duty rules',
        setAt: setAt.toISOString(),
      });
    } finally {
      await events.stop();
    }

    const period = await openZeroReporting(sut, { regionCode: '420200', startsOn: '2026-07-07' });
    const late = await submitZeroReport(sut, cst('2026-07-07', '08:31'), period.id, {
      unitRegionCode: '420202',
    });
    expect(late).toMatchObject({ late: true, dueAt: cst('2026-07-07', '08:30').toISOString() });
  });

  it('is opened and ended for a response inside the declaring transaction', async () => {
    const incident = await reportIncident(sut, { regionCode: '421181' });
    const zeroReporting = sut.app.get(ZeroReporting);
    const dataSource = sut.app.get(DataSource);
    const context = { correlationId: '00000000-0000-4000-8000-0000000000aa' };
    const period = await dataSource.transaction((manager) =>
      zeroReporting.openForResponse(manager, incident, '2026-07-06', context),
    );
    expect(period).toMatchObject({ incidentId: incident.id, kind: 'RESPONSE', regionCode: '421181' });
    const before = await sut.count('zero_report_period');
    await expect(
      dataSource.transaction((manager) =>
        zeroReporting.openForResponse(manager, incident, '2026-07-07', context),
      ),
    ).rejects.toMatchObject({ extensions: expect.objectContaining({ code: 'ZERO_REPORTING_ALREADY_OPEN' }) });
    expect(await sut.count('zero_report_period')).toBe(before);
    const ended = await dataSource.transaction((manager) =>
      zeroReporting.closeForIncident(manager, incident.id, '2026-07-20'),
    );
    expect(ended).toMatchObject({ id: period.id, endsOn: '2026-07-20' });
    expect(
      await dataSource.transaction((manager) =>
        zeroReporting.closeForIncident(manager, incident.id, '2026-07-21'),
      ),
    ).toBeNull();
  });
});
