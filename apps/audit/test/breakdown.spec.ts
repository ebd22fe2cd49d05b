import { randomUUID } from 'node:crypto';
import type { ContributionKind, MoneyForm } from '@emergency/domain';
import { eventually, identities } from '@emergency/testing';
import { COUNTY, FINANCE, fundEstablished, startAudit, type Audit, type FundRef } from './fixtures';
import {
  allocated,
  BREAKDOWN,
  contributed,
  keptFigures,
  paid,
  returned,
  type BreakdownAnswer,
} from './breakdown.fixtures';

const SHELTER_BUREAU = '00000000-0000-4000-8000-00000000c002';
const PROJECT = '00000000-0000-4000-8000-0000000000a1';

type Dimension = 'INCIDENT' | 'REGION' | 'RECEIVING_ORGANISATION' | 'SOURCE_KIND';

/** The fund's trace with its breakdown by `by`, once the audit has recorded `flows` flows of it. */
const breakdownOf = (sut: Audit, fund: FundRef, by: Dimension, flows: number) =>
  eventually(
    async () => {
      const { rows } = await sut.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM flow WHERE fund_id = $1`,
        [fund.fundId],
      );
      expect(rows[0]!.n).toBe(flows);
      return (await sut.call<BreakdownAnswer>(BREAKDOWN, { fundId: fund.fundId, by }, identities.auditor()))
        .fundTrace;
    },
    { timeoutMs: 30_000 },
  );

const line = (total: [number, number, number], cashRaised = total[0], inKindRaised = 0) => ({
  total: {
    raisedFen: String(total[0]),
    allocatedFen: String(total[1]),
    disbursedFen: String(total[2]),
    usedFen: '0',
  },
  cash: expect.objectContaining({ raisedFen: String(cashRaised) }),
  inKind: expect.objectContaining({ raisedFen: String(inKindRaised) }),
});

describe('audit: a fund’s figures broken down as the announcements break them down', () => {
  let sut: Audit;
  beforeAll(async () => (sut = await startAudit()), 120_000);
  afterAll(() => sut?.stop());

  it('breaks raised, allocated and disbursed money down by source kind, receiver and region, and splits the balance', async () => {
    const fund = await fundEstablished(sut, { regionCode: '421121' });
    const appropriation = await contributed(sut, fund, { kind: 'APPROPRIATION', amountFen: 1_000_000n });
    const donation = await contributed(sut, fund, { kind: 'DONATION', amountFen: 500_000n });
    const dues = await contributed(sut, fund, { kind: 'PARTY_DUES', amountFen: 200_000n });
    const tents = await contributed(sut, fund, { kind: 'DONATION', form: 'IN_KIND', amountFen: 300_000n });
    const housing = await allocated(sut, fund, {
      recipient: COUNTY,
      projectId: PROJECT,
      origins: [
        [appropriation, 400_000n],
        [donation, 100_000n],
      ],
    });
    const relief = await allocated(sut, fund, { recipient: SHELTER_BUREAU, origins: [[dues, 150_000n]] });
    await allocated(sut, fund, { recipient: SHELTER_BUREAU, form: 'IN_KIND', origins: [[tents, 300_000n]] });
    await returned(sut, fund, {
      allocationId: relief.id,
      recipient: SHELTER_BUREAU,
      origins: [[dues, 50_000n]],
    });
    await paid(sut, fund, {
      allocationId: housing.id,
      recipient: COUNTY,
      projectId: PROJECT,
      origins: [
        [appropriation, 250_000n],
        [donation, 50_000n],
      ],
    });

    const byKind = await breakdownOf(sut, fund, 'SOURCE_KIND', 9);
    expect(byKind).toMatchObject({ raisedFen: '2000000', allocatedFen: '900000', disbursedFen: '300000' });
    expect(byKind.breakdown).toEqual(
      [
        { key: 'APPROPRIATION', sourceKind: 'APPROPRIATION', ...line([1_000_000, 400_000, 250_000]) },
        { key: 'DONATION', sourceKind: 'DONATION', ...line([800_000, 400_000, 50_000], 500_000, 300_000) },
        { key: 'PARTY_DUES', sourceKind: 'PARTY_DUES', ...line([200_000, 100_000, 0]) },
      ].map((l) => ({ regionCode: null, incident: null, receivingOrganisation: null, ...l })),
    );

    const byReceiver = (await breakdownOf(sut, fund, 'RECEIVING_ORGANISATION', 9)).breakdown;
    expect(byReceiver.map((l) => [l.key, l.receivingOrganisation?.id ?? null, l.total])).toEqual([
      [FINANCE, FINANCE, { raisedFen: '2000000', allocatedFen: '0', disbursedFen: '0', usedFen: '0' }],
      [COUNTY, COUNTY, { raisedFen: '0', allocatedFen: '500000', disbursedFen: '0', usedFen: '0' }],
      [
        SHELTER_BUREAU,
        SHELTER_BUREAU,
        { raisedFen: '0', allocatedFen: '400000', disbursedFen: '0', usedFen: '0' },
      ],
      // The builder is named on the record, not an organisation: no receiving organisation, listed last.
      [null, null, { raisedFen: '0', allocatedFen: '0', disbursedFen: '300000', usedFen: '0' }],
    ]);

    const byRegion = await breakdownOf(sut, fund, 'REGION', 9);
    expect(byRegion.breakdown.map((l) => [l.key, l.regionCode, l.total.raisedFen])).toEqual([
      ['421121', '421121', '2000000'],
    ]);
    const byIncident = await breakdownOf(sut, fund, 'INCIDENT', 9);
    expect(byIncident.breakdown.map((l) => [l.key, l.incident?.id])).toEqual([
      [fund.incidentId, fund.incidentId],
    ]);

    expect(byKind.balance).toEqual({
      balanceFen: '1700000',
      awaitingAllocationFen: '1100000',
      releasedWithProjectProgressFen: '200000',
      heldByRecipientsFen: '400000',
      cash: {
        balanceFen: '1400000',
        awaitingAllocationFen: '1100000',
        releasedWithProjectProgressFen: '200000',
        heldByRecipientsFen: '100000',
      },
      inKind: {
        balanceFen: '300000',
        awaitingAllocationFen: '0',
        releasedWithProjectProgressFen: '0',
        heldByRecipientsFen: '300000',
      },
    });
  });

  it('keeps the breakdown equal to the fund’s totals, and its debits equal to its credits, after a random sequence', async () => {
    // A seeded sequence (the same on every run): contributions of every kind and form, allocations to projects and
    // organisations, returns and project payments, each drawing on what is left.
    let seed = 20_260_706;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const fund = await fundEstablished(sut, { regionCode: '421121' });
    const kinds: ContributionKind[] = ['APPROPRIATION', 'DONATION', 'PARTY_DUES'];
    const left = new Map<string, { form: MoneyForm; amount: bigint }>();
    const allocations: {
      id: string;
      recipient: string;
      projectId: string | null;
      form: MoneyForm;
      left: [string, bigint][];
    }[] = [];
    let flows = 0;
    for (let step = 0; step < 40; step += 1) {
      const move = step < 6 ? 0 : random(4);
      if (move === 0) {
        const form: MoneyForm = random(4) === 0 ? 'IN_KIND' : 'CASH';
        const amount = BigInt(1 + random(100_000));
        const id = await contributed(sut, fund, { kind: kinds[random(3)]!, form, amountFen: amount });
        left.set(id, { form, amount });
        flows += 1;
      } else if (move === 1) {
        const form: MoneyForm = random(3) === 0 ? 'IN_KIND' : 'CASH';
        const origins = [...left]
          .filter(([, c]) => c.form === form && c.amount > 0n)
          .slice(0, 2)
          .map(([id, c]): [string, bigint] => [id, 1n + BigInt(random(Number(c.amount)))]);
        if (origins.length === 0) continue;
        for (const [id, a] of origins) left.get(id)!.amount -= a;
        const recipient = random(2) === 0 ? COUNTY : SHELTER_BUREAU;
        const projectId = form === 'CASH' && random(2) === 0 ? randomUUID() : null;
        const a = await allocated(sut, fund, { recipient, projectId, form, origins });
        allocations.push({ id: a.id, recipient, projectId, form, left: origins });
        flows += 1;
      } else {
        const a = allocations.filter((x) => x.left.some(([, amount]) => amount > 0n))[
          random(allocations.length + 1)
        ];
        if (!a) continue;
        const [contributionId, has] = a.left.find(([, amount]) => amount > 0n)!;
        const amount = 1n + BigInt(random(Number(has)));
        a.left = a.left.map(([id, x]): [string, bigint] => [id, id === contributionId ? x - amount : x]);
        if (move === 2 || !a.projectId) {
          await returned(sut, fund, {
            allocationId: a.id,
            recipient: a.recipient,
            projectId: a.projectId,
            form: a.form,
            origins: [[contributionId, amount]],
          });
          left.get(contributionId)!.amount += amount;
        } else {
          await paid(sut, fund, {
            allocationId: a.id,
            recipient: a.recipient,
            projectId: a.projectId,
            origins: [[contributionId, amount]],
          });
        }
        flows += 1;
      }
    }
    const answer = await breakdownOf(sut, fund, 'SOURCE_KIND', flows);
    const kept = await keptFigures(sut, fund.fundId);
    expect(kept.breakdown).toEqual(kept.totals);
    expect(kept.ledger).toEqual({ imbalance: '0', entries: String(2 * flows) });
    // Every contribution's kind was known: nothing unattributed; each dimension adds up to the fund's figures.
    expect(answer.breakdown.map((l) => l.sourceKind)).not.toContain('UNATTRIBUTED');
    for (const by of ['SOURCE_KIND', 'RECEIVING_ORGANISATION', 'REGION', 'INCIDENT'] as const) {
      const { breakdown, raisedFen, allocatedFen, disbursedFen } = await breakdownOf(sut, fund, by, flows);
      const sum = (pick: (t: (typeof breakdown)[number]['total']) => string) =>
        breakdown.reduce((s, l) => s + BigInt(pick(l.total)), 0n).toString();
      expect([sum((t) => t.raisedFen), sum((t) => t.allocatedFen), sum((t) => t.disbursedFen)]).toEqual([
        raisedFen,
        allocatedFen,
        disbursedFen,
      ]);
    }
  }, 120_000);
});
