import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  eventually,
  identities,
  readTopic,
  registerOrganisations,
  type TestSubgraph,
} from '@emergency/testing';
import { attributeFifo, type OpenContribution } from '../src/reconstruction-fund/fifo-attribution';
import { SuppliesSpendingProjector } from '../src/reconstruction-fund/supplies-spending.projector';
import {
  addProject,
  allocate,
  allocationInput,
  contribute,
  contributeGoods,
  contributionInput,
  COUNTY_BUREAU,
  directedTo,
  establishFund,
  FINANCE_BUREAU,
  fundById,
  NO_SUCH_ID,
  reportIncident,
  startIncidents,
  written,
} from './fixtures';
import {
  ALLOCATE_FUND,
  ALLOCATE_FUND_IN_FULL,
  RECORD_CONTRIBUTION,
  FUND_ALLOCATION_IN_FULL,
  RETURN_ALLOCATION,
  REVOKE_ALLOCATION,
} from './funds.operations';

interface FullAllocation {
  id: string;
  amountFen: string;
  purposeCategory: string;
  form: string;
  projectId: string | null;
  recipientOrganisation: { id: string };
  goods: {
    description: string;
    unit: string;
    quantity: number;
    unitValueFen: string;
    amountFen: string;
    usedQuantity: number;
    returnedQuantity: number;
  }[];
  returnedFen: string;
  usedFen: string;
  unspentFen: string;
  sources: { amountFen: string; usedFen: string; returnedFen: string; contribution: { id: string } }[];
  returns: {
    id: string;
    amountFen: string;
    destination: string;
    revoked: boolean;
    sources: { amountFen: string; contribution: { id: string } }[];
  }[];
}

interface Return {
  id: string;
  amountFen: string;
  destination: string;
  reason: string;
  revoked: boolean;
  allocation: { id: string; returnedFen: string; unspentFen: string };
  sources: { amountFen: string; contribution: { id: string } }[];
}

/** An organisation the donors of some money directed it to, that no allocation here goes to. */
const ELSEWHERE_ORG = '00000000-0000-4000-8000-00000000e001';

/** Allocations with direction, goods in kind, projects, returns and what supplies spends, end to end. */
describe('the money of allocations', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startIncidents();
    // An organisation beside the county, for money directed elsewhere and for callers acting for it.
    await registerOrganisations(sut, [
      { id: ELSEWHERE_ORG, name: 'Xiaogan Municipal Emergency Management Bureau', regionCode: '420900' },
    ]);
  }, 120_000);
  afterAll(() => sut?.stop());

  const newFund = async () => establishFund(sut, (await reportIncident(sut)).id);
  const allocateInFull = async (fundId: string, overrides: Record<string, unknown> = {}) =>
    (
      await sut.call<{ allocateFund: FullAllocation }>(
        ALLOCATE_FUND_IN_FULL,
        allocationInput(fundId, overrides),
      )
    ).allocateFund;
  const allocationById = async (id: string) =>
    (await sut.call<{ fundAllocation: FullAllocation }>(FUND_ALLOCATION_IN_FULL, { id })).fundAllocation;
  const returning = (allocationId: string, overrides: Record<string, unknown> = {}) => ({
    input: {
      allocationId,
      amountFen: '100',
      destination: 'FUND',
      reason: 'Unspent at year end',
      ...overrides,
    },
  });
  const giveBack = async (allocationId: string, overrides: Record<string, unknown> = {}) =>
    (await sut.call<{ returnAllocation: Return }>(RETURN_ALLOCATION, returning(allocationId, overrides)))
      .returnAllocation;
  const drawnOf = async (contributionId: string) =>
    (
      await sut.db.query(
        `SELECT drawn_fen::text AS drawn, returned_fen::text AS returned FROM fund_contribution WHERE id = $1`,
        [contributionId],
      )
    ).rows[0] as { drawn: string; returned: string };
  const simplify = (a: Pick<FullAllocation, 'sources'>) =>
    a.sources.map((s) => [s.contribution.id, s.amountFen]);
  /** Every allocation_item and return row too: what a refused write must leave as it was. */
  const everything = async () => ({
    ...(await written(sut)),
    items: await sut.count('allocation_item'),
    returns: await sut.count('allocation_return'),
    returnSources: await sut.count('allocation_return_source'),
    drawn: (
      await sut.db.query(
        `SELECT sum(drawn_fen)::text AS s, sum(returned_fen)::text AS r FROM fund_contribution`,
      )
    ).rows[0],
    allocated: (await sut.db.query(`SELECT sum(allocated_quantity)::text AS s FROM contribution_item`))
      .rows[0],
  });

  /** Every fund's books agree: contributions' drawn_fen is what their sources hold, sources add up to allocations. */
  const expectExactAttribution = async (fundId: string) => {
    const drawnAsSourced = await sut.db.query(
      `SELECT c.id FROM fund_contribution c LEFT JOIN allocation_source s ON s.contribution_id = c.id
       WHERE c.fund_id = $1 GROUP BY c.id, c.drawn_fen
       HAVING c.drawn_fen <> COALESCE(sum(s.amount_fen - s.returned_fen), 0)`,
      [fundId],
    );
    expect(drawnAsSourced.rows).toEqual([]);
    const unbalanced = await sut.db.query(
      `SELECT a.id FROM fund_allocation a JOIN allocation_source s ON s.allocation_id = a.id
       WHERE a.fund_id = $1 GROUP BY a.id, a.amount_fen, a.returned_fen
       HAVING sum(s.amount_fen) <> a.amount_fen OR sum(s.returned_fen) <> a.returned_fen`,
      [fundId],
    );
    expect(unbalanced.rows).toEqual([]);
  };

  describe('directed money (ADR 26)', () => {
    it('draws money directed to the allocation first, then undirected money, and never money directed elsewhere', async () => {
      const fund = await newFund();
      const undirected = await contribute(sut, fund.id, { amountFen: '300' });
      const forSchools = await contribute(sut, fund.id, {
        amountFen: '500',
        ...directedTo({ purpose: 'SCHOOLS' }),
      });
      const forElsewhere = await contribute(sut, fund.id, {
        amountFen: '400',
        ...directedTo({ organisationId: ELSEWHERE_ORG }),
      });
      const forCountySchools = await contribute(sut, fund.id, {
        amountFen: '50',
        ...directedTo({ purpose: 'SCHOOLS', organisationId: COUNTY_BUREAU }),
      });
      const later = await contribute(sut, fund.id, { amountFen: '200' });

      // Directed to it (by purpose; by purpose and recipient), oldest first, before the older undirected money.
      const schools = await allocateInFull(fund.id, { amountFen: '600', purposeCategory: 'SCHOOLS' });
      expect(simplify(schools)).toEqual([
        [forSchools.id, '500'],
        [forCountySchools.id, '50'],
        [undirected.id, '50'],
      ]);

      // Another purpose finds only the undirected money: 450 of it, the 400 directed elsewhere told apart.
      const before = await everything();
      expect(
        await sut.failure(
          ALLOCATE_FUND,
          allocationInput(fund.id, { amountFen: '451', purposeCategory: 'LIVING_RELIEF' }),
        ),
      ).toMatchObject({
        code: 'INSUFFICIENT_FUNDS',
        field: 'amountFen',
        availableFen: '450',
        requestedFen: '451',
        directedElsewhereFen: '400',
      });
      expect(await everything()).toEqual(before);

      const relief = await allocateInFull(fund.id, { amountFen: '450', purposeCategory: 'LIVING_RELIEF' });
      expect(simplify(relief)).toEqual([
        [undirected.id, '250'],
        [later.id, '200'],
      ]);
      expect(await drawnOf(forElsewhere.id)).toEqual({ drawn: '0', returned: '0' });
      expect(await fundById(sut, fund.id)).toMatchObject({ raisedFen: '1450', allocatedFen: '1050' });
      await expectExactAttribution(fund.id);
    });
    it('property: the statement that draws agrees with the attribution rule, allocation after allocation', async () => {
      const contributionsArb = fc.array(
        fc.record({
          amountFen: fc.integer({ min: 1, max: 500 }),
          purpose: fc.option(fc.constantFrom('SCHOOLS', 'HOUSING'), { nil: undefined }),
          organisationId: fc.option(fc.constantFrom(COUNTY_BUREAU, ELSEWHERE_ORG), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 6 },
      );
      const allocationsArb = fc.array(
        fc.record({
          amountFen: fc.integer({ min: 1, max: 600 }),
          purposeCategory: fc.constantFrom('SCHOOLS', 'HOUSING', 'OTHER'),
        }),
        { minLength: 1, maxLength: 4 },
      );
      await fc.assert(
        fc.asyncProperty(contributionsArb, allocationsArb, async (contributions, allocations) => {
          const fund = await newFund();
          const open: OpenContribution[] = [];
          for (const c of contributions) {
            const recorded = await contribute(sut, fund.id, {
              amountFen: String(c.amountFen),
              ...directedTo(c),
            });
            const [row] = (
              await sut.db.query(`SELECT created_at FROM fund_contribution WHERE id = $1`, [recorded.id])
            ).rows as { created_at: Date }[];
            open.push({
              id: recorded.id,
              createdAt: row.created_at,
              remainingFen: BigInt(c.amountFen),
              directedPurpose: (c.purpose ?? null) as OpenContribution['directedPurpose'],
              directedOrganisationId: c.organisationId ?? null,
            });
          }
          for (const a of allocations) {
            const target = { purposeCategory: a.purposeCategory as 'OTHER', organisationId: COUNTY_BUREAU };
            let expected: [string, string][] | null;
            try {
              expected = attributeFifo(open, BigInt(a.amountFen), target).map((d) => [
                d.contributionId,
                d.amountFen.toString(),
              ]);
            } catch {
              expected = null;
            }
            const response = await sut.request<{ allocateFund: FullAllocation }>(
              ALLOCATE_FUND_IN_FULL,
              allocationInput(fund.id, {
                amountFen: String(a.amountFen),
                purposeCategory: a.purposeCategory,
              }),
            );
            if (expected === null) {
              expect(response.errors?.[0].extensions?.code).toBe('INSUFFICIENT_FUNDS');
              continue;
            }
            expect(simplify(response.data!.allocateFund)).toEqual(expected);
            for (const [contributionId, amountFen] of expected) {
              const c = open.find((o) => o.id === contributionId)!;
              c.remainingFen -= BigInt(amountFen);
            }
          }
          await expectExactAttribution(fund.id);
        }),
        { numRuns: 12 },
      );
    }, 120_000);
  });

  describe('allocations to projects', () => {
    it('passes the money to the project’s owner, for the project’s category, and says so in the event', async () => {
      const fund = await newFund();
      await contribute(sut, fund.id, { amountFen: '1000' });
      const project = await addProject(sut, fund.id, { category: 'SCHOOLS' });
      const allocation = await allocateInFull(fund.id, {
        organisationId: null,
        projectId: project.id,
        amountFen: '700',
        purposeCategory: 'SCHOOLS',
        purpose: 'Rebuild the teaching block',
      });
      expect(allocation).toMatchObject({
        projectId: project.id,
        recipientOrganisation: { id: COUNTY_BUREAU },
        purposeCategory: 'SCHOOLS',
        form: 'CASH',
        unspentFen: '700',
      });
      const event = await sut.db.query(
        `SELECT payload FROM outbox WHERE event_type = 'incidents.FundAllocated.v3' AND payload->>'allocationId' = $1`,
        [allocation.id],
      );
      expect(event.rows[0].payload).toMatchObject({
        purposeCategory: 'SCHOOLS',
        money: { projectId: project.id, payee: { organisationId: COUNTY_BUREAU }, reverses: null },
      });
    });

    it('refuses a project of another fund, a settled project, another purpose and an ambiguous recipient, writing nothing', async () => {
      const fund = await newFund();
      const other = await newFund();
      await contribute(sut, fund.id, { amountFen: '1000' });
      const ofOtherFund = await addProject(sut, other.id);
      const settled = await addProject(sut, fund.id, { status: 'SETTLED' });
      const school = await addProject(sut, fund.id, { category: 'SCHOOLS' });
      const toProject = (projectId: string, purposeCategory = 'SCHOOLS') =>
        allocationInput(fund.id, { organisationId: null, projectId, purposeCategory });
      const before = await everything();

      expect(await sut.failure(ALLOCATE_FUND, toProject(NO_SUCH_ID))).toMatchObject({
        code: 'PROJECT_NOT_FOUND',
        field: 'projectId',
      });
      expect(await sut.failure(ALLOCATE_FUND, toProject(ofOtherFund.id))).toMatchObject({
        code: 'PROJECT_NOT_FOUND',
      });
      expect(await sut.failure(ALLOCATE_FUND, toProject(settled.id))).toMatchObject({
        code: 'PROJECT_SETTLED',
      });
      expect(await sut.failure(ALLOCATE_FUND, toProject(school.id, 'HOUSING'))).toMatchObject({
        code: 'ALLOCATION_PURPOSE_MISMATCH',
        field: 'purposeCategory',
        projectCategory: 'SCHOOLS',
      });
      expect(
        await sut.failure(
          ALLOCATE_FUND,
          allocationInput(fund.id, { projectId: school.id, purposeCategory: 'SCHOOLS' }),
        ),
      ).toMatchObject({ code: 'ALLOCATION_RECIPIENT_REQUIRED' });
      expect(
        await sut.failure(ALLOCATE_FUND, allocationInput(fund.id, { organisationId: null })),
      ).toMatchObject({ code: 'ALLOCATION_RECIPIENT_REQUIRED' });
      const withoutPurpose = allocationInput(fund.id);
      delete (withoutPurpose.input as Record<string, unknown>).purposeCategory;
      expect(await sut.failure(ALLOCATE_FUND, withoutPurpose)).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(await everything()).toEqual(before);
    });
  });

  describe('goods in kind', () => {
    const tentsAndWater = [
      { description: 'Family tent', unit: 'piece', quantity: 10, unitValueFen: 150_000n },
      { description: 'Bottled water', unit: 'case', quantity: 100, unitValueFen: 500n },
    ];

    it('passes on lines of an in-kind contribution at its unit values, and returns them last first', async () => {
      const fund = await newFund();
      const goods = await contributeGoods(sut, fund.id, tentsAndWater, 'Market price on the day of receipt');
      const allocation = await allocateInFull(fund.id, {
        amountFen: null,
        form: 'IN_KIND',
        purposeCategory: 'LIVING_RELIEF',
        goods: {
          contributionId: goods.id,
          lines: [
            { description: 'Family tent', unit: 'piece', quantity: 4 },
            { description: 'Bottled water', unit: 'case', quantity: 30 },
          ],
        },
      });
      expect(allocation).toMatchObject({
        form: 'IN_KIND',
        amountFen: '615000',
        unspentFen: '615000',
        goods: [
          { description: 'Family tent', quantity: 4, unitValueFen: '150000', amountFen: '600000' },
          { description: 'Bottled water', quantity: 30, unitValueFen: '500', amountFen: '15000' },
        ],
      });
      expect(simplify(allocation)).toEqual([[goods.id, '615000']]);
      expect(await drawnOf(goods.id)).toEqual({ drawn: '615000', returned: '0' });
      const allocated = async () =>
        (
          await sut.db.query(
            `SELECT allocated_quantity FROM contribution_item WHERE contribution_id = $1 ORDER BY position`,
            [goods.id],
          )
        ).rows.map((r: { allocated_quantity: number }) => r.allocated_quantity);
      expect(await allocated()).toEqual([4, 30]);
      const event = await sut.db.query(
        `SELECT payload FROM outbox WHERE event_type = 'incidents.FundAllocated.v3' AND payload->>'allocationId' = $1`,
        [allocation.id],
      );
      expect(event.rows[0].payload.money).toMatchObject({
        form: 'IN_KIND',
        amountFen: '615000',
        valuationBasis: 'Market price on the day of receipt',
        goods: [
          {
            description: 'Family tent',
            unit: 'piece',
            quantity: 4,
            unitValueFen: '150000',
            amountFen: '600000',
          },
          {
            description: 'Bottled water',
            unit: 'case',
            quantity: 30,
            unitValueFen: '500',
            amountFen: '15000',
          },
        ],
        sources: [
          {
            flowId: goods.id,
            amountFen: '615000',
            origins: [{ contributionId: goods.id, amountFen: '615000' }],
          },
        ],
      });

      const tent = await giveBack(allocation.id, {
        amountFen: null,
        lines: [{ description: 'Family tent', unit: 'piece', quantity: 1 }],
      });
      expect(tent).toMatchObject({ amountFen: '150000', allocation: { unspentFen: '465000' } });
      expect(await allocated()).toEqual([3, 30]);
      expect(await drawnOf(goods.id)).toEqual({ drawn: '465000', returned: '0' });

      const revoked = (
        await sut.call<{ revokeAllocation: Return }>(REVOKE_ALLOCATION, {
          allocationId: allocation.id,
          reason: 'Households rehoused',
        })
      ).revokeAllocation;
      expect(revoked).toMatchObject({ amountFen: '465000', revoked: true, allocation: { unspentFen: '0' } });
      expect(await allocated()).toEqual([0, 0]);
      expect((await allocationById(allocation.id)).goods.map((g) => g.returnedQuantity)).toEqual([4, 30]);
      await expectExactAttribution(fund.id);
    });

    it('refuses goods not left, a contribution not in kind or directed elsewhere, and mixed forms, writing nothing', async () => {
      const fund = await newFund();
      const goods = await contributeGoods(sut, fund.id, tentsAndWater);
      const directed = await contributeGoods(
        sut,
        fund.id,
        tentsAndWater,
        undefined,
        directedTo({ purpose: 'SCHOOLS' }),
      );
      const cash = await contribute(sut, fund.id, { amountFen: '1000' });
      const inKind = (contributionId: string, quantity = 1, overrides: Record<string, unknown> = {}) =>
        allocationInput(fund.id, {
          amountFen: null,
          form: 'IN_KIND',
          goods: { contributionId, lines: [{ description: 'Family tent', unit: 'piece', quantity }] },
          ...overrides,
        });
      const before = await everything();

      expect(await sut.failure(ALLOCATE_FUND, inKind(goods.id, 11))).toMatchObject({
        code: 'GOODS_NOT_AVAILABLE',
        description: 'Family tent',
        availableQuantity: 10,
      });
      expect(await sut.failure(ALLOCATE_FUND, inKind(cash.id))).toMatchObject({
        code: 'CONTRIBUTION_NOT_IN_KIND',
        contributionId: cash.id,
      });
      expect(await sut.failure(ALLOCATE_FUND, inKind(directed.id))).toMatchObject({
        code: 'DIRECTED_MONEY_ELSEWHERE',
        contributionId: directed.id,
      });
      expect(await sut.failure(ALLOCATE_FUND, inKind(goods.id, 1, { amountFen: '1' }))).toMatchObject({
        code: 'ALLOCATION_FORM_MISMATCH',
        field: 'amountFen',
      });
      expect(
        await sut.failure(ALLOCATE_FUND, inKind(goods.id, 1, { form: 'CASH', amountFen: '1' })),
      ).toMatchObject({ code: 'ALLOCATION_FORM_MISMATCH', field: 'goods' });
      expect(await sut.failure(ALLOCATE_FUND, inKind(goods.id, 1, { goods: null }))).toMatchObject({
        code: 'ALLOCATION_FORM_MISMATCH',
        field: 'goods',
      });
      expect(await sut.failure(ALLOCATE_FUND, allocationInput(fund.id, { amountFen: null }))).toMatchObject({
        code: 'ALLOCATION_FORM_MISMATCH',
        field: 'amountFen',
      });
      expect(await everything()).toEqual(before);
      // Goods are not cash: a cash allocation never draws on them.
      expect(simplify(await allocateInFull(fund.id, { amountFen: '1000' }))).toEqual([[cash.id, '1000']]);
    });
  });

  describe('returns', () => {
    it('returns to the fund last drawn first, and the fund allocates the money again, attributed exactly', async () => {
      const fund = await newFund();
      const first = await contribute(sut, fund.id, { amountFen: '300' });
      const second = await contribute(sut, fund.id, { amountFen: '500' });
      const allocation = await allocate(sut, fund.id, { amountFen: '600' });

      const given = await giveBack(allocation.id, { amountFen: '250' });
      expect(given).toMatchObject({
        amountFen: '250',
        destination: 'FUND',
        revoked: false,
        allocation: { id: allocation.id, returnedFen: '250', unspentFen: '350' },
        sources: [{ amountFen: '250', contribution: { id: second.id } }],
      });
      expect(await drawnOf(second.id)).toEqual({ drawn: '50', returned: '0' });
      expect(await fundById(sut, fund.id)).toMatchObject({ allocatedFen: '350', availableFen: '450' });

      // Further back than the second contribution: into the first.
      expect((await giveBack(allocation.id, { amountFen: '100' })).sources).toEqual([
        { amountFen: '50', contribution: { id: second.id } },
        { amountFen: '50', contribution: { id: first.id } },
      ]);
      const read = await allocationById(allocation.id);
      expect(read).toMatchObject({ returnedFen: '350', unspentFen: '250', usedFen: '0' });
      expect(read.sources.map((s) => [s.contribution.id, s.amountFen, s.returnedFen])).toEqual([
        [first.id, '300', '50'],
        [second.id, '300', '300'],
      ]);
      expect(read.returns.map((r) => r.amountFen)).toEqual(['250', '100']);

      expect(simplify(await allocateInFull(fund.id, { amountFen: '550' }))).toEqual([
        [first.id, '50'],
        [second.id, '500'],
      ]);
      expect(await fundById(sut, fund.id)).toMatchObject({
        raisedFen: '800',
        allocatedFen: '800',
        availableFen: '0',
      });
      await expectExactAttribution(fund.id);
    });

    it('gives money back to its contributors with a reversal of the allocation and one of each contribution, on the topic', async () => {
      const fund = await newFund();
      const first = await contribute(sut, fund.id, {
        amountFen: '300',
        contributorName: 'Hubei Charity Federation',
      });
      const second = await contribute(sut, fund.id, { amountFen: '500', contributorName: 'Wuhan donors' });
      const allocation = await allocate(sut, fund.id, { amountFen: '600' });
      const topic = await readTopic(sut.topic);
      try {
        const given = await giveBack(allocation.id, {
          amountFen: '400',
          destination: 'CONTRIBUTOR',
          reason: 'Audit rectification: returned to its original channel',
        });
        expect(given.sources).toEqual([
          { amountFen: '300', contribution: { id: second.id } },
          { amountFen: '100', contribution: { id: first.id } },
        ]);
        expect(await drawnOf(second.id)).toEqual({ drawn: '0', returned: '300' });
        expect(await drawnOf(first.id)).toEqual({ drawn: '200', returned: '100' });
        // Given back to the donors: no longer raised, and not available to allocate again.
        expect(await fundById(sut, fund.id)).toMatchObject({
          raisedFen: '400',
          allocatedFen: '200',
          availableFen: '200',
        });
        await expectExactAttribution(fund.id);

        const ofType = (type: string) =>
          topic.messages.filter(
            (m) => m.headers.ce_type === type && JSON.stringify(m.value).includes(given.id),
          );
        await eventually(async () => {
          expect(ofType('incidents.FundAllocationReturned.v1')).toHaveLength(1);
          expect(ofType('incidents.FundContributionReturned.v1')).toHaveLength(2);
        });
        expect(ofType('incidents.FundAllocationReturned.v1')[0].value).toMatchObject({
          returnId: given.id,
          allocationId: allocation.id,
          destination: 'CONTRIBUTOR',
          revoked: false,
          money: {
            flowId: given.id,
            stage: 'ALLOCATED',
            reverses: allocation.id,
            allocationId: allocation.id,
            amountFen: '400',
            form: 'CASH',
            payer: { organisationId: COUNTY_BUREAU },
            payee: { organisationId: FINANCE_BUREAU },
            sources: [
              {
                flowId: second.id,
                amountFen: '300',
                origins: [{ contributionId: second.id, amountFen: '300' }],
              },
              {
                flowId: first.id,
                amountFen: '100',
                origins: [{ contributionId: first.id, amountFen: '100' }],
              },
            ],
          },
        });
        const returned = ofType('incidents.FundContributionReturned.v1').map(
          (m) => m.value as { contributionId: string; money: Record<string, unknown> },
        );
        expect(returned.map((r) => r.contributionId)).toEqual([second.id, first.id]);
        expect(returned[0].money).toMatchObject({
          stage: 'RAISED',
          reverses: second.id,
          amountFen: '300',
          sources: [],
          payer: { organisationId: FINANCE_BUREAU },
          payee: { name: 'Wuhan donors' },
        });
      } finally {
        await topic.stop();
      }
    }, 60_000);

    it('never returns more than is unspent when returns of one allocation race each other and allocations', async () => {
      const fund = await newFund();
      await contribute(sut, fund.id, { amountFen: '300' });
      await contribute(sut, fund.id, { amountFen: '200' });
      const allocation = await allocate(sut, fund.id, { amountFen: '300' });
      const results = await Promise.all([
        ...Array.from({ length: 5 }, () => sut.request(RETURN_ALLOCATION, returning(allocation.id))),
        ...Array.from({ length: 3 }, () =>
          sut.request(ALLOCATE_FUND, allocationInput(fund.id, { amountFen: '150' })),
        ),
      ]);
      const returns = results.slice(0, 5);
      expect(returns.filter((r) => !r.errors)).toHaveLength(3);
      for (const r of returns.filter((r) => r.errors))
        expect(r.errors?.[0].extensions?.code).toMatch(/^(RETURN_EXCEEDS_UNSPENT|NOTHING_TO_RETURN)$/);
      expect((await allocationById(allocation.id)).unspentFen).toBe('0');
      // 200 open and 300 returned: three allocations of 150 fit only if every return came first.
      const allocated = results.slice(5).filter((r) => !r.errors).length;
      expect(allocated).toBeGreaterThanOrEqual(1);
      expect(await fundById(sut, fund.id)).toMatchObject({
        raisedFen: '500',
        allocatedFen: String(150 * allocated),
      });
      await expectExactAttribution(fund.id);
    });

    it('revokes all that is unspent, then has nothing to return', async () => {
      const fund = await newFund();
      await contribute(sut, fund.id, { amountFen: '500' });
      const allocation = await allocate(sut, fund.id, { amountFen: '300' });
      await giveBack(allocation.id, { amountFen: '100' });
      const revoked = (
        await sut.call<{ revokeAllocation: Return }>(REVOKE_ALLOCATION, {
          allocationId: allocation.id,
          reason: 'Project cancelled',
        })
      ).revokeAllocation;
      expect(revoked).toMatchObject({
        amountFen: '200',
        destination: 'FUND',
        revoked: true,
        allocation: { returnedFen: '300', unspentFen: '0' },
      });
      expect(await fundById(sut, fund.id)).toMatchObject({ allocatedFen: '0', availableFen: '500' });
      const event = await sut.db.query(
        `SELECT payload FROM outbox WHERE event_type = 'incidents.FundAllocationReturned.v1' AND payload->>'returnId' = $1`,
        [revoked.id],
      );
      expect(event.rows[0].payload).toMatchObject({ revoked: true, money: { amountFen: '200' } });

      const before = await everything();
      expect(
        await sut.failure(REVOKE_ALLOCATION, { allocationId: allocation.id, reason: 'Again' }),
      ).toMatchObject({ code: 'NOTHING_TO_RETURN', id: allocation.id });
      expect(
        await sut.failure(RETURN_ALLOCATION, returning(allocation.id, { amountFen: '1' })),
      ).toMatchObject({
        code: 'NOTHING_TO_RETURN',
      });
      expect(await everything()).toEqual(before);
    });

    it('refuses a return above the unspent money, of no allocation, without an amount, or by another organisation, writing nothing', async () => {
      const fund = await newFund();
      await contribute(sut, fund.id, { amountFen: '500' });
      const allocation = await allocate(sut, fund.id, { amountFen: '300' });
      const before = await everything();
      expect(
        await sut.failure(RETURN_ALLOCATION, returning(allocation.id, { amountFen: '301' })),
      ).toMatchObject({
        code: 'RETURN_EXCEEDS_UNSPENT',
        field: 'amountFen',
        unspentFen: '300',
      });
      expect(await sut.failure(RETURN_ALLOCATION, returning(NO_SUCH_ID))).toMatchObject({
        code: 'ALLOCATION_NOT_FOUND',
      });
      expect(
        await sut.failure(RETURN_ALLOCATION, returning(allocation.id, { amountFen: null })),
      ).toMatchObject({
        code: 'ALLOCATION_FORM_MISMATCH',
      });
      expect(
        await sut.failure(RETURN_ALLOCATION, returning(allocation.id, { amountFen: '0' })),
      ).toMatchObject({
        code: 'INVALID_AMOUNT',
      });
      const stranger = identities.operator('420000', ELSEWHERE_ORG);
      expect(await sut.failure(RETURN_ALLOCATION, returning(allocation.id), stranger)).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(
        await sut.failure(RETURN_ALLOCATION, returning(allocation.id), identities.auditor()),
      ).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await everything()).toEqual(before);
      // The recipient may return.
      const recipient = identities.operator('421100', COUNTY_BUREAU);
      const given = await sut.call<{ returnAllocation: Return }>(
        RETURN_ALLOCATION,
        returning(allocation.id),
        recipient,
      );
      expect(given.returnAllocation.amountFen).toBe('100');
    });
  });

  describe('who moves a fund’s money', () => {
    it('lets the managing organisation (or a desk acting for none) record and allocate, and no other', async () => {
      const fund = await newFund();
      await contribute(sut, fund.id, { amountFen: '1000' });
      const before = await written(sut);
      const stranger = identities.operator('420000', ELSEWHERE_ORG);
      expect(
        await sut.failure(RECORD_CONTRIBUTION, contributionInput(fund.id, { amountFen: '5' }), stranger),
      ).toMatchObject({ code: 'FORBIDDEN' });
      expect(
        await sut.failure(ALLOCATE_FUND, allocationInput(fund.id, { amountFen: '5' }), stranger),
      ).toMatchObject({ code: 'FORBIDDEN' });
      // The recipient of an allocation does not allocate the fund's money either.
      expect(
        await sut.failure(
          ALLOCATE_FUND,
          allocationInput(fund.id, { amountFen: '5' }),
          identities.operator('421100', COUNTY_BUREAU),
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
      expect(await written(sut)).toEqual(before);

      for (const writer of [identities.operator('420000', FINANCE_BUREAU), identities.operator('420000')]) {
        await sut.call(RECORD_CONTRIBUTION, contributionInput(fund.id, { amountFen: '5' }), writer);
        await sut.call(ALLOCATE_FUND, allocationInput(fund.id, { amountFen: '5' }), writer);
      }
      expect((await fundById(sut, fund.id)).allocatedFen).toBe('10');
    });
  });

  describe('what supplies spends', () => {
    it('learns payments and refunds from supplies’ money events, so a return never takes back money spent', async () => {
      const fund = await newFund();
      const first = await contribute(sut, fund.id, { amountFen: '300' });
      const second = await contribute(sut, fund.id, { amountFen: '300' });
      const allocation = await allocate(sut, fund.id, { amountFen: '500' });
      const projector = sut.app.get(SuppliesSpendingProjector);
      const dataSource = sut.app.get(DataSource);
      const disbursed = (
        origins: [string, string][],
        reverses: string | null = null,
        stage = 'DISBURSED',
      ) => ({
        data: {
          money: {
            flowId: randomUUID(),
            stage,
            reverses,
            fundId: fund.id,
            allocationId: allocation.id,
            projectId: null,
            incidentId: NO_SUCH_ID,
            amountFen: '0',
            currency: 'CNY',
            form: 'CASH',
            goods: [],
            valuationBasis: null,
            payer: { organisationId: COUNTY_BUREAU, name: null },
            payee: { organisationId: null, name: 'Hubei Tent Works' },
            sources: [
              {
                flowId: allocation.id,
                amountFen: '0',
                origins: origins.map(([contributionId, amountFen]) => ({ contributionId, amountFen })),
              },
              // A flow that is no allocation of this service: not its business.
              {
                flowId: randomUUID(),
                amountFen: '1',
                origins: [{ contributionId: first.id, amountFen: '1' }],
              },
            ],
            description: 'Tents',
            occurredAt: new Date().toISOString(),
          },
        },
      });
      const apply = (event: ReturnType<typeof disbursed>) =>
        dataSource.transaction((manager) => projector.apply(event as never, manager));

      await apply(
        disbursed([
          [first.id, '300'],
          [second.id, '100'],
        ]),
      );
      expect(await allocationById(allocation.id)).toMatchObject({ usedFen: '400', unspentFen: '100' });
      // USED confirms disbursed money; it moves nothing out of the allocation.
      await apply(disbursed([[first.id, '300']], null, 'USED'));
      expect((await allocationById(allocation.id)).usedFen).toBe('400');

      const before = await everything();
      expect(
        await sut.failure(RETURN_ALLOCATION, returning(allocation.id, { amountFen: '101' })),
      ).toMatchObject({
        code: 'RETURN_EXCEEDS_UNSPENT',
        unspentFen: '100',
      });
      expect(await everything()).toEqual(before);

      // A refund of part of the payment gives it back to the allocation.
      await apply(disbursed([[second.id, '100']], randomUUID()));
      const read = await allocationById(allocation.id);
      expect(read).toMatchObject({ usedFen: '300', unspentFen: '200' });
      expect(read.sources.map((s) => s.usedFen)).toEqual(['300', '0']);
      expect((await giveBack(allocation.id, { amountFen: '200' })).sources).toEqual([
        { amountFen: '200', contribution: { id: second.id } },
      ]);
      expect(projector.bindings().every((b) => b.contract.domain === 'supplies')).toBe(true);
    });
  });
});
