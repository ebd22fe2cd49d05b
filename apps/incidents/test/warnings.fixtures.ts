import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Identity } from '@emergency/auth';
import { identities, registerOrganisations, type TestSubgraph } from '@emergency/testing';
import { ISSUE_WARNING } from './warnings.operations';

/** 黄冈市人民政府: a prefecture's people's government. */
export const HUANGGANG_GOVERNMENT = '0000a001-0000-4000-8000-000000004211';
/** 团风县人民政府: a county's people's government. */
export const TUANFENG_GOVERNMENT = '0000a002-0000-4000-8000-000000421121';
/** 方高坪镇人民政府: a township government (below county). */
export const TOWNSHIP_GOVERNMENT = '0000a003-0000-4000-8000-000421121100';
/** The Huanggang meteorological bureau: not a government. */
export const MET_BUREAU = '0000a004-0000-4000-8000-000000004211';

export async function registerGovernments(sut: TestSubgraph): Promise<void> {
  await registerOrganisations(sut, [
    { id: HUANGGANG_GOVERNMENT, name: '黄冈市人民政府', regionCode: '421100', type: 'GOVERNMENT' },
    { id: TUANFENG_GOVERNMENT, name: '团风县人民政府', regionCode: '421121', type: 'GOVERNMENT' },
    { id: TOWNSHIP_GOVERNMENT, name: '方高坪镇人民政府', regionCode: '421121100', type: 'GOVERNMENT' },
    { id: MET_BUREAU, name: '黄冈市气象局', regionCode: '421100', type: 'FUNCTIONAL_DEPARTMENT' },
  ]);
}

export interface WarningMessage {
  sequence: number;
  identifier: string;
  msgType: string;
  level: string;
  sentAt: string;
  referencesIdentifier: string | null;
  reason: string | null;
  capXml: string;
}

export interface Warning {
  id: string;
  identifier: string;
  level: string;
  status: string;
  regionCode: string;
  onset: string;
  expires: string | null;
  liftedAt: string | null;
  capXml: string;
  incident: { id: string } | null;
  issuingOrganisation: { id: string };
  messages: WarningMessage[];
}

export const warningInput = (overrides: Record<string, unknown> = {}) => ({
  input: {
    category: 'NATURAL_DISASTER',
    subcategory: 'FLOOD',
    level: 'RED',
    issuingOrganisationId: HUANGGANG_GOVERNMENT,
    regionCode: '421100',
    areaDescription: '黄冈市团风县、浠水县、蕲春县沿举水、巴河流域',
    headline: '黄冈市人民政府发布暴雨红色预警',
    description: '预计未来24小时举水流域降雨量将达250毫米以上，可能发生洪涝和山洪。',
    instruction: '停止集会、停课、停业；转移低洼地带和危险区域人员。',
    onset: '2026-07-06T06:00:00+08:00',
    expires: '2026-07-08T06:00:00+08:00',
    ...overrides,
  },
});

export async function issueWarning(
  sut: TestSubgraph,
  overrides: Record<string, unknown> = {},
  identity: Identity = identities.admin(),
): Promise<Warning> {
  return (await sut.call<{ issueWarning: Warning }>(ISSUE_WARNING, warningInput(overrides), identity))
    .issueWarning;
}

const XSD = join(__dirname, 'schemas', 'CAP-v1.2.xsd');

/** xmllint's verdict on `xml` against the OASIS CAP 1.2 schema: exit status and output. */
export function validateCap(xml: string): { status: number | null; output: string } {
  const result = spawnSync('xmllint', ['--noout', '--schema', XSD, '-'], { input: xml, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The base URL of the subgraph (its GraphQL URL without `/graphql`). */
export const baseUrl = (sut: TestSubgraph) => sut.url.replace(/\/graphql$/, '');

export async function rowsOfWarnings(sut: TestSubgraph) {
  return {
    warnings: await sut.count('warning'),
    messages: await sut.count('warning_message'),
    outbox: await sut.count('outbox'),
  };
}
