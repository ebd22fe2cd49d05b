import { identities, readTopic, standClockAt, type TestSubgraph } from '@emergency/testing';
import {
  COUNTY_BUREAU,
  FINANCE_BUREAU,
  NO_SUCH_ID,
  publishedData,
  reportIncident,
  startIncidents,
} from './fixtures';
import { INCIDENT, INCIDENTS } from './incidents.operations';
import {
  CHANGE_STATUS,
  DECIDE_GRADE,
  DECLARE_RESPONSE,
  EMERGENCY_CATEGORIES,
  GRADE_SUGGESTION,
  GRADING_RULES,
  INCIDENT_LIFECYCLE,
  LIFT_RESPONSE,
  SET_GRADING_RULES,
} from './incident-lifecycle.operations';
import {
  incidentRow,
  MINE_ACCIDENT,
  plusDays,
  plusMinutes,
  writtenByLifecycle,
} from './incident-lifecycle.fixtures';

type Lifecycle = {
  id: string;
  severity: string;
  status: string;
  responseLevel: string | null;
  gradeSuggestion: { grade: string | null; regionPrefix: string | null; reasons: Record<string, unknown>[] };
  gradeDecisions: Record<string, unknown>[];
  responses: Record<string, unknown>[];
  statusHistory: Record<string, unknown>[];
};

const O493 = 'State Council Order 493 (生产安全事故报告和调查处理条例), art. 3';

/** An incident's grade, response level and status, through the subgraph against the real PostgreSQL and broker. */
describe('incident lifecycle', () => {
  let sut: TestSubgraph;
  const occurredAt = new Date('2026-07-06T04:30:00+08:00');

  beforeAll(async () => (sut = await startIncidents()), 120_000);
  afterAll(() => sut?.stop());
  afterEach(() => jest.restoreAllMocks());

  /** Stands the service's clock on `at`. */
  const standAt = (at: Date) => standClockAt(sut, at);

  const report = (overrides: Record<string, unknown> = {}) => {
    standAt(plusMinutes(occurredAt, 60));
    return reportIncident(sut, { occurredAt: occurredAt.toISOString(), ...overrides });
  };
  const decide = (incidentId: string, grade: string, reason?: string) =>
    sut.call<{ decideIncidentGrade: Lifecycle }>(DECIDE_GRADE, { input: { incidentId, grade, reason } });
  const declare = (incidentId: string, level: string, identity = identities.admin()) =>
    sut.call<{ declareIncidentResponse: Lifecycle }>(
      DECLARE_RESPONSE,
      { input: { incidentId, level, declaringOrganisationId: COUNTY_BUREAU } },
      identity,
    );
  const lift = (incidentId: string, reason = 'The flood has receded') =>
    sut.call<{ liftIncidentResponse: Lifecycle }>(LIFT_RESPONSE, { input: { incidentId, reason } });

  it('answers the shared emergency category tree', async () => {
    const { emergencyCategories } = await sut.call<{
      emergencyCategories: { id: string; subcategories: { id: string; group: string | null }[] }[];
    }>(EMERGENCY_CATEGORIES, {}, identities.operator('421121'));
    expect(emergencyCategories.map((c) => c.id)).toEqual([
      'NATURAL_DISASTER',
      'ACCIDENT',
      'PUBLIC_HEALTH',
      'SOCIAL_SECURITY',
    ]);
    expect(emergencyCategories[0].subcategories[0]).toEqual({
      id: 'FLOOD',
      zh: '洪涝',
      en: 'Flood and waterlogging',
      group: '水旱灾害',
    });
    expect(emergencyCategories[1].subcategories.find((s) => s.id === 'FIRE')).toMatchObject({ group: null });
  });

  it('suggests a grade from figures by the rules in force, with the criteria that reach it', async () => {
    const { gradeSuggestion } = await sut.call<{ gradeSuggestion: Lifecycle['gradeSuggestion'] }>(
      GRADE_SUGGESTION,
      {
        input: {
          category: 'ACCIDENT',
          subcategory: 'MINING',
          regionCode: '421181',
          figures: MINE_ACCIDENT.figures,
        },
      },
    );
    expect(gradeSuggestion).toEqual({
      grade: 'II',
      regionPrefix: '',
      reasons: [
        { metric: 'DEATHS', value: '12', minimum: '10', grade: 'II', source: O493 },
        { metric: 'DIRECT_LOSS_FEN', value: '5500000000', minimum: '5000000000', grade: 'II', source: O493 },
      ],
    });
    const below = await sut.call<{ gradeSuggestion: Lifecycle['gradeSuggestion'] }>(GRADE_SUGGESTION, {
      input: {
        category: 'NATURAL_DISASTER',
        subcategory: 'FLOOD',
        regionCode: '421121',
        figures: { deaths: 19 },
      },
    });
    expect(below.gradeSuggestion).toEqual({ grade: null, regionPrefix: '', reasons: [] });
    const flood = await sut.call<{ gradeSuggestion: Lifecycle['gradeSuggestion'] }>(GRADE_SUGGESTION, {
      input: { category: 'NATURAL_DISASTER', regionCode: '421100', figures: { relocated: 120_000 } },
    });
    expect(flood.gradeSuggestion.grade).toBe('IV');
    expect(flood.gradeSuggestion.reasons).toEqual([
      expect.objectContaining({ metric: 'RELOCATED', minimum: '100000' }),
    ]);

    expect(
      await sut.failure(GRADE_SUGGESTION, {
        input: { category: 'ACCIDENT', subcategory: 'FLOOD', regionCode: '421181' },
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'subcategory' });
    expect(
      await sut.failure(GRADE_SUGGESTION, { input: { category: 'ACCIDENT', regionCode: '110000' } }),
    ).toMatchObject({ code: 'REGION_NOT_FOUND', field: 'regionCode' });
  });

  it('lets admins set a jurisdiction’s rules: the longest prefix with rules wins, as a whole set', async () => {
    const rulesIn = async (regionCode: string, subcategory?: string) =>
      (
        await sut.call<{ gradingRules: { regionPrefix: string | null; rules: { minimum: string }[] } }>(
          GRADING_RULES,
          { regionCode, category: 'PUBLIC_HEALTH', subcategory },
        )
      ).gradingRules;
    expect(await rulesIn('421121')).toMatchObject({ regionPrefix: null, rules: [] });
    const national = await sut.call<{ gradingRules: { regionPrefix: string; rules: unknown[] } }>(
      GRADING_RULES,
      {
        regionCode: '421181',
        category: 'ACCIDENT',
      },
    );
    expect(national.gradingRules.regionPrefix).toBe('');
    expect(national.gradingRules.rules).toHaveLength(10);

    const set = (regionPrefix: string, rules: Record<string, unknown>[], subcategory?: string) =>
      sut.call(SET_GRADING_RULES, { input: { regionPrefix, category: 'PUBLIC_HEALTH', subcategory, rules } });
    const source = 'Huanggang public health emergency plan';
    await set('4211', [
      { grade: 'III', metric: 'DEATHS', minimum: '3', source },
      { grade: 'IV', metric: 'DEATHS', minimum: '1', source },
    ]);
    await set(
      '421121',
      [{ grade: 'IV', metric: 'DEATHS', minimum: '2', source: 'Tuanfeng plan' }],
      'FOOD_SAFETY',
    );
    expect(await rulesIn('421181')).toMatchObject({
      regionPrefix: '4211',
      rules: [{ minimum: '3' }, { minimum: '1' }],
    });
    expect(await rulesIn('421121', 'INFECTIOUS_DISEASE')).toMatchObject({ regionPrefix: '4211' });
    expect(await rulesIn('421121', 'FOOD_SAFETY')).toMatchObject({
      regionPrefix: '421121',
      rules: [{ minimum: '2' }],
    });
    const { gradeSuggestion } = await sut.call<{ gradeSuggestion: Lifecycle['gradeSuggestion'] }>(
      GRADE_SUGGESTION,
      {
        input: {
          category: 'PUBLIC_HEALTH',
          subcategory: 'FOOD_SAFETY',
          regionCode: '421121',
          figures: { deaths: 5 },
        },
      },
    );
    // Tuanfeng's set replaces Huanggang's whole: its only criterion gives IV, though Huanggang's would give III.
    expect(gradeSuggestion).toMatchObject({ grade: 'IV', regionPrefix: '421121' });

    // An empty set removes the jurisdiction's: the wider one applies again.
    await set('421121', [], 'FOOD_SAFETY');
    expect(await rulesIn('421121', 'FOOD_SAFETY')).toMatchObject({ regionPrefix: '4211' });

    const events = await readTopic(sut.topic);
    try {
      expect(
        await publishedData(
          events,
          'incidents.GradingRulesSet.v1',
          (d) => d.regionPrefix === '4211' && d.category === 'PUBLIC_HEALTH',
        ),
      ).toMatchObject({
        subcategory: null,
        rules: [
          { grade: 'III', metric: 'DEATHS', minimum: '3', source },
          { grade: 'IV', metric: 'DEATHS', minimum: '1', source },
        ],
      });
    } finally {
      await events.stop();
    }
  });

  it('refuses rule sets from non-admins, out of order or not positive, writing nothing', async () => {
    const before = await writtenByLifecycle(sut);
    const input = (rules: Record<string, unknown>[], regionPrefix = '42') => ({
      input: { regionPrefix, category: 'SOCIAL_SECURITY', rules },
    });
    const ok = [{ grade: 'IV', metric: 'DEATHS', minimum: '1', source: 'Hubei plan' }];
    expect(await sut.failure(SET_GRADING_RULES, input(ok), identities.operator())).toMatchObject({
      code: 'FORBIDDEN',
    });
    for (const [variables, code, field] of [
      [input(ok, '4200'), 'BAD_USER_INPUT', 'regionPrefix'],
      [input(ok, '4299'), 'REGION_NOT_FOUND', 'regionPrefix'],
      [input([{ ...ok[0], minimum: '0' }]), 'BAD_USER_INPUT', 'rules.0.minimum'],
      [input([{ ...ok[0], source: ' ' }]), 'BAD_USER_INPUT', 'rules.0.source'],
      [
        input([ok[0], { grade: 'III', metric: 'DEATHS', minimum: '1', source: 'Hubei plan' }]),
        'GRADING_RULES_OUT_OF_ORDER',
        'rules.1.minimum',
      ],
      [input([ok[0], ok[0]]), 'GRADING_RULES_OUT_OF_ORDER', 'rules.1.minimum'],
    ] as const) {
      expect(await sut.failure(SET_GRADING_RULES, variables)).toMatchObject({ code, field });
    }
    expect(await writtenByLifecycle(sut)).toEqual(before);
  });

  it('confirms the suggested grade, which becomes the severity, and publishes IncidentGraded', async () => {
    const mine = await report(MINE_ACCIDENT);
    const decidedAt = plusDays(occurredAt, 1);
    standAt(decidedAt);
    const { decideIncidentGrade: graded } = await decide(mine.id, 'II');
    expect(graded).toMatchObject({
      severity: 'II',
      gradeSuggestion: { grade: 'II' },
      gradeDecisions: [
        {
          grade: 'II',
          previousGrade: 'IV',
          suggestedGrade: 'II',
          kind: 'CONFIRMED',
          reason: null,
          decidedAt: decidedAt.toISOString(),
        },
      ],
    });
    expect(await incidentRow(sut, mine.id)).toEqual({ severity: 'II', status: 'REPORTED' });
    const events = await readTopic(sut.topic);
    try {
      expect(
        await publishedData(events, 'incidents.IncidentGraded.v1', (d) => d.incidentId === mine.id),
      ).toEqual({
        incidentId: mine.id,
        regionCode: '421181',
        category: 'ACCIDENT',
        subcategory: 'MINING',
        grade: 'II',
        previousGrade: 'IV',
        suggestedGrade: 'II',
        decisionKind: 'CONFIRMED',
        decidedAt: decidedAt.toISOString(),
      });
    } finally {
      await events.stop();
    }
  });

  it('needs a reason to override the suggestion (GRADE_REASON_REQUIRED), then keeps it', async () => {
    const mine = await report(MINE_ACCIDENT);
    standAt(plusDays(occurredAt, 1));
    const before = await writtenByLifecycle(sut);
    for (const reason of [undefined, null, '', '   ']) {
      expect(
        await sut.failure(DECIDE_GRADE, { input: { incidentId: mine.id, grade: 'I', reason } }),
      ).toMatchObject({ code: 'GRADE_REASON_REQUIRED', field: 'reason', suggestedGrade: 'II' });
    }
    expect(await writtenByLifecycle(sut)).toEqual(before);
    expect(await incidentRow(sut, mine.id)).toEqual({ severity: 'IV', status: 'REPORTED' });

    const { decideIncidentGrade } = await decide(mine.id, 'I', 'Trapped miners unaccounted for');
    expect(decideIncidentGrade.severity).toBe('I');
    expect(decideIncidentGrade.gradeDecisions).toEqual([
      expect.objectContaining({
        kind: 'OVERRIDDEN',
        suggestedGrade: 'II',
        reason: 'Trapped miners unaccounted for',
      }),
    ]);
  });

  it('regrades up to the last minute of the 30-day window and refuses one minute later (GRADE_WINDOW_CLOSED)', async () => {
    const mine = await report(MINE_ACCIDENT);
    standAt(plusDays(occurredAt, 1));
    await decide(mine.id, 'II');
    standAt(plusDays(occurredAt, 30));
    const { decideIncidentGrade } = await decide(mine.id, 'I', 'Deaths rose to 31 in hospital');
    expect(decideIncidentGrade.gradeDecisions.map((d) => d.kind)).toEqual(['CONFIRMED', 'REGRADED']);
    expect(decideIncidentGrade.gradeDecisions[1]).toMatchObject({ grade: 'I', previousGrade: 'II' });

    standAt(plusMinutes(plusDays(occurredAt, 30), 1));
    const before = await writtenByLifecycle(sut);
    expect(
      await sut.failure(DECIDE_GRADE, { input: { incidentId: mine.id, grade: 'II', reason: 'Recounted' } }),
    ).toMatchObject({
      code: 'GRADE_WINDOW_CLOSED',
      field: 'grade',
      windowEnd: plusDays(occurredAt, 30).toISOString(),
    });
    expect(await writtenByLifecycle(sut)).toEqual(before);
    expect(await incidentRow(sut, mine.id)).toMatchObject({ severity: 'I' });
  });

  it('gives road traffic accidents a 7-day regrading window', async () => {
    const crash = await report({ category: 'ACCIDENT', subcategory: 'ROAD_TRAFFIC', regionCode: '421121' });
    await decide(crash.id, 'IV');
    standAt(plusDays(occurredAt, 7));
    await decide(crash.id, 'III', 'Three deaths');
    standAt(plusMinutes(plusDays(occurredAt, 7), 1));
    expect(
      await sut.failure(DECIDE_GRADE, { input: { incidentId: crash.id, grade: 'II', reason: 'Ten deaths' } }),
    ).toMatchObject({ code: 'GRADE_WINDOW_CLOSED', field: 'grade' });
  });

  it('counts the 7 days in calendar days, across the National Day holiday too', async () => {
    // 30 September 2026, the eve of the holiday: the window ends 7 October at the same minute, holiday or not.
    const eve = new Date('2026-09-30T22:15:00+08:00');
    standAt(plusMinutes(eve, 30));
    const fire = await reportIncident(sut, {
      category: 'ACCIDENT',
      subcategory: 'FIRE',
      regionCode: '421121',
      occurredAt: eve.toISOString(),
    });
    await decide(fire.id, 'IV');
    standAt(new Date('2026-10-07T22:15:00+08:00'));
    await decide(fire.id, 'III', 'Three deaths');
    standAt(new Date('2026-10-07T22:16:00+08:00'));
    expect(
      await sut.failure(DECIDE_GRADE, { input: { incidentId: fire.id, grade: 'II', reason: 'Ten deaths' } }),
    ).toMatchObject({ code: 'GRADE_WINDOW_CLOSED', field: 'grade', windowEnd: '2026-10-07T14:15:00.000Z' });
  });

  it('declares a response, raises it, lifts it and closes the incident, each with its status change and event', async () => {
    const flood = await report({ subcategory: 'FLOOD', figures: { relocated: 150_000 } });
    standAt(plusMinutes(occurredAt, 120));
    const declared = (await declare(flood.id, 'III')).declareIncidentResponse;
    expect(declared).toMatchObject({ status: 'RESPONDING', responseLevel: 'III' });
    expect(declared.statusHistory).toEqual([
      expect.objectContaining({ from: 'REPORTED', to: 'RESPONDING', reason: 'Response level III declared' }),
    ]);

    standAt(plusMinutes(occurredAt, 180));
    const raised = (await declare(flood.id, 'II')).declareIncidentResponse;
    expect(raised).toMatchObject({ status: 'RESPONDING', responseLevel: 'II' });
    expect(raised.responses).toEqual([
      {
        level: 'III',
        declaringOrganisation: { id: COUNTY_BUREAU },
        reason: null,
        declaredAt: plusMinutes(occurredAt, 120).toISOString(),
        liftedAt: plusMinutes(occurredAt, 180).toISOString(),
        liftReason: 'Changed to level II',
      },
      expect.objectContaining({ level: 'II', liftedAt: null }),
    ]);
    expect(raised.statusHistory).toHaveLength(1);

    standAt(plusDays(occurredAt, 10));
    const lifted = (await lift(flood.id)).liftIncidentResponse;
    expect(lifted).toMatchObject({ status: 'RECOVERY', responseLevel: null });
    expect(lifted.responses[1]).toMatchObject({ liftReason: 'The flood has receded' });
    expect(lifted.statusHistory.map((s) => `${s.from}>${s.to}`)).toEqual([
      'REPORTED>RESPONDING',
      'RESPONDING>RECOVERY',
    ]);

    const closed = await sut.call<{ changeIncidentStatus: Lifecycle }>(CHANGE_STATUS, {
      input: { incidentId: flood.id, status: 'CLOSED', reason: 'Reconstruction handed over' },
    });
    expect(closed.changeIncidentStatus.status).toBe('CLOSED');

    const events = await readTopic(sut.topic);
    try {
      const of = (type: string, match: (d: Record<string, unknown>) => boolean = () => true) =>
        publishedData(events, `incidents.${type}.v1`, (d) => d.incidentId === flood.id && match(d));
      expect(await of('IncidentResponseDeclared', (d) => d.level === 'II')).toEqual({
        incidentId: flood.id,
        regionCode: '421100',
        category: 'NATURAL_DISASTER',
        subcategory: 'FLOOD',
        level: 'II',
        previousLevel: 'III',
        declaringOrganisationId: COUNTY_BUREAU,
        declaredAt: plusMinutes(occurredAt, 180).toISOString(),
      });
      expect(await of('IncidentResponseDeclared', (d) => d.level === 'III')).toMatchObject({
        previousLevel: null,
      });
      expect(await of('IncidentResponseLifted')).toMatchObject({
        level: 'II',
        liftedAt: plusDays(occurredAt, 10).toISOString(),
        reason: 'The flood has receded',
      });
      expect(await of('IncidentStatusChanged', (d) => d.to === 'CLOSED')).toEqual({
        incidentId: flood.id,
        regionCode: '421100',
        category: 'NATURAL_DISASTER',
        subcategory: 'FLOOD',
        from: 'RECOVERY',
        to: 'CLOSED',
        reason: 'Reconstruction handed over',
        changedAt: plusDays(occurredAt, 10).toISOString(),
      });
    } finally {
      await events.stop();
    }
  });

  it('refuses each wrong move with its code and field, writing nothing', async () => {
    const incident = await report({ regionCode: '421121' });
    const closed = await report({ regionCode: '421121' });
    await sut.call(CHANGE_STATUS, {
      input: { incidentId: closed.id, status: 'CLOSED', reason: 'False alarm' },
    });
    const responding = await report({ regionCode: '421121' });
    await declare(responding.id, 'IV');
    const before = await writtenByLifecycle(sut);
    const declareInput = (incidentId: string, overrides: Record<string, unknown> = {}) => ({
      input: { incidentId, level: 'IV', declaringOrganisationId: COUNTY_BUREAU, ...overrides },
    });
    const status = (incidentId: string, to: string) => ({
      input: { incidentId, status: to, reason: 'Decided' },
    });
    for (const [operation, variables, code, field] of [
      [
        LIFT_RESPONSE,
        { input: { incidentId: incident.id, reason: 'Over' } },
        'NO_ACTIVE_RESPONSE',
        'incidentId',
      ],
      [LIFT_RESPONSE, { input: { incidentId: responding.id, reason: ' ' } }, 'BAD_USER_INPUT', 'reason'],
      [DECLARE_RESPONSE, declareInput(responding.id), 'RESPONSE_LEVEL_UNCHANGED', 'level'],
      [DECLARE_RESPONSE, declareInput(closed.id), 'INCIDENT_CLOSED', 'incidentId'],
      [DECLARE_RESPONSE, declareInput(NO_SUCH_ID), 'INCIDENT_NOT_FOUND', 'incidentId'],
      [DECLARE_RESPONSE, declareInput(incident.id, { level: 'V' }), 'BAD_USER_INPUT', undefined],
      [
        DECLARE_RESPONSE,
        declareInput(incident.id, { declaringOrganisationId: NO_SUCH_ID }),
        'ORGANISATION_UNKNOWN',
        'declaringOrganisationId',
      ],
      [DECIDE_GRADE, { input: { incidentId: closed.id, grade: 'IV' } }, 'INCIDENT_CLOSED', 'incidentId'],
      [CHANGE_STATUS, status(incident.id, 'RESPONDING'), 'INVALID_STATUS_TRANSITION', 'status'],
      [CHANGE_STATUS, status(incident.id, 'REPORTED'), 'INVALID_STATUS_TRANSITION', 'status'],
      [CHANGE_STATUS, status(responding.id, 'RECOVERY'), 'INVALID_STATUS_TRANSITION', 'status'],
      [CHANGE_STATUS, status(responding.id, 'CLOSED'), 'INVALID_STATUS_TRANSITION', 'status'],
      [CHANGE_STATUS, status(closed.id, 'RECOVERY'), 'INVALID_STATUS_TRANSITION', 'status'],
    ] as const) {
      const failure = await sut.failure(operation, variables);
      expect({ code: failure.code, field: failure.field }).toEqual({ code, field });
    }
    expect(await writtenByLifecycle(sut)).toEqual(before);
    expect(await incidentRow(sut, incident.id)).toEqual({ severity: 'II', status: 'REPORTED' });
    expect(await incidentRow(sut, responding.id)).toEqual({ severity: 'II', status: 'RESPONDING' });
  });

  it('lets only writers in the incident’s jurisdiction change it', async () => {
    const incident = await report({ regionCode: '421121' });
    const before = await writtenByLifecycle(sut);
    expect(
      await sut.failure(
        DECIDE_GRADE,
        { input: { incidentId: incident.id, grade: 'IV', reason: 'x' } },
        identities.auditor(),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await sut.failure(
        DECLARE_RESPONSE,
        { input: { incidentId: incident.id, level: 'IV', declaringOrganisationId: FINANCE_BUREAU } },
        identities.operator('421122'),
      ),
    ).toMatchObject({ code: 'INCIDENT_NOT_FOUND', field: 'incidentId' });
    expect(await writtenByLifecycle(sut)).toEqual(before);
    // The prefecture above the county may act.
    const { declareIncidentResponse } = await declare(incident.id, 'IV', identities.operator('421100'));
    expect(declareIncidentResponse.responseLevel).toBe('IV');
  });

  it('shows a county’s incident to its prefecture’s and province’s operators, not to a neighbouring county’s', async () => {
    const incident = await report({ regionCode: '421121', subcategory: 'LANDSLIDE' });
    for (const regionCode of ['421121', '421100', '420000']) {
      const { incident: read } = await sut.call<{ incident: { id: string } | null }>(
        INCIDENT,
        { id: incident.id },
        identities.operator(regionCode),
      );
      expect(read).toEqual({ id: incident.id });
      const { incidents } = await sut.call<{ incidents: { edges: { node: { id: string } }[] } }>(
        INCIDENTS,
        { filter: { subcategory: 'LANDSLIDE' }, first: 100 },
        identities.operator(regionCode),
      );
      expect(incidents.edges.map((e) => e.node.id)).toContain(incident.id);
    }
    const neighbour = identities.operator('421122');
    expect((await sut.call(INCIDENT, { id: incident.id }, neighbour)).incident).toBeNull();
    const { incidents } = await sut.call<{ incidents: { edges: { node: { id: string } }[] } }>(
      INCIDENTS,
      { filter: { subcategory: 'LANDSLIDE' }, first: 100 },
      neighbour,
    );
    expect(incidents.edges.map((e) => e.node.id)).not.toContain(incident.id);
  });

  it('filters incidents by subcategory', async () => {
    const landslide = await report({ regionCode: '421122', subcategory: 'LANDSLIDE' });
    const flood = await report({ regionCode: '421122', subcategory: 'FLOOD' });
    const { incidents } = await sut.call<{ incidents: { edges: { node: { id: string } }[] } }>(INCIDENTS, {
      filter: { regionCode: '421122', subcategory: 'FLOOD' },
    });
    expect(incidents.edges.map((e) => e.node.id)).toEqual([flood.id]);
    expect(incidents.edges.map((e) => e.node.id)).not.toContain(landslide.id);
  });

  it('reads the lifecycle of an incident never graded nor responded to as empty', async () => {
    const incident = await report({ regionCode: '421121' });
    const { incident: read } = await sut.call<{ incident: Lifecycle }>(INCIDENT_LIFECYCLE, {
      id: incident.id,
    });
    expect(read).toMatchObject({ responseLevel: null, gradeDecisions: [], responses: [], statusHistory: [] });
  });
});
