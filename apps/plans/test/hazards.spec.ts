import { chinaInstant } from '@emergency/domain';
import { Clock } from '@emergency/subgraph';
import { eventually, identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { ComplianceIndicators } from '../src/assessment/compliance-indicator';
import { HazardOverdueScan } from '../src/hazard/hazard-overdue.scan';
import { HUANGGANG_EMERGENCY, startPlans } from './fixtures';
import {
  CHANGE_DEADLINE,
  CLOSE_HAZARD,
  FIXER,
  HAZARD,
  HAZARDS,
  hazardInput,
  HazardSteps,
  HONGAN_MINE,
  huanggangOperator,
  luotianOperator,
  LUOTIAN_EMERGENCY,
  PAST_DEADLINE,
  PLAN_RECTIFICATION,
  RECORD_HAZARD,
  REGISTER_HAZARD,
  registerHazardOrganisations,
  REVIEWER,
  RULES_IN_FORCE,
  SET_RULES,
  sixFixes,
  SUMMARY,
  tuanfengOperator,
  TUANFENG_WATER,
  VERIFY_HAZARD,
  type Hazard,
} from './hazard.fixtures';

/** The hazard ledger against the real PostgreSQL and broker, with an injected clock. */
describe('hazard ledger', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let clock: jest.SpyInstance<Date, []>;
  let steps: HazardSteps;

  beforeAll(async () => {
    sut = await startPlans();
    await registerHazardOrganisations(sut);
    events = await readTopic(sut.topic);
    steps = new HazardSteps(sut, tuanfengOperator());
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  beforeEach(() => {
    clock = jest.spyOn(sut.app.get(Clock), 'now');
    standOn('2026-09-10');
  });
  afterEach(() => clock.mockRestore());

  const standOn = (date: string, time = '12:00') => {
    const at = chinaInstant(date, time);
    clock.mockReturnValue(at);
    return at;
  };
  const scan = (date: string, time: string) => sut.app.get(HazardOverdueScan).scan(chinaInstant(date, time));
  const read = async (id: string, identity = identities.admin()) =>
    (await sut.call<{ hazard: Hazard | null }>(HAZARD, { id }, identity)).hazard;
  const published = (type: string, hazardId: string) =>
    events.messages.filter(
      (m) =>
        m.headers.ce_type === `plans.${type}.v1` && (m.value as { hazardId: string }).hazardId === hazardId,
    );
  const eventOf = (type: string, hazardId: string) =>
    eventually(
      async () => {
        const [found] = published(type, hazardId);
        if (!found) throw new Error(`no ${type} for ${hazardId} yet`);
        return found.value as Record<string, unknown>;
      },
      { timeoutMs: 20_000 },
    );
  const rows = async (table: string, hazardId: string) =>
    Number(
      (await sut.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE hazard_id = $1`, [hazardId])).rows[0]
        .n,
    );

  it('runs a major hazard through its closed loop, reaching the supervising department and recording each step', async () => {
    const found = await steps.record();
    expect(found).toMatchObject({ status: 'FOUND', level: 'MAJOR', regionCode: '421121' });
    const registered = await steps.register(found.id);
    expect(registered.status).toBe('REGISTERED');
    expect(await eventOf('HazardRegistered', found.id)).toMatchObject({
      level: 'MAJOR',
      kind: 'HIDDEN_DANGER',
      supervisingOrganisationId: HUANGGANG_EMERGENCY.id,
      responsibleOrganisationId: TUANFENG_WATER.id,
      foundOn: '2026-09-01',
    });

    const rectifying = await steps.plan(found.id);
    expect(rectifying.status).toBe('RECTIFYING');
    expect(rectifying.rectification).toEqual({
      item: '大坝背水坡渗水处理',
      measures: '开挖反滤导渗沟，铺设土工布和反滤料；汛期加密巡查。',
      fundsFen: '1250000000',
      responsiblePersonId: FIXER,
      deadline: '2026-09-30',
      reviewerPersonId: REVIEWER,
    });
    expect(await eventOf('HazardRectificationPlanned', found.id)).toMatchObject({
      amountFen: '1250000000',
      deadline: '2026-09-30',
      reviewerPersonId: REVIEWER,
    });

    standOn('2026-09-28');
    const verified = await steps.verify(found.id, '2026-09-28');
    expect(verified).toMatchObject({ status: 'VERIFIED', verifiedOn: '2026-09-28', fixedOnTheSpot: false });
    const closed = await steps.close(found.id, '2026-09-28');
    expect(closed).toMatchObject({ status: 'CLOSED', closedOn: '2026-09-28', retainUntil: '2028-09-28' });
    expect(closed.history.map((h) => [h.from, h.to, h.changedBy])).toEqual([
      [null, 'FOUND', 'test-operator'],
      ['FOUND', 'REGISTERED', 'test-operator'],
      ['REGISTERED', 'RECTIFYING', 'test-operator'],
      ['RECTIFYING', 'VERIFIED', 'test-operator'],
      ['VERIFIED', 'CLOSED', 'test-operator'],
    ]);
    expect(await eventOf('HazardClosed', found.id)).toMatchObject({
      closedOn: '2026-09-28',
      verifiedOn: '2026-09-28',
      deadline: '2026-09-30',
      onTheSpot: false,
      retainUntil: '2028-09-28',
    });
    await eventually(async () => expect(published('HazardStatusChanged', found.id)).toHaveLength(5), {
      timeoutMs: 20_000,
    });
  });

  it('closes an ordinary hazard fixed on the spot straight from FOUND, and records it', async () => {
    const found = await steps.record({ level: 'ORDINARY', supervisingOrganisationId: null });
    const verified = await steps.verify(found.id, '2026-09-01');
    expect(verified).toMatchObject({ status: 'VERIFIED', fixedOnTheSpot: true, rectification: null });
    const closed = await steps.close(found.id, '2026-09-02');
    expect(closed.history.map((h) => [h.from, h.to, h.note])).toEqual([
      [null, 'FOUND', null],
      ['FOUND', 'VERIFIED', 'fixed on the spot'],
      ['VERIFIED', 'CLOSED', null],
    ]);
    expect(await eventOf('HazardClosed', found.id)).toMatchObject({ onTheSpot: true, deadline: null });
  });

  it('refuses to fix a major hazard on the spot, and to close any hazard before its verification', async () => {
    const major = await steps.record();
    expect(
      await sut.failure(
        VERIFY_HAZARD,
        {
          input: {
            hazardId: major.id,
            verifiedOn: '2026-09-02',
            result: 'PASSED',
            reviewerPersonId: REVIEWER,
          },
        },
        tuanfengOperator(),
      ),
    ).toMatchObject({ code: 'HAZARD_TRANSITION_NOT_ALLOWED', field: 'hazardId', status: 'FOUND' });
    const rectifying = await steps.rectifying({ level: 'ORDINARY', supervisingOrganisationId: null });
    for (const hazard of [major, rectifying])
      expect(
        await sut.failure(
          CLOSE_HAZARD,
          { input: { hazardId: hazard.id, closedOn: '2026-09-10' } },
          tuanfengOperator(),
        ),
      ).toMatchObject({ code: 'HAZARD_TRANSITION_NOT_ALLOWED', field: 'hazardId' });
    expect((await read(rectifying.id))!).toMatchObject({ status: 'RECTIFYING', closedOn: null });
    expect(await rows('hazard_transition', rectifying.id)).toBe(3);
  });

  it('refuses a major hazard without a supervising department, writing nothing', async () => {
    const before = await sut.count('hazard');
    expect(
      await sut.failure(
        RECORD_HAZARD,
        { input: hazardInput({ supervisingOrganisationId: null }) },
        tuanfengOperator(),
      ),
    ).toEqual(
      expect.objectContaining({ code: 'HAZARD_SUPERVISOR_REQUIRED', field: 'supervisingOrganisationId' }),
    );
    expect(await sut.count('hazard')).toBe(before);
  });

  it('refuses funds that are negative or fractional, leaving the hazard registered', async () => {
    const { id } = await steps.record();
    await steps.register(id);
    expect(
      await sut.failure(PLAN_RECTIFICATION, { input: sixFixes(id, { fundsFen: '-1' }) }, tuanfengOperator()),
    ).toMatchObject({ code: 'HAZARD_FUNDS_NEGATIVE', field: 'fundsFen' });
    expect(
      await sut.failure(
        PLAN_RECTIFICATION,
        { input: sixFixes(id, { fundsFen: '12.5' }) },
        tuanfengOperator(),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(
      await sut.failure(PLAN_RECTIFICATION, { input: sixFixes(id, { fundsFen: 12.5 }) }, tuanfengOperator()),
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await read(id)).toMatchObject({ status: 'REGISTERED', rectification: null });
    expect(await rows('hazard_transition', id)).toBe(2);
    expect((await steps.plan(id, { fundsFen: '0' })).rectification?.fundsFen).toBe('0');
  });

  it('sends a failed verification back to rectification, and takes a pass only from the named reviewer', async () => {
    const { id } = await steps.rectifying();
    const failed = await steps.verify(id, '2026-09-09', 'FAILED');
    expect(failed).toMatchObject({ status: 'RECTIFYING', verifiedOn: null });
    expect(failed.verifications).toEqual([
      { verifiedOn: '2026-09-09', result: 'FAILED', reviewerPersonId: REVIEWER },
    ]);
    expect(failed.history.at(-1)).toMatchObject({ from: 'RECTIFYING', to: 'RECTIFYING' });
    expect(
      await sut.failure(
        VERIFY_HAZARD,
        { input: { hazardId: id, verifiedOn: '2026-09-10', result: 'PASSED', reviewerPersonId: FIXER } },
        tuanfengOperator(),
      ),
    ).toMatchObject({ code: 'HAZARD_WRONG_REVIEWER', field: 'reviewerPersonId', reviewerPersonId: REVIEWER });
    expect((await steps.verify(id, '2026-09-10')).status).toBe('VERIFIED');
  });

  it('is on time on its deadline, overdue the day after, and announced once per deadline', async () => {
    const { id } = await steps.rectifying({}, { deadline: '2026-09-30' });
    standOn('2026-09-30', '23:59');
    expect((await read(id))!.overdue).toBe(false);
    await scan('2026-09-30', '23:59');
    standOn('2026-10-01', '00:00');
    expect((await read(id))!.overdue).toBe(true);
    await scan('2026-10-01', '00:00');
    await scan('2026-10-02', '09:00');
    expect(await eventOf('HazardRectificationOverdue', id)).toMatchObject({
      deadline: '2026-09-30',
      supervisingOrganisationId: HUANGGANG_EMERGENCY.id,
      level: 'MAJOR',
    });

    // An extension over the National Day holiday (1–8 October) is recorded with its reason; its deadline passing
    // is announced once more.
    const extended = await steps.changeDeadline(id, '2026-10-09', '国庆假期停工，材料未能进场');
    expect(extended.deadlineChanges).toEqual([
      { previousDeadline: '2026-09-30', deadline: '2026-10-09', reason: '国庆假期停工，材料未能进场' },
    ]);
    expect(extended.overdue).toBe(false);
    await scan('2026-10-09', '23:59');
    await scan('2026-10-10', '00:00');
    await scan('2026-10-11', '00:00');
    await eventually(async () => expect(published('HazardRectificationOverdue', id)).toHaveLength(2), {
      timeoutMs: 20_000,
    });
    expect(
      published('HazardRectificationOverdue', id).map((m) => (m.value as { deadline: string }).deadline),
    ).toEqual(['2026-09-30', '2026-10-09']);
    expect(await eventOf('HazardDeadlineChanged', id)).toMatchObject({ previousDeadline: '2026-09-30' });
  });

  it('answers which hazards are past their deadline as of a day, and filters the ledger by overdue', async () => {
    const late = await steps.rectifying({ place: '团风县方高坪镇尾矿库' }, { deadline: '2026-09-15' });
    const onTime = await steps.rectifying({ place: '团风县城区易涝点' }, { deadline: '2026-09-16' });
    const idsOf = (data: { hazardsPastDeadline: { edges: { node: { id: string } }[] } }) =>
      data.hazardsPastDeadline.edges.map((e) => e.node.id);
    const asOf16 = idsOf(await sut.call(PAST_DEADLINE, { regionCode: '421100', asOf: '2026-09-16' }));
    expect(asOf16).toContain(late.id);
    expect(asOf16).not.toContain(onTime.id);
    const asOf17 = idsOf(await sut.call(PAST_DEADLINE, { regionCode: '421121', asOf: '2026-09-17' }));
    expect(asOf17).toEqual(expect.arrayContaining([late.id, onTime.id]));

    // Verified on the 17th: still past its deadline as of the 17th's eve, no longer from the 17th on.
    standOn('2026-09-17');
    await steps.verify(late.id, '2026-09-17');
    const asOf16Again = idsOf(await sut.call(PAST_DEADLINE, { regionCode: '421121', asOf: '2026-09-16' }));
    expect(asOf16Again).toContain(late.id);
    const asOf17Again = idsOf(await sut.call(PAST_DEADLINE, { regionCode: '421121', asOf: '2026-09-17' }));
    expect(asOf17Again).not.toContain(late.id);
    expect(asOf17Again).toContain(onTime.id);

    standOn('2026-09-16');
    const { hazards } = await sut.call<{ hazards: { edges: { node: { id: string } }[] } }>(HAZARDS, {
      filter: { regionCode: '421121', overdue: true },
      first: 100,
    });
    expect(hazards.edges.map((e) => e.node.id)).toContain(late.id);
    expect(hazards.edges.map((e) => e.node.id)).not.toContain(onTime.id);
  });

  it('hides a county’s hazards from a neighbouring county, which cannot change them, and shows them to the prefecture', async () => {
    const { id } = await steps.record();
    expect(await read(id, luotianOperator())).toBeNull();
    expect(await read(id, huanggangOperator())).toMatchObject({ id });
    const { hazards } = await sut.call<{ hazards: { edges: { node: { id: string } }[] } }>(
      HAZARDS,
      { filter: { regionCode: '421121' }, first: 100 },
      luotianOperator(),
    );
    expect(hazards.edges).toEqual([]);
    const past = await sut.call<{ hazardsPastDeadline: { edges: unknown[] } }>(
      PAST_DEADLINE,
      { regionCode: '421121', asOf: '2027-01-01' },
      luotianOperator(),
    );
    expect(past.hazardsPastDeadline.edges).toEqual([]);
    expect(await sut.failure(REGISTER_HAZARD, { input: { hazardId: id } }, luotianOperator())).toMatchObject({
      code: 'HAZARD_NOT_FOUND',
      field: 'hazardId',
    });
    expect(
      await sut.failure(
        RECORD_HAZARD,
        { input: hazardInput({ responsibleOrganisationId: LUOTIAN_EMERGENCY.id }) },
        luotianOperator(),
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'regionCode' });
    expect(await read(id)).toMatchObject({ status: 'FOUND' });
    expect(await rows('hazard_transition', id)).toBe(1);
    expect(
      (await sut.call<{ hazardSummary: unknown[] }>(SUMMARY, { regionCode: '421121' }, luotianOperator()))
        .hazardSummary,
    ).toEqual([]);
  });

  it('sums a prefecture’s hazards by level, status and overdue, with a line per county', async () => {
    const yingshan = new HazardSteps(sut, identities.operator('421124'));
    await yingshan.rectifying(
      {
        regionCode: '421124',
        responsibleOrganisationId: HONGAN_MINE.id,
        foundByOrganisationId: HONGAN_MINE.id,
      },
      { deadline: '2026-09-05' },
    );
    await yingshan.record({
      regionCode: '421124',
      level: 'ORDINARY',
      supervisingOrganisationId: null,
      responsibleOrganisationId: HONGAN_MINE.id,
      foundByOrganisationId: HONGAN_MINE.id,
    });
    const { hazardSummary } = await sut.call<{
      hazardSummary: {
        regionCode: string;
        total: number;
        ordinary: number;
        major: number;
        overdue: number;
        majorOverdue: number;
        byStatus: { status: string; count: number }[];
      }[];
    }>(SUMMARY, { regionCode: '421100' }, huanggangOperator());
    expect(hazardSummary[0]!.regionCode).toBe('421100');
    const yingShan = hazardSummary.find((l) => l.regionCode === '421124');
    expect(yingShan).toEqual({
      regionCode: '421124',
      total: 2,
      ordinary: 1,
      major: 1,
      byStatus: [
        { status: 'FOUND', count: 1 },
        { status: 'RECTIFYING', count: 1 },
      ],
      overdue: 1,
      majorOverdue: 1,
    });
    // The prefecture's line holds every county's.
    const [prefecture, ...counties] = hazardSummary;
    for (const key of ['total', 'ordinary', 'major', 'overdue', 'majorOverdue'] as const)
      expect(prefecture![key]).toBe(counties.reduce((sum, l) => sum + l[key], 0));
  });

  it('keeps the rules as data per jurisdiction: admins set them, the longest prefix wins', async () => {
    expect(
      await sut.failure(
        SET_RULES,
        { input: { regionPrefix: '421122', retentionYears: 5, ordinaryMaxDays: 10, source: 'x' } },
        identities.operator('421122'),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const { hazardRulesInForce: national } = await sut.call<{ hazardRulesInForce: Record<string, unknown> }>(
      RULES_IN_FORCE,
      { regionCode: '421122' },
    );
    expect(national).toMatchObject({ regionPrefix: '', retentionYears: 2, ordinaryMaxDays: null });
    const source = '红安县安全生产隐患排查治理实施办法（示例）：一般隐患10日内整改，台账保存5年';
    await sut.call(SET_RULES, {
      input: { regionPrefix: '421122', retentionYears: 5, ordinaryMaxDays: 10, source },
    });
    expect(await sut.call(RULES_IN_FORCE, { regionCode: '421122' })).toEqual({
      hazardRulesInForce: { regionPrefix: '421122', retentionYears: 5, ordinaryMaxDays: 10, source },
    });
    await eventually(
      async () =>
        expect(
          events.messages.some(
            (m) =>
              m.headers.ce_type === 'plans.HazardRulesSet.v1' &&
              (m.value as { regionPrefix: string }).regionPrefix === '421122',
          ),
        ).toBe(true),
      { timeoutMs: 20_000 },
    );

    const hongan = new HazardSteps(sut, identities.operator('421122'));
    const ordinary = {
      regionCode: '421122',
      level: 'ORDINARY',
      supervisingOrganisationId: null,
      responsibleOrganisationId: HONGAN_MINE.id,
      foundByOrganisationId: HONGAN_MINE.id,
      foundOn: '2026-09-01',
    };
    const { id } = await hongan.record(ordinary);
    await hongan.register(id);
    expect(
      await sut.failure(
        PLAN_RECTIFICATION,
        { input: sixFixes(id, { deadline: '2026-09-12' }) },
        identities.operator('421122'),
      ),
    ).toMatchObject({ code: 'HAZARD_DEADLINE_TOO_LATE', field: 'deadline', latest: '2026-09-11' });
    await hongan.plan(id, { deadline: '2026-09-11' });
    expect(
      await sut.failure(
        CHANGE_DEADLINE,
        { input: { hazardId: id, deadline: '2026-09-12', reason: '延期' } },
        identities.operator('421122'),
      ),
    ).toMatchObject({ code: 'HAZARD_DEADLINE_TOO_LATE' });
    await hongan.verify(id, '2026-09-10');
    expect((await hongan.close(id, '2026-09-10')).retainUntil).toBe('2031-09-10');
  });

  it('measures HAZARDS_RECTIFIED_ON_TIME for the responsible unit', async () => {
    const unit = LUOTIAN_EMERGENCY.id;
    const luotian = new HazardSteps(sut, luotianOperator());
    const base = {
      regionCode: '421123',
      responsibleOrganisationId: unit,
      foundByOrganisationId: unit,
      foundOn: '2026-08-01',
    };
    const onTime = await luotian.rectifying(base, { deadline: '2026-09-05' });
    await luotian.verify(onTime.id, '2026-09-05');
    const late = await luotian.rectifying(base, { deadline: '2026-09-04' });
    await luotian.verify(late.id, '2026-09-06');
    const open = await luotian.rectifying(base, { deadline: '2026-09-08' });
    await luotian.rectifying(base, { deadline: '2027-03-01' });

    const indicator = sut.app.get(ComplianceIndicators).get('HAZARDS_RECTIFIED_ON_TIME')!;
    const [measure] = await indicator.measure(
      [unit],
      { from: '2026-01-01', to: '2026-12-31' },
      chinaInstant('2026-09-10', '12:00'),
    );
    expect(measure).toMatchObject({ organisationId: unit, due: 3, met: 1 });
    expect(measure!.unmet.map((u) => [u.kind, u.id, u.reason])).toEqual([
      ['Hazard', late.id, 'rectification due 2026-09-04, verified 2026-09-06'],
      ['Hazard', open.id, 'rectification due 2026-09-08, not verified'],
    ]);
  });

  it('pages the ledger to its end, newest first', async () => {
    const hongan = new HazardSteps(sut, identities.operator('421122'));
    const made: string[] = [];
    for (const place of ['红安县七里坪镇采石场边坡', '红安县华家河镇危桥', '红安县城关镇加油站']) {
      const hazard = await hongan.record({
        place,
        regionCode: '421122',
        kind: 'HAZARD_SOURCE',
        responsibleOrganisationId: HONGAN_MINE.id,
        foundByOrganisationId: HONGAN_MINE.id,
      });
      made.push(hazard.id);
    }
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { hazards } = await sut.call<{
        hazards: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      }>(HAZARDS, { filter: { regionCode: '421122', kind: 'HAZARD_SOURCE' }, first: 2, after });
      seen.push(...hazards.edges.map((e) => e.node.id));
      if (!hazards.pageInfo.hasNextPage) break;
      after = hazards.pageInfo.endCursor;
    }
    expect(seen).toEqual([...made].reverse());
  });

  it('refuses a caller without the gateway’s identity', async () => {
    const response = await sut.request(HAZARDS, {}, null);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
