import { chinaInstant } from '@emergency/domain';
import { identities, readTopic, standClockAt, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { ComplianceIndicators } from '../src/assessment/compliance-indicator';
import { ImprovementActionOverdueScan } from '../src/drill/drill-overdue.scan';
import { draftPlan, startPlans } from './fixtures';
import { issuedPlan as issuePlan, lifecycle, REVISE } from './plan-lifecycle.fixtures';
import {
  ALL_CATEGORIES,
  asCounty,
  HUANGGANG_OFFICE,
  planDrillInput,
  publishedData,
  registerDrillOrganisations,
  SUMMARY,
  THIRD_PARTY,
  TUANFENG_GOVERNMENT,
  TUANFENG_WATER,
  WUXUE_CHEMICALS,
  WUXUE_GOVERNMENT,
  WUXUE_HOTEL,
  WUXUE_MINE,
  QICHUN_GOVERNMENT,
  QICHUN_TRANSPORT,
  WUXUE_SCHOOL,
  type Action,
  type Drill,
  type Finding,
  type Task,
} from './drills.fixtures';
import {
  ANNUAL_PLAN,
  ARCHIVE,
  CLOSE_TASK,
  COMPLETE_ACTION,
  DRILL,
  DRILL_RULES,
  DRILLS,
  EVALUATE,
  OPEN_PAST_DEADLINE,
  PLAN_DRILL,
  PLAN_TASKS,
  PLANS_NOT_DRILLED,
  RECORD_FINDING,
  RECORD_HELD,
  SET_ANNUAL_PLAN,
  SET_REGIME,
  SET_RULES,
  UNDRILLED,
} from './drills.operations';

const TODAY = '2026-11-29';

/** Drills, their evaluation, findings and revision tasks, and the compliance views, with an injected clock. */
describe('drills', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let floodPlanId: string;

  beforeAll(async () => {
    sut = await startPlans();
    await registerDrillOrganisations(sut);
    events = await readTopic(sut.topic);
    // Issued, so its version 1 is in force when a drill's finding sends it back for revision.
    floodPlanId = (await issuePlan(sut, '2026-01-05')).id;
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  beforeEach(() => standClockAt(sut, chinaInstant(TODAY, '12:00')));
  afterEach(() => jest.restoreAllMocks());

  const planDrill = async (planIds: string[], overrides: Record<string, unknown> = {}) =>
    (await sut.call<{ planDrill: Drill }>(PLAN_DRILL, { input: planDrillInput(planIds, overrides) }))
      .planDrill;
  const heldDrill = async (planIds: string[], heldOn: string, overrides: Record<string, unknown> = {}) => {
    const drill = await planDrill(planIds, { scheduledOn: heldOn, ...overrides });
    await sut.call(RECORD_HELD, { input: { drillId: drill.id, heldOn } });
    return drill;
  };
  const evaluate = (drillId: string) =>
    sut.call<{ evaluateDrill: Drill }>(EVALUATE, {
      input: {
        drillId,
        categories: ALL_CATEGORIES,
        evaluatorOrganisationId: THIRD_PARTY.id,
        thirdParty: true,
      },
    });
  const finding = async (drillId: string, overrides: Record<string, unknown> = {}) =>
    (
      await sut.call<{ recordDrillFinding: Finding }>(RECORD_FINDING, {
        input: {
          drillId,
          category: 'PLAN_SOUNDNESS',
          severity: 'MAJOR',
          description: 'The warning relay list in the plan is outdated',
          improvementActions: [
            {
              ownerOrganisationId: TUANFENG_GOVERNMENT.id,
              description: 'Update the relay list',
              dueOn: '2026-12-31',
            },
          ],
          ...overrides,
        },
      })
    ).recordDrillFinding;
  const read = async (id: string) => (await sut.call<{ drill: Drill }>(DRILL, { id })).drill;
  const issuedPlan = async (overrides: Record<string, unknown> = {}) =>
    (await issuePlan(sut, '2026-01-05', overrides)).id;

  it('takes a drill from planned to archived, with evaluation, a finding, its action and a revision task', async () => {
    const planned = await planDrill([floodPlanId]);
    expect(planned).toMatchObject({
      form: 'LIVE',
      content: 'COMPREHENSIVE',
      purpose: 'TESTING',
      plans: [{ id: floodPlanId }],
      organiser: { id: HUANGGANG_OFFICE.id },
      status: 'PLANNED',
      heldOn: null,
      evaluation: [],
      findings: [],
      summary: null,
    });
    expect(planned.participants).toHaveLength(3);
    await publishedData(
      events,
      'plans.DrillPlanned.v1',
      (d: { drillId: string }) => d.drillId === planned.id,
    );

    await sut.call(RECORD_HELD, { input: { drillId: planned.id, heldOn: '2026-06-15' } });
    const { evaluateDrill } = await evaluate(planned.id);
    expect(evaluateDrill).toMatchObject({
      status: 'EVALUATED',
      heldOn: '2026-06-15',
      thirdPartyEvaluation: true,
    });
    expect(evaluateDrill.evaluation).toHaveLength(6);
    expect(evaluateDrill.evaluator).toEqual({ id: THIRD_PARTY.id });

    const recorded = await finding(planned.id, { revisePlanId: floodPlanId });
    expect(recorded.improvementActions).toMatchObject([
      { dueOn: '2026-12-31', status: 'OPEN', overdue: false },
    ]);
    expect(recorded.revisionTask).toMatchObject({
      planId: floodPlanId,
      status: 'OPEN',
      planStatusAtOpening: 'ISSUED',
      versionAtOpening: 1,
    });
    await publishedData(
      events,
      'plans.DrillFindingRecorded.v1',
      (d: { findingId: string }) => d.findingId === recorded.id,
    );
    await publishedData(
      events,
      'plans.PlanRevisionTaskOpened.v1',
      (d: { findingId: string; planId: string }) => d.findingId === recorded.id && d.planId === floodPlanId,
    );
    const { contingencyPlan } = await sut.call<{ contingencyPlan: { revisionTasks: Task[] } }>(PLAN_TASKS, {
      id: floodPlanId,
    });
    expect(contingencyPlan.revisionTasks.map((t) => t.id)).toContain(recorded.revisionTask!.id);

    const { archiveDrill } = await sut.call<{ archiveDrill: Drill }>(ARCHIVE, {
      input: { drillId: planned.id, summary: SUMMARY },
    });
    expect(archiveDrill).toMatchObject({ status: 'ARCHIVED', summary: SUMMARY });
    expect(archiveDrill.findings.map((f) => f.id)).toEqual([recorded.id]);
    await publishedData(
      events,
      'plans.DrillArchived.v1',
      (d: { drillId: string }) => d.drillId === planned.id,
    );

    // Nothing of an archived drill changes.
    const findings = await sut.count('drill_finding');
    const late = await sut.failure(RECORD_FINDING, {
      input: {
        drillId: planned.id,
        category: 'EXECUTION',
        severity: 'MINOR',
        description: 'x',
        improvementActions: [],
      },
    });
    expect(late).toMatchObject({ code: 'DRILL_WRONG_STATUS', field: 'drillId', status: 'ARCHIVED' });
    expect(await sut.failure(ARCHIVE, { input: { drillId: planned.id, summary: SUMMARY } })).toMatchObject({
      code: 'DRILL_WRONG_STATUS',
    });
    expect(await sut.count('drill_finding')).toBe(findings);
    expect((await read(planned.id)).summary).toEqual(SUMMARY);
  });

  it('refuses steps out of order, a drill held in the future and an incomplete evaluation, writing nothing', async () => {
    const drill = await planDrill([floodPlanId]);
    expect(
      await sut.failure(EVALUATE, {
        input: {
          drillId: drill.id,
          categories: ALL_CATEGORIES,
          evaluatorOrganisationId: THIRD_PARTY.id,
          thirdParty: false,
        },
      }),
    ).toMatchObject({ code: 'DRILL_WRONG_STATUS', field: 'drillId', status: 'PLANNED' });
    expect(
      await sut.failure(RECORD_FINDING, {
        input: {
          drillId: drill.id,
          category: 'EXECUTION',
          severity: 'MINOR',
          description: 'x',
          improvementActions: [],
        },
      }),
    ).toMatchObject({ code: 'DRILL_WRONG_STATUS', status: 'PLANNED' });
    expect(
      await sut.failure(RECORD_HELD, { input: { drillId: drill.id, heldOn: '2026-11-30' } }),
    ).toMatchObject({
      code: 'DRILL_NOT_YET_HELD',
      field: 'heldOn',
    });
    expect((await read(drill.id)).status).toBe('PLANNED');
    // Held today is in time.
    await sut.call(RECORD_HELD, { input: { drillId: drill.id, heldOn: TODAY } });
    expect(
      await sut.failure(EVALUATE, {
        input: {
          drillId: drill.id,
          categories: ALL_CATEGORIES.slice(1),
          evaluatorOrganisationId: THIRD_PARTY.id,
          thirdParty: true,
        },
      }),
    ).toMatchObject({ code: 'DRILL_EVALUATION_INCOMPLETE', field: 'categories', missing: ['EXECUTION'] });
    expect(await sut.failure(ARCHIVE, { input: { drillId: drill.id, summary: SUMMARY } })).toMatchObject({
      code: 'DRILL_WRONG_STATUS',
      status: 'HELD',
    });
    expect(await read(drill.id)).toMatchObject({ status: 'HELD', evaluation: [], summary: null });
  });

  it('sends back only a plan the drill exercised, and closes a revision task by a later version or a reason', async () => {
    const otherPlan = (
      await draftPlan(sut, { title: 'Huanggang Earthquake Plan', subcategories: ['EARTHQUAKE'] })
    ).id;
    const drill = await heldDrill([floodPlanId], '2026-07-01');
    const tasks = await sut.count('plan_revision_task');
    expect(
      await sut.failure(RECORD_FINDING, {
        input: {
          drillId: drill.id,
          category: 'PLAN_SOUNDNESS',
          severity: 'CRITICAL',
          description: 'x',
          improvementActions: [],
          revisePlanId: otherPlan,
        },
      }),
    ).toMatchObject({ code: 'DRILL_PLAN_NOT_EXERCISED', field: 'revisePlanId', planId: otherPlan });
    expect(await sut.count('plan_revision_task')).toBe(tasks);

    const first = (await finding(drill.id, { revisePlanId: floodPlanId })).revisionTask!;
    const second = (await finding(drill.id, { revisePlanId: floodPlanId })).revisionTask!;
    const close = (input: Record<string, unknown>) => sut.failure(CLOSE_TASK, { input });
    expect(await close({ taskId: first.id })).toMatchObject({
      code: 'PLAN_REVISION_TASK_NEEDS_REVISION_OR_REASON',
    });
    expect(
      await close({ taskId: first.id, revisedInVersion: 2, reason: 'NO_CHANGE_NEEDED', reasonText: 'both' }),
    ).toMatchObject({ code: 'PLAN_REVISION_TASK_NEEDS_REVISION_OR_REASON' });
    expect(await close({ taskId: first.id, revisedInVersion: 1 })).toMatchObject({
      code: 'PLAN_REVISION_NOT_NEWER',
      field: 'revisedInVersion',
      versionAtOpening: 1,
    });
    expect(await close({ taskId: first.id, reason: 'NO_CHANGE_NEEDED' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'reasonText',
    });
    const { rows } = await sut.db.query(`SELECT status FROM plan_revision_task WHERE id = $1`, [first.id]);
    expect(rows).toEqual([{ status: 'OPEN' }]);

    expect(await close({ taskId: first.id, revisedInVersion: 2 })).toMatchObject({
      code: 'PLAN_REVISION_VERSION_NOT_FOUND',
      field: 'revisedInVersion',
      planId: floodPlanId,
    });
    await lifecycle(sut, REVISE, 'revisePlan', {
      planId: floodPlanId,
      trigger: 'RESPONSE_OR_DRILL_PROBLEMS',
      note: 'The drill found the evacuation routes of the plan out of date',
      major: false,
    });
    const revised = await sut.call<{ closePlanRevisionTask: Task }>(CLOSE_TASK, {
      input: { taskId: first.id, revisedInVersion: 2 },
    });
    expect(revised.closePlanRevisionTask).toMatchObject({
      status: 'CLOSED',
      revisedInVersion: 2,
      reason: null,
    });
    const reasoned = await sut.call<{ closePlanRevisionTask: Task }>(CLOSE_TASK, {
      input: {
        taskId: second.id,
        reason: 'NO_CHANGE_NEEDED',
        reasonText: 'The plan’s annex already lists it',
      },
    });
    expect(reasoned.closePlanRevisionTask).toMatchObject({
      status: 'CLOSED',
      revisedInVersion: null,
      reason: 'NO_CHANGE_NEEDED',
      reasonText: 'The plan’s annex already lists it',
    });
    await publishedData(
      events,
      'plans.PlanRevisionTaskClosed.v1',
      (d: { taskId: string; revisedInVersion: number | null }) =>
        d.taskId === first.id && d.revisedInVersion === 2,
    );
    expect(await close({ taskId: first.id, revisedInVersion: 3 })).toMatchObject({
      code: 'PLAN_REVISION_TASK_CLOSED',
    });
  });

  it('hides drills and plans outside a county’s jurisdiction', async () => {
    const county = asCounty();
    // Huanggang's plan lies above Tuanfeng: the county cannot name it.
    expect(
      await sut.failure(
        PLAN_DRILL,
        { input: planDrillInput([floodPlanId], { organiserOrganisationId: TUANFENG_GOVERNMENT.id }) },
        county,
      ),
    ).toMatchObject({ code: 'PLAN_NOT_FOUND', field: 'planIds[0]' });
    const countyPlan = (
      await draftPlan(sut, {
        level: 'COUNTY',
        regionCode: '421121',
        title: 'Tuanfeng Flood Plan',
        ownerOrganisationId: HUANGGANG_OFFICE.id,
      })
    ).id;
    const elsewhere = await planDrill([floodPlanId], { regionCode: '421182', place: 'Wuxue' });
    const own = (
      await sut.call<{ planDrill: Drill }>(PLAN_DRILL, { input: planDrillInput([countyPlan]) }, county)
    ).planDrill;
    expect(own.plans).toEqual([{ id: countyPlan }]);
    expect((await sut.call<{ drill: Drill | null }>(DRILL, { id: elsewhere.id }, county)).drill).toBeNull();
    const listed = await sut.call<{ drills: { edges: { node: { id: string } }[] } }>(
      DRILLS,
      { first: 100 },
      county,
    );
    const ids = listed.drills.edges.map((e) => e.node.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(elsewhere.id);
    expect(
      await sut.failure(RECORD_HELD, { input: { drillId: elsewhere.id, heldOn: TODAY } }, county),
    ).toMatchObject({
      code: 'DRILL_NOT_FOUND',
    });
    expect(
      await sut.failure(RECORD_HELD, { input: { drillId: own.id, heldOn: TODAY } }, identities.auditor()),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    // A revision task a drill beside the county opened on the county's plan is hidden with that drill.
    const beside = await heldDrill([countyPlan], '2026-11-01', { regionCode: '421182', place: 'Wuxue' });
    const hiddenTask = (await finding(beside.id, { revisePlanId: countyPlan })).revisionTask!;
    const tasksSeenBy = async (identity = identities.admin()) =>
      (
        await sut.call<{ contingencyPlan: { revisionTasks: Task[] } }>(
          PLAN_TASKS,
          { id: countyPlan },
          identity,
        )
      ).contingencyPlan.revisionTasks.map((t) => t.id);
    expect(await tasksSeenBy()).toEqual([hiddenTask.id]);
    expect(await tasksSeenBy(county)).toEqual([]);
  });

  it('keeps one annual drill plan per organisation and year', async () => {
    const input = {
      organisationId: TUANFENG_GOVERNMENT.id,
      year: 2027,
      plannedDrills: [{ form: 'TABLETOP', content: 'SINGLE_FUNCTION', planIds: [floodPlanId], month: 5 }],
    };
    const { setAnnualDrillPlan } = await sut.call<{ setAnnualDrillPlan: { id: string } }>(SET_ANNUAL_PLAN, {
      input,
    });
    expect(await sut.failure(SET_ANNUAL_PLAN, { input })).toMatchObject({
      code: 'ANNUAL_DRILL_PLAN_EXISTS',
      field: 'year',
    });
    expect(
      await sut.failure(SET_ANNUAL_PLAN, {
        input: { ...input, year: 2028, plannedDrills: [{ ...input.plannedDrills[0], month: 13 }] },
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'plannedDrills[0].month' });
    const { annualDrillPlan } = await sut.call<{ annualDrillPlan: { id: string; plannedDrills: unknown[] } }>(
      ANNUAL_PLAN,
      { organisationId: TUANFENG_GOVERNMENT.id, year: 2027 },
    );
    expect(annualDrillPlan).toEqual({
      id: setAnnualDrillPlan.id,
      year: 2027,
      plannedDrills: [{ month: 5, planIds: [floodPlanId] }],
    });
    await publishedData(
      events,
      'plans.AnnualDrillPlanSet.v1',
      (d: { drillPlanId: string }) => d.drillPlanId === setAnnualDrillPlan.id,
    );
  });

  describe('undrilled units', () => {
    const undrilled = async (asOf: string) =>
      (
        await sut.call<{
          undrilledUnits: {
            edges: {
              node: {
                organisationId: string;
                lastDrillOn: string | null;
                dueBy: string | null;
                rule: { subjectValue: string; intervalMonths: number; source: string };
              };
            }[];
          };
        }>(UNDRILLED, { regionCode: '421182', asOf })
      ).undrilledUnits.edges.map((e) => e.node);

    it('counts a government drilled exactly 24 months ago as within its rule and one day more as not', async () => {
      await heldDrill([floodPlanId], '2024-11-29', {
        organiserOrganisationId: WUXUE_GOVERNMENT.id,
        participants: [],
        regionCode: '421182',
      });
      // Taking part in another's drill does not discharge the enterprise's own duty to drill.
      await heldDrill([floodPlanId], '2026-01-10', {
        regionCode: '421182',
        participants: [{ kind: 'ORGANISATION', participantId: WUXUE_HOTEL.id, role: 'evacuation of guests' }],
      });
      const onTheDay = await undrilled('2026-11-29');
      expect(onTheDay.map((u) => u.organisationId)).not.toContain(WUXUE_GOVERNMENT.id);
      expect(onTheDay.find((u) => u.organisationId === WUXUE_CHEMICALS.id)).toMatchObject({
        lastDrillOn: null,
        dueBy: null,
        rule: { subjectValue: 'ENTERPRISE', intervalMonths: 12 },
      });
      expect(onTheDay.find((u) => u.organisationId === WUXUE_HOTEL.id)).toMatchObject({ lastDrillOn: null });
      // A school has no rule.
      expect(onTheDay.map((u) => u.organisationId)).not.toContain(WUXUE_SCHOOL.id);

      const dayAfter = await undrilled('2026-11-30');
      const government = dayAfter.find((u) => u.organisationId === WUXUE_GOVERNMENT.id);
      expect(government).toMatchObject({
        lastDrillOn: '2024-11-29',
        dueBy: '2026-11-29',
        rule: { subjectValue: 'GOVERNMENT', intervalMonths: 24 },
      });
      expect(government!.rule.source).toMatch(/art\. 8/);
    });

    it('holds an enterprise an office puts under the high-risk regime to six months', async () => {
      await heldDrill([floodPlanId], '2026-01-10', {
        organiserOrganisationId: WUXUE_MINE.id,
        participants: [],
        regionCode: '421182',
      });
      const { setDrillRegime } = await sut.call<{
        setDrillRegime: { regime: string; rule: { intervalMonths: number } };
      }>(
        SET_REGIME,
        { input: { organisationId: WUXUE_MINE.id, regime: 'HIGH_RISK_UNIT' } },
        identities.operator('421100'),
      );
      expect(setDrillRegime).toEqual({
        organisationId: WUXUE_MINE.id,
        regime: 'HIGH_RISK_UNIT',
        rule: { subjectValue: 'HIGH_RISK_UNIT', intervalMonths: 6 },
      });
      // Last drilled 2026-01-10: within 12 months, not within 6 on 2026-07-11.
      expect((await undrilled('2026-07-10')).map((u) => u.organisationId)).not.toContain(WUXUE_MINE.id);
      expect((await undrilled('2026-07-11')).find((u) => u.organisationId === WUXUE_MINE.id)).toMatchObject({
        dueBy: '2026-07-10',
        rule: { subjectValue: 'HIGH_RISK_UNIT', intervalMonths: 6 },
      });
      expect(
        await sut.failure(SET_REGIME, { input: { organisationId: WUXUE_MINE.id, regime: null } }, asCounty()),
      ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'organisationId' });
      await sut.call(SET_REGIME, { input: { organisationId: WUXUE_MINE.id, regime: null } });
      expect((await undrilled('2026-07-11')).map((u) => u.organisationId)).not.toContain(WUXUE_MINE.id);
      await publishedData(
        events,
        'plans.DrillRegimeSet.v1',
        (d: { organisationId: string; regime: string | null }) =>
          d.organisationId === WUXUE_MINE.id && d.regime === null,
      );
    });

    it('pages by organisation and shows a county only its own units', async () => {
      const first = await sut.call<{
        undrilledUnits: {
          edges: { node: { organisationId: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(UNDRILLED, { regionCode: '421182', asOf: '2026-11-30', first: 1 });
      expect(first.undrilledUnits.pageInfo.hasNextPage).toBe(true);
      const rest = await sut.call<{ undrilledUnits: { edges: { node: { organisationId: string } }[] } }>(
        UNDRILLED,
        {
          regionCode: '421182',
          asOf: '2026-11-30',
          after: first.undrilledUnits.pageInfo.endCursor,
        },
      );
      const all = [...first.undrilledUnits.edges, ...rest.undrilledUnits.edges].map(
        (e) => e.node.organisationId,
      );
      expect(all).toEqual([...all].sort());
      expect(new Set(all).size).toBe(all.length);
      const county = await sut.call<{ undrilledUnits: { edges: unknown[] } }>(
        UNDRILLED,
        { regionCode: '421182' },
        asCounty(),
      );
      expect(county.undrilledUnits.edges).toEqual([]);
    });
  });

  it('lists special plans in force not exercised within 36 months, on the boundary day', async () => {
    const exercised = await issuedPlan({
      level: 'COUNTY',
      regionCode: '421121',
      title: 'Tuanfeng Flood Plan (in force)',
    });
    const overall = await issuedPlan({
      planType: 'OVERALL',
      level: 'COUNTY',
      regionCode: '421121',
      category: null,
      subcategories: [],
      title: 'Tuanfeng Overall Plan',
    });
    await heldDrill([exercised], '2023-11-29');
    const listed = async (asOf: string) =>
      (
        await sut.call<{
          plansNotDrilled: {
            edges: { node: { plan: { id: string }; lastDrillOn: string; dueBy: string } }[];
          };
        }>(PLANS_NOT_DRILLED, { regionCode: '421121', asOf })
      ).plansNotDrilled.edges.map((e) => e.node);
    expect((await listed('2026-11-29')).map((n) => n.plan.id)).not.toContain(exercised);
    expect((await listed('2026-11-30')).find((n) => n.plan.id === exercised)).toMatchObject({
      lastDrillOn: '2023-11-29',
      dueBy: '2026-11-29',
    });
    // No rule binds an overall plan.
    expect((await listed('2030-01-01')).map((n) => n.plan.id)).not.toContain(overall);
  });

  it('lists an action due yesterday as open past its deadline and not one due today, and announces it once', async () => {
    const drill = await heldDrill([floodPlanId], '2026-10-20', { regionCode: '421121' });
    const recorded = await finding(drill.id, {
      improvementActions: [
        { ownerOrganisationId: TUANFENG_WATER.id, description: 'Replace the pumps', dueOn: '2026-11-28' },
        { ownerOrganisationId: TUANFENG_WATER.id, description: 'Train the pump crews', dueOn: TODAY },
      ],
    });
    const [yesterday, today] = recorded.improvementActions as [Action, Action];
    expect(yesterday).toMatchObject({ dueOn: '2026-11-28', overdue: true });
    expect(today).toMatchObject({ dueOn: TODAY, overdue: false });
    const open = async (asOf?: string) =>
      (
        await sut.call<{ openFindingsPastDeadline: { edges: { node: Action }[] } }>(OPEN_PAST_DEADLINE, {
          regionCode: '421121',
          asOf,
        })
      ).openFindingsPastDeadline.edges.map((e) => e.node.id);
    expect(await open()).toContain(yesterday.id);
    expect(await open()).not.toContain(today.id);
    expect(await open('2026-11-30')).toContain(today.id);
    // Soonest due first, paged by (due date, id).
    const page = async (after?: string) =>
      (
        await sut.call<{
          openFindingsPastDeadline: {
            edges: { node: Action }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }>(OPEN_PAST_DEADLINE, { regionCode: '421121', asOf: '2026-11-30', first: 1, after })
      ).openFindingsPastDeadline;
    const first = await page();
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.edges[0]!.node.id).not.toBe(first.edges[0]!.node.id);
    expect(second.edges[0]!.node.dueOn >= first.edges[0]!.node.dueOn).toBe(true);

    const scan = sut.app.get(ImprovementActionOverdueScan);
    expect(await scan.scan(chinaInstant(TODAY, '12:00'))).toBeGreaterThanOrEqual(1);
    await publishedData(
      events,
      'plans.ImprovementActionOverdue.v1',
      (d: { actionId: string }) => d.actionId === yesterday.id,
    );
    const announced = async () =>
      (
        await sut.db.query(`SELECT id FROM improvement_action WHERE overdue_announced_at IS NOT NULL`)
      ).rows.map((r: { id: string }) => r.id);
    expect(await announced()).toContain(yesterday.id);
    expect(await announced()).not.toContain(today.id);
    expect(await scan.scan(chinaInstant(TODAY, '18:00'))).toBe(0);

    const done = await sut.call<{ completeImprovementAction: Action }>(COMPLETE_ACTION, {
      input: { actionId: yesterday.id },
    });
    expect(done.completeImprovementAction).toMatchObject({ status: 'DONE', doneOn: TODAY, overdue: false });
    expect(await open()).not.toContain(yesterday.id);
    expect(await sut.failure(COMPLETE_ACTION, { input: { actionId: yesterday.id } })).toMatchObject({
      code: 'IMPROVEMENT_ACTION_ALREADY_DONE',
    });
  });

  it('measures drills within rule and findings closed by their deadline for the assessment', async () => {
    const indicators = sut.app.get(ComplianceIndicators);
    const period = { from: '2026-01-01', to: '2026-12-31' };
    const now = chinaInstant(TODAY, '12:00');
    await heldDrill([floodPlanId], '2024-12-31', {
      organiserOrganisationId: QICHUN_GOVERNMENT.id,
      participants: [],
      regionCode: '421126',
    });
    // Measured after the year's end, as of its last day: Qichun last drilled 2024-12-31, within 24 months on
    // 2026-12-31 exactly; the enterprise never drilled.
    const drills = await indicators
      .get('DRILLS_WITHIN_RULE')!
      .measure(
        [QICHUN_GOVERNMENT.id, WUXUE_CHEMICALS.id, WUXUE_SCHOOL.id],
        period,
        chinaInstant('2027-01-05', '12:00'),
      );
    expect(drills.find((m) => m.organisationId === QICHUN_GOVERNMENT.id)).toEqual({
      organisationId: QICHUN_GOVERNMENT.id,
      due: 1,
      met: 1,
      unmet: [],
    });
    expect(drills.find((m) => m.organisationId === WUXUE_CHEMICALS.id)).toMatchObject({
      due: 1,
      met: 0,
      unmet: [{ kind: 'Organisation', id: WUXUE_CHEMICALS.id }],
    });
    expect(drills.find((m) => m.organisationId === WUXUE_SCHOOL.id)).toBeUndefined();
    const nextYear = await indicators
      .get('DRILLS_WITHIN_RULE')!
      .measure(
        [QICHUN_GOVERNMENT.id],
        { from: '2027-01-01', to: '2027-12-31' },
        chinaInstant('2027-01-01', '12:00'),
      );
    expect(nextYear).toEqual([
      {
        organisationId: QICHUN_GOVERNMENT.id,
        due: 1,
        met: 0,
        unmet: [
          {
            kind: 'Organisation',
            id: QICHUN_GOVERNMENT.id,
            reason: 'last drill 2024-12-31, next due by 2026-12-31 (every 24 months)',
          },
        ],
      },
    ]);
    // A period under way is measured as of today, not as of its end: on 2026-12-30 Qichun is within its rule.
    const underWay = await indicators
      .get('DRILLS_WITHIN_RULE')!
      .measure(
        [QICHUN_GOVERNMENT.id],
        { from: '2026-01-01', to: '2027-12-31' },
        chinaInstant('2026-12-30', '12:00'),
      );
    expect(underWay).toMatchObject([{ due: 1, met: 1 }]);

    // Qichun's transport bureau: one action done on its due day, one done a day late, one due today still open.
    const drill = await heldDrill([floodPlanId], '2026-10-01', { regionCode: '421126' });
    const recorded = await finding(drill.id, {
      improvementActions: ['2026-11-27', '2026-11-28', TODAY].map((dueOn) => ({
        ownerOrganisationId: QICHUN_TRANSPORT.id,
        description: `Act by ${dueOn}`,
        dueOn,
      })),
    });
    const [onTime, late] = recorded.improvementActions as [Action, Action];
    standClockAt(sut, chinaInstant('2026-11-27', '17:00'));
    await sut.call(COMPLETE_ACTION, { input: { actionId: onTime.id } });
    standClockAt(sut, chinaInstant('2026-11-29', '09:00'));
    await sut.call(COMPLETE_ACTION, { input: { actionId: late.id } });
    const closed = await indicators.get('DRILL_FINDINGS_CLOSED')!.measure([QICHUN_TRANSPORT.id], period, now);
    expect(closed).toEqual([
      {
        organisationId: QICHUN_TRANSPORT.id,
        due: 2,
        met: 1,
        unmet: [{ kind: 'ImprovementAction', id: late.id, reason: 'due 2026-11-28, done 2026-11-29' }],
      },
    ]);
  });

  describe('rules', () => {
    it('answers the national rules with their sources, and lets an admin replace a province’s set', async () => {
      const national = (
        await sut.call<{
          drillRules: {
            subject: string;
            subjectValue: string;
            intervalMonths: number;
            regionPrefix: string;
          }[];
        }>(DRILL_RULES, { regionCode: '421121' })
      ).drillRules;
      expect(national.map((r) => [r.regionPrefix, r.subject, r.subjectValue, r.intervalMonths])).toEqual([
        ['', 'ORGANISATION_TYPE', 'ENTERPRISE', 12],
        ['', 'ORGANISATION_TYPE', 'GOVERNMENT', 24],
        ['', 'PLAN_TYPE', 'DEPARTMENT', 36],
        ['', 'PLAN_TYPE', 'SPECIAL', 36],
        ['', 'REGIME', 'HIGH_RISK_UNIT', 6],
      ]);
      const input = {
        regionPrefix: '42',
        rules: [
          {
            subject: 'ORGANISATION_TYPE',
            subjectValue: 'GOVERNMENT',
            intervalMonths: 12,
            source: 'Hubei notice (test)',
          },
        ],
      };
      expect(await sut.failure(SET_RULES, { input }, identities.operator())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(
        await sut.failure(SET_RULES, {
          input: { ...input, rules: [{ ...input.rules[0], subject: 'PLAN_TYPE' }] },
        }),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rules[0].subjectValue' });
      expect(
        await sut.failure(SET_RULES, {
          input: { ...input, rules: [{ ...input.rules[0], intervalMonths: 0 }] },
        }),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rules[0].intervalMonths' });
      await sut.call(SET_RULES, { input });
      await publishedData(
        events,
        'plans.DrillRulesSet.v1',
        (d: { regionPrefix: string; rules: unknown[] }) => d.regionPrefix === '42' && d.rules.length === 1,
      );
      const hubei = (
        await sut.call<{ drillRules: { subjectValue: string; intervalMonths: number }[] }>(DRILL_RULES, {
          regionCode: '421121',
        })
      ).drillRules;
      expect(hubei).toMatchObject([{ subjectValue: 'GOVERNMENT', intervalMonths: 12 }]);
      // Hubei's set replaces the national one whole: the enterprise is bound by no rule in Hubei now.
      const units = (
        await sut.call<{ undrilledUnits: { edges: { node: { organisationId: string } }[] } }>(UNDRILLED, {
          regionCode: '421182',
          asOf: '2026-11-29',
        })
      ).undrilledUnits.edges.map((e) => e.node.organisationId);
      expect(units).not.toContain(WUXUE_CHEMICALS.id);
      // An empty set hands Hubei back to the national rules.
      await sut.call(SET_RULES, { input: { regionPrefix: '42', rules: [] } });
      expect(
        (await sut.call<{ drillRules: unknown[] }>(DRILL_RULES, { regionCode: '421121' })).drillRules,
      ).toHaveLength(5);
    });
  });
});
