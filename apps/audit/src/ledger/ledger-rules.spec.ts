import fc from 'fast-check';
import { fundDiscrepancies, fundFigures, ledgerEntries } from './ledger-rules';
import type { NewFlow } from './ledger.repository';
import { MoneyGraph, type FlowStage } from './money-graph';

const FINANCE = '00000000-0000-4000-8000-00000000f001';
const COUNTY = '00000000-0000-4000-8000-00000000c001';

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
  links: [],
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

  it('debits the supplier and credits the paying organisation for a purchase', () => {
    expect(
      ledgerEntries(
        flow('SPENT', { payerOrganisationId: COUNTY, payeeName: 'Wuhan Relief Materials Co., Ltd.' }),
      ),
    ).toEqual([
      { account: 'supplier:Wuhan Relief Materials Co., Ltd.', side: 'DEBIT', amountFen: 500n },
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
        fc.constantFrom<FlowStage>('RAISED', 'ALLOCATED', 'SPENT'),
        fc.bigInt({ min: 1n, max: 10n ** 15n }),
        party,
        party,
        (stage, amountFen, payer, payee) => {
          const entries = ledgerEntries(
            flow(stage, {
              amountFen,
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

describe('fund figures and discrepancies', () => {
  const money = new MoneyGraph([
    { id: 'c1', stage: 'RAISED', amountFen: 800n, seq: 1n, links: [] },
    {
      id: 'a1',
      stage: 'ALLOCATED',
      amountFen: 600n,
      seq: 2n,
      links: [{ sourceFlowId: 'c1', amountFen: 600n }],
    },
    { id: 's1', stage: 'SPENT', amountFen: 450n, seq: 3n, links: [{ sourceFlowId: 'a1', amountFen: 450n }] },
  ]);

  it('says what each stage moved and what the fund and the organisations still hold', () => {
    expect(fundFigures(money)).toEqual({
      raisedFen: 800n,
      allocatedFen: 600n,
      spentFen: 450n,
      unallocatedFen: 200n,
      unspentFen: 150n,
    });
  });

  it('adds an unbalanced ledger to the money graph’s discrepancies', () => {
    expect(fundDiscrepancies(money, 0n)).toEqual([]);
    expect(fundDiscrepancies(money, 7n)).toEqual(['ledger debits exceed credits by 7 fen']);
  });
});
