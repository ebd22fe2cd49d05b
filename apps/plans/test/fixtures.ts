import type { Identity } from '@emergency/auth';
import {
  identities,
  registerOrganisations,
  startTestSubgraph,
  type OrganisationFixture,
  type TestSubgraph,
} from '@emergency/testing';
import { AppModule, DEFAULT_PORT, SERVICE } from '../src/app.module';

/** The plans subgraph for one test file, on a fresh database and topic prefix. */
export function startPlans(): Promise<TestSubgraph> {
  return startTestSubgraph(AppModule, SERVICE, DEFAULT_PORT, { LOG_LEVEL: 'error' });
}

export const HUBEI_EMERGENCY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000e0001',
  name: 'Hubei Provincial Emergency Management Department',
  regionCode: '420000',
};
export const HUANGGANG_EMERGENCY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000e0002',
  name: 'Huanggang Municipal Emergency Management Bureau',
  regionCode: '421100',
};

/** Plays the organisations service registering `organisations`, and waits until plans knows them. */
export const registerOwners = (sut: TestSubgraph, organisations: OrganisationFixture[]) =>
  registerOrganisations({ db: sut.db, topicPrefix: sut.topicPrefix }, organisations);

export interface Plan {
  id: string;
  title: string;
  planType: string;
  level: string;
  category: string | null;
  subcategories: string[];
  owner: { id: string };
  lead: { id: string };
  commandBody: string | null;
  parent: { id: string } | null;
  regionCode: string;
  jointRegionCodes: string[];
  status: string;
  reviewDueOn: string | null;
}

export const PLAN_FIELDS = `id title planType level category subcategories owner { id } lead { id } commandBody
  parent { id } regionCode jointRegionCodes status reviewDueOn`;

export const DRAFT_PLAN = `mutation($input: DraftContingencyPlanInput!) {
  draftContingencyPlan(input: $input) { ${PLAN_FIELDS} }
}`;

/** A plan draft's input: Huanggang's special plan for floods and droughts unless `overrides` says otherwise. */
export const planInput = (overrides: Record<string, unknown> = {}) => ({
  title: 'Huanggang Flood Control Emergency Plan',
  planType: 'SPECIAL',
  level: 'PREFECTURAL',
  category: 'NATURAL_DISASTER',
  subcategories: ['FLOOD', 'DROUGHT'],
  ownerOrganisationId: HUANGGANG_EMERGENCY.id,
  regionCode: '421100',
  reviewDueOn: '2027-06-30',
  ...overrides,
});

export async function draftPlan(
  sut: TestSubgraph,
  overrides: Record<string, unknown> = {},
  identity: Identity = identities.admin(),
): Promise<Plan> {
  const { draftContingencyPlan } = await sut.call<{ draftContingencyPlan: Plan }>(
    DRAFT_PLAN,
    { input: planInput(overrides) },
    identity,
  );
  return draftContingencyPlan;
}
