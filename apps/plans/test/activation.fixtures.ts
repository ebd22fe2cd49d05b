import { APPROVE, approveInput, ISSUE, lifecycle } from './plan-lifecycle.fixtures';
import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  IncidentGraded,
  IncidentReported,
  IncidentResponseDeclared,
  IncidentResponseLifted,
  type IncidentReportedV2,
} from '@emergency/contracts';
import { domainTopic, newEvent, toKafkaMessage, type EventContract } from '@emergency/events';
import {
  eventually,
  publishEvent,
  testProducer,
  type OrganisationFixture,
  type TestSubgraph,
} from '@emergency/testing';
import {
  draftPlan,
  HUANGGANG_EMERGENCY,
  HUBEI_EMERGENCY,
  registerOwners,
  startPlans,
  type Plan,
} from './fixtures';

export const TUANFENG_EMERGENCY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000e0003',
  name: 'Tuanfeng County Emergency Management Bureau',
  regionCode: '421121',
};
export const LUOTIAN_EMERGENCY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000e0004',
  name: 'Luotian County Emergency Management Bureau',
  regionCode: '421123',
};
export const HUBEI_FLOOD_HQ: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000e0005',
  name: 'Hubei Provincial Department of Water Resources',
  regionCode: '420000',
  type: 'FUNCTIONAL_DEPARTMENT',
};

/** The plans subgraph knowing the Hubei organisations, with the incidents topic to play that service on. */
export interface ActivationWorld {
  sut: TestSubgraph;
  producer: Producer;
  topic: string;
}

export async function startActivation(): Promise<ActivationWorld> {
  const sut = await startPlans();
  try {
    await registerOwners(sut, [
      HUBEI_EMERGENCY,
      HUANGGANG_EMERGENCY,
      TUANFENG_EMERGENCY,
      LUOTIAN_EMERGENCY,
      HUBEI_FLOOD_HQ,
    ]);
    return { sut, producer: await testProducer(), topic: domainTopic('incidents', sut.topicPrefix) };
  } catch (error) {
    await sut.stop();
    throw error;
  }
}

export async function stopActivation(world?: ActivationWorld) {
  await world?.producer.disconnect();
  await world?.sut.stop();
}

/** A plan in force: drafted, approved and issued on `issuedOn` through the plan lifecycle. */
export async function issuedPlan(
  sut: TestSubgraph,
  overrides: Record<string, unknown>,
  issuedOn = '2026-01-05',
): Promise<Plan> {
  const plan = await draftPlan(sut, overrides);
  await lifecycle(sut, APPROVE, 'approvePlan', approveInput(plan.id, issuedOn));
  await lifecycle(sut, ISSUE, 'issuePlan', { planId: plan.id, issuedOn });
  return { ...plan, status: 'ISSUED' };
}

/** The flood plans of Tuanfeng county, Huanggang, Hubei and the neighbouring Luotian county, all in force. */
export async function floodPlans(sut: TestSubgraph) {
  const special = { planType: 'SPECIAL', category: 'NATURAL_DISASTER', subcategories: ['FLOOD'] };
  return {
    county: await issuedPlan(sut, {
      ...special,
      title: 'Tuanfeng County Flood Control Plan',
      level: 'COUNTY',
      regionCode: '421121',
      ownerOrganisationId: TUANFENG_EMERGENCY.id,
      commandBody: '团风县防汛抗旱指挥部',
    }),
    prefecture: await issuedPlan(sut, {
      ...special,
      title: 'Huanggang Flood Control Plan',
      level: 'PREFECTURAL',
      regionCode: '421100',
      ownerOrganisationId: HUANGGANG_EMERGENCY.id,
      commandBody: '黄冈市防汛抗旱指挥部',
    }),
    province: await issuedPlan(sut, {
      ...special,
      title: 'Hubei Flood Control Plan',
      level: 'PROVINCIAL',
      regionCode: '420000',
      ownerOrganisationId: HUBEI_EMERGENCY.id,
      leadOrganisationId: HUBEI_FLOOD_HQ.id,
      commandBody: '湖北省防汛抗旱指挥部',
    }),
    neighbour: await issuedPlan(sut, {
      ...special,
      title: 'Luotian County Flood Control Plan',
      level: 'COUNTY',
      regionCode: '421123',
      ownerOrganisationId: LUOTIAN_EMERGENCY.id,
    }),
  };
}

/** The incident key every incidents lifecycle event carries: a flood in Tuanfeng county unless overridden. */
export const floodKey = (overrides: Partial<{ regionCode: string; subcategory: string | null }> = {}) => ({
  incidentId: randomUUID(),
  regionCode: '421121',
  category: 'NATURAL_DISASTER',
  subcategory: 'FLOOD' as string | null,
  ...overrides,
});
export type FloodKey = ReturnType<typeof floodKey>;

/** Plays the incidents service, and waits until the activation projection has applied the event. */
export async function play<T>(
  world: ActivationWorld,
  contract: EventContract<T>,
  incidentId: string,
  data: T,
) {
  const eventId = await publishEvent(world.producer, world.topic, contract, incidentId, data);
  await applied(world.sut, eventId);
  return eventId;
}

/** Delivers one event twice (the same id), as a broker may, and waits until it has been applied. */
export async function deliverTwice<T>(
  world: ActivationWorld,
  contract: EventContract<T>,
  incidentId: string,
  data: T,
) {
  const event = newEvent(contract, '/emergency/test', incidentId, data, { correlationId: randomUUID() });
  const message = toKafkaMessage(event);
  await world.producer.send({ topic: world.topic, acks: -1, messages: [message, message] });
  await applied(world.sut, event.id);
  return event.id;
}

/** Waits until `projector` has applied the event `eventId`. */
export async function applied(sut: TestSubgraph, eventId: string, projector = 'ActivationProjector') {
  await eventually(
    async () => {
      const { rows } = await sut.db.query(`SELECT 1 FROM inbox WHERE event_id = $1 AND consumer_group = $2`, [
        eventId,
        `${sut.topicPrefix}plans.${projector}`,
      ]);
      expect(rows).toHaveLength(1);
    },
    { timeoutMs: 30_000 },
  );
}

export const reported = (key: FloodKey, severity: 'I' | 'II' | 'III' | 'IV'): IncidentReportedV2 => ({
  incidentId: key.incidentId,
  title: 'Ju River flood',
  category: key.category,
  subcategory: key.subcategory,
  severity,
  regionCode: key.regionCode,
  occurredAt: '2026-07-06T04:30:00+08:00',
  reportingOrganisationId: TUANFENG_EMERGENCY.id,
  figures: {
    deaths: null,
    missing: null,
    injured: null,
    seriouslyInjured: null,
    relocated: 1200,
    needingRelief: null,
    housesCollapsed: null,
    housesSeverelyDamaged: null,
    housesDamaged: null,
    directLossFen: null,
    affectedAreaHectares: null,
  },
});

export const graded = (
  key: FloodKey,
  grade: 'I' | 'II' | 'III' | 'IV',
  previousGrade = 'IV' as typeof grade,
) => ({
  ...key,
  grade,
  previousGrade,
  suggestedGrade: null,
  decisionKind: 'REGRADED' as const,
  decidedAt: '2026-07-06T08:00:00+08:00',
});

export const declared = (
  key: FloodKey,
  level: 'I' | 'II' | 'III' | 'IV',
  previousLevel: 'I' | 'II' | 'III' | 'IV' | null,
  at = '2026-07-06T09:00:00+08:00',
) => ({
  ...key,
  level,
  previousLevel,
  declaringOrganisationId: HUBEI_EMERGENCY.id,
  declaredAt: at,
});

export const lifted = (key: FloodKey, level: 'I' | 'II' | 'III' | 'IV') => ({
  ...key,
  level,
  declaringOrganisationId: HUBEI_EMERGENCY.id,
  declaredAt: '2026-07-06T09:00:00+08:00',
  liftedAt: '2026-07-12T18:00:00+08:00',
  reason: 'The Ju River fell below the warning level',
});

export { IncidentGraded, IncidentReported, IncidentResponseDeclared, IncidentResponseLifted };

export const PLANS_FOR_INCIDENT = `query($incidentId: ID!) {
  plansForIncident(incidentId: $incidentId) {
    incidentId
    activations { id planId plan { id title } level activatedAt triggeredBy deactivatedAt }
    lead { activation { planId } planLevel planType organisation { id } commandBody }
  }
}`;

export interface IncidentPlans {
  incidentId: string;
  activations: {
    id: string;
    planId: string;
    plan: { id: string; title: string } | null;
    level: string;
    activatedAt: string;
    triggeredBy: string;
    deactivatedAt: string | null;
  }[];
  lead: {
    activation: { planId: string };
    planLevel: string;
    planType: string;
    organisation: { id: string } | null;
    commandBody: string | null;
  } | null;
}
