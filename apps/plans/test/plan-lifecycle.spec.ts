import {
  PlanApproved,
  PlanDraftEdited,
  PlanEvaluationOverdue,
  PlanFiled,
  PlanFilingOverdue,
  PlanIssued,
  PlanRetired,
  PlanVersionDrafted,
} from '@emergency/contracts';
import { chinaInstant } from '@emergency/domain';
import {
  eventually,
  identities,
  readTopic,
  standClockAt,
  type TestSubgraph,
  type TopicReader,
} from '@emergency/testing';
import { PlansEvaluatedOnTime, PlansFiledOnTime } from '../src/plan-version/plan-indicators';
import { PlanOverdueScan } from '../src/plan-version/plan-overdue.scan';
import { registerOwners, startPlans } from './fixtures';
import {
  APPROVE,
  approveInput,
  ATTACHMENTS,
  CATALOGUE,
  draftWithText,
  EDIT,
  EVALUATE,
  FILE,
  HUANGGANG_EMERGENCY,
  HUANGGANG_WATER,
  HUBEI_EMERGENCY,
  ISSUE,
  issuedPlan,
  lifecycle,
  OVERDUE,
  PLAN,
  RETIRE,
  REVISE,
  RULES,
  SECTIONS,
  SET_RULES,
  TUANFENG_EMERGENCY,
  type LifecyclePlan,
} from './plan-lifecycle.fixtures';

const PLAN_TYPES = ['OVERALL', 'SPECIAL', 'DEPARTMENT', 'JOINT', 'TOWNSHIP', 'COMMUNITY', 'UNIT'];

/** A plan's lifecycle against the real PostgreSQL and broker, with the clock stood on each boundary. */
describe('plan lifecycle', () => {
  let sut: TestSubgraph;
  let events: TopicReader;

  beforeAll(async () => {
    sut = await startPlans();
    await registerOwners(sut, [HUBEI_EMERGENCY, HUANGGANG_EMERGENCY, TUANFENG_EMERGENCY, HUANGGANG_WATER]);
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  const standOn = (date: string, time = '12:00') => standClockAt(sut, chinaInstant(date, time));
  const read = async (id: string) =>
    (await sut.call<{ contingencyPlan: LifecyclePlan }>(PLAN, { id })).contingencyPlan;
  const published = <T>(type: string, match: (data: T) => boolean) =>
    eventually(
      async () => {
        const found = events.messages.filter((m) => m.headers.ce_type === type && match(m.value as T));
        if (found.length === 0) throw new Error(`no ${type} yet`);
        return found.map((m) => m.value as T);
      },
      { timeoutMs: 20_000 },
    );
  const fileInput = (planId: string, filedOn: string, version = 1) => ({
    planId,
    version,
    filedOn,
    filedWithOrganisationId: HUBEI_EMERGENCY.id,
    receiptNumber: `鄂应急备〔2026〕${filedOn.slice(5).replace('-', '')}号`,
  });

  it('drafts version 1 with its text, approves and issues it; filing falls due on the 20th working day', async () => {
    standOn('2026-09-18');
    const drafted = await draftWithText(sut);
    const draft = await read(drafted.id);
    expect(draft.currentVersion).toBeNull();
    expect(draft.draftVersion).toMatchObject({
      version: 1,
      status: 'DRAFT',
      sections: SECTIONS,
      attachments: ATTACHMENTS,
      revisionTrigger: null,
      major: true,
    });

    const approved = await lifecycle(sut, APPROVE, 'approvePlan', approveInput(drafted.id, '2026-09-17'));
    expect(approved.status).toBe('APPROVED');
    expect(approved.draftVersion).toMatchObject({ status: 'APPROVED', approvedOn: '2026-09-17' });

    const issued = await lifecycle(sut, ISSUE, 'issuePlan', { planId: drafted.id, issuedOn: '2026-09-18' });
    expect(issued.status).toBe('ISSUED');
    expect(issued.draftVersion).toBeNull();
    // Across Mid-Autumn and National Day 2026, with Sunday 20 September and Saturday 10 October worked.
    expect(issued.currentVersion).toMatchObject({
      version: 1,
      status: 'ISSUED',
      issuedOn: '2026-09-18',
      filingDueOn: '2026-10-22',
      filedOn: null,
      filedLate: null,
      filingOverdue: false,
    });
    expect(issued.reviewDueOn).toBe('2029-09-18');

    const [drafts, approvals, issues] = await Promise.all([
      published<{ planId: string }>(PlanVersionDrafted.type, (d) => d.planId === drafted.id),
      published<{ planId: string }>(PlanApproved.type, (d) => d.planId === drafted.id),
      published<{ planId: string }>(PlanIssued.type, (d) => d.planId === drafted.id),
    ]);
    expect(drafts).toEqual([
      {
        planId: drafted.id,
        ownerOrganisationId: HUANGGANG_EMERGENCY.id,
        regionCode: '421100',
        planType: 'SPECIAL',
        version: 1,
        trigger: null,
        major: true,
      },
    ]);
    expect(approvals[0]).toMatchObject({ version: 1, approvedOn: '2026-09-17' });
    expect(issues).toEqual([
      {
        planId: drafted.id,
        ownerOrganisationId: HUANGGANG_EMERGENCY.id,
        regionCode: '421100',
        planType: 'SPECIAL',
        version: 1,
        issuedOn: '2026-09-18',
        supersededVersion: null,
        filingDueOn: '2026-10-22',
        evaluationDueOn: '2029-09-18',
      },
    ]);
  });

  it('edits the text of a draft until it is approved', async () => {
    standOn('2026-09-18');
    const drafted = await draftWithText(sut, { sections: null, attachments: null });
    expect((await read(drafted.id)).draftVersion).toMatchObject({
      sections: {
        organisationAndDuties: null,
        preventionAndWarning: null,
        responseProcedures: null,
        support: null,
        recovery: null,
      },
      attachments: [],
    });
    const edited = await lifecycle(sut, EDIT, 'editPlanDraft', {
      planId: drafted.id,
      sections: { organisationAndDuties: SECTIONS.organisationAndDuties, recovery: SECTIONS.recovery },
      attachments: ATTACHMENTS,
    });
    expect(edited.draftVersion).toMatchObject({
      version: 1,
      sections: { ...SECTIONS, preventionAndWarning: null, responseProcedures: null, support: null },
      attachments: ATTACHMENTS,
    });
    const [event] = await published<{ planId: string }>(PlanDraftEdited.type, (d) => d.planId === drafted.id);
    expect(event).toMatchObject({
      version: 1,
      changedSections: ['organisationAndDuties', 'recovery'],
      attachmentCount: 1,
    });
    expect(
      await sut.failure(EDIT, {
        input: { planId: drafted.id, attachments: [{ title: ' ', reference: 'x' }] },
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'attachments[0].title' });

    await lifecycle(sut, APPROVE, 'approvePlan', approveInput(drafted.id, '2026-09-18'));
    expect(
      await sut.failure(EDIT, { input: { planId: drafted.id, sections: { support: 'More boats.' } } }),
    ).toMatchObject({ code: 'PLAN_NO_OPEN_VERSION', field: 'planId' });
    expect((await read(drafted.id)).draftVersion?.sections.support).toBeNull();
  });

  it('files on the 20th working day in time, and a day later late', async () => {
    standOn('2026-09-18');
    const onTime = await issuedPlan(sut, '2026-09-18');
    const late = await issuedPlan(sut, '2026-09-18');
    standOn('2026-10-23');
    const filed = await lifecycle(sut, FILE, 'recordPlanFiling', fileInput(onTime.id, '2026-10-22'));
    expect(filed.currentVersion).toMatchObject({
      filedOn: '2026-10-22',
      filedWith: { id: HUBEI_EMERGENCY.id },
      filedLate: false,
      filingOverdue: false,
    });
    const filedLate = await lifecycle(sut, FILE, 'recordPlanFiling', fileInput(late.id, '2026-10-23'));
    expect(filedLate.currentVersion).toMatchObject({ filedOn: '2026-10-23', filedLate: true });
    const [first] = await published<{ late: boolean }>(PlanFiled.type, (d) => d.late === false);
    expect(first).toMatchObject({ filingDueOn: '2026-10-22', filedWithOrganisationId: HUBEI_EMERGENCY.id });
    await published(PlanFiled.type, (d: { planId: string; late: boolean }) => d.planId === late.id && d.late);

    // Filed once: a second filing of the same version is refused and changes nothing.
    expect(await sut.failure(FILE, { input: fileInput(onTime.id, '2026-10-23') })).toMatchObject({
      code: 'PLAN_VERSION_NOT_FILABLE',
      field: 'version',
    });
    expect((await read(onTime.id)).currentVersion?.filedOn).toBe('2026-10-22');
  });

  it('refuses a filing before issuance or in the future', async () => {
    standOn('2026-09-18');
    const plan = await issuedPlan(sut, '2026-09-18');
    expect(await sut.failure(FILE, { input: fileInput(plan.id, '2026-09-17') })).toMatchObject({
      code: 'PLAN_DATE_OUT_OF_ORDER',
      field: 'filedOn',
    });
    expect(await sut.failure(FILE, { input: fileInput(plan.id, '2026-09-19') })).toMatchObject({
      code: 'DATE_IN_FUTURE',
      field: 'filedOn',
    });
    expect((await read(plan.id)).currentVersion?.filedOn).toBeNull();
  });

  it('announces a filing overdue once, from the day after the due date', async () => {
    standOn('2026-09-18');
    const plan = await issuedPlan(sut, '2026-09-18', {
      ownerOrganisationId: TUANFENG_EMERGENCY.id,
      regionCode: '421121',
      level: 'COUNTY',
    });
    const scan = (date: string, time: string) => sut.app.get(PlanOverdueScan).scan(chinaInstant(date, time));
    await scan('2026-10-22', '23:59');
    standOn('2026-10-22', '23:59');
    expect((await read(plan.id)).currentVersion?.filingOverdue).toBe(false);
    const catalogue = async (overdue: string) =>
      (
        await sut.call<{ contingencyPlans: { edges: { node: { id: string } }[] } }>(CATALOGUE, {
          filter: { overdue, regionCode: '421121' },
        })
      ).contingencyPlans.edges.map((e) => e.node.id);
    expect(await catalogue('FILING')).not.toContain(plan.id);

    expect(await scan('2026-10-23', '00:00')).toBeGreaterThanOrEqual(1);
    await scan('2026-10-24', '00:00');
    const announced = await published<{ planId: string }>(
      PlanFilingOverdue.type,
      (d) => d.planId === plan.id,
    );
    expect(announced).toEqual([
      {
        planId: plan.id,
        ownerOrganisationId: TUANFENG_EMERGENCY.id,
        regionCode: '421121',
        planType: 'SPECIAL',
        version: 1,
        filingDueOn: '2026-10-22',
        detectedAt: chinaInstant('2026-10-23', '00:00').toISOString(),
      },
    ]);
    standOn('2026-10-23', '00:00');
    expect((await read(plan.id)).currentVersion?.filingOverdue).toBe(true);
    expect(await catalogue('FILING')).toContain(plan.id);
    expect(await catalogue('EVALUATION')).not.toContain(plan.id);

    const overdue = await sut.call<{
      overduePlans: {
        edges: { node: { plan: { id: string }; kind: string; dueOn: string; version: number } }[];
      };
    }>(OVERDUE, { regionCode: '421121', kind: 'FILING', asOf: '2026-10-23' }, identities.operator('421121'));
    expect(overdue.overduePlans.edges.map((e) => e.node)).toContainEqual({
      plan: { id: plan.id },
      kind: 'FILING',
      dueOn: '2026-10-22',
      version: 1,
    });
    const before = await sut.call<{ overduePlans: { edges: unknown[] } }>(OVERDUE, {
      regionCode: '421121',
      kind: 'FILING',
      asOf: '2026-10-22',
    });
    expect(before.overduePlans.edges).toHaveLength(0);
    // Another county's operator sees nothing of Tuanfeng's.
    const outside = await sut.call<{ overduePlans: { edges: unknown[] } }>(
      OVERDUE,
      { regionCode: '421121', asOf: '2026-10-23' },
      identities.operator('421102'),
    );
    expect(outside.overduePlans.edges).toHaveLength(0);
  });

  it('keeps the issued version in force while a revision is in draft; a major one is approved before issue', async () => {
    standOn('2026-09-18');
    const plan = await issuedPlan(sut, '2026-09-18');
    standOn('2026-11-02');
    const revising = await lifecycle(sut, REVISE, 'revisePlan', {
      planId: plan.id,
      trigger: 'RESPONSE_OR_DRILL_PROBLEMS',
      note: 'The October drill showed the warning chain too slow at night.',
      major: true,
      sections: { responseProcedures: 'Night duty raises the warning within 30 minutes.' },
    });
    expect(revising.status).toBe('ISSUED');
    expect(revising.currentVersion).toMatchObject({ version: 1, status: 'ISSUED' });
    expect(revising.draftVersion).toMatchObject({
      version: 2,
      status: 'DRAFT',
      revisionTrigger: 'RESPONSE_OR_DRILL_PROBLEMS',
      major: true,
      attachments: ATTACHMENTS,
      sections: { ...SECTIONS, responseProcedures: 'Night duty raises the warning within 30 minutes.' },
    });
    const [drafted] = await published<{ planId: string; version: number }>(
      PlanVersionDrafted.type,
      (d) => d.planId === plan.id && d.version === 2,
    );
    expect(drafted).toMatchObject({ trigger: 'RESPONSE_OR_DRILL_PROBLEMS', major: true });

    const versions = await sut.count('plan_version');
    expect(
      await sut.failure(REVISE, {
        input: { planId: plan.id, trigger: 'OTHER', note: 'again', major: false },
      }),
    ).toMatchObject({ code: 'PLAN_REVISION_OPEN', field: 'planId' });
    expect(await sut.count('plan_version')).toBe(versions);
    expect(await sut.failure(ISSUE, { input: { planId: plan.id, issuedOn: '2026-11-02' } })).toMatchObject({
      code: 'PLAN_APPROVAL_REQUIRED',
      field: 'planId',
    });
    expect((await read(plan.id)).currentVersion?.version).toBe(1);

    await lifecycle(sut, APPROVE, 'approvePlan', approveInput(plan.id, '2026-11-02'));
    const reissued = await lifecycle(sut, ISSUE, 'issuePlan', { planId: plan.id, issuedOn: '2026-11-02' });
    expect(reissued.currentVersion).toMatchObject({ version: 2, issuedOn: '2026-11-02' });
    expect(reissued.versions.edges.map((e) => e.node)).toEqual([
      { version: 2, status: 'ISSUED' },
      { version: 1, status: 'SUPERSEDED' },
    ]);
    expect(reissued.reviewDueOn).toBe('2029-11-02');
    const [issued] = await published<{ planId: string; version: number }>(
      PlanIssued.type,
      (d) => d.planId === plan.id && d.version === 2,
    );
    expect(issued).toMatchObject({ supersededVersion: 1 });

    // A minor revision may be issued from draft.
    await lifecycle(sut, REVISE, 'revisePlan', {
      planId: plan.id,
      trigger: 'OTHER_INFORMATION_CHANGED',
      note: 'New duty telephone numbers.',
      major: false,
    });
    const minor = await lifecycle(sut, ISSUE, 'issuePlan', { planId: plan.id, issuedOn: '2026-11-02' });
    expect(minor.currentVersion).toMatchObject({ version: 3, approvedOn: null, major: false });
  });

  it('refuses to revise or evaluate a plan not in force, and to approve without a draft', async () => {
    standOn('2026-09-18');
    const draft = await draftWithText(sut);
    expect(
      await sut.failure(REVISE, { input: { planId: draft.id, trigger: 'OTHER', note: 'n', major: true } }),
    ).toMatchObject({ code: 'PLAN_NOT_IN_FORCE', field: 'planId' });
    expect(
      await sut.failure(EVALUATE, {
        input: { planId: draft.id, evaluatedOn: '2026-09-18', conclusion: 'KEEP', findings: 'fine' },
      }),
    ).toMatchObject({ code: 'PLAN_NOT_IN_FORCE', field: 'planId' });
    const issued = await issuedPlan(sut, '2026-09-18');
    expect(await sut.failure(APPROVE, { input: approveInput(issued.id, '2026-09-18') })).toMatchObject({
      code: 'PLAN_NO_OPEN_VERSION',
      field: 'planId',
    });
    expect(
      await sut.failure(
        REVISE,
        { input: { planId: issued.id, trigger: 'OTHER', note: 'n', major: true } },
        identities.operator('421121'),
      ),
    ).toMatchObject({ code: 'PLAN_NOT_FOUND', field: 'planId' });
    expect(
      await sut.failure(APPROVE, { input: approveInput(draft.id, '2026-09-18') }, identities.auditor()),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect((await read(draft.id)).status).toBe('DRAFT');
  });

  it('records evaluations that set the next due date, and announces an evaluation overdue once', async () => {
    standOn('2023-03-01');
    const plan = await issuedPlan(sut, '2023-03-01', { title: 'Huanggang Earthquake Emergency Plan' });
    expect(plan.reviewDueOn).toBe('2026-03-01');
    const scan = (date: string) => sut.app.get(PlanOverdueScan).scan(chinaInstant(date, '00:00'));
    await scan('2026-03-01');
    await scan('2026-03-02');
    await scan('2026-03-03');
    const announced = await published<{ planId: string }>(
      PlanEvaluationOverdue.type,
      (d) => d.planId === plan.id,
    );
    expect(announced).toHaveLength(1);
    expect(announced[0]).toMatchObject({ evaluationDueOn: '2026-03-01' });
    const overdueForEvaluation = async (date: string) => {
      standOn(date);
      const { contingencyPlans } = await sut.call<{
        contingencyPlans: { edges: { node: { id: string } }[] };
      }>(CATALOGUE, { filter: { overdue: 'EVALUATION' } });
      return contingencyPlans.edges.map((e) => e.node.id);
    };
    expect(await overdueForEvaluation('2026-03-01')).not.toContain(plan.id);
    expect(await overdueForEvaluation('2026-03-02')).toContain(plan.id);

    standOn('2026-04-10');
    const { recordPlanEvaluation } = await sut.call<{ recordPlanEvaluation: Record<string, unknown> }>(
      EVALUATE,
      {
        input: {
          planId: plan.id,
          evaluatedOn: '2026-04-10',
          conclusion: 'REVISE',
          findings: 'Gauges moved.',
        },
      },
    );
    expect(recordPlanEvaluation).toMatchObject({
      dueOn: '2026-03-01',
      onTime: false,
      nextDueOn: '2029-04-10',
      conclusion: 'REVISE',
    });
    expect((await read(plan.id)).reviewDueOn).toBe('2029-04-10');
    expect(await scan('2026-04-11')).toBe(0);
  });

  it('measures filing and evaluation on time per owner', async () => {
    standOn('2026-09-18');
    const water = { ownerOrganisationId: HUANGGANG_WATER.id, planType: 'DEPARTMENT' };
    const filedInTime = await issuedPlan(sut, '2026-09-18', water);
    const filedLate = await issuedPlan(sut, '2026-09-18', water);
    await issuedPlan(sut, '2026-09-18', water); // never filed
    standOn('2026-10-23');
    await lifecycle(sut, FILE, 'recordPlanFiling', fileInput(filedInTime.id, '2026-10-22'));
    await lifecycle(sut, FILE, 'recordPlanFiling', fileInput(filedLate.id, '2026-10-23'));
    const year = { from: '2026-01-01', to: '2026-12-31' };
    const [filing] = await sut.app
      .get(PlansFiledOnTime)
      .measure([HUANGGANG_WATER.id], year, chinaInstant('2026-12-31', '12:00'));
    expect(filing).toMatchObject({ organisationId: HUANGGANG_WATER.id, due: 3, met: 1 });
    expect(filing!.unmet.map((u) => u.reason).sort()).toEqual([
      'filing due 2026-10-22, filed 2026-10-23',
      'filing due 2026-10-22, not filed',
    ]);
    // On the due date nothing unfiled counts yet.
    const [early] = await sut.app
      .get(PlansFiledOnTime)
      .measure([HUANGGANG_WATER.id], year, chinaInstant('2026-10-22', '12:00'));
    expect(early).toMatchObject({ due: 2, met: 1 });

    // Evaluation due 2026-09-18 + 3 years lies beyond 2026: nothing due.
    const evaluations = await sut.app
      .get(PlansEvaluatedOnTime)
      .measure([HUANGGANG_WATER.id], year, chinaInstant('2026-12-31', '12:00'));
    expect(evaluations).toEqual([]);
    const [in2029] = await sut.app
      .get(PlansEvaluatedOnTime)
      .measure([HUANGGANG_WATER.id], { from: '2029-01-01', to: '2029-12-31' }, chinaInstant('2030-01-01'));
    expect(in2029).toMatchObject({ due: 3, met: 0 });
  });

  it('retires a plan with its reason; a retired plan owes nothing and changes no more', async () => {
    standOn('2026-09-18');
    const plan = await issuedPlan(sut, '2026-09-18');
    standOn('2026-11-02');
    expect(
      await sut.failure(RETIRE, { input: { planId: plan.id, retiredOn: '2026-09-17', reason: 'merged' } }),
    ).toMatchObject({ code: 'PLAN_DATE_OUT_OF_ORDER', field: 'retiredOn' });
    const retired = await lifecycle(sut, RETIRE, 'retirePlan', {
      planId: plan.id,
      retiredOn: '2026-11-02',
      reason: 'Merged into the municipal flood and drought plan.',
    });
    expect(retired).toMatchObject({
      status: 'RETIRED',
      retiredOn: '2026-11-02',
      retiredReason: 'Merged into the municipal flood and drought plan.',
      currentVersion: null,
    });
    await published(PlanRetired.type, (d: { planId: string }) => d.planId === plan.id);
    expect(
      await sut.failure(REVISE, { input: { planId: plan.id, trigger: 'OTHER', note: 'n', major: true } }),
    ).toMatchObject({ code: 'PLAN_RETIRED', field: 'planId' });
    const overdue = await sut.call<{ overduePlans: { edges: { node: { plan: { id: string } } }[] } }>(
      OVERDUE,
      {
        regionCode: '421100',
        kind: 'FILING',
        first: 100,
      },
    );
    expect(overdue.overduePlans.edges.map((e) => e.node.plan.id)).not.toContain(plan.id);
  });

  it('pages the overdue plans of a region to the end, and filters the catalogue as the plan database asks', async () => {
    standOn('2026-06-01');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const plan = await issuedPlan(sut, '2026-06-01', {
        title: `Tuanfeng Township Plan ${i}`,
        planType: 'TOWNSHIP',
        level: 'TOWNSHIP',
        category: null,
        subcategories: [],
        ownerOrganisationId: TUANFENG_EMERGENCY.id,
        regionCode: '421121',
      });
      ids.push(plan.id);
    }
    // Filing was due on 30 June; on 1 July the three are overdue (with whatever else Tuanfeng owes).
    standOn('2026-07-01');
    const seen: { plan: { id: string }; kind: string; dueOn: string }[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 20; pages += 1) {
      const { overduePlans } = await sut.call<{
        overduePlans: {
          edges: { node: { plan: { id: string }; kind: string; dueOn: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(OVERDUE, { regionCode: '421121', asOf: '2026-07-01', first: 2, after });
      seen.push(...overduePlans.edges.map((e) => e.node));
      if (!overduePlans.pageInfo.hasNextPage) break;
      after = overduePlans.pageInfo.endCursor;
    }
    const ours = seen.filter((n) => ids.includes(n.plan.id));
    expect(ours).toHaveLength(3);
    expect(ours.every((n) => n.kind === 'FILING' && n.dueOn === '2026-06-30')).toBe(true);
    expect(new Set(seen.map((n) => `${n.plan.id}:${n.kind}`)).size).toBe(seen.length);
    expect(
      await sut.failure(OVERDUE, { regionCode: '421121', asOf: '2026-07-01', after: 'bogus' }),
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
    });

    const catalogue = async (filter: Record<string, unknown>) =>
      (
        await sut.call<{ contingencyPlans: { edges: { node: { id: string } }[] } }>(CATALOGUE, { filter })
      ).contingencyPlans.edges.map((e) => e.node.id);
    expect(await catalogue({ titleContains: 'township plan 1', regionCode: '421121' })).toEqual([ids[1]]);
    expect(await catalogue({ level: 'TOWNSHIP', planType: 'TOWNSHIP', status: 'ISSUED' })).toEqual(
      expect.arrayContaining(ids),
    );
    expect(await catalogue({ level: 'COUNTY', regionCode: '421121' })).not.toContain(ids[0]);
    expect(await catalogue({ titleContains: '100%_' })).toEqual([]);
  });

  it('lets an administrator replace a jurisdiction’s cycle rules, which then govern its plans', async () => {
    const national = await sut.call<{
      planCycleRules: { regionPrefix: string; filingWorkingDays: number }[];
    }>(RULES, { regionCode: '421100' });
    expect(national.planCycleRules).toHaveLength(7);
    expect(national.planCycleRules.every((r) => r.regionPrefix === '' && r.filingWorkingDays === 20)).toBe(
      true,
    );

    const rules = PLAN_TYPES.map((planType) => ({
      planType,
      filingWorkingDays: 15,
      evaluationYears: 2,
      source: 'Hubei provincial rule (test)',
    }));
    expect(
      await sut.failure(SET_RULES, { input: { regionPrefix: '4211', rules } }, identities.operator('421100')),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await sut.failure(SET_RULES, { input: { regionPrefix: '4211', rules: rules.slice(1) } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rules' });
    await sut.call(SET_RULES, { input: { regionPrefix: '4211', rules } });
    const inForce = await sut.call<{ planCycleRules: { regionPrefix: string }[] }>(RULES, {
      regionCode: '421121',
    });
    expect(inForce.planCycleRules.every((r) => r.regionPrefix === '4211')).toBe(true);

    standOn('2026-09-18');
    const plan = await issuedPlan(sut, '2026-09-18');
    expect(plan.currentVersion?.filingDueOn).toBe('2026-10-15');
    expect(plan.reviewDueOn).toBe('2028-09-18');

    await sut.call(SET_RULES, { input: { regionPrefix: '4211', rules: [] } });
    const back = await sut.call<{ planCycleRules: { regionPrefix: string }[] }>(RULES, {
      regionCode: '421121',
    });
    expect(back.planCycleRules.every((r) => r.regionPrefix === '')).toBe(true);
  });
});
