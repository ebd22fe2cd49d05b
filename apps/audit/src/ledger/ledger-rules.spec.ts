import fc from 'fast-check';
import { discrepanciesInOrder, ledgerEntries } from './ledger-rules';
import type { NewFlow } from './ledger.repository';
import { FLOW_STAGES, type FlowStage } from './money-book';

const FINANCE = '00000000-0000-4000-8000-00000000f001';
const COUNTY = '00000000-0000-4000-8000-00000000c001';
const PROJECT = '00000000-0000-4000-8000-00000000d001';

const flow = (stage: FlowStage, overrides: Partial<NewFlow> = {}): NewFlow => ({
  id: '00000000-0000-4000-8000-000000000001',
  stage,
  fundId: '00000000-0000-4000-8000-000000000002',
  incidentId: '00000000-0000-4000-8000-000000000003',
  amountFen: 500n,
  payerOrganisationId: null,
  payerName: null,
  payeeOrganisationId: null,
  payeeName: null,
  description: 'Rebuild village roads',
  occurredAt: new Date('2026-07-06T00:00:00Z'),
  reverses: null,
  allocationId: null,
  projectId: null,
  form: 'CASH',
  goods: [],
  valuationBasis: null,
  sources: [],
  sourceEventId: '00000000-0000-4000-8000-000000000004',
  sourceEventType: 'test',
  ...overrides,
});

describe(ledgerEntries.name, () => {
  it('debits the fund and credits the contributor for raised money', () => {
    expect(
      ledgerEntries(flow('RAISED', { payerName: 'Hubei Red Cross', payeeOrganisationId: FINANCE })),
    ).toEqual([
      { account: 'fund', side: 'DEBIT', amountFen: 500n },
      { account: 'contributor:Hubei Red Cross', side: 'CREDIT', amountFen: 500n },
    ]);
    expect(ledgerEntries(flow('RAISED', { payerOrganisationId: FINANCE, payerName: 'Finance' }))[1]).toEqual({
      account: `organisation:${FINANCE}`,
      side: 'CREDIT',
      amountFen: 500n,
    });
  });

  it('debits the receiving organisation and credits the fund for an allocation', () => {
    expect(
      ledgerEntries(flow('ALLOCATED', { payerOrganisationId: FINANCE, payeeOrganisationId: COUNTY })),
    ).toEqual([
      { account: `organisation:${COUNTY}`, side: 'DEBIT', amountFen: 500n },
      { account: 'fund', side: 'CREDIT', amountFen: 500n },
    ]);
  });

  it('debits a project, not its organisation, for an allocation to the project', () => {
    expect(ledgerEntries(flow('ALLOCATED', { payeeOrganisationId: COUNTY, projectId: PROJECT }))[0]).toEqual({
      account: `project:${PROJECT}`,
      side: 'DEBIT',
      amountFen: 500n,
    });
  });

  it('debits the third party and credits the paying organisation or project for a disbursement', () => {
    expect(
      ledgerEntries(
        flow('DISBURSED', { payerOrganisationId: COUNTY, payeeName: 'Wuhan Relief Materials Co., Ltd.' }),
      ),
    ).toEqual([
      { account: 'payee:Wuhan Relief Materials Co., Ltd.', side: 'DEBIT', amountFen: 500n },
      { account: `organisation:${COUNTY}`, side: 'CREDIT', amountFen: 500n },
    ]);
    expect(
      ledgerEntries(
        flow('DISBURSED', { payerOrganisationId: COUNTY, projectId: PROJECT, payeeName: 'Builder' }),
      )[1],
    ).toEqual({ account: `project:${PROJECT}`, side: 'CREDIT', amountFen: 500n });
  });

  it('moves disbursed money to the used account when its use is confirmed', () => {
    expect(ledgerEntries(flow('USED', { payeeName: 'Builder' }))).toEqual([
      { account: 'used:payee:Builder', side: 'DEBIT', amountFen: 500n },
      { account: 'payee:Builder', side: 'CREDIT', amountFen: 500n },
    ]);
  });

  it('books a reversal as the entry of its stage with the sides swapped', () => {
    expect(ledgerEntries(flow('ALLOCATED', { payeeOrganisationId: COUNTY, reverses: PROJECT }))).toEqual([
      { account: 'fund', side: 'DEBIT', amountFen: 500n },
      { account: `organisation:${COUNTY}`, side: 'CREDIT', amountFen: 500n },
    ]);
  });

  it('balances every flow, whatever its stage, parties and amount', () => {
    const party = fc.record({
      organisationId: fc.option(fc.uuid(), { nil: null }),
      name: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom<FlowStage>(...FLOW_STAGES),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        party,
        party,
        fc.option(fc.uuid(), { nil: null }),
        fc.option(fc.uuid(), { nil: null }),
        (stage, amountFen, payer, payee, projectId, reverses) => {
          const entries = ledgerEntries(
            flow(stage, {
              amountFen,
              projectId,
              reverses,
              payerOrganisationId: payer.organisationId,
              payerName: payer.name,
              payeeOrganisationId: payee.organisationId,
              payeeName: payee.name,
            }),
          );
          const debits = entries.filter((e) => e.side === 'DEBIT');
          const credits = entries.filter((e) => e.side === 'CREDIT');
          expect(debits).toHaveLength(1);
          expect(credits).toHaveLength(1);
          const balance = entries.reduce(
            (sum, e) => (e.side === 'DEBIT' ? sum + e.amountFen : sum - e.amountFen),
            0n,
          );
          expect(balance).toBe(0n);
          expect(debits[0]!.amountFen).toBe(amountFen);
        },
      ),
    );
  });
});

describe(discrepanciesInOrder.name, () => {
  it('lists each flow’s statement in recording order, then reversals and draws, then totals, then the ledger', () => {
    const found = discrepanciesInOrder([
      { key: [4n], message: 'ledger' },
      { key: [2n, 3n, 2n, 5n, 0n, 0n], message: 'overdrawn 3' },
      { key: [1n, 10n, 0n, 0n, 0n], message: 'statement 10' },
      { key: [2n, 3n, 0n], message: 'reversed 3' },
      { key: [1n, 9n, 3n, 1n, 1n], message: 'source 9/1 origins' },
      { key: [1n, 9n, 3n, 1n, 0n], message: 'source 9/1' },
      { key: [3n, 1n, 1n], message: 'totals' },
    ]);
    expect(found).toEqual([
      'source 9/1',
      'source 9/1 origins',
      'statement 10',
      'reversed 3',
      'overdrawn 3',
      'totals',
      'ledger',
    ]);
  });
});
