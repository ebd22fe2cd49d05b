import { eventually, identities, readTopic, type TestSubgraph } from '@emergency/testing';
import { allocate, COUNTY_BUREAU, FINANCE_BUREAU, NO_SUCH_ID, startIncidents } from './fixtures';
import {
  allocateRiceInKind,
  CONTRACTOR,
  fundWith,
  leftOf,
  OTHER_VILLAGE,
  published,
  PUBLISH_VILLAGE_LIST,
  RECORD_RELIEF,
  registerContractors,
  VILLAGE,
  VILLAGE_LIST,
  writtenByProjects,
} from './projects.operations';

/** Valid resident identity numbers (their GB 11643 check characters right). */
const ID_NUMBER = '421121198001010028';
const OTHER_ID_NUMBER = '421121197505050010';

interface Relief {
  id: string;
  kind: string;
  headName: string;
  idNumber: string;
  form: string;
  amountFen: string;
  publishedOn: string | null;
  goods: { description: string; unit: string; quantity: number; unitValueFen: string }[];
}

/** Relief paid to households and the village lists, against PostgreSQL and the broker. */
describe('household relief payments', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startIncidents();
    await registerContractors(sut);
  }, 120_000);
  afterAll(() => sut?.stop());

  const reliefInput = (allocationId: string, overrides: Record<string, unknown> = {}) => ({
    input: {
      allocationId,
      kind: 'HOUSING_SUBSIDY',
      household: { headName: '王建国', idNumber: ID_NUMBER, size: 4 },
      villageCode: VILLAGE,
      amountFen: '2000',
      paidOn: '2026-08-20',
      ...overrides,
    },
  });
  const record = async (
    allocationId: string,
    overrides: Record<string, unknown> = {},
    identity = identities.admin(),
  ) =>
    (
      await sut.call<{ recordReliefPayment: Relief }>(
        RECORD_RELIEF,
        reliefInput(allocationId, overrides),
        identity,
      )
    ).recordReliefPayment;
  const list = async (fundId: string, villageCode = VILLAGE, identity = identities.admin()) =>
    (
      await sut.call<{ villageReliefList: { edges: { node: Relief }[] } }>(
        VILLAGE_LIST,
        { fundId, villageCode },
        identity,
      )
    ).villageReliefList.edges.map((e) => e.node);

  it('pays a household in cash from an allocation, masked wherever it is shown', async () => {
    const { fund, contributions } = await fundWith(sut, '10000');
    const allocation = await allocate(sut, fund.id, { amountFen: '5000', purpose: 'Housing subsidies' });
    const paid = await record(allocation.id, {}, identities.operator('421100', COUNTY_BUREAU));
    expect(paid).toMatchObject({
      kind: 'HOUSING_SUBSIDY',
      headName: '王**',
      idNumber: '421121********0028',
      form: 'CASH',
      amountFen: '2000',
      publishedOn: null,
      goods: [],
    });
    expect(await leftOf(sut, allocation.id)).toEqual([[contributions[0].id, '3000']]);
    const [event] = await published(sut, 'incidents.ReliefPaymentMade.v1', 'paymentId', paid.id);
    expect(event).toMatchObject({
      kind: 'HOUSING_SUBSIDY',
      villageCode: VILLAGE,
      householdSize: 4,
      money: {
        flowId: paid.id,
        stage: 'DISBURSED',
        allocationId: allocation.id,
        projectId: null,
        amountFen: '2000',
        form: 'CASH',
        payer: { organisationId: COUNTY_BUREAU, name: null },
        payee: { organisationId: null, name: '王**' },
        sources: [
          {
            flowId: allocation.id,
            amountFen: '2000',
            origins: [{ contributionId: contributions[0].id, amountFen: '2000' }],
          },
        ],
      },
    });
    // The identity number is stored in full, and never published nor shown.
    expect(JSON.stringify(event)).not.toContain(ID_NUMBER);
    expect(JSON.stringify(event)).not.toContain('王建国');
    const { rows } = await sut.db.query(`SELECT id_number, head_name FROM relief_payment WHERE id = $1`, [
      paid.id,
    ]);
    expect(rows).toEqual([{ id_number: ID_NUMBER, head_name: '王建国' }]);
    expect(await list(fund.id, VILLAGE, identities.auditor('421100'))).toEqual([
      expect.objectContaining({ id: paid.id, headName: '王**', idNumber: '421121********0028' }),
    ]);
    expect(await list(fund.id, VILLAGE, identities.auditor('420900'))).toEqual([]);
  });

  it('hands goods of an in-kind allocation to a household, valued at the allocation’s unit values', async () => {
    const { fund } = await fundWith(sut, '100');
    const { allocationId, contributionId } = await allocateRiceInKind(sut, fund.id, COUNTY_BUREAU, 10);
    const paid = await record(allocationId, {
      kind: 'LIVING_RELIEF',
      amountFen: null,
      goods: [{ description: 'Rice', unit: 'bag', quantity: 3 }],
    });
    expect(paid).toMatchObject({
      kind: 'LIVING_RELIEF',
      form: 'IN_KIND',
      amountFen: '15000',
      goods: [{ description: 'Rice', unit: 'bag', quantity: 3, unitValueFen: '5000' }],
    });
    const { rows } = await sut.db.query(
      `SELECT used_quantity FROM allocation_item WHERE allocation_id = $1`,
      [allocationId],
    );
    expect(rows).toEqual([{ used_quantity: 3 }]);
    expect(await leftOf(sut, allocationId)).toEqual([[contributionId, '35000']]);
    const [event] = await published(sut, 'incidents.ReliefPaymentMade.v1', 'paymentId', paid.id);
    expect(event).toMatchObject({
      money: {
        stage: 'DISBURSED',
        form: 'IN_KIND',
        amountFen: '15000',
        valuationBasis: 'Invoice price',
        goods: [{ description: 'Rice', unit: 'bag', quantity: 3, unitValueFen: '5000', amountFen: '15000' }],
        sources: [
          { flowId: allocationId, amountFen: '15000', origins: [{ contributionId, amountFen: '15000' }] },
        ],
      },
    });
    const before = await writtenByProjects(sut);
    expect(
      await sut.failure(
        RECORD_RELIEF,
        reliefInput(allocationId, {
          amountFen: null,
          goods: [{ description: 'Rice', unit: 'bag', quantity: 8 }],
        }),
      ),
    ).toMatchObject({ code: 'ALLOCATION_INSUFFICIENT', allocationId });
    expect(await sut.failure(RECORD_RELIEF, reliefInput(allocationId))).toMatchObject({
      code: 'RELIEF_FORM_MISMATCH',
      form: 'IN_KIND',
    });
    expect(await writtenByProjects(sut)).toEqual(before);
  });

  it('refuses bad households, villages, forms, allocations and callers with stable codes, writing nothing', async () => {
    const { fund } = await fundWith(sut, '1000');
    const allocation = await allocate(sut, fund.id, { amountFen: '500' });
    const before = await writtenByProjects(sut);
    const failing = (overrides: Record<string, unknown>, identity = identities.admin(), id = allocation.id) =>
      sut.failure(RECORD_RELIEF, reliefInput(id, overrides), identity);
    expect(
      await failing({ household: { headName: '李四', idNumber: '421121198001010021', size: 2 } }),
    ).toMatchObject({ code: 'HOUSEHOLD_ID_NUMBER_INVALID', field: 'household.idNumber' });
    expect(await failing({ household: { headName: '李四', idNumber: ID_NUMBER, size: 0 } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'household.size',
    });
    expect(await failing({ villageCode: '421121' })).toMatchObject({ code: 'VILLAGE_CODE_INVALID' });
    expect(await failing({ villageCode: '420902001001' })).toMatchObject({
      code: 'VILLAGE_OUTSIDE_INCIDENT',
      regionCode: '421100',
    });
    expect(await failing({ amountFen: null })).toMatchObject({ code: 'RELIEF_FORM_MISMATCH', form: 'CASH' });
    expect(await failing({ goods: [{ description: 'Rice', unit: 'bag', quantity: 1 }] })).toMatchObject({
      code: 'RELIEF_FORM_MISMATCH',
      field: 'goods',
    });
    expect(await failing({ amountFen: '501' })).toMatchObject({
      code: 'ALLOCATION_INSUFFICIENT',
      availableFen: '500',
    });
    expect(await failing({}, identities.admin(), NO_SUCH_ID)).toMatchObject({
      code: 'RELIEF_ALLOCATION_NOT_FOUND',
    });
    expect(await failing({}, identities.operator('421100', CONTRACTOR))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failing({}, identities.auditor('421100'))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await writtenByProjects(sut)).toEqual(before);
  });

  it('publishes a village list: one USED flow per form, drawing on each payment with its origins', async () => {
    const { fund, contributions } = await fundWith(sut, '10000');
    const cash = await allocate(sut, fund.id, { amountFen: '6000', purpose: 'Living relief' });
    const rice = await allocateRiceInKind(sut, fund.id, COUNTY_BUREAU, 10);
    const p1 = await record(cash.id, { amountFen: '1500' });
    const p2 = await record(cash.id, {
      kind: 'LIVING_RELIEF',
      household: { headName: '张三丰', idNumber: OTHER_ID_NUMBER, size: 2 },
      amountFen: '800',
    });
    const p3 = await record(rice.allocationId, {
      kind: 'LIVING_RELIEF',
      amountFen: null,
      goods: [{ description: 'Rice', unit: 'bag', quantity: 2 }],
    });
    const elsewhere = await record(cash.id, { villageCode: OTHER_VILLAGE, amountFen: '100' });

    const publications = (
      await sut.call<{
        publishVillageReliefList: { id: string; form: string; amountFen: string; publishedOn: string }[];
      }>(
        PUBLISH_VILLAGE_LIST,
        { input: { fundId: fund.id, villageCode: VILLAGE, publishedOn: '2026-09-01' } },
        identities.operator('420000', FINANCE_BUREAU),
      )
    ).publishVillageReliefList;
    expect(publications.map((p) => [p.form, p.amountFen, p.publishedOn])).toEqual([
      ['CASH', '2300', '2026-09-01'],
      ['IN_KIND', '10000', '2026-09-01'],
    ]);
    const [cashEvent] = await published(
      sut,
      'incidents.VillageReliefListPublished.v1',
      'publicationId',
      publications[0].id,
    );
    expect(cashEvent).toMatchObject({
      villageCode: VILLAGE,
      publishedOn: '2026-09-01',
      paymentIds: [p1.id, p2.id],
      money: {
        flowId: publications[0].id,
        stage: 'USED',
        allocationId: null,
        amountFen: '2300',
        form: 'CASH',
        goods: [],
        sources: [
          {
            flowId: p1.id,
            amountFen: '1500',
            origins: [{ contributionId: contributions[0].id, amountFen: '1500' }],
          },
          {
            flowId: p2.id,
            amountFen: '800',
            origins: [{ contributionId: contributions[0].id, amountFen: '800' }],
          },
        ],
      },
    });
    const [goodsEvent] = await published(
      sut,
      'incidents.VillageReliefListPublished.v1',
      'publicationId',
      publications[1].id,
    );
    expect(goodsEvent).toMatchObject({
      paymentIds: [p3.id],
      money: {
        stage: 'USED',
        form: 'IN_KIND',
        amountFen: '10000',
        valuationBasis: 'Invoice price',
        goods: [{ description: 'Rice', unit: 'bag', quantity: 2, unitValueFen: '5000', amountFen: '10000' }],
        sources: [
          {
            flowId: p3.id,
            amountFen: '10000',
            origins: [{ contributionId: rice.contributionId, amountFen: '10000' }],
          },
        ],
      },
    });

    const shown = await list(fund.id);
    expect(shown.map((r) => [r.id, r.headName, r.idNumber, r.publishedOn])).toEqual([
      [p1.id, '王**', '421121********0028', '2026-09-01'],
      [p2.id, '张**', '421121********0010', '2026-09-01'],
      [p3.id, '王**', '421121********0028', '2026-09-01'],
    ]);
    expect((await list(fund.id, OTHER_VILLAGE)).map((r) => [r.id, r.publishedOn])).toEqual([
      [elsewhere.id, null],
    ]);

    // Everything of the village is published: a second publication has nothing to list, and writes nothing.
    const before = await writtenByProjects(sut);
    expect(
      await sut.failure(PUBLISH_VILLAGE_LIST, {
        input: { fundId: fund.id, villageCode: VILLAGE, publishedOn: '2026-09-02' },
      }),
    ).toMatchObject({ code: 'NOTHING_TO_PUBLISH' });
    expect(
      await sut.failure(
        PUBLISH_VILLAGE_LIST,
        { input: { fundId: fund.id, villageCode: OTHER_VILLAGE, publishedOn: '2026-09-02' } },
        identities.operator('421100', CONTRACTOR),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await writtenByProjects(sut)).toEqual(before);
    const later = await record(cash.id, { amountFen: '50' });
    const again = (
      await sut.call<{ publishVillageReliefList: { id: string; amountFen: string }[] }>(
        PUBLISH_VILLAGE_LIST,
        {
          input: { fundId: fund.id, villageCode: VILLAGE, publishedOn: '2026-09-06' },
        },
      )
    ).publishVillageReliefList;
    expect(again.map((p) => p.amountFen)).toEqual(['50']);
    expect(
      (await published(sut, 'incidents.VillageReliefListPublished.v1', 'publicationId', again[0].id))[0],
    ).toMatchObject({
      paymentIds: [later.id],
    });
  });

  it('pages a village list oldest first', async () => {
    const { fund } = await fundWith(sut, '1000');
    const allocation = await allocate(sut, fund.id, { amountFen: '900' });
    const ids: string[] = [];
    for (const amountFen of ['100', '200', '300']) ids.push((await record(allocation.id, { amountFen })).id);
    type Page = {
      villageReliefList: {
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const first = (await sut.call<Page>(VILLAGE_LIST, { fundId: fund.id, villageCode: VILLAGE, first: 2 }))
      .villageReliefList;
    expect(first.edges.map((e) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await sut.call<Page>(VILLAGE_LIST, {
        fundId: fund.id,
        villageCode: VILLAGE,
        first: 2,
        after: first.pageInfo.endCursor,
      })
    ).villageReliefList;
    expect(next.edges.map((e) => e.node.id)).toEqual(ids.slice(2));
    expect(next.pageInfo.hasNextPage).toBe(false);
  });

  it('publishes relief events on the incidents topic, keyed by fund', async () => {
    const { fund } = await fundWith(sut, '1000');
    const allocation = await allocate(sut, fund.id, { amountFen: '500' });
    const paid = await record(allocation.id, { amountFen: '300' });
    const events = await readTopic(sut.topic);
    try {
      await eventually(
        async () => {
          const found = events.messages.find(
            (m) =>
              m.headers.ce_type === 'incidents.ReliefPaymentMade.v1' &&
              (m.value as { paymentId: string }).paymentId === paid.id,
          );
          expect(found).toBeDefined();
          expect(found!.key).toBe(fund.id);
          expect(found!.value).toMatchObject({ money: { stage: 'DISBURSED', payee: { name: '王**' } } });
        },
        { timeoutMs: 30_000 },
      );
    } finally {
      await events.stop();
    }
  }, 60_000);
});
