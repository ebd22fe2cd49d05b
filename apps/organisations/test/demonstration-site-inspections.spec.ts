import { DemonstrationSiteInspected } from '@emergency/contracts';
import { eventually, identities, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { demonstrationSiteSteps, startDemonstrationSites } from './demonstration-sites.fixtures';
import {
  GET,
  INSPECT,
  INSPECTIONS_AFTER,
  WITH_INSPECTIONS,
  type Connection,
  type Site,
} from './demonstration-sites.operations';
import {
  daysFromToday,
  eventsOn,
  registerOrganisation,
  registerPerson,
  stopAll,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import { UPDATE_PERSON } from './people.operations';

/** The inspections of demonstration sites, and the status each leaves the site in. */
describe('demonstration site inspections', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let tuanfeng: OrganisationRef;
  let inspector: PersonRef;

  beforeAll(async () => ({ sut, events, tuanfeng, inspector } = await startDemonstrationSites()), 120_000);
  afterAll(() => stopAll(events, sut));

  const { of: eventsOf } = eventsOn(() => ({ sut, events }));
  const { designate, inspectionInput, inspect } = demonstrationSiteSteps(() => ({
    sut,
    tuanfeng,
    inspector,
  }));

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
      }>(WITH_INSPECTIONS, { id: site.id });
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
      }>(INSPECTIONS_AFTER, {
        id: site.id,
        after: demonstrationSite.inspections.pageInfo.endCursor,
      });
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
});
