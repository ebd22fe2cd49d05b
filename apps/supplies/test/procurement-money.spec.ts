import { randomUUID } from 'node:crypto';
import {
  ProcurementDeliveryAccepted,
  ProcurementInvoiceRecorded,
  ProcurementRecorded,
  ProcurementRefunded,
} from '@emergency/contracts';
import { eventually, identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  allocateFrom,
  balanceOf,
  COUNTY,
  known,
  OTHER_COUNTY,
  purchase,
  returnOf,
  startWithIncidents,
  stopWithIncidents,
  type Drawn,
  type IncidentsTopic,
} from './fixtures';
import {
  ACCEPT_PROCUREMENT_DELIVERY,
  CANCEL_PROCUREMENT,
  PROCUREMENT_WITH_MONEY,
  RECORD_PROCUREMENT_INVOICE,
  RECORD_PROCUREMENT_MONEY,
  REFUND_PROCUREMENT,
} from './procurement.operations';

interface Origin {
  contributionId: string;
  amountFen: string;
  refundedFen: string;
}

interface MoneyProcurement {
  id: string;
  amountFen: string;
  refundedFen: string;
  netPaidFen: string;
  invoicedFen: string;
  status: string;
  allocation: { id: string } | null;
  payments: { allocation: { id: string }; amountFen: string; refundedFen: string; origins: Origin[] }[];
  invoices: { number: string; issuedOn: string; amountFen: string }[];
  refunds: {
    amountFen: string;
    reason: string;
    cancelled: boolean;
    givenBack: { allocation: { id: string }; contributionId: string; amountFen: string }[];
  }[];
  deliveryAcceptance: {
    acceptedOn: string;
    receivedQuantity: number;
    shortfallQuantity: number;
    note: string | null;
  } | null;
}

const LISTS = `query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on FundAllocation { id procurements(first: 10) { edges { node { id } } } } }
}`;

const contribution = (amountFen: string): Drawn => ({ contributionId: randomUUID(), amountFen });
const operator = () => identities.operator('421121', COUNTY.id);

/** What a procurement's money does: split payments, refunds, cancellation, invoices, delivery acceptance. */
describe('procurement money', () => {
  let sut: TestSubgraph;
  let incidents: IncidentsTopic;
  let reader: TopicReader;

  beforeAll(async () => {
    ({ sut, incidents } = await startWithIncidents());
    reader = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await reader?.stop();
    await stopWithIncidents(sut, incidents);
  });

  const record = async (input: Record<string, unknown>) =>
    (
      await sut.call<{ recordProcurement: MoneyProcurement }>(
        RECORD_PROCUREMENT_MONEY,
        purchase('', { allocationId: undefined, ...input }),
        operator(),
      )
    ).recordProcurement;
  const refund = async (procurementId: string, amountFen: string, reason = 'Short delivery') =>
    (
      await sut.call<{ refundProcurement: MoneyProcurement }>(
        REFUND_PROCUREMENT,
        { input: { procurementId, amountFen, reason } },
        operator(),
      )
    ).refundProcurement;
  const procurement = async (id: string) =>
    (await sut.call<{ procurement: MoneyProcurement | null }>(PROCUREMENT_WITH_MONEY, { id })).procurement;
  /** The event of `type` on supplies' topic whose data matches `match`. */
  const published = (type: string, match: (data: Record<string, unknown>) => boolean) =>
    eventually(async () => {
      const found = reader.messages.find(
        (m) => m.headers.ce_type === type && match(m.value as Record<string, unknown>),
      );
      if (!found) throw new Error(`${type} not on the topic yet`);
      return found;
    });
  /** What a refusal leaves: nothing written. */
  const written = async () => ({
    procurements: await sut.count('procurement'),
    payments: await sut.count('procurement_payment'),
    refunds: await sut.count('procurement_refund'),
    invoices: await sut.count('procurement_invoice'),
    outbox: await sut.count('outbox'),
    spent: (await sut.db.query(`SELECT coalesce(sum(spent_fen), 0)::text AS s FROM known_allocation`)).rows[0]
      .s,
    accepted: (await sut.db.query(`SELECT count(*)::int AS n FROM procurement WHERE status <> 'PAID'`))
      .rows[0].n,
  });

  it('pays one procurement from two allocations as split, each first in, first out, and refunds it last first', async () => {
    const [c1, c2, c3] = [contribution('300'), contribution('500'), contribution('1000')];
    const a1 = await allocateFrom(incidents, [c1, c2]);
    const a2 = await allocateFrom(incidents, [c3], {
      fundId: a1.money.fundId,
      incidentId: a1.money.incidentId,
    });
    await known(sut, a1.allocationId, a1.money.incidentId);
    await known(sut, a2.allocationId);

    // A first purchase takes 200 of the first contribution of a1.
    const first = await record({ allocationId: a1.allocationId, quantity: 2, unitPriceFen: '100' });
    expect(first.payments).toEqual([
      {
        allocation: { id: a1.allocationId },
        amountFen: '200',
        refundedFen: '0',
        origins: [{ contributionId: c1.contributionId, amountFen: '200', refundedFen: '0' }],
      },
    ]);

    const split = await record({
      quantity: 10,
      unitPriceFen: '100',
      payments: [
        { allocationId: a1.allocationId, amountFen: '500' },
        { allocationId: a2.allocationId, amountFen: '500' },
      ],
    });
    expect(split).toMatchObject({ amountFen: '1000', netPaidFen: '1000', status: 'PAID', allocation: null });
    expect(split.payments).toEqual([
      {
        allocation: { id: a1.allocationId },
        amountFen: '500',
        refundedFen: '0',
        origins: [
          { contributionId: c1.contributionId, amountFen: '100', refundedFen: '0' },
          { contributionId: c2.contributionId, amountFen: '400', refundedFen: '0' },
        ],
      },
      {
        allocation: { id: a2.allocationId },
        amountFen: '500',
        refundedFen: '0',
        origins: [{ contributionId: c3.contributionId, amountFen: '500', refundedFen: '0' }],
      },
    ]);
    expect(await balanceOf(sut, a1.allocationId)).toEqual({
      amountFen: '800',
      spentFen: '700',
      returnedFen: '0',
      remainingFen: '100',
    });
    expect(await balanceOf(sut, a2.allocationId)).toMatchObject({ spentFen: '500', remainingFen: '500' });

    const recorded = await published(ProcurementRecorded.type, (d) => d.procurementId === split.id);
    expect(recorded.key).toBe(a1.money.fundId);
    expect(recorded.value).toEqual({
      procurementId: split.id,
      itemDescription: 'Family tents, 12 m²',
      quantity: 10,
      unitPriceFen: '100',
      payments: [
        { allocationId: a1.allocationId, amountFen: '500' },
        { allocationId: a2.allocationId, amountFen: '500' },
      ],
      money: expect.objectContaining({
        flowId: split.id,
        stage: 'DISBURSED',
        reverses: null,
        fundId: a1.money.fundId,
        allocationId: null,
        projectId: null,
        incidentId: a1.money.incidentId,
        amountFen: '1000',
        form: 'CASH',
        goods: [],
        payer: { organisationId: COUNTY.id, name: null },
        payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
        sources: [
          {
            flowId: a1.allocationId,
            amountFen: '500',
            origins: [
              { contributionId: c1.contributionId, amountFen: '100' },
              { contributionId: c2.contributionId, amountFen: '400' },
            ],
          },
          {
            flowId: a2.allocationId,
            amountFen: '500',
            origins: [{ contributionId: c3.contributionId, amountFen: '500' }],
          },
        ],
      }),
    });

    // Listed under each allocation that paid for it.
    const { _entities } = await sut.call<{
      _entities: { id: string; procurements: { edges: { node: { id: string } }[] } }[];
    }>(LISTS, {
      reps: [a1, a2].map((a) => ({ __typename: 'FundAllocation', id: a.allocationId })),
    });
    expect(_entities.map((e) => e.procurements.edges.map((edge) => edge.node.id))).toEqual([
      [split.id, first.id],
      [split.id],
    ]);

    // 600 back: all of a2's 500 (paid last), then the last 100 a1 paid, which came from c2.
    const refunded = await refund(split.id, '600');
    expect(refunded).toMatchObject({ refundedFen: '600', netPaidFen: '400', status: 'PAID' });
    expect(refunded.refunds).toEqual([
      {
        amountFen: '600',
        reason: 'Short delivery',
        cancelled: false,
        givenBack: [
          { allocation: { id: a2.allocationId }, contributionId: c3.contributionId, amountFen: '500' },
          { allocation: { id: a1.allocationId }, contributionId: c2.contributionId, amountFen: '100' },
        ],
      },
    ]);
    expect(refunded.payments.map((p) => p.refundedFen)).toEqual(['100', '500']);
    expect(await balanceOf(sut, a1.allocationId)).toMatchObject({ spentFen: '600', remainingFen: '200' });
    expect(await balanceOf(sut, a2.allocationId)).toMatchObject({ spentFen: '0', remainingFen: '1000' });

    const event = await published(ProcurementRefunded.type, (d) => d.procurementId === split.id);
    expect(event.key).toBe(a1.money.fundId);
    expect(event.value).toMatchObject({
      procurementId: split.id,
      reason: 'Short delivery',
      cancelled: false,
      money: {
        stage: 'DISBURSED',
        reverses: split.id,
        allocationId: null,
        amountFen: '600',
        payer: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
        payee: { organisationId: COUNTY.id, name: null },
        sources: [
          {
            flowId: a2.allocationId,
            amountFen: '500',
            origins: [{ contributionId: c3.contributionId, amountFen: '500' }],
          },
          {
            flowId: a1.allocationId,
            amountFen: '100',
            origins: [{ contributionId: c2.contributionId, amountFen: '100' }],
          },
        ],
      },
    });
    const { refundId, money } = event.value as { refundId: string; money: { flowId: string } };
    expect(money.flowId).toBe(refundId);

    // What came back is spent again first in, first out: a1 has 200 left, all of it c2's.
    const again = await record({ allocationId: a1.allocationId, quantity: 1, unitPriceFen: '200' });
    expect(again.payments[0].origins).toEqual([
      { contributionId: c2.contributionId, amountFen: '200', refundedFen: '0' },
    ]);

    // Cancelling gives back the 400 still paid, last first: c2's 300, then c1's 100.
    const cancelled = (
      await sut.call<{ cancelProcurement: MoneyProcurement }>(
        CANCEL_PROCUREMENT,
        { input: { procurementId: split.id, reason: 'Supplier could not deliver' } },
        operator(),
      )
    ).cancelProcurement;
    expect(cancelled).toMatchObject({ status: 'CANCELLED', refundedFen: '1000', netPaidFen: '0' });
    expect(cancelled.refunds[1]).toEqual({
      amountFen: '400',
      reason: 'Supplier could not deliver',
      cancelled: true,
      givenBack: [
        { allocation: { id: a1.allocationId }, contributionId: c2.contributionId, amountFen: '300' },
        { allocation: { id: a1.allocationId }, contributionId: c1.contributionId, amountFen: '100' },
      ],
    });
    expect(await balanceOf(sut, a1.allocationId)).toMatchObject({ spentFen: '400', remainingFen: '400' });
    const cancellation = await published(
      ProcurementRefunded.type,
      (d) => d.procurementId === split.id && d.cancelled === true,
    );
    expect(cancellation.value).toMatchObject({ money: { amountFen: '400', reverses: split.id } });

    // A cancelled procurement is done with.
    const before = await written();
    for (const [operation, input] of [
      [REFUND_PROCUREMENT, { procurementId: split.id, amountFen: '1', reason: 'x' }],
      [CANCEL_PROCUREMENT, { procurementId: split.id, reason: 'x' }],
      [
        RECORD_PROCUREMENT_INVOICE,
        { procurementId: split.id, number: 'FP-1', issuedOn: '2026-07-10', amountFen: '1' },
      ],
      [
        ACCEPT_PROCUREMENT_DELIVERY,
        { procurementId: split.id, acceptedOn: '2026-07-10', receivedQuantity: 1 },
      ],
    ] as const) {
      expect(await sut.failure(operation, { input }, operator())).toMatchObject({
        code: 'PROCUREMENT_CANCELLED',
      });
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a split that does not add up, spans funds or recipients, or overdraws an allocation, writing nothing', async () => {
    const a1 = await allocateFrom(incidents, [contribution('1000')]);
    const a2 = await allocateFrom(incidents, [contribution('100')], {
      fundId: a1.money.fundId,
      incidentId: a1.money.incidentId,
    });
    const otherFund = await allocateFrom(incidents, [contribution('1000')]);
    const otherRecipient = await allocateFrom(incidents, [contribution('1000')], {
      fundId: a1.money.fundId,
      incidentId: a1.money.incidentId,
      recipientId: OTHER_COUNTY.id,
    });
    for (const a of [a1, a2, otherFund, otherRecipient]) await known(sut, a.allocationId, a.money.incidentId);
    const split = (...payments: [string, string][]) =>
      purchase('', {
        allocationId: undefined,
        quantity: 1,
        unitPriceFen: '500',
        payments: payments.map(([allocationId, amountFen]) => ({ allocationId, amountFen })),
      });
    const before = await written();
    for (const [variables, code] of [
      [split([a1.allocationId, '300'], [a2.allocationId, '100']), 'PAYMENTS_DO_NOT_ADD_UP'],
      [
        split([a1.allocationId, '300'], [otherFund.allocationId, '200']),
        'PROCUREMENT_ALLOCATIONS_OF_DIFFERENT_FUNDS',
      ],
      [
        split([a1.allocationId, '300'], [otherRecipient.allocationId, '200']),
        'PROCUREMENT_ALLOCATIONS_OF_DIFFERENT_RECIPIENTS',
      ],
      [split([a1.allocationId, '300'], [a2.allocationId, '200']), 'ALLOCATION_EXCEEDED'],
      [split([a1.allocationId, '300'], [randomUUID(), '200']), 'ALLOCATION_UNKNOWN'],
      [split([a1.allocationId, '250'], [a1.allocationId, '250']), 'BAD_USER_INPUT'],
      [split([a1.allocationId, '500'], [a2.allocationId, '0']), 'INVALID_AMOUNT'],
      [
        { input: { ...split([a1.allocationId, '500']).input, allocationId: a1.allocationId } },
        'BAD_USER_INPUT',
      ],
    ] as const) {
      expect(await sut.failure(RECORD_PROCUREMENT_MONEY, variables, identities.admin())).toMatchObject({
        code,
      });
    }
    expect(await written()).toEqual(before);
  });

  it('refuses a refund above what is paid net of refunds, or of a procurement the caller cannot see, writing nothing', async () => {
    const a = await allocateFrom(incidents, [contribution('1000')]);
    await known(sut, a.allocationId, a.money.incidentId);
    const bought = await record({ allocationId: a.allocationId, quantity: 1, unitPriceFen: '700' });
    await refund(bought.id, '200');
    const before = await written();
    for (const [input, code, identity] of [
      [{ procurementId: bought.id, amountFen: '501', reason: 'x' }, 'REFUND_EXCEEDS_PAID', operator()],
      [{ procurementId: bought.id, amountFen: '0', reason: 'x' }, 'INVALID_AMOUNT', operator()],
      [{ procurementId: bought.id, amountFen: '1', reason: ' ' }, 'BAD_USER_INPUT', operator()],
      [{ procurementId: randomUUID(), amountFen: '1', reason: 'x' }, 'NOT_FOUND', operator()],
      [
        { procurementId: bought.id, amountFen: '1', reason: 'x' },
        'NOT_FOUND',
        identities.operator('421121', OTHER_COUNTY.id),
      ],
      [{ procurementId: bought.id, amountFen: '1', reason: 'x' }, 'FORBIDDEN', identities.auditor()],
    ] as const) {
      expect(await sut.failure(REFUND_PROCUREMENT, { input }, identity)).toMatchObject({ code });
    }
    expect(await written()).toEqual(before);
    expect(await balanceOf(sut, a.allocationId)).toMatchObject({ spentFen: '500' });
    // Refunding everything still paid cancels it.
    expect(await refund(bought.id, '500')).toMatchObject({ status: 'CANCELLED', netPaidFen: '0' });
  });

  it('records invoices up to what is paid, numbered once per supplier', async () => {
    const a = await allocateFrom(incidents, [contribution('5000')]);
    await known(sut, a.allocationId, a.money.incidentId);
    const bought = await record({ allocationId: a.allocationId, quantity: 3, unitPriceFen: '1000' });
    const other = await record({
      allocationId: a.allocationId,
      quantity: 1,
      unitPriceFen: '1000',
      supplierName: 'Hubei Grain Reserve',
    });
    await refund(bought.id, '500');
    const invoice = (procurementId: string, number: string, amountFen: string, issuedOn = '2026-07-10') => ({
      input: { procurementId, number, issuedOn, amountFen },
    });
    const first = await sut.call<{ recordProcurementInvoice: MoneyProcurement }>(
      RECORD_PROCUREMENT_INVOICE,
      invoice(bought.id, 'FP-2026-001', '2000'),
      operator(),
    );
    const second = await sut.call<{ recordProcurementInvoice: MoneyProcurement }>(
      RECORD_PROCUREMENT_INVOICE,
      invoice(bought.id, 'FP-2026-002', '500', '2026-07-09'),
      operator(),
    );
    expect(first.recordProcurementInvoice.invoicedFen).toBe('2000');
    expect(second.recordProcurementInvoice).toMatchObject({
      invoicedFen: '2500',
      netPaidFen: '2500',
      invoices: [
        { number: 'FP-2026-002', issuedOn: '2026-07-09', amountFen: '500' },
        { number: 'FP-2026-001', issuedOn: '2026-07-10', amountFen: '2000' },
      ],
    });
    // Another supplier may use the same number.
    await sut.call(RECORD_PROCUREMENT_INVOICE, invoice(other.id, 'FP-2026-001', '1000'), operator());

    const before = await written();
    for (const [variables, code] of [
      [invoice(bought.id, 'FP-2026-003', '1'), 'INVOICES_EXCEED_AMOUNT'],
      [invoice(other.id, 'FP-2026-004', '1'), 'INVOICES_EXCEED_AMOUNT'],
      [invoice(bought.id, 'FP-2026-001', '0'), 'INVALID_AMOUNT'],
      [invoice(bought.id, 'FP-2026-009', '1', '2999-01-01'), 'DATE_IN_FUTURE'],
      [invoice(bought.id, 'FP-2026-009', '1', '10 July'), 'INVALID_DATE'],
    ] as const) {
      expect(await sut.failure(RECORD_PROCUREMENT_INVOICE, variables, operator())).toMatchObject({ code });
    }
    // The same supplier's number again, on another of its procurements.
    const third = await record({ allocationId: a.allocationId, quantity: 1, unitPriceFen: '100' });
    const withThird = await written();
    expect(
      await sut.failure(RECORD_PROCUREMENT_INVOICE, invoice(third.id, 'FP-2026-001', '100'), operator()),
    ).toMatchObject({ code: 'INVOICE_NUMBER_TAKEN', field: 'number' });
    expect(await written()).toEqual(withThird);
    expect(before.invoices).toBe(withThird.invoices);

    const event = await published(ProcurementInvoiceRecorded.type, (d) => d.number === 'FP-2026-002');
    expect(event.value).toMatchObject({
      procurementId: bought.id,
      fundId: a.money.fundId,
      supplierName: 'Wuhan Relief Materials Co., Ltd.',
      issuedOn: '2026-07-09',
      amountFen: '500',
      currency: 'CNY',
    });
    expect(event.value).not.toHaveProperty('money');
  });

  it('accepts a delivery, recording a shortfall, and publishes the money paid net of refunds as used', async () => {
    const [c4, c5] = [contribution('1000'), contribution('1000')];
    const a = await allocateFrom(incidents, [c4, c5]);
    await known(sut, a.allocationId, a.money.incidentId);
    const bought = await record({ allocationId: a.allocationId, quantity: 15, unitPriceFen: '100' });
    await refund(bought.id, '200');

    const before = await written();
    expect(
      await sut.failure(
        ACCEPT_PROCUREMENT_DELIVERY,
        { input: { procurementId: bought.id, acceptedOn: '2026-07-12', receivedQuantity: 16 } },
        operator(),
      ),
    ).toMatchObject({ code: 'INVALID_QUANTITY', field: 'receivedQuantity' });
    expect(await written()).toEqual(before);

    const { acceptProcurementDelivery: accepted } = await sut.call<{
      acceptProcurementDelivery: MoneyProcurement;
    }>(
      ACCEPT_PROCUREMENT_DELIVERY,
      {
        input: {
          procurementId: bought.id,
          acceptedOn: '2026-07-12',
          receivedQuantity: 13,
          note: 'Two tents torn in transport',
        },
      },
      operator(),
    );
    expect(accepted).toMatchObject({
      status: 'ACCEPTED',
      netPaidFen: '1300',
      deliveryAcceptance: {
        acceptedOn: '2026-07-12',
        receivedQuantity: 13,
        shortfallQuantity: 2,
        note: 'Two tents torn in transport',
      },
    });
    expect(await procurement(bought.id)).toMatchObject({ status: 'ACCEPTED' });

    const event = await published(ProcurementDeliveryAccepted.type, (d) => d.procurementId === bought.id);
    expect(event.key).toBe(a.money.fundId);
    const value = event.value as { money: { flowId: string } };
    expect(value).toMatchObject({
      acceptedOn: '2026-07-12',
      quantity: 15,
      receivedQuantity: 13,
      shortfallQuantity: 2,
      note: 'Two tents torn in transport',
      money: {
        stage: 'USED',
        reverses: null,
        fundId: a.money.fundId,
        allocationId: a.allocationId,
        amountFen: '1300',
        sources: [
          {
            flowId: bought.id,
            amountFen: '1300',
            origins: [
              { contributionId: c4.contributionId, amountFen: '1000' },
              { contributionId: c5.contributionId, amountFen: '300' },
            ],
          },
        ],
      },
    });
    expect(value.money.flowId).not.toBe(bought.id);

    // Accepted is final for its money.
    const afterAcceptance = await written();
    for (const [operation, input] of [
      [REFUND_PROCUREMENT, { procurementId: bought.id, amountFen: '1', reason: 'x' }],
      [CANCEL_PROCUREMENT, { procurementId: bought.id, reason: 'x' }],
      [
        ACCEPT_PROCUREMENT_DELIVERY,
        { procurementId: bought.id, acceptedOn: '2026-07-12', receivedQuantity: 15 },
      ],
    ] as const) {
      expect(await sut.failure(operation, { input }, operator())).toMatchObject({
        code: 'PROCUREMENT_ALREADY_ACCEPTED',
      });
    }
    expect(await written()).toEqual(afterAcceptance);
    expect(await balanceOf(sut, a.allocationId)).toMatchObject({ spentFen: '1300', remainingFen: '700' });
  });

  it('spends less of an allocation once part of it is returned, from the contributions the return left', async () => {
    const [c6, c7] = [contribution('600'), contribution('400')];
    const a = await allocateFrom(incidents, [c6, c7]);
    await known(sut, a.allocationId, a.money.incidentId);
    const returned = await returnOf(incidents, a, [{ contributionId: c7.contributionId, amountFen: '300' }]);
    // Delivered twice (a replayed outbox row): applied once.
    await returnOf(
      incidents,
      a,
      [{ contributionId: c7.contributionId, amountFen: '300' }],
      returned.returnId,
    );
    await eventually(
      async () => expect(await balanceOf(sut, a.allocationId)).toMatchObject({ returnedFen: '300' }),
      { timeoutMs: 30_000 },
    );
    // A later event of the fund is in: the repeat has been dealt with.
    const marker = await allocateFrom(incidents, [contribution('1')], { fundId: a.money.fundId });
    await known(sut, marker.allocationId);
    expect(await balanceOf(sut, a.allocationId)).toEqual({
      amountFen: '1000',
      spentFen: '0',
      returnedFen: '300',
      remainingFen: '700',
    });

    // A return of more of a contribution than the allocation drew of it is refused by the projection.
    await returnOf(incidents, a, [{ contributionId: c6.contributionId, amountFen: '601' }]);
    const marker2 = await allocateFrom(incidents, [contribution('1')], { fundId: a.money.fundId });
    await known(sut, marker2.allocationId);
    expect(await balanceOf(sut, a.allocationId)).toMatchObject({ returnedFen: '300', remainingFen: '700' });

    // An allocation to a reconstruction project is the incidents service's to pay out: supplies never learns it.
    const toProject = await allocateFrom(incidents, [contribution('500')], {
      fundId: a.money.fundId,
      projectId: randomUUID(),
    });
    const marker3 = await allocateFrom(incidents, [contribution('1')], { fundId: a.money.fundId });
    await known(sut, marker3.allocationId);
    expect(await balanceOf(sut, toProject.allocationId)).toBeNull();

    const before = await written();
    expect(
      await sut.failure(
        RECORD_PROCUREMENT_MONEY,
        purchase(a.allocationId, { quantity: 1, unitPriceFen: '701' }),
        operator(),
      ),
    ).toMatchObject({ code: 'ALLOCATION_EXCEEDED', remainingFen: '700', requestedFen: '701' });
    expect(await written()).toEqual(before);

    const bought = await record({ allocationId: a.allocationId, quantity: 1, unitPriceFen: '700' });
    expect(bought.payments[0].origins).toEqual([
      { contributionId: c6.contributionId, amountFen: '600', refundedFen: '0' },
      { contributionId: c7.contributionId, amountFen: '100', refundedFen: '0' },
    ]);
    expect(await balanceOf(sut, a.allocationId)).toMatchObject({ spentFen: '700', remainingFen: '0' });
  });

  it('lets concurrent split purchases naming two allocations in either order together spend at most what each holds', async () => {
    const a1 = await allocateFrom(incidents, [contribution('1000')]);
    const a2 = await allocateFrom(incidents, [contribution('1000')], {
      fundId: a1.money.fundId,
      incidentId: a1.money.incidentId,
    });
    await known(sut, a1.allocationId, a1.money.incidentId);
    await known(sut, a2.allocationId);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const order = i % 2 === 0 ? [a1, a2] : [a2, a1];
        return sut.request(
          RECORD_PROCUREMENT_MONEY,
          purchase('', {
            allocationId: undefined,
            quantity: 1,
            unitPriceFen: '500',
            payments: order.map((a) => ({ allocationId: a.allocationId, amountFen: '250' })),
          }),
          operator(),
        );
      }),
    );
    expect(results.filter((r) => !r.errors).length).toBe(4);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'ALLOCATION_EXCEEDED').length).toBe(4);
    for (const a of [a1, a2]) {
      expect(await balanceOf(sut, a.allocationId)).toMatchObject({ spentFen: '1000', remainingFen: '0' });
    }
  });

  it('lets concurrent refunds of one procurement together give back at most what it paid', async () => {
    const a = await allocateFrom(incidents, [contribution('1000')]);
    await known(sut, a.allocationId, a.money.incidentId);
    const bought = await record({ allocationId: a.allocationId, quantity: 1, unitPriceFen: '1000' });
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        sut.request(
          REFUND_PROCUREMENT,
          { input: { procurementId: bought.id, amountFen: '300', reason: 'Damaged' } },
          operator(),
        ),
      ),
    );
    expect(results.filter((r) => !r.errors).length).toBe(3);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'REFUND_EXCEEDS_PAID').length).toBe(2);
    expect(await procurement(bought.id)).toMatchObject({ refundedFen: '900', netPaidFen: '100' });
    expect(await balanceOf(sut, a.allocationId)).toMatchObject({ spentFen: '100', remainingFen: '900' });
  });

  it('refuses to refund, cancel or accept a procurement whose contributions were never recorded, writing nothing', async () => {
    const a = await allocateFrom(incidents, [contribution('1000')]);
    await known(sut, a.allocationId, a.money.incidentId);
    const bought = await record({ allocationId: a.allocationId, quantity: 1, unitPriceFen: '400' });
    // As a procurement recorded before the money model is stored: a payment without origins.
    await sut.db.query(`DELETE FROM procurement_payment_origin WHERE procurement_id = $1`, [bought.id]);
    const before = await written();
    for (const [operation, input] of [
      [REFUND_PROCUREMENT, { procurementId: bought.id, amountFen: '1', reason: 'x' }],
      [CANCEL_PROCUREMENT, { procurementId: bought.id, reason: 'x' }],
      [
        ACCEPT_PROCUREMENT_DELIVERY,
        { procurementId: bought.id, acceptedOn: '2026-07-12', receivedQuantity: 1 },
      ],
    ] as const) {
      expect(await sut.failure(operation, { input }, operator())).toMatchObject({
        code: 'PROCUREMENT_ORIGINS_UNKNOWN',
      });
    }
    expect(await written()).toEqual(before);
  });
});
