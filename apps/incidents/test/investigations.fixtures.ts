import { registerOrganisations, type TestSubgraph } from '@emergency/testing';
import { COUNTY_BUREAU } from './fixtures';

export const STATE_COUNCIL = '0000b001-0000-4000-8000-000000100000';
export const HUBEI_GOVERNMENT = '0000b002-0000-4000-8000-000000420000';
export const HUANGGANG_CITY = '0000b003-0000-4000-8000-000000421100';
export const TUANFENG_COUNTY = '0000b004-0000-4000-8000-000000421121';
export const WUHAN_CITY = '0000b005-0000-4000-8000-000000420100';
export const SAFETY_BUREAU = '0000b006-0000-4000-8000-000000421100';

export async function registerInvestigators(sut: TestSubgraph): Promise<void> {
  await registerOrganisations(sut, [
    { id: STATE_COUNCIL, name: '国务院', regionCode: '100000', type: 'GOVERNMENT' },
    { id: HUBEI_GOVERNMENT, name: '湖北省人民政府', regionCode: '420000', type: 'GOVERNMENT' },
    { id: HUANGGANG_CITY, name: '黄冈市人民政府', regionCode: '421100', type: 'GOVERNMENT' },
    { id: TUANFENG_COUNTY, name: '团风县人民政府', regionCode: '421121', type: 'GOVERNMENT' },
    { id: WUHAN_CITY, name: '武汉市人民政府', regionCode: '420100', type: 'GOVERNMENT' },
    {
      id: SAFETY_BUREAU,
      name: '黄冈市应急管理局',
      regionCode: '421100',
      type: 'EMERGENCY_MANAGEMENT_OFFICE',
    },
  ]);
}

export interface Investigation {
  id: string;
  grade: string;
  status: string;
  openedOn: string;
  reportDueOn: string;
  extensionDays: number | null;
  submittedOn: string | null;
  submittedLate: boolean | null;
  reportOverdue: boolean;
  replyDueOn: string | null;
  replyExtensionDays: number;
  replyExtendedDays: number | null;
  replyExtensionReason: string | null;
  replyOverdue: boolean;
  repliedOn: string | null;
  leadOrganisation: { id: string };
  team: { organisation: { id: string }; role: string }[];
  rectificationItems: {
    id: string;
    text: string;
    ownerOrganisation: { id: string };
    dueOn: string;
    status: string;
    overdue: boolean;
  }[];
}

export const openInput = (incidentId: string, overrides: Record<string, unknown> = {}) => ({
  input: {
    incidentId,
    leadOrganisationId: HUANGGANG_CITY,
    team: [
      { organisationId: SAFETY_BUREAU, role: '应急管理部门' },
      { organisationId: COUNTY_BUREAU, role: '县级应急管理部门' },
    ],
    openedOn: '2026-08-01',
    ...overrides,
  },
});

export const reportInput = (investigationId: string, overrides: Record<string, unknown> = {}) => ({
  input: {
    investigationId,
    course: '7月6日凌晨举水上游降特大暴雨，团风县城区内涝。',
    causes: '降雨超过排涝能力；预警响应迟缓。',
    losses: '直接经济损失约1.2亿元。',
    responsibility: '县排涝管理部门未按预案启动泵站。',
    lessons: '加强城区排涝设施建设和预警响应演练。',
    measures: [
      { text: '新建城区排涝泵站', ownerOrganisationId: TUANFENG_COUNTY, dueOn: '2026-12-31' },
      { text: '修订县防汛应急预案', ownerOrganisationId: SAFETY_BUREAU, dueOn: '2026-10-31' },
    ],
    submittedOn: '2026-09-30',
    ...overrides,
  },
});

export async function writtenByInvestigations(sut: TestSubgraph) {
  return {
    investigations: await sut.count('investigation'),
    team: await sut.count('investigation_team_member'),
    items: await sut.count('rectification_item'),
    rules: await sut.count('investigation_rule'),
    outbox: await sut.count('outbox'),
  };
}
