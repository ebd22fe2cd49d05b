import type { Identity } from '@emergency/auth';
import { identities, type OrganisationFixture, type TestSubgraph } from '@emergency/testing';
import { HUANGGANG_EMERGENCY, registerOwners } from './fixtures';

export const TUANFENG_WATER: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000f0001',
  name: 'Tuanfeng County Water Resources Bureau',
  regionCode: '421121',
};
export const TUANFENG_EMERGENCY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000f0002',
  name: 'Tuanfeng County Emergency Management Bureau',
  regionCode: '421121',
};
export const LUOTIAN_EMERGENCY: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000f0003',
  name: 'Luotian County Emergency Management Bureau',
  regionCode: '421123',
};
export const HONGAN_MINE: OrganisationFixture = {
  id: '00000000-0000-4000-8000-0000000f0004',
  name: 'Hong’an Quarry Co., Ltd.',
  regionCode: '421122',
};

/** People of the organisations service, by id only. */
export const KEEPER = '00000000-0000-4000-8000-00000000a001';
export const FIXER = '00000000-0000-4000-8000-00000000a002';
export const REVIEWER = '00000000-0000-4000-8000-00000000a003';

export const registerHazardOrganisations = (sut: TestSubgraph) =>
  registerOwners(sut, [
    HUANGGANG_EMERGENCY,
    TUANFENG_WATER,
    TUANFENG_EMERGENCY,
    LUOTIAN_EMERGENCY,
    HONGAN_MINE,
  ]);

export const tuanfengOperator = () => identities.operator('421121');
export const luotianOperator = () => identities.operator('421123');
export const huanggangOperator = () => identities.operator('421100');

export interface Hazard {
  id: string;
  kind: string;
  level: string;
  status: string;
  regionCode: string;
  place: string;
  fixedOnTheSpot: boolean;
  overdue: boolean;
  verifiedOn: string | null;
  closedOn: string | null;
  retainUntil: string | null;
  responsibleOrganisation: { id: string };
  supervisingOrganisation: { id: string } | null;
  rectification: {
    item: string;
    measures: string;
    fundsFen: string;
    responsiblePersonId: string;
    deadline: string;
    reviewerPersonId: string;
  } | null;
  history: { from: string | null; to: string; changedBy: string; note: string | null }[];
  verifications: { verifiedOn: string; result: string; reviewerPersonId: string }[];
  deadlineChanges: { previousDeadline: string; deadline: string; reason: string }[];
}

export const HAZARD_FIELDS = `id kind level status regionCode place fixedOnTheSpot overdue verifiedOn closedOn
  retainUntil responsibleOrganisation { id } supervisingOrganisation { id }
  rectification { item measures fundsFen responsiblePersonId deadline reviewerPersonId }
  history { from to changedBy note } verifications { verifiedOn result reviewerPersonId }
  deadlineChanges { previousDeadline deadline reason }`;

const mutation = (field: string, input: string) =>
  `mutation($input: ${input}!) { ${field}(input: $input) { ${HAZARD_FIELDS} } }`;

export const RECORD_HAZARD = mutation('recordHazard', 'RecordHazardInput');
export const REGISTER_HAZARD = mutation('registerHazard', 'RegisterHazardInput');
export const PLAN_RECTIFICATION = mutation('planHazardRectification', 'PlanHazardRectificationInput');
export const CHANGE_DEADLINE = mutation('changeHazardDeadline', 'ChangeHazardDeadlineInput');
export const VERIFY_HAZARD = mutation('verifyHazardRectification', 'VerifyHazardRectificationInput');
export const CLOSE_HAZARD = mutation('closeHazard', 'CloseHazardInput');
export const HAZARD = `query($id: ID!) { hazard(id: $id) { ${HAZARD_FIELDS} } }`;
export const HAZARDS = `query($filter: HazardFilter, $first: Int, $after: String) {
  hazards(filter: $filter, first: $first, after: $after) {
    edges { node { id } } pageInfo { hasNextPage endCursor }
  }
}`;
export const PAST_DEADLINE = `query($regionCode: String!, $asOf: String) {
  hazardsPastDeadline(regionCode: $regionCode, asOf: $asOf, first: 100) { edges { node { id } } }
}`;
export const SUMMARY = `query($regionCode: String!) {
  hazardSummary(regionCode: $regionCode) {
    regionCode total ordinary major byStatus { status count } overdue majorOverdue
  }
}`;
export const SET_RULES = `mutation($input: SetHazardRulesInput!) {
  setHazardRules(input: $input) { regionPrefix retentionYears ordinaryMaxDays source }
}`;
export const RULES_IN_FORCE = `query($regionCode: String!) {
  hazardRulesInForce(regionCode: $regionCode) { regionPrefix retentionYears ordinaryMaxDays source }
}`;

/** A hazard as found: a MAJOR seepage of a reservoir embankment on the Ju River unless `overrides` says otherwise. */
export const hazardInput = (overrides: Record<string, unknown> = {}) => ({
  kind: 'HIDDEN_DANGER',
  category: 'NATURAL_DISASTER',
  subcategory: 'FLOOD',
  place: '举水团风段白羊水库大坝背水坡',
  regionCode: '421121',
  latitude: 30.6431,
  longitude: 114.8722,
  level: 'MAJOR',
  description: '大坝背水坡出现集中渗水点，汛期高水位下有管涌风险。',
  responsibleOrganisationId: TUANFENG_WATER.id,
  responsiblePersonId: KEEPER,
  foundOn: '2026-09-01',
  foundByOrganisationId: TUANFENG_EMERGENCY.id,
  supervisingOrganisationId: HUANGGANG_EMERGENCY.id,
  ...overrides,
});

export const sixFixes = (hazardId: string, overrides: Record<string, unknown> = {}) => ({
  hazardId,
  item: '大坝背水坡渗水处理',
  measures: '开挖反滤导渗沟，铺设土工布和反滤料；汛期加密巡查。',
  fundsFen: '1250000000',
  responsiblePersonId: FIXER,
  deadline: '2026-09-30',
  reviewerPersonId: REVIEWER,
  ...overrides,
});

/** Drives a hazard through `mutations` as `identity`, returning it as the last one left it. */
export class HazardSteps {
  constructor(
    private readonly sut: TestSubgraph,
    private readonly identity: Identity = identities.admin(),
  ) {}

  private async run(query: string, input: Record<string, unknown>): Promise<Hazard> {
    const data = await this.sut.call<Record<string, Hazard>>(query, { input }, this.identity);
    return Object.values(data)[0]!;
  }

  record = (overrides: Record<string, unknown> = {}) => this.run(RECORD_HAZARD, hazardInput(overrides));
  register = (hazardId: string) => this.run(REGISTER_HAZARD, { hazardId });
  plan = (hazardId: string, overrides: Record<string, unknown> = {}) =>
    this.run(PLAN_RECTIFICATION, sixFixes(hazardId, overrides));
  verify = (hazardId: string, verifiedOn: string, result = 'PASSED', reviewerPersonId = REVIEWER) =>
    this.run(VERIFY_HAZARD, { hazardId, verifiedOn, result, reviewerPersonId });
  close = (hazardId: string, closedOn: string) => this.run(CLOSE_HAZARD, { hazardId, closedOn });
  changeDeadline = (hazardId: string, deadline: string, reason: string) =>
    this.run(CHANGE_DEADLINE, { hazardId, deadline, reason });

  /** Recorded, registered and being rectified under its six fixes. */
  async rectifying(overrides: Record<string, unknown> = {}, fixes: Record<string, unknown> = {}) {
    const { id } = await this.record(overrides);
    await this.register(id);
    return this.plan(id, fixes);
  }
}
