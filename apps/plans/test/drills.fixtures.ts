import type { Identity } from '@emergency/auth';
import {
  eventually,
  identities,
  type OrganisationFixture,
  type TestSubgraph,
  type TopicReader,
} from '@emergency/testing';
import { HUANGGANG_EMERGENCY, registerOwners } from './fixtures';

const org = (n: number, name: string, regionCode: string, type: string): OrganisationFixture => ({
  id: `00000000-0000-4000-8000-0000000d${String(n).padStart(4, '0')}`,
  name,
  regionCode,
  type,
});

export const HUANGGANG_OFFICE = { ...HUANGGANG_EMERGENCY, type: 'EMERGENCY_MANAGEMENT_OFFICE' };
export const TUANFENG_GOVERNMENT = org(1, 'Tuanfeng County People’s Government', '421121', 'GOVERNMENT');
export const WUXUE_GOVERNMENT = org(2, 'Wuxue Municipal People’s Government', '421182', 'GOVERNMENT');
export const WUXUE_CHEMICALS = org(3, 'Wuxue Chemical Works Co., Ltd.', '421182', 'ENTERPRISE');
export const WUXUE_HOTEL = org(4, 'Wuxue Riverside Hotel Co., Ltd.', '421182', 'ENTERPRISE');
export const WUXUE_SCHOOL = org(5, 'Wuxue No. 1 Middle School', '421182', 'SCHOOL');
export const THIRD_PARTY = org(6, 'Hubei Safety Evaluation Centre', '420000', 'ENTERPRISE');
export const TUANFENG_WATER = org(
  7,
  'Tuanfeng County Water Resources Bureau',
  '421121',
  'FUNCTIONAL_DEPARTMENT',
);
export const WUXUE_MINE = org(8, 'Wuxue Limestone Mine Co., Ltd.', '421182', 'ENTERPRISE');
export const QICHUN_GOVERNMENT = org(9, 'Qichun County People’s Government', '421126', 'GOVERNMENT');
export const QICHUN_TRANSPORT = org(10, 'Qichun County Transport Bureau', '421126', 'FUNCTIONAL_DEPARTMENT');
/** A rescue team and a person of the organisations subgraph, by id only. */
export const RESCUE_TEAM_ID = '00000000-0000-4000-8000-0000000d1001';
export const PERSON_ID = '00000000-0000-4000-8000-0000000d1002';

export const registerDrillOrganisations = (sut: TestSubgraph) =>
  registerOwners(sut, [
    HUANGGANG_OFFICE,
    TUANFENG_GOVERNMENT,
    WUXUE_GOVERNMENT,
    WUXUE_CHEMICALS,
    WUXUE_HOTEL,
    WUXUE_SCHOOL,
    THIRD_PARTY,
    TUANFENG_WATER,
    WUXUE_MINE,
    QICHUN_GOVERNMENT,
    QICHUN_TRANSPORT,
  ]);

export interface Drill {
  id: string;
  form: string;
  content: string;
  purpose: string;
  plans: { id: string }[];
  organiser: { id: string };
  participants: { kind: string; participantId: string; role: string }[];
  scenario: string;
  scheduledOn: string;
  heldOn: string | null;
  regionCode: string;
  place: string;
  status: string;
  evaluation: { category: string; rating: number; notes: string }[];
  evaluator: { id: string } | null;
  thirdPartyEvaluation: boolean | null;
  findings: Finding[];
  summary: Record<string, string> | null;
}

export interface Action {
  id: string;
  dueOn: string;
  status: string;
  doneOn: string | null;
  overdue: boolean;
  owner: { id: string };
}

export interface Task {
  id: string;
  planId: string;
  status: string;
  planStatusAtOpening: string;
  versionAtOpening: number;
  revisedInVersion: number | null;
  reason: string | null;
  reasonText: string | null;
}

export interface Finding {
  id: string;
  category: string;
  severity: string;
  description: string;
  improvementActions: Action[];
  revisionTask: Task | null;
}

export const planDrillInput = (planIds: string[], overrides: Record<string, unknown> = {}) => ({
  form: 'LIVE',
  content: 'COMPREHENSIVE',
  purpose: 'TESTING',
  planIds,
  organiserOrganisationId: HUANGGANG_OFFICE.id,
  participants: [
    { kind: 'ORGANISATION', participantId: TUANFENG_GOVERNMENT.id, role: 'county command' },
    { kind: 'RESCUE_TEAM', participantId: RESCUE_TEAM_ID, role: 'dike breach closure' },
    { kind: 'PERSON', participantId: PERSON_ID, role: 'on-site commander' },
  ],
  scenario:
    'The Ju River rises above the guaranteed level at Tuanfeng; a dike seeps and villages must evacuate.',
  scheduledOn: '2026-06-15',
  regionCode: '421121',
  place: 'Ju River dike, Tuanfeng county town',
  ...overrides,
});

export const ALL_CATEGORIES = [
  'EXECUTION',
  'PLAN_SOUNDNESS',
  'COMMAND_AND_COORDINATION',
  'RESPONDERS',
  'EQUIPMENT',
  'RECOMMENDATIONS',
].map((category, i) => ({ category, rating: 3 + (i % 3), notes: `${category.toLowerCase()} notes` }));

export const SUMMARY = {
  purpose: 'Test the flood plan’s evacuation and dike-breach procedures',
  timeAndPlace: '15 June 2026, Ju River dike, Tuanfeng',
  participants: 'Huanggang office, Tuanfeng government, a rescue team',
  scenarioSummary: 'Seepage at the dike, evacuation of three villages',
  problemsAndCauses: 'Warnings reached two villages late: the relay list was outdated',
  lessons: 'Keep the relay list with the village officers’ register',
  improvements: 'Revise the warning section of the flood plan; train the village officers',
};

export const asCounty = (): Identity => identities.operator('421121');

/** The data of the event of `type` (e.g. 'plans.DrillHeld.v1') that `match` picks, once it arrives. */
export async function publishedData<T = Record<string, unknown>>(
  reader: TopicReader,
  type: string,
  match: (data: T) => boolean,
): Promise<T> {
  return eventually(
    async () => {
      const found = reader.messages.find((m) => m.headers.ce_type === type && match(m.value as T));
      if (!found) throw new Error(`no ${type} event yet`);
      return found.value as T;
    },
    { timeoutMs: 20_000 },
  );
}
