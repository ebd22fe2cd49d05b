import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { DemonstrationSiteDesignated, DemonstrationSiteInspected } from '@emergency/contracts';
import { chinaToday } from '@emergency/graphql';
import { eventually, identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  registerOrganisation,
  registerPerson,
  startOrganisations,
  unique,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import { DISSOLVE_ORGANISATION } from './organisations.operations';
import { UPDATE_PERSON } from './people.operations';

interface Inspection {
  id: string;
  site: { id: string; status: string; revokedOn: string | null };
  number: number;
  inspectedOn: string;
  inspector: { id: string } | null;
  result: string;
  findings: string;
  rectificationDueOn: string | null;
  statusBefore: string;
  statusAfter: string;
}

interface Site {
  id: string;
  name: string;
  kind: string;
  level: string;
  regionCode: string;
  region: { name: string; level: string };
  organisation: { id: string } | null;
  designatedOn: string;
  status: string;
  revokedOn: string | null;
  lastInspection: { id: string; number: number } | null;
  inspectionOverdue: boolean;
}

interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const SITE_FIELDS = `id name kind level regionCode region { name level } organisation { id } designatedOn status
  revokedOn lastInspection { id number } inspectionOverdue`;
const INSPECTION_FIELDS = `id site { id status revokedOn } number inspectedOn inspector { id } result findings
  rectificationDueOn statusBefore statusAfter`;
const DESIGNATE = `mutation($input: DesignateDemonstrationSiteInput!) {
  designateDemonstrationSite(input: $input) { ${SITE_FIELDS} }
}`;
const INSPECT = `mutation($input: RecordDemonstrationSiteInspectionInput!) {
  recordDemonstrationSiteInspection(input: $input) { ${INSPECTION_FIELDS} }
}`;
const GET = `query($id: ID!) { demonstrationSite(id: $id) { ${SITE_FIELDS} } }`;
const LIST = `query($filter: DemonstrationSiteFilter, $first: Int, $after: String) {
  demonstrationSites(filter: $filter, first: $first, after: $after) {
    edges { node { ${SITE_FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;

/** The calendar day `days` after today in China (before it when negative), YYYY-MM-DD. */
const daysFromToday = (days: number) =>
  new Date(Date.parse(`${chinaToday()}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Demonstration sites and their inspections, against the real PostgreSQL and broker. */
describe('demonstration sites', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;
  let inspector: PersonRef;
  let villages: string[];

  beforeAll(async () => {
    sut = await startOrganisations('421100');
    events = await readTopic(sut.topic);
    tuanfeng = await registerOrganisation(sut, { regionCode: '421121' });
    inspector = await registerPerson(sut, tuanfeng.id, { post: '减灾科科长' });
    // Each test that lists sites puts them in villages of its own, so no other test's sites show up.
    const { rows } = await sut.db.query(
      `SELECT code FROM region WHERE level = 'VILLAGE' AND code LIKE '421121%' ORDER BY code LIMIT 40`,
    );
    villages = (rows as { code: string }[]).map((r) => r.code);
  }, 120_000);

  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });

  const freshVillage = () => {
    const code = villages.shift();
    if (!code) throw new Error('no village codes left for this file');
    return code;
  };

  const eventsOf = (id: string, type: string) =>
    events.messages.filter((m) => m.key === id && m.headers.ce_type === type);

  const siteInput = (changes: Record<string, unknown> = {}) => ({
    name: unique('临江铺村综合减灾示范社区'),
    kind: 'VILLAGE',
    level: 'NATIONAL',
    regionCode: '421121100201',
    organisationId: tuanfeng.id,
    designatedOn: '2024-05-12',
    ...changes,
  });

  async function designate(
    changes: Record<string, unknown> = {},
    identity = identities.admin(),
  ): Promise<Site> {
    const { designateDemonstrationSite } = await sut.call<{ designateDemonstrationSite: Site }>(
      DESIGNATE,
      { input: siteInput(changes) },
      identity,
    );
    return designateDemonstrationSite;
  }

  const inspectionInput = (siteId: string, changes: Record<string, unknown> = {}) => ({
    siteId,
    inspectedOn: '2025-06-30',
    inspectorId: inspector.id,
    result: 'PASSED',
    findings: '应急预案、避难场所、物资储备均符合示范社区标准',
    ...changes,
  });

  async function inspect(
    siteId: string,
    changes: Record<string, unknown> = {},
    identity = identities.admin(),
  ): Promise<Inspection> {
    const { recordDemonstrationSiteInspection } = await sut.call<{
      recordDemonstrationSiteInspection: Inspection;
    }>(INSPECT, { input: inspectionInput(siteId, changes) }, identity);
    return recordDemonstrationSiteInspection;
  }

  async function list(filter: Record<string, unknown>, identity = identities.admin()) {
    const { demonstrationSites } = await sut.call<{ demonstrationSites: Connection<Site> }>(
      LIST,
      { filter, first: 100 },
      identity,
    );
    return demonstrationSites.edges.map((e) => e.node);
  }

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

  describe('inspecting', () => {
    it('moves the site through rectification, back to designated and to revoked, publishing each change', async () => {
      const site = await designate();
      const first = await inspect(site.id, {
        inspectedOn: '2025-03-10',
        result: 'RECTIFICATION_REQUIRED',
        findings: '避难场所标识不全，物资储备台账缺失',
        rectificationDueOn: '2025-06-10',
      });
      expect(first).toMatchObject({
        number: 1,
        site: { id: site.id, status: 'UNDER_RECTIFICATION', revokedOn: null },
        inspector: { id: inspector.id },
        rectificationDueOn: '2025-06-10',
        statusBefore: 'DESIGNATED',
        statusAfter: 'UNDER_RECTIFICATION',
      });
      const second = await inspect(site.id, { inspectedOn: '2025-06-08' });
      expect(second).toMatchObject({
        number: 2,
        site: { status: 'DESIGNATED' },
        rectificationDueOn: null,
        statusBefore: 'UNDER_RECTIFICATION',
        statusAfter: 'DESIGNATED',
      });
      const third = await inspect(site.id, {
        inspectedOn: '2025-11-20',
        result: 'FAILED',
        findings: '未开展年度应急演练',
      });
      expect(third).toMatchObject({
        number: 3,
        site: { status: 'REVOKED', revokedOn: '2025-11-20' },
        statusBefore: 'DESIGNATED',
        statusAfter: 'REVOKED',
      });

      const { demonstrationSite } = await sut.call<{
        demonstrationSite: Site & { inspections: Connection<{ id: string }> };
      }>(
        `query($id: ID!) { demonstrationSite(id: $id) {
          ${SITE_FIELDS} inspections(first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } }
        } }`,
        { id: site.id },
      );
      expect(demonstrationSite).toMatchObject({
        status: 'REVOKED',
        revokedOn: '2025-11-20',
        lastInspection: { id: third.id, number: 3 },
        // A revoked site is no longer reviewed.
        inspectionOverdue: false,
      });
      expect(demonstrationSite.inspections.edges.map((e) => e.node.id)).toEqual([third.id, second.id]);
      const { demonstrationSite: rest } = await sut.call<{
        demonstrationSite: { inspections: Connection<{ id: string }> };
      }>(
        `query($id: ID!, $after: String) { demonstrationSite(id: $id) {
          inspections(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
        {
          id: site.id,
          after: demonstrationSite.inspections.pageInfo.endCursor,
        },
      );
      expect(rest.inspections.edges.map((e) => e.node.id)).toEqual([first.id]);
      expect(rest.inspections.pageInfo.hasNextPage).toBe(false);

      const published = await eventually(async () => {
        const found = eventsOf(site.id, DemonstrationSiteInspected.type);
        expect(found).toHaveLength(3);
        return found;
      });
      expect(published.map((m) => m.value)).toEqual([
        {
          siteId: site.id,
          inspectionId: first.id,
          number: 1,
          inspectedOn: '2025-03-10',
          inspectorId: inspector.id,
          result: 'RECTIFICATION_REQUIRED',
          rectificationDueOn: '2025-06-10',
          statusBefore: 'DESIGNATED',
          statusAfter: 'UNDER_RECTIFICATION',
          revokedOn: null,
        },
        expect.objectContaining({
          inspectionId: second.id,
          statusBefore: 'UNDER_RECTIFICATION',
          statusAfter: 'DESIGNATED',
        }),
        expect.objectContaining({
          inspectionId: third.id,
          result: 'FAILED',
          statusBefore: 'DESIGNATED',
          statusAfter: 'REVOKED',
          revokedOn: '2025-11-20',
        }),
      ]);
      // Findings are free text and stay in the graph.
      expect(JSON.stringify(published)).not.toContain('未开展年度应急演练');

      const before = await sut.count('demonstration_site_inspection');
      expect(
        await sut.failure(INSPECT, { input: inspectionInput(site.id, { inspectedOn: '2025-11-21' }) }),
      ).toMatchObject({ code: 'SITE_REVOKED', field: 'siteId' });
      expect(await sut.count('demonstration_site_inspection')).toBe(before);
    });

    it('takes several inspections on the same day, the last recorded being the latest', async () => {
      const site = await designate();
      await inspect(site.id, { result: 'RECTIFICATION_REQUIRED', rectificationDueOn: '2025-07-30' });
      const last = await inspect(site.id);
      const { demonstrationSite } = await sut.call<{ demonstrationSite: Site }>(GET, { id: site.id });
      expect(demonstrationSite).toMatchObject({
        status: 'DESIGNATED',
        lastInspection: { id: last.id, number: 2 },
      });
    });

    it.each([
      [
        'a day before the designation',
        () => ({ inspectedOn: '2024-05-11' }),
        'INSPECTED_BEFORE_DESIGNATION',
        'inspectedOn',
      ],
      [
        'a day before the latest inspection',
        () => ({ inspectedOn: '2025-06-29' }),
        'INSPECTED_BEFORE_LATEST_INSPECTION',
        'inspectedOn',
      ],
      ['a day in the future', () => ({ inspectedOn: daysFromToday(1) }), 'DATE_IN_FUTURE', 'inspectedOn'],
      ['an impossible day', () => ({ inspectedOn: '2025-06-31' }), 'INVALID_DATE', 'inspectedOn'],
      [
        'rectification without a deadline',
        () => ({ result: 'RECTIFICATION_REQUIRED' }),
        'RECTIFICATION_DUE_REQUIRED',
        'rectificationDueOn',
      ],
      [
        'a deadline on the inspection day',
        () => ({
          result: 'RECTIFICATION_REQUIRED',
          inspectedOn: '2025-07-01',
          rectificationDueOn: '2025-07-01',
        }),
        'RECTIFICATION_DUE_NOT_AFTER_INSPECTION',
        'rectificationDueOn',
      ],
      [
        'a deadline for a passed inspection',
        () => ({ rectificationDueOn: '2025-09-30' }),
        'RECTIFICATION_DUE_NOT_ALLOWED',
        'rectificationDueOn',
      ],
      ['blank findings', () => ({ findings: '  ' }), 'BAD_USER_INPUT', 'findings'],
      [
        'an inspector who does not exist',
        () => ({ inspectorId: '00000000-0000-4000-8000-000000000000' }),
        'NOT_FOUND',
        'inspectorId',
      ],
      [
        'a site that does not exist',
        () => ({ siteId: '00000000-0000-4000-8000-000000000000' }),
        'NOT_FOUND',
        'siteId',
      ],
      ['a site id that is no UUID', () => ({ siteId: 'site-1' }), 'BAD_USER_INPUT', 'siteId'],
    ])('refuses %s, writing nothing', async (_label, change, code, field) => {
      const site = await designate();
      await inspect(site.id, { result: 'RECTIFICATION_REQUIRED', rectificationDueOn: '2025-08-30' });
      const before = await sut.count('demonstration_site_inspection');
      const outbox = await sut.count('outbox');
      expect(await sut.failure(INSPECT, { input: inspectionInput(site.id, change()) })).toMatchObject({
        code,
        field,
      });
      expect(await sut.count('demonstration_site_inspection')).toBe(before);
      expect(await sut.count('outbox')).toBe(outbox);
      const { rows } = await sut.db.query(
        `SELECT status, last_inspected_on::text FROM demonstration_site WHERE id = $1`,
        [site.id],
      );
      expect(rows[0]).toEqual({ status: 'UNDER_RECTIFICATION', last_inspected_on: '2025-06-30' });
    });

    it('refuses an inspector who has left or is outside the jurisdiction, an outside site, and auditors', async () => {
      const site = await designate();
      const left = await registerPerson(sut, tuanfeng.id);
      await sut.call(UPDATE_PERSON, {
        input: { id: left.id, status: 'LEFT' },
      });
      const luotian = await registerOrganisation(sut, { regionCode: '421123' });
      const outsider = await registerPerson(sut, luotian.id);
      const operator = identities.operator('421121');
      const before = await sut.count('demonstration_site_inspection');

      expect(
        await sut.failure(INSPECT, { input: inspectionInput(site.id, { inspectorId: left.id }) }),
      ).toMatchObject({
        code: 'PERSON_LEFT',
        field: 'inspectorId',
      });
      expect(
        await sut.failure(
          INSPECT,
          { input: inspectionInput(site.id, { inspectorId: outsider.id }) },
          operator,
        ),
      ).toMatchObject({ code: 'NOT_FOUND', field: 'inspectorId' });
      expect(
        await sut.failure(INSPECT, { input: inspectionInput(site.id) }, identities.operator('421123')),
      ).toMatchObject({ code: 'NOT_FOUND', field: 'siteId' });
      expect(
        await sut.failure(INSPECT, { input: inspectionInput(site.id) }, identities.auditor()),
      ).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await sut.count('demonstration_site_inspection')).toBe(before);
      // The county's own operator may inspect.
      expect((await inspect(site.id, {}, operator)).statusAfter).toBe('DESIGNATED');
    });

    it('queues concurrent inspections of one site: numbered in order, each seeing the status the one before left', async () => {
      const site = await designate();
      const results = ['RECTIFICATION_REQUIRED', 'PASSED', 'RECTIFICATION_REQUIRED', 'PASSED', 'PASSED'];
      const done = await Promise.all(
        results.map((result) =>
          inspect(site.id, {
            result,
            rectificationDueOn: result === 'RECTIFICATION_REQUIRED' ? '2025-09-30' : null,
          }),
        ),
      );
      const inOrder = [...done].sort((a, b) => a.number - b.number);
      expect(inOrder.map((i) => i.number)).toEqual([1, 2, 3, 4, 5]);
      expect(inOrder[0]!.statusBefore).toBe('DESIGNATED');
      for (let i = 1; i < inOrder.length; i++)
        expect(inOrder[i]!.statusBefore).toBe(inOrder[i - 1]!.statusAfter);
      const { demonstrationSite } = await sut.call<{ demonstrationSite: Site }>(GET, { id: site.id });
      expect(demonstrationSite.status).toBe(inOrder[4]!.statusAfter);
      expect(demonstrationSite.lastInspection).toEqual({ id: inOrder[4]!.id, number: 5 });
    });

    it('lets only one of several concurrent failing inspections revoke the site', async () => {
      const site = await designate();
      const results = await Promise.all(
        [1, 2, 3].map(() => sut.request(INSPECT, { input: inspectionInput(site.id, { result: 'FAILED' }) })),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      for (const refused of results.filter((r) => r.errors)) {
        expect(refused.errors![0].extensions).toMatchObject({ code: 'SITE_REVOKED', field: 'siteId' });
      }
      const { rows } = await sut.db.query(
        `SELECT count(*)::int AS n FROM demonstration_site_inspection WHERE site_id = $1`,
        [site.id],
      );
      expect(rows[0]).toEqual({ n: 1 });
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
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      let listed: Site[];
      try {
        listed = await list({ regionCode: village });
        const reads = spy.mock.calls.filter(([sql]) =>
          /FROM\s+("\w+"\.)?"?demonstration_site_inspection"?\s/i.test(sql),
        );
        expect(reads).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
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
      }>(
        `query($id: ID!) { organisation(id: $id) { demonstrationSites(first: 10) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
        { id: office.id },
      );
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
      const query = `query($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on DemonstrationSite { id status } }
      }`;
      const representations = [...sites, outside].map((s) => ({ __typename: 'DemonstrationSite', id: s.id }));
      const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      let result: { _entities: ({ id: string } | null)[] };
      try {
        result = await sut.call(query, { representations }, identities.operator('421121'));
        const reads = spy.mock.calls.filter(([sql]) =>
          /FROM\s+("\w+"\.)?"?demonstration_site"?\s/i.test(sql),
        );
        expect(reads).toHaveLength(1);
      } finally {
        spy.mockRestore();
      }
      expect(result._entities.map((e) => e?.id ?? null)).toEqual([...sites.map((s) => s.id), null]);
    });
  });
});
