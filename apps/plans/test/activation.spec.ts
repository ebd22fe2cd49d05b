import { IncidentReportedV1Contract } from '@emergency/contracts';
import { eventually, identities, readTopic, standClockAt } from '@emergency/testing';
import {
  declared,
  deliverTwice,
  floodKey,
  floodPlans,
  graded,
  HUBEI_FLOOD_HQ,
  IncidentGraded,
  IncidentReported,
  IncidentResponseDeclared,
  IncidentResponseLifted,
  issuedPlan,
  lifted,
  play,
  PLANS_FOR_INCIDENT,
  reported,
  startActivation,
  stopActivation,
  TUANFENG_EMERGENCY,
  type ActivationWorld,
  type IncidentPlans,
} from './activation.fixtures';
import { lifecycle, RETIRE } from './plan-lifecycle.fixtures';
import { draftPlan, type Plan } from './fixtures';

/** Plans started by the incidents events the plans service reads. */
describe('plan activation by incidents', () => {
  let world: ActivationWorld;
  let plans: Awaited<ReturnType<typeof floodPlans>>;

  beforeAll(async () => {
    world = await startActivation();
    plans = await floodPlans(world.sut);
  }, 120_000);
  afterAll(() => stopActivation(world));

  const plansFor = async (incidentId: string, identity = identities.admin()) =>
    (await world.sut.call<{ plansForIncident: IncidentPlans }>(PLANS_FOR_INCIDENT, { incidentId }, identity))
      .plansForIncident;
  const activeOf = async (incidentId: string) =>
    (await plansFor(incidentId)).activations.map((a) => a.planId).sort();
  const ids = (...of: Plan[]) => of.map((p) => p.id).sort();
  const activationRows = async (incidentId: string) =>
    (
      await world.sut.db.query(
        `SELECT plan_id, deactivated_at IS NULL AS in_force, deactivation_reason FROM plan_activation
         WHERE incident_id = $1 ORDER BY activated_at, plan_id`,
        [incidentId],
      )
    ).rows as { plan_id: string; in_force: boolean; deactivation_reason: string | null }[];

  it('starts the county plan at IV, the provincial plan too at II, stands it down at IV and all when lifted', async () => {
    const reader = await readTopic(world.sut.topic);
    try {
      const key = floodKey();
      await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
      expect(await activeOf(key.incidentId)).toEqual(ids(plans.county));
      let answer = await plansFor(key.incidentId);
      expect(answer.activations[0]).toMatchObject({
        planId: plans.county.id,
        plan: { id: plans.county.id, title: 'Tuanfeng County Flood Control Plan' },
        level: 'IV',
        triggeredBy: 'IncidentReported',
        deactivatedAt: null,
      });
      expect(answer.lead).toEqual({
        activation: { planId: plans.county.id },
        planLevel: 'COUNTY',
        planType: 'SPECIAL',
        organisation: { id: TUANFENG_EMERGENCY.id },
        commandBody: '团风县防汛抗旱指挥部',
      });

      await play(world, IncidentResponseDeclared, key.incidentId, declared(key, 'II', null));
      expect(await activeOf(key.incidentId)).toEqual(ids(plans.county, plans.prefecture, plans.province));
      answer = await plansFor(key.incidentId);
      // The province's plan leads, through the lead organisation it names.
      expect(answer.lead).toEqual({
        activation: { planId: plans.province.id },
        planLevel: 'PROVINCIAL',
        planType: 'SPECIAL',
        organisation: { id: HUBEI_FLOOD_HQ.id },
        commandBody: '湖北省防汛抗旱指挥部',
      });
      expect(answer.activations.find((a) => a.planId === plans.province.id)).toMatchObject({
        level: 'II',
        triggeredBy: 'IncidentResponseDeclared',
        activatedAt: '2026-07-06T01:00:00.000Z',
      });

      await play(world, IncidentResponseDeclared, key.incidentId, declared(key, 'IV', 'II'));
      expect(await activeOf(key.incidentId)).toEqual(ids(plans.county));

      await play(world, IncidentResponseLifted, key.incidentId, lifted(key, 'IV'));
      expect(await plansFor(key.incidentId)).toEqual({
        incidentId: key.incidentId,
        activations: [],
        lead: null,
      });

      const byPlan = (a: { plan_id: string }, b: { plan_id: string }) => a.plan_id.localeCompare(b.plan_id);
      expect((await activationRows(key.incidentId)).sort(byPlan)).toEqual(
        [
          { plan_id: plans.county.id, in_force: false, deactivation_reason: 'RESPONSE_LIFTED' },
          { plan_id: plans.prefecture.id, in_force: false, deactivation_reason: 'LEVEL_BELOW_THRESHOLD' },
          { plan_id: plans.province.id, in_force: false, deactivation_reason: 'LEVEL_BELOW_THRESHOLD' },
        ].sort(byPlan),
      );

      // The neighbouring county's plan was never started.
      expect((await activationRows(key.incidentId)).map((r) => r.plan_id)).not.toContain(plans.neighbour.id);

      await eventually(async () => {
        const mine = reader.messages.filter((m) => m.key === key.incidentId);
        expect(mine.map((m) => m.headers.ce_type)).toEqual([
          'plans.PlanActivated.v1',
          'plans.PlanActivated.v1',
          'plans.PlanActivated.v1',
          'plans.PlanDeactivated.v1',
          'plans.PlanDeactivated.v1',
          'plans.PlanDeactivated.v1',
        ]);
        expect(mine.find((m) => (m.value as { planId: string }).planId === plans.province.id)?.value).toEqual(
          {
            activationId: expect.any(String),
            planId: plans.province.id,
            incidentId: key.incidentId,
            regionCode: '421121',
            category: 'NATURAL_DISASTER',
            subcategory: 'FLOOD',
            level: 'II',
            leadOrganisationId: HUBEI_FLOOD_HQ.id,
            activatedAt: '2026-07-06T01:00:00.000Z',
          },
        );
        expect(mine.at(-1)?.value).toMatchObject({ reason: 'RESPONSE_LIFTED', level: null });
      });
    } finally {
      await reader.stop();
    }
  });

  it('starts the prefecture plan when the incident is graded III, and an incident of the first contract version', async () => {
    const key = floodKey();
    await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
    await play(world, IncidentGraded, key.incidentId, graded(key, 'III'));
    expect(await activeOf(key.incidentId)).toEqual(ids(plans.county, plans.prefecture));
    expect(
      (await plansFor(key.incidentId)).activations.find((a) => a.planId === plans.prefecture.id),
    ).toMatchObject({ level: 'III', triggeredBy: 'IncidentGraded' });

    // The first version names no subcategory: only plans for the whole category (or every category) match it.
    const old = floodKey({ subcategory: null });
    const whole = await issuedPlan(world.sut, {
      title: 'Tuanfeng County Natural Disaster Plan',
      planType: 'SPECIAL',
      level: 'COUNTY',
      category: 'NATURAL_DISASTER',
      subcategories: [],
      regionCode: '421121',
      ownerOrganisationId: TUANFENG_EMERGENCY.id,
    });
    await play(world, IncidentReportedV1Contract, old.incidentId, {
      incidentId: old.incidentId,
      title: 'Ju River flood',
      category: 'NATURAL_DISASTER',
      severity: 'IV',
      regionCode: '421121',
      occurredAt: '2026-07-06T04:30:00+08:00',
    });
    expect(await activeOf(old.incidentId)).toEqual([whole.id]);
    await world.sut.db.query(`UPDATE contingency_plan SET status = 'RETIRED' WHERE id = $1`, [whole.id]);
  });

  it('does not start a plan that is not in force, nor one of another region', async () => {
    const key = floodKey({ regionCode: '421123' });
    const draft = await draftPlan(world.sut, {
      title: 'Luotian County Flood Control Plan (revision)',
      level: 'COUNTY',
      subcategories: ['FLOOD'],
      regionCode: '421123',
      ownerOrganisationId: plans.neighbour.owner.id,
    });
    await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
    // Luotian's plan in force starts; the draft and Tuanfeng's plan do not.
    expect(await activeOf(key.incidentId)).toEqual([plans.neighbour.id]);
    expect(await activationRows(key.incidentId)).not.toContainEqual(
      expect.objectContaining({ plan_id: draft.id }),
    );
  });

  it('starts a plan issued while a response is in force, and stands it down when it is retired', async () => {
    const key = floodKey();
    await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
    await play(world, IncidentResponseDeclared, key.incidentId, declared(key, 'III', null));
    standClockAt(world.sut, new Date('2026-07-06T12:00:00+08:00'));
    const late = await issuedPlan(
      world.sut,
      {
        title: 'Huanggang Urban Flood Plan',
        level: 'PREFECTURAL',
        subcategories: ['FLOOD'],
        regionCode: '421100',
      },
      '2026-07-06',
    );
    const activation = (await plansFor(key.incidentId)).activations.find((a) => a.planId === late.id);
    expect(activation).toMatchObject({
      level: 'III',
      triggeredBy: 'PlanIssued',
      activatedAt: '2026-07-06T04:00:00.000Z',
    });

    standClockAt(world.sut, new Date('2026-07-07T12:00:00+08:00'));
    await lifecycle(world.sut, RETIRE, 'retirePlan', {
      planId: late.id,
      retiredOn: '2026-07-07',
      reason: 'Merged into the municipal flood control plan',
    });
    expect((await activationRows(key.incidentId)).find((r) => r.plan_id === late.id)).toEqual({
      plan_id: late.id,
      in_force: false,
      deactivation_reason: 'NO_LONGER_APPLIES',
    });
  });

  it('starts nothing twice for an event delivered twice or a repeated declaration', async () => {
    const key = floodKey();
    await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
    await deliverTwice(world, IncidentResponseDeclared, key.incidentId, declared(key, 'II', null));
    // The same declaration again, under a new event id.
    await play(
      world,
      IncidentResponseDeclared,
      key.incidentId,
      declared(key, 'II', null, '2026-07-06T10:00:00+08:00'),
    );
    await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
    const rows = await activationRows(key.incidentId);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.in_force)).toBe(true);
    const events = await world.sut.db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE message_key = $1 AND event_type = 'plans.PlanActivated.v1'`,
      [key.incidentId],
    );
    expect(events.rows[0]).toEqual({ n: 3 });
  });

  it('shows an incident’s activations only within the caller’s jurisdiction', async () => {
    const key = floodKey();
    await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
    await play(world, IncidentResponseDeclared, key.incidentId, declared(key, 'II', null));
    const county = await plansFor(key.incidentId, identities.operator('421121'));
    expect(county.activations).toHaveLength(3);
    // The county sees that the provincial plan leads, though the plan itself lies outside its jurisdiction.
    expect(county.activations.find((a) => a.planId === plans.province.id)?.plan).toBeNull();
    expect(county.lead?.organisation).toEqual({ id: HUBEI_FLOOD_HQ.id });
    const neighbour = await plansFor(key.incidentId, identities.operator('421123'));
    expect(neighbour).toEqual({ incidentId: key.incidentId, activations: [], lead: null });
  });

  it('adds the plans in force to the incident entity and the activations to the plan', async () => {
    const key = floodKey();
    await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
    const { _entities } = await world.sut.call<{ _entities: { activatedPlans: { planId: string }[] }[] }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Incident { activatedPlans { planId } } } }`,
      { reps: [{ __typename: 'Incident', id: key.incidentId }] },
    );
    expect(_entities).toEqual([{ activatedPlans: [{ planId: plans.county.id }] }]);
    const { contingencyPlan } = await world.sut.call<{
      contingencyPlan: { activations: { edges: { node: { incident: { id: string } } }[] } };
    }>(
      `query($id: ID!) { contingencyPlan(id: $id) { activations(first: 100) { edges { node { incident { id } } } } } }`,
      { id: plans.county.id },
    );
    expect(contingencyPlan.activations.edges.map((e) => e.node.incident.id)).toContain(key.incidentId);
  });

  it('refuses an incident id that is not one', async () => {
    expect(await world.sut.failure(PLANS_FOR_INCIDENT, { incidentId: 'flood' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'incidentId',
    });
  });
});
