import type { Identity } from '@emergency/auth';
import { identities, type TestSubgraph } from '@emergency/testing';
import {
  registerOrganisation,
  registerPerson,
  startWithEvents,
  unique,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import {
  DESIGNATE,
  INSPECT,
  LIST,
  type Connection,
  type Inspection,
  type Site,
} from './demonstration-sites.operations';

/** A demonstration site spec file's subgraph, its event reader, Tuanfeng's office and an inspector of it. */
export function startDemonstrationSites() {
  return startWithEvents('421100', async (sut) => {
    const tuanfeng = await registerOrganisation(sut, { regionCode: '421121' });
    return { tuanfeng, inspector: await registerPerson(sut, tuanfeng.id, { post: '减灾科科长' }) };
  });
}

/** The villages of Tuanfeng county, one for each test that lists sites, so no other test's sites show up. */
export async function tuanfengVillages(sut: TestSubgraph): Promise<string[]> {
  const { rows } = await sut.db.query(
    `SELECT code FROM region WHERE level = 'VILLAGE' AND code LIKE '421121%' ORDER BY code LIMIT 40`,
  );
  return (rows as { code: string }[]).map((r) => r.code);
}

/** A national village site of 临江铺村 designated on 2024-05-12, unless `changes` say otherwise. */
export const siteDesignation = (organisationId: string, changes: Record<string, unknown> = {}) => ({
  name: unique('临江铺村综合减灾示范社区'),
  kind: 'VILLAGE',
  level: 'NATIONAL',
  regionCode: '421121100201',
  organisationId,
  designatedOn: '2024-05-12',
  ...changes,
});

export async function designateSite(
  sut: TestSubgraph,
  organisationId: string,
  changes: Record<string, unknown> = {},
  identity = identities.admin(),
): Promise<Site> {
  const { designateDemonstrationSite } = await sut.call<{ designateDemonstrationSite: Site }>(
    DESIGNATE,
    { input: siteDesignation(organisationId, changes) },
    identity,
  );
  return designateDemonstrationSite;
}

/** A passed inspection on 2025-06-30 by `inspectorId`, unless `changes` say otherwise. */
export const siteInspection = (
  siteId: string,
  inspectorId: string,
  changes: Record<string, unknown> = {},
) => ({
  siteId,
  inspectedOn: '2025-06-30',
  inspectorId,
  result: 'PASSED',
  findings: '应急预案、避难场所、物资储备均符合示范社区标准',
  ...changes,
});

export async function inspectSite(
  sut: TestSubgraph,
  siteId: string,
  inspectorId: string,
  changes: Record<string, unknown> = {},
  identity = identities.admin(),
): Promise<Inspection> {
  const { recordDemonstrationSiteInspection } = await sut.call<{
    recordDemonstrationSiteInspection: Inspection;
  }>(INSPECT, { input: siteInspection(siteId, inspectorId, changes) }, identity);
  return recordDemonstrationSiteInspection;
}

export async function listSites(
  sut: TestSubgraph,
  filter: Record<string, unknown>,
  identity = identities.admin(),
) {
  const { demonstrationSites } = await sut.call<{ demonstrationSites: Connection<Site> }>(
    LIST,
    { filter, first: 100 },
    identity,
  );
  return demonstrationSites.edges.map((e) => e.node);
}

/**
 * A spec file's demonstration site steps, read through `world` once its `beforeAll` has run: Tuanfeng's office
 * designates the sites and its inspector inspects them.
 */
export function demonstrationSiteSteps(
  world: () => { sut: TestSubgraph; tuanfeng: OrganisationRef; inspector: PersonRef },
) {
  return {
    siteInput: (changes?: Record<string, unknown>) => siteDesignation(world().tuanfeng.id, changes),
    designate: (changes?: Record<string, unknown>, identity?: Identity) =>
      designateSite(world().sut, world().tuanfeng.id, changes, identity),
    inspectionInput: (siteId: string, changes?: Record<string, unknown>) =>
      siteInspection(siteId, world().inspector.id, changes),
    inspect: (siteId: string, changes?: Record<string, unknown>, identity?: Identity) =>
      inspectSite(world().sut, siteId, world().inspector.id, changes, identity),
    list: (filter: Record<string, unknown>, identity?: Identity) => listSites(world().sut, filter, identity),
  };
}
