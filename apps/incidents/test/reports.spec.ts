import { DataSource } from 'typeorm';
import { identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { ReportDeadlines } from '../src/report/report-deadlines';
import { ReportDeadlineScan } from '../src/report/report-deadline.scan';
import type { IncidentEntity } from '../src/incident/incident.entity';
import { COUNTY_BUREAU, publishedData, reportIncident, startIncidents } from './fixtures';
import {
  countyAccident,
  cst,
  reportInput,
  standAt,
  submitReport,
  useReportSubgraph,
  writtenByReports,
} from './report.fixtures';
import {
  DEADLINE_RULES,
  DUE_REPORTS,
  INCIDENT_REPORTS,
  LATE_REPORTS,
  REPORT_TIMELINESS,
  SET_DEADLINE_RULES,
  SUBMIT_REPORT,
} from './report.operations';

interface Due {
  id: string;
  kind: string;
  level: string;
  channel: string | null;
  reportingRegion: string;
  dueAt: string;
  met: boolean;
  overdue: boolean;
  minutesOverdue: number;
  incident: { id: string };
}

/** The report chain and its deadlines, against the real PostgreSQL and broker, on an injected clock. */
describe('incident reports', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => {
    sut = await startIncidents();
    useReportSubgraph(sut);
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  const dueOf = async (incidentId: string, at?: string, identity = identities.admin()) => {
    const data = await sut.call<{ dueReports: { edges: { node: Due }[] } }>(
      DUE_REPORTS,
      { regionCode: '420000', at, first: 100 },
      identity,
    );
    return data.dueReports.edges.map((e) => e.node).filter((d) => d.incident.id === incidentId);
  };

  it('counts a report exactly on its deadline on time and one a minute later late by 1, and relays level by level', async () => {
    standAt(sut, '2026-07-06T11:00');
    const incident = await countyAccident('2026-07-06T10:00');
    expect(await dueOf(incident.id)).toEqual([
      expect.objectContaining({
        kind: 'INITIAL',
        level: 'COUNTY',
        reportingRegion: '421121',
        dueAt: cst('2026-07-06T11:00').toISOString(),
        overdue: false,
        minutesOverdue: 0,
      }),
    ]);

    const onTime = await submitReport(incident.id, { figures: { deaths: 1, injured: 4 } });
    expect(onTime).toMatchObject({ kind: 'INITIAL', number: null, late: false, lateByMinutes: null });
    expect(onTime.reportedAt).toBe(cst('2026-07-06T11:00').toISOString());
    const [relay] = await dueOf(incident.id);
    expect(relay).toMatchObject({
      kind: 'INITIAL',
      level: 'PREFECTURE',
      dueAt: cst('2026-07-06T13:00').toISOString(),
    });

    standAt(sut, '2026-07-06T13:01');
    expect((await dueOf(incident.id))[0]).toMatchObject({ overdue: true, minutesOverdue: 1 });
    const late = await submitReport(incident.id, { toLevel: 'PREFECTURE', figures: { deaths: 2 } });
    expect(late).toMatchObject({ late: true, lateByMinutes: 1, incident: { figures: { deaths: 2 } } });
    // Grade IV goes no further than the prefecture (O493 art. 10): nothing more is owed.
    expect(await dueOf(incident.id)).toEqual([]);

    const data = await publishedData<Record<string, unknown>>(
      events,
      'incidents.IncidentReportSubmitted.v1',
      (d) => d.reportId === late.id,
    );
    expect(data).toMatchObject({
      incidentId: incident.id,
      regionCode: '421121',
      category: 'ACCIDENT',
      subcategory: 'INDUSTRY_AND_TRADE',
      kind: 'INITIAL',
      number: null,
      channel: 'WRITTEN',
      reportingOrganisationId: COUNTY_BUREAU,
      toLevel: 'PREFECTURE',
      skippedLevels: [],
      reportedAt: cst('2026-07-06T13:01').toISOString(),
      late: true,
      lateByMinutes: 1,
    });
    expect(data.figures).toMatchObject({ deaths: 2, injured: null, directLossFen: null });

    const lateList = await sut.call<{
      lateReports: { edges: { node: { id: string; lateByMinutes: number } }[] };
    }>(LATE_REPORTS, { filter: { regionCode: '421100', reportingOrganisationId: COUNTY_BUREAU }, first: 50 });
    expect(lateList.lateReports.edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ id: late.id, lateByMinutes: 1 }),
    );
    const hidden = await sut.call<{ lateReports: { edges: unknown[] } }>(
      LATE_REPORTS,
      {},
      identities.operator('420500'),
    );
    expect(hidden.lateReports.edges).toEqual([]);

    const timeliness = await sut.call<{ reportTimeliness: Record<string, unknown>[] }>(REPORT_TIMELINESS, {
      regionCode: '421121',
      from: cst('2026-07-06T00:00').toISOString(),
      to: cst('2026-07-07T00:00').toISOString(),
    });
    expect(timeliness.reportTimeliness).toEqual([
      { reportingRegion: '421121', onTime: 1, late: 1, missed: 0 },
    ]);

    const chain = await sut.call<{ incident: Record<string, unknown> }>(INCIDENT_REPORTS, {
      id: incident.id,
      first: 1,
    });
    expect(chain.incident).toMatchObject({
      figures: { deaths: 2 },
      reports: { edges: [{ node: { id: onTime.id, late: false } }], pageInfo: { hasNextPage: true } },
      figuresHistory: [
        { report: { id: onTime.id }, figures: { deaths: 1 } },
        { report: { id: late.id }, figures: { deaths: 2 } },
      ],
    });
    const cursor = (chain.incident.reports as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    const next = await sut.call<{ incident: { reports: { edges: { node: { id: string } }[] } } }>(
      INCIDENT_REPORTS,
      {
        id: incident.id,
        first: 5,
        after: cursor,
      },
    );
    expect(next.incident.reports.edges.map((e) => e.node.id)).toEqual([late.id]);
  });

  it('publishes ReportDeadlinePassed once for a deadline passed unmet, however often the scan runs', async () => {
    standAt(sut, '2026-07-08T08:00');
    const incident = await countyAccident('2026-07-08T08:00');
    const scan = sut.app.get(ReportDeadlineScan);
    const [owed] = await dueOf(incident.id);
    await scan.scan(cst('2026-07-08T09:00'));
    const marked = async () =>
      (await sut.db.query(`SELECT overdue_at FROM report_deadline WHERE id = $1`, [owed.id])).rows[0] as {
        overdue_at: Date | null;
      };
    expect((await marked()).overdue_at).toBeNull(); // exactly on the deadline: not passed yet
    await scan.scan(cst('2026-07-08T09:01'));
    await scan.scan(cst('2026-07-08T09:02'));
    expect((await marked()).overdue_at).toEqual(cst('2026-07-08T09:01'));
    const data = await publishedData<Record<string, unknown>>(
      events,
      'incidents.ReportDeadlinePassed.v1',
      (d) => d.deadlineId === owed.id,
    );
    expect(data).toEqual({
      deadlineId: owed.id,
      incidentId: incident.id,
      regionCode: '421121',
      category: 'ACCIDENT',
      kind: 'INITIAL',
      level: 'COUNTY',
      channel: null,
      dueAt: cst('2026-07-08T09:00').toISOString(),
      reportingRegion: '421121',
    });
    const outboxed = await sut.db.query(
      `SELECT payload FROM outbox WHERE event_type = 'incidents.ReportDeadlinePassed.v1'`,
    );
    expect(
      outboxed.rows.filter((r: { payload: unknown }) => JSON.stringify(r.payload).includes(owed.id)),
    ).toHaveLength(1);
    expect(
      events.messages.filter((m) => (m.value as { deadlineId?: string }).deadlineId === owed.id),
    ).toHaveLength(1);
    expect((await dueOf(incident.id, cst('2026-07-08T10:30').toISOString()))[0]).toMatchObject({
      overdue: true,
      minutesOverdue: 90,
    });
  });

  it('owes the verified report 2 working days after the response is lifted, across National Day', async () => {
    standAt(sut, '2026-09-28T12:00');
    const flood = await reportIncident(sut, {
      category: 'NATURAL_DISASTER',
      subcategory: 'FLOOD',
      severity: 'III',
      regionCode: '421100',
      occurredAt: cst('2026-09-28T10:00').toISOString(),
    });
    await submitReport(flood.id, { toLevel: 'PREFECTURE' });
    const incident = (await sut.db.query(`SELECT id FROM incident WHERE id = $1`, [flood.id])).rows[0] as {
      id: string;
    };
    const deadlines = sut.app.get(ReportDeadlines);
    const dataSource = sut.app.get(DataSource);
    await dataSource.transaction(async (manager) => {
      const row = await manager.getRepository('incident').findOneByOrFail({ id: incident.id });
      await deadlines.openVerified(manager, row as IncidentEntity, cst('2026-09-30T18:00'));
    });
    const verified = (await dueOf(flood.id)).find((d) => d.kind === 'VERIFIED');
    expect(verified).toMatchObject({ level: 'PREFECTURE', dueAt: '2026-10-09T15:59:59.999Z' });

    standAt(sut, '2026-10-10T00:00:30');
    const report = await submitReport(flood.id, {
      kind: 'VERIFIED',
      toLevel: 'PREFECTURE',
      reportedAt: cst('2026-10-10T00:00:30').toISOString(),
    });
    expect(report).toMatchObject({ kind: 'VERIFIED', late: true, lateByMinutes: 1 });
  });

  it('numbers follow-ups, records skipped levels with their reason, and flags supplementary reports outside the window', async () => {
    standAt(sut, '2026-07-10T09:00');
    const crash = await countyAccident('2026-07-10T08:30', { subcategory: 'ROAD_TRAFFIC', severity: 'III' });
    const initial = await submitReport(crash.id, {
      toLevel: 'PROVINCE',
      channel: 'PHONE',
      skippedLevels: ['PREFECTURE', 'COUNTY'],
      skipReason: 'Bus with 40 passengers; the county line was down.',
      figures: { deaths: 3 },
    });
    expect(initial).toMatchObject({ late: false, skippedLevels: ['COUNTY', 'PREFECTURE'] });
    // Grade III goes up to the province: reached, and the county obligation met by the skip.
    expect(await dueOf(crash.id)).toEqual([]);
    const first = await submitReport(crash.id, { kind: 'FOLLOW_UP', toLevel: 'PROVINCE' });
    const second = await submitReport(crash.id, {
      kind: 'FOLLOW_UP',
      toLevel: 'PROVINCE',
      figures: { deaths: 7 },
      explanation: 'Four passengers died in hospital.',
    });
    expect([first.number, second.number]).toEqual([1, 2]);

    standAt(sut, '2026-07-18T09:00');
    const supplementary = await submitReport(crash.id, {
      kind: 'SUPPLEMENTARY',
      toLevel: 'PROVINCE',
      figures: { deaths: 8 },
    });
    expect(supplementary.withinSupplementaryWindow).toBe(false); // 7 days for road traffic (O493 art. 13)
    const within = await submitReport(crash.id, {
      kind: 'SUPPLEMENTARY',
      toLevel: 'PROVINCE',
      reportedAt: cst('2026-07-17T08:30').toISOString(),
    });
    expect(within.withinSupplementaryWindow).toBe(true);
    const { incident } = await sut.call<{ incident: { figures: { deaths: number } } }>(INCIDENT_REPORTS, {
      id: crash.id,
    });
    expect(incident.figures.deaths).toBe(8);
  });

  it('refuses what breaks the chain or the rules with a code and a field, writing nothing', async () => {
    standAt(sut, '2026-07-12T12:00');
    const incident = await countyAccident('2026-07-12T10:00');
    let before = await writtenByReports(sut);
    const refuse = async (
      overrides: Record<string, unknown>,
      extensions: Record<string, unknown>,
      identity = identities.admin(),
    ) => {
      expect(await sut.failure(SUBMIT_REPORT, reportInput(incident.id, overrides), identity)).toMatchObject(
        extensions,
      );
    };
    await refuse({ kind: 'FOLLOW_UP' }, { code: 'INITIAL_REPORT_MISSING', field: 'kind' });
    await refuse(
      { reportedAt: cst('2026-07-12T12:01').toISOString() },
      { code: 'REPORTED_AT_IN_FUTURE', field: 'reportedAt' },
    );
    await refuse(
      { reportedAt: cst('2026-07-12T09:59').toISOString() },
      { code: 'REPORTED_BEFORE_OCCURRENCE', field: 'reportedAt' },
    );
    await refuse(
      { toLevel: 'PROVINCE', skippedLevels: ['COUNTY'] },
      { code: 'SKIP_REASON_REQUIRED', field: 'skipReason' },
    );
    await refuse(
      { toLevel: 'PREFECTURE', skippedLevels: ['PROVINCE'], skipReason: 'x' },
      { code: 'SKIPPED_LEVEL_NOT_BELOW', field: 'skippedLevels' },
    );
    await refuse({ text: ' ' }, { code: 'BAD_USER_INPUT', field: 'text' });
    await refuse({ figures: { deaths: -1 } }, { code: 'BAD_USER_INPUT', field: 'figures.deaths' });
    await refuse(
      { reportingOrganisationId: '00000000-0000-4000-8000-000000000000' },
      { code: 'ORGANISATION_UNKNOWN', field: 'reportingOrganisationId' },
    );
    await refuse({}, { code: 'INCIDENT_NOT_FOUND', field: 'incidentId' }, identities.operator('420500'));
    await refuse({}, { code: 'FORBIDDEN' }, identities.auditor());
    expect(await writtenByReports(sut)).toEqual(before);

    await submitReport(incident.id, { figures: { deaths: 2 } });
    before = await writtenByReports(sut);
    await refuse({}, { code: 'INITIAL_REPORT_EXISTS', field: 'kind' });
    await refuse(
      { kind: 'FOLLOW_UP', figures: { deaths: 5 } },
      { code: 'EXPLANATION_REQUIRED', field: 'explanation', figures: ['deaths'] },
    );
    expect(await writtenByReports(sut)).toEqual(before);

    await submitReport(incident.id, { kind: 'VERIFIED' });
    await submitReport(incident.id, { kind: 'FINAL' });
    before = await writtenByReports(sut);
    await refuse({ kind: 'VERIFIED' }, { code: 'REPORT_CHAIN_CLOSED', field: 'kind' });
    await refuse({ kind: 'FOLLOW_UP' }, { code: 'REPORT_CHAIN_CLOSED', field: 'kind' });
    expect(await writtenByReports(sut)).toEqual(before);
  });

  it('opens the fixed-time follow-ups of a responding incident from its scan, each once', async () => {
    standAt(sut, '2026-07-14T06:00');
    const incident = await countyAccident('2026-07-14T05:00', { severity: 'II' });
    await sut.db.query(`UPDATE incident SET status = 'RESPONDING' WHERE id = $1`, [incident.id]);
    const scan = sut.app.get(ReportDeadlineScan);
    await scan.scan(cst('2026-07-14T08:01'));
    await scan.scan(cst('2026-07-14T08:02'));
    const followUps = (await dueOf(incident.id, cst('2026-07-14T08:02').toISOString())).filter(
      (d) => d.kind === 'FOLLOW_UP',
    );
    expect(followUps).toEqual([
      expect.objectContaining({
        level: 'PROVINCE',
        dueAt: cst('2026-07-14T08:00').toISOString(),
        overdue: true,
      }),
      expect.objectContaining({
        level: 'PROVINCE',
        dueAt: cst('2026-07-14T17:00').toISOString(),
        overdue: false,
      }),
    ]);
    await publishedData<Record<string, unknown>>(
      events,
      'incidents.ReportDeadlinePassed.v1',
      (d) => d.deadlineId === followUps[0].id,
    );
  });

  it('reads the rules in force by the longest prefix, and lets admins set a jurisdiction’s own', async () => {
    const rules = async (regionCode: string, category = 'ACCIDENT') =>
      (
        await sut.call<{ reportDeadlineRules: Record<string, unknown>[] }>(DEADLINE_RULES, {
          regionCode,
          category,
        })
      ).reportDeadlineRules;
    const henan = await rules('410100');
    expect(henan).toContainEqual(
      expect.objectContaining({
        regionPrefix: '41',
        channel: 'PHONE',
        withinMinutes: 15,
        grades: ['I', 'II'],
      }),
    );
    expect(henan).toContainEqual(expect.objectContaining({ channel: 'WRITTEN', withinMinutes: 35 }));
    const national = await rules('110000');
    expect(national.every((r) => r.regionPrefix === '')).toBe(true);
    expect(national).toContainEqual(
      expect.objectContaining({
        hop: 'UNIT_TO_COUNTY',
        level: 'COUNTY',
        withinMinutes: 60,
        anchor: 'OCCURRED',
      }),
    );
    expect(await rules('421121', 'NATURAL_DISASTER')).toContainEqual(
      expect.objectContaining({ kind: 'VERIFIED', withinWorkingDays: 2, anchor: 'RESPONSE_LIFTED' }),
    );

    const input = {
      regionPrefix: '4205',
      category: 'ACCIDENT',
      rules: [
        {
          grades: ['I', 'II', 'III', 'IV'],
          kind: 'INITIAL',
          hop: 'UNIT_TO_COUNTY',
          anchor: 'OCCURRED',
          level: 'COUNTY',
          withinMinutes: 30,
          source: 'Yichang notice',
        },
      ],
    };
    expect(await sut.failure(SET_DEADLINE_RULES, { input }, identities.operator('420500'))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await sut.failure(SET_DEADLINE_RULES, { input: { ...input, regionPrefix: '421' } })).toMatchObject(
      { code: 'BAD_USER_INPUT', field: 'regionPrefix' },
    );
    await sut.call(SET_DEADLINE_RULES, { input });
    const set = await publishedData<Record<string, unknown>>(
      events,
      'incidents.ReportDeadlineRulesSet.v1',
      (d) => d.regionPrefix === '4205',
    );
    expect(set).toMatchObject({
      category: 'ACCIDENT',
      rules: [{ hop: 'UNIT_TO_COUNTY', withinMinutes: 30, channel: null }],
    });
    expect(await rules('420502')).toEqual([
      expect.objectContaining({ regionPrefix: '4205', withinMinutes: 30 }),
    ]);
    await sut.call(SET_DEADLINE_RULES, { input: { ...input, rules: [] } });
    expect((await rules('420502')).every((r) => r.regionPrefix === '42')).toBe(true);
  });

  it('lets a caller acting for an organisation report for it alone (FORBIDDEN otherwise, nothing written)', async () => {
    standAt(sut, '2026-07-06T10:30');
    const incident = await countyAccident('2026-07-06T10:00');
    const before = await writtenByReports(sut);
    const other = '00000000-0000-4000-8000-00000000f001';
    expect(
      await sut.failure(SUBMIT_REPORT, reportInput(incident.id), identities.operator('421121', other)),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await writtenByReports(sut)).toEqual(before);
    const own = await submitReport(incident.id, {}, identities.operator('421121', COUNTY_BUREAU));
    expect(own).toMatchObject({ kind: 'INITIAL', toLevel: 'COUNTY' });
  });
});
