import { DemonstrationSiteDesignated } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { chinaToday } from '@emergency/domain';
import {
  demonstrationSiteSteps,
  startDemonstrationSites,
  tuanfengVillages,
} from './demonstration-sites.fixtures';
import {
  DESIGNATE,
  ENTITIES,
  GET,
  LIST,
  OF_ORGANISATION,
  type Connection,
  type Site,
} from './demonstration-sites.operations';
import {
  daysFromToday,
  eventsOn,
  reading,
  registerOrganisation,
  statementsDuring,
  stopAll,
  unique,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import { DISSOLVE_ORGANISATION } from './organisations.operations';

/** Demonstration sites against the real PostgreSQL and broker: designating them, and finding and listing them. */
describe('demonstration sites', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;
  let inspector: PersonRef;
  let villages: string[];

  beforeAll(async () => {
    ({ sut, events, tuanfeng, inspector } = await startDemonstrationSites());
    villages = await tuanfengVillages(sut);
  }, 120_000);
  afterAll(() => stopAll(events, sut));

  const freshVillage = () => {
    const code = villages.shift();
    if (!code) throw new Error('no village codes left for this file');
    return code;
  };
  const { of: eventsOf } = eventsOn(() => ({ sut, events }));
  const { siteInput, designate, inspect, list } = demonstrationSiteSteps(() => ({
    sut,
    tuanfeng,
    inspector,
  }));

  describe('designating', () => {
    it('designates a site in a village and publishes DemonstrationSiteDesignated', async () => {
      const name = unique('临江铺村全国综合减灾示范社区');
      const site = await designate({ name: `  ${name} ` }, identities.operator('421121'));
      expect(site).toMatchObject({
        name,
        kind: 'VILLAGE',
        level: 'NATIONAL',
        regionCode: '421121100201',
        region: { name: '临江铺村民委员会', level: 'VILLAGE' },
        organisation: { id: tuanfeng.id },
        designatedOn: '2024-05-12',
        status: 'DESIGNATED',
        revokedOn: null,
        lastInspection: null,
        // Designated more than a year ago and never inspected: its first inspection is overdue.
        inspectionOverdue: true,
      });
      const [event] = await eventually(async () => {
        const found = eventsOf(site.id, DemonstrationSiteDesignated.type);
        expect(found).toHaveLength(1);
        return found;
      });
      expect(event.value).toEqual({
        siteId: site.id,
        name,
        kind: 'VILLAGE',
        level: 'NATIONAL',
        regionCode: '421121100201',
        organisationId: tuanfeng.id,
        designatedOn: '2024-05-12',
      });
    });

    it('designates a city under a prefecture organisation, designated today', async () => {
      const prefecture = await registerOrganisation(sut, { regionCode: '421100' });
      const site = await designate({
        name: unique('黄冈市安全发展示范城市'),
        kind: 'CITY',
        level: 'PROVINCIAL',
        regionCode: '421100',
        organisationId: prefecture.id,
        designatedOn: chinaToday(),
      });
      expect(site).toMatchObject({
        regionCode: '421100',
        region: { level: 'PREFECTURE' },
        designatedOn: chinaToday(),
      });
    });

    it.each([
      ['an unknown region', () => ({ regionCode: '421121100999' }), 'REGION_NOT_FOUND', 'regionCode'],
      ['a malformed region', () => ({ regionCode: '42112' }), 'INVALID_REGION_CODE', 'regionCode'],
      [
        'a designation in the future',
        () => ({ designatedOn: daysFromToday(1) }),
        'DATE_IN_FUTURE',
        'designatedOn',
      ],
      [
        'an impossible designation day',
        () => ({ designatedOn: '2024-02-30' }),
        'INVALID_DATE',
        'designatedOn',
      ],
      ['a blank name', () => ({ name: ' ' }), 'BAD_USER_INPUT', 'name'],
      [
        'an organisation that does not exist',
        () => ({ organisationId: '00000000-0000-4000-8000-000000000000' }),
        'NOT_FOUND',
        'organisationId',
      ],
      [
        'a region outside the organisation’s',
        () => ({ regionCode: '421123' }),
        'ORGANISATION_OUTSIDE_SITE_REGION',
        'organisationId',
      ],
    ])('refuses %s, writing nothing', async (_label, change, code, field) => {
      const before = await sut.count('demonstration_site');
      const outbox = await sut.count('outbox');
      expect(await sut.failure(DESIGNATE, { input: siteInput(change()) })).toMatchObject({ code, field });
      expect(await sut.count('demonstration_site')).toBe(before);
      expect(await sut.count('outbox')).toBe(outbox);
    });

    it('refuses an organisation below the site’s region and a dissolved one, writing nothing', async () => {
      const township = await registerOrganisation(sut, { regionCode: '421121100', type: 'GOVERNMENT' });
      const dissolved = await registerOrganisation(sut, { regionCode: '421121' });
      await sut.call(DISSOLVE_ORGANISATION, {
        input: { id: dissolved.id, reason: 'Merged' },
      });
      const before = await sut.count('demonstration_site');
      expect(
        await sut.failure(DESIGNATE, {
          input: siteInput({ regionCode: '421121', organisationId: township.id }),
        }),
      ).toMatchObject({ code: 'ORGANISATION_OUTSIDE_SITE_REGION', field: 'organisationId' });
      expect(
        await sut.failure(DESIGNATE, { input: siteInput({ organisationId: dissolved.id }) }),
      ).toMatchObject({
        code: 'ORGANISATION_DISSOLVED',
        field: 'organisationId',
      });
      expect(await sut.count('demonstration_site')).toBe(before);
    });

    it('refuses an operator designating outside its county, and auditors altogether', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const before = await sut.count('demonstration_site');
      expect(
        await sut.failure(
          DESIGNATE,
          { input: siteInput({ regionCode: '421123', organisationId: luotian.id }) },
          identities.operator('421121'),
        ),
      ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'regionCode' });
      expect(await sut.failure(DESIGNATE, { input: siteInput() }, identities.auditor())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await sut.count('demonstration_site')).toBe(before);
    });
  });

  describe('listing', () => {
    it('pages through sites by name, then id, without gaps or repeats', async () => {
      const village = freshVillage();
      const names = ['丙社区', '甲社区', '乙社区', '甲社区', '丁社区'];
      const created: Site[] = [];
      for (const name of names) created.push(await designate({ name, regionCode: village }));
      const seen: Site[] = [];
      let after: string | null = null;
      do {
        const page: { demonstrationSites: Connection<Site> } = await sut.call(LIST, {
          filter: { regionCode: village },
          first: 2,
          after,
        });
        seen.push(...page.demonstrationSites.edges.map((e) => e.node));
        after = page.demonstrationSites.pageInfo.hasNextPage
          ? page.demonstrationSites.pageInfo.endCursor
          : null;
      } while (after);
      const { rows } = await sut.db.query(
        `SELECT id::text FROM demonstration_site WHERE region_code = $1 ORDER BY name, id`,
        [village],
      );
      expect(seen.map((s) => s.id)).toEqual((rows as { id: string }[]).map((r) => r.id));
      expect(new Set(seen.map((s) => s.id))).toEqual(new Set(created.map((s) => s.id)));
    });

    it('filters by kind, level, status and overdue inspection (more than 365 days, China Standard Time)', async () => {
      const village = freshVillage();
      const longAgo = daysFromToday(-800);
      const never = await designate({ regionCode: village, designatedOn: longAgo, kind: 'SCHOOL' });
      // Its first year runs from the designation.
      const recent = await designate({ regionCode: village, designatedOn: daysFromToday(-30) });
      const yearAndADay = await designate({ regionCode: village, designatedOn: longAgo, level: 'COUNTY' });
      await inspect(yearAndADay.id, { inspectedOn: daysFromToday(-366) });
      const exactlyAYear = await designate({ regionCode: village, designatedOn: longAgo });
      await inspect(exactlyAYear.id, { inspectedOn: daysFromToday(-365) });
      const revoked = await designate({ regionCode: village, designatedOn: longAgo });
      await inspect(revoked.id, { inspectedOn: daysFromToday(-400), result: 'FAILED' });
      const rectifying = await designate({ regionCode: village, designatedOn: longAgo });
      await inspect(rectifying.id, {
        inspectedOn: daysFromToday(-10),
        result: 'RECTIFICATION_REQUIRED',
        rectificationDueOn: daysFromToday(20),
      });
      const ids = async (filter: Record<string, unknown>) =>
        (await list({ regionCode: village, ...filter })).map((s) => s.id).sort();
      const sorted = (...sites: Site[]) => sites.map((s) => s.id).sort();

      expect(await ids({ inspectionOverdue: true })).toEqual(sorted(never, yearAndADay));
      expect(await ids({ inspectionOverdue: false })).toEqual(
        sorted(recent, exactlyAYear, revoked, rectifying),
      );
      expect(await ids({ kind: 'SCHOOL' })).toEqual(sorted(never));
      expect(await ids({ level: 'COUNTY' })).toEqual(sorted(yearAndADay));
      expect(await ids({ status: 'REVOKED' })).toEqual(sorted(revoked));
      expect(await ids({ status: 'UNDER_RECTIFICATION', inspectionOverdue: false })).toEqual(
        sorted(rectifying),
      );
      const flags = Object.fromEntries(
        (await list({ regionCode: village })).map((s) => [s.id, s.inspectionOverdue]),
      );
      expect(flags).toEqual({
        [never.id]: true,
        [recent.id]: false,
        [yearAndADay.id]: true,
        [exactlyAYear.id]: false,
        [revoked.id]: false,
        [rectifying.id]: false,
      });
    });

    it('loads the last inspection of every listed site with one statement', async () => {
      const village = freshVillage();
      const sites: Site[] = [];
      for (let i = 0; i < 6; i++) sites.push(await designate({ regionCode: village }));
      const latest = new Map<string, string>();
      for (const site of sites.slice(0, 5)) {
        await inspect(site.id, { inspectedOn: '2025-01-15' });
        latest.set(site.id, (await inspect(site.id, { inspectedOn: '2025-02-15' })).id);
      }
      let listed!: Site[];
      const statements = await statementsDuring(async () => {
        listed = await list({ regionCode: village });
      });
      expect(statements.filter(reading('demonstration_site_inspection'))).toHaveLength(1);
      expect(listed).toHaveLength(6);
      for (const site of listed) expect(site.lastInspection?.id ?? null).toBe(latest.get(site.id) ?? null);
    });

    it('shows an operator only its jurisdiction, with the responsible organisation even when above it', async () => {
      const prefecture = await registerOrganisation(sut, { regionCode: '421100' });
      const village = freshVillage();
      const site = await designate({ regionCode: village, organisationId: prefecture.id });
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const outside = await designate({ regionCode: '421123', organisationId: luotian.id });
      const operator = identities.operator('421121');

      const { demonstrationSite } = await sut.call<{ demonstrationSite: Site }>(
        GET,
        { id: site.id },
        operator,
      );
      expect(demonstrationSite).toMatchObject({ id: site.id, organisation: { id: prefecture.id } });
      expect(
        (await sut.call<{ demonstrationSite: Site | null }>(GET, { id: outside.id }, operator))
          .demonstrationSite,
      ).toBeNull();
      const seen = (await list({ regionCode: '421100' }, operator)).map((s) => s.id);
      expect(seen).toContain(site.id);
      expect(seen).not.toContain(outside.id);
      expect(await list({ regionCode: '421123' }, operator)).toEqual([]);
      expect((await list({ regionCode: '421123' }, identities.auditor())).map((s) => s.id)).toContain(
        outside.id,
      );
    });

    it('lists an organisation’s sites on Organisation.demonstrationSites, by name', async () => {
      const office = await registerOrganisation(sut, { regionCode: '421121' });
      const b = await designate({ organisationId: office.id, name: unique('B 应急管理示范点') });
      const a = await designate({ organisationId: office.id, name: unique('A 应急管理示范点') });
      await designate();
      const { organisation } = await sut.call<{
        organisation: { demonstrationSites: Connection<{ id: string }> };
      }>(OF_ORGANISATION, { id: office.id });
      expect(organisation.demonstrationSites.edges.map((e) => e.node.id)).toEqual([a.id, b.id]);
    });

    it.each([['a malformed region', { regionCode: '42' }, 'INVALID_REGION_CODE', 'filter.regionCode']])(
      'answers %s with its error',
      async (_label, filter, code, field) => {
        expect(await sut.failure(LIST, { filter })).toMatchObject({ code, field });
      },
    );

    it('resolves site references in one statement, hiding those outside the jurisdiction', async () => {
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const sites = await Promise.all([1, 2, 3, 4].map(() => designate()));
      const outside = await designate({ regionCode: '421123', organisationId: luotian.id });
      const representations = [...sites, outside].map((s) => ({ __typename: 'DemonstrationSite', id: s.id }));
      let result!: { _entities: ({ id: string } | null)[] };
      const statements = await statementsDuring(async () => {
        result = await sut.call(ENTITIES, { representations }, identities.operator('421121'));
      });
      expect(statements.filter(reading('demonstration_site'))).toHaveLength(1);
      expect(result._entities.map((e) => e?.id ?? null)).toEqual([...sites.map((s) => s.id), null]);
    });
  });
});
