import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { LEDGER_CHECKS } from '../src/ledger/ledger-checks.sql';
import { discrepanciesInOrder } from '../src/ledger/ledger-rules';
import { LedgerRepository } from '../src/ledger/ledger.repository';
import { LedgerService, VIOLATIONS_PER_CHECK } from '../src/ledger/ledger.service';
import {
  FLOW_FORMS,
  FLOW_STAGES,
  MoneyBook,
  totalsDelta,
  type BookFlow,
  type FlowForm,
  type FlowStage,
} from '../src/ledger/money-book';
import { startAudit, type Audit } from './fixtures';

/** A flow named by what it is to the fund under test: one of its own, one of another fund, or one never recorded. */
type Ref = { own: number } | 'foreign' | 'missing';

interface Shape {
  stage: FlowStage;
  form: FlowForm;
  reverses: Ref | null;
  /** Draws on other flows although raised. */
  rogue: boolean;
  /** Its amount other than the sum of its sources. */
  amountOff: bigint | null;
  sources: { on: Ref; exact: boolean; amountFen: bigint; origins: { of: Ref; amountFen: bigint }[] }[];
}

const ref: fc.Arbitrary<Ref> = fc.oneof(
  { weight: 8, arbitrary: fc.nat(7).map((own) => ({ own })) },
  { weight: 1, arbitrary: fc.constant<Ref>('foreign') },
  { weight: 1, arbitrary: fc.constant<Ref>('missing') },
);
/** `arbitrary` once in `odds` draws, null otherwise. */
const seldom = <T>(arbitrary: fc.Arbitrary<T>, odds: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: odds - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
const fen = fc.bigInt({ min: 1n, max: 300n });

const shape: fc.Arbitrary<Shape> = fc.record({
  stage: fc.constantFrom(...FLOW_STAGES),
  form: fc.constantFrom(...FLOW_FORMS),
  reverses: seldom(ref, 3),
  rogue: fc.nat(4).map((n) => n === 0),
  amountOff: seldom(fen, 5),
  sources: fc.array(
    fc.record({
      on: ref,
      exact: fc.nat(9).map((n) => n > 0),
      amountFen: fen,
      origins: fc.array(fc.record({ of: ref, amountFen: fen }), { maxLength: 2 }),
    }),
    { maxLength: 3 },
  ),
});

type Move = { kind: 'raise' | 'allocate' | 'disburse' | 'use' | 'return'; pick: number; amountFen: bigint };

const move: fc.Arbitrary<Move> = fc.record({
  kind: fc.constantFrom<Move['kind']>('raise', 'allocate', 'disburse', 'use', 'return'),
  pick: fc.nat(),
  amountFen: fen,
});

/**
 * A sound fund, as the producers move money: each allocation, payment and use draws on one flow of the stage before
 * no more than is left of it; an allocation is returned in part. `overdraw` draws one fen too many once.
 */
function sound(moves: Move[], overdraw: boolean): BookFlow[] {
  const flows: BookFlow[] = [];
  // What is left of each forward flow, and the one contribution it is.
  const left = new Map<string, { amountFen: bigint; contributionId: string }>();
  const on = (stage: FlowStage, pick: number) => {
    const open = flows.filter((f) => f.stage === stage && !f.reverses && left.get(f.id)!.amountFen > 0n);
    return open.length === 0 ? undefined : open[pick % open.length];
  };
  let spare = overdraw;
  for (const m of moves) {
    const id = randomUUID();
    if (m.kind === 'raise') {
      flows.push({ id, stage: 'RAISED', reverses: null, form: 'CASH', amountFen: m.amountFen, sources: [] });
      left.set(id, { amountFen: m.amountFen, contributionId: id });
      continue;
    }
    const [stage, before]: [FlowStage, FlowStage] =
      m.kind === 'allocate' || m.kind === 'return'
        ? ['ALLOCATED', 'RAISED']
        : m.kind === 'disburse'
          ? ['DISBURSED', 'ALLOCATED']
          : ['USED', 'DISBURSED'];
    const source = on(m.kind === 'return' ? 'ALLOCATED' : before, m.pick);
    if (!source) continue;
    const rest = left.get(source.id)!;
    let amountFen = m.amountFen < rest.amountFen ? m.amountFen : rest.amountFen;
    if (m.kind === 'return') {
      // Given back to the contribution it drew on, out of what it has not passed on.
      const upstream = source.sources[0]!.flowId;
      rest.amountFen -= amountFen;
      left.get(upstream)!.amountFen += amountFen;
      const back = [{ contributionId: rest.contributionId, amountFen }];
      flows.push({
        id,
        stage,
        reverses: source.id,
        form: 'CASH',
        amountFen,
        sources: [{ flowId: upstream, amountFen, origins: back }],
      });
      continue;
    }
    if (spare) {
      amountFen += 1n;
      spare = false;
    }
    rest.amountFen -= amountFen;
    left.set(id, { amountFen, contributionId: rest.contributionId });
    const origins = [{ contributionId: rest.contributionId, amountFen }];
    flows.push({
      id,
      stage,
      reverses: null,
      form: 'CASH',
      amountFen,
      sources: [{ flowId: source.id, amountFen, origins }],
    });
  }
  return flows;
}

/**
 * The reconciliation's statements find in the database what the money book finds in memory: for random funds, sound
 * and broken (reversals of unknown flows, sources of other funds and stages, origins that do not add up, overdrawn
 * and over-reversed flows, totals out of order), the same discrepancies in the same order.
 */
describe('audit: a fund reconciled by statements over its rows', () => {
  let sut: Audit;
  let repository: LedgerRepository;
  let service: LedgerService;
  const foreign = randomUUID();
  const missing = randomUUID();
  // The checks that found something, so that the comparison is known to have covered each.
  const fired = new Set<string>();

  beforeAll(async () => {
    sut = await startAudit();
    repository = sut.app.get(LedgerRepository);
    service = sut.app.get(LedgerService);
    await insertFlow(randomUUID(), {
      id: foreign,
      stage: 'RAISED',
      reverses: null,
      form: 'CASH',
      amountFen: 500n,
    });
  }, 120_000);
  afterAll(() => sut?.stop());

  async function insertFlow(fundId: string, f: Omit<BookFlow, 'sources'>) {
    await sut.db.query(
      `INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_name, payee_name, description, occurred_at,
                         source_event_id, source_event_type, reverses, form)
       VALUES ($1, $2, $3, $4, $5, 'payer', 'payee', 'checked', now(), $6, 'test', $7, $8)`,
      [f.id, f.stage, fundId, randomUUID(), f.amountFen.toString(), randomUUID(), f.reverses, f.form],
    );
  }

  /** The fund's flows written as the projector writes them: flows in order, their links, origins and totals. */
  async function write(fundId: string, flows: BookFlow[]) {
    for (const f of flows) await insertFlow(fundId, f);
    const links = flows.flatMap((f) => f.sources.map((s, position) => ({ f, s, position })));
    await sut.db.query(
      `INSERT INTO flow_link (flow_id, position, source_flow_id, amount_fen)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::uuid[], $4::bigint[])`,
      [
        links.map((l) => l.f.id),
        links.map((l) => l.position),
        links.map((l) => l.s.flowId),
        links.map((l) => l.s.amountFen.toString()),
      ],
    );
    const origins = links.flatMap((l) => l.s.origins.map((o, position) => ({ ...l, o, n: position })));
    await sut.db.query(
      `INSERT INTO flow_origin (flow_id, source_position, position, source_flow_id, contribution_id, amount_fen)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::uuid[], $5::uuid[], $6::bigint[])`,
      [
        origins.map((o) => o.f.id),
        origins.map((o) => o.position),
        origins.map((o) => o.n),
        origins.map((o) => o.s.flowId),
        origins.map((o) => o.o.contributionId),
        origins.map((o) => o.o.amountFen.toString()),
      ],
    );
    for (const f of flows) {
      const delta = totalsDelta(f);
      await sut.db.query(
        `INSERT INTO fund_total AS t (fund_id, form, stage, forward_fen, reversed_fen)
         VALUES ($1, $2, $3, greatest($4::bigint, 0), greatest(-$4::bigint, 0))
         ON CONFLICT (fund_id, form, stage) DO UPDATE
           SET forward_fen = t.forward_fen + excluded.forward_fen, reversed_fen = t.reversed_fen + excluded.reversed_fen`,
        [fundId, f.form, f.stage, delta.toString()],
      );
    }
  }

  async function checked(fundId: string) {
    const violations = [];
    for (const check of LEDGER_CHECKS) {
      const found = await repository.violations(fundId, check, VIOLATIONS_PER_CHECK);
      if (found.length > 0) fired.add(check.name);
      violations.push(...found);
    }
    return { discrepancies: discrepanciesInOrder(violations), reconciled: await service.reconciled(fundId) };
  }

  function flowsOf(shapes: Shape[]): BookFlow[] {
    const ids = shapes.map(() => randomUUID());
    const id = (r: Ref) => (r === 'foreign' ? foreign : r === 'missing' ? missing : ids[r.own % ids.length]!);
    return shapes.map((s, i): BookFlow => {
      const sources = (s.stage === 'RAISED' && !s.rogue ? [] : s.sources).map((source) => {
        const origins = source.origins.map((o) => ({ contributionId: id(o.of), amountFen: o.amountFen }));
        const traced = origins.reduce((t, o) => t + o.amountFen, 0n);
        return {
          flowId: id(source.on),
          amountFen: source.exact && traced > 0n ? traced : source.amountFen,
          origins,
        };
      });
      const drawn = sources.reduce((t, x) => t + x.amountFen, 0n);
      return {
        id: ids[i]!,
        stage: s.stage,
        form: s.form,
        reverses: s.reverses === null ? null : id(s.reverses),
        amountFen: s.amountOff ?? (drawn > 0n ? drawn : 100n),
        sources,
      };
    });
  }

  it('finds, for random funds, the discrepancies the money book finds, in its order', async () => {
    let broken = 0;
    const fund = fc.oneof(
      fc.array(shape, { minLength: 1, maxLength: 8 }).map((shapes) => () => flowsOf(shapes)),
      fc.tuple(fc.array(move, { minLength: 1, maxLength: 30 }), fc.boolean()).map(
        ([moves, overdraw]) =>
          () =>
            sound(moves, overdraw),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fund, async (made) => {
        const flows = made();
        const fundId = randomUUID();
        await write(fundId, flows);
        const expected = new MoneyBook(flows).discrepancies();
        if (expected.length > 0) broken++;
        expect(await checked(fundId)).toEqual({ discrepancies: expected, reconciled: expected.length === 0 });
      }),
      { numRuns: 150 },
    );
    // The funds were not all sound nor all broken.
    expect(broken).toBeGreaterThan(0);
    expect(broken).toBeLessThan(150);
    // Every check but the ledger's balance (each flow's entries balance, by trigger) was compared where it finds.
    expect([...fired].sort()).toEqual(
      LEDGER_CHECKS.map((c) => c.name)
        .filter((n) => n !== 'ledger balance')
        .sort(),
    );
  }, 120_000);

  it('reconciles a sound fund: money raised, allocated, paid, refunded in part and used', async () => {
    const [c1, c2, a1, d1, r1, u1] = [1, 2, 3, 4, 5, 6].map(() => randomUUID()) as string[] as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const flows: BookFlow[] = [
      { id: c1, stage: 'RAISED', reverses: null, form: 'CASH', amountFen: 300n, sources: [] },
      { id: c2, stage: 'RAISED', reverses: null, form: 'CASH', amountFen: 500n, sources: [] },
      {
        id: a1,
        stage: 'ALLOCATED',
        reverses: null,
        form: 'CASH',
        amountFen: 600n,
        sources: [
          { flowId: c1, amountFen: 300n, origins: [{ contributionId: c1, amountFen: 300n }] },
          { flowId: c2, amountFen: 300n, origins: [{ contributionId: c2, amountFen: 300n }] },
        ],
      },
      {
        id: d1,
        stage: 'DISBURSED',
        reverses: null,
        form: 'CASH',
        amountFen: 400n,
        sources: [
          {
            flowId: a1,
            amountFen: 400n,
            origins: [
              { contributionId: c1, amountFen: 300n },
              { contributionId: c2, amountFen: 100n },
            ],
          },
        ],
      },
      {
        id: r1,
        stage: 'DISBURSED',
        reverses: d1,
        form: 'CASH',
        amountFen: 100n,
        sources: [{ flowId: a1, amountFen: 100n, origins: [{ contributionId: c2, amountFen: 100n }] }],
      },
      {
        id: u1,
        stage: 'USED',
        reverses: null,
        form: 'CASH',
        amountFen: 300n,
        sources: [{ flowId: d1, amountFen: 300n, origins: [{ contributionId: c1, amountFen: 300n }] }],
      },
    ];
    const fundId = randomUUID();
    await write(fundId, flows);
    expect(new MoneyBook(flows).discrepancies()).toEqual([]);
    expect(await checked(fundId)).toEqual({ discrepancies: [], reconciled: true });
  });

  it('reports books whose debits and credits differ (written past the balance check, as a faulty restore would)', async () => {
    const fundId = randomUUID();
    const c1 = randomUUID();
    await write(fundId, [
      { id: c1, stage: 'RAISED', reverses: null, form: 'CASH', amountFen: 800n, sources: [] },
    ]);
    await sut.db.query(`SET session_replication_role = replica`);
    await sut.db.query(
      `INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen)
       VALUES ($1, $2, 'fund', 'DEBIT', 807), ($1, $2, 'contributor:donor', 'CREDIT', 800)`,
      [c1, fundId],
    );
    await sut.db.query(`SET session_replication_role = origin`);
    expect(await checked(fundId)).toEqual({
      discrepancies: ['ledger debits exceed credits by 7 fen'],
      reconciled: false,
    });
  });

  it('reads one fund through the indexes on fund_id, never a scan of the ledger’s tables', async () => {
    // 2,000 other funds of 100 flows each: raised money, and allocations drawing on it.
    await sut.db.query(
      `INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_name, payee_name, description, occurred_at,
                         source_event_id, source_event_type)
       SELECT gen_random_uuid(), CASE WHEN n % 2 = 0 THEN 'RAISED' ELSE 'ALLOCATED' END,
         ('00000000-0000-4000-8000-' || lpad((n / 100)::text, 12, '0'))::uuid, gen_random_uuid(), 100, 'payer',
         'payee', 'seed', now(), gen_random_uuid(), 'seed'
       FROM generate_series(1, 200000) AS n`,
    );
    await sut.db.query(
      `INSERT INTO flow_link (flow_id, position, source_flow_id, amount_fen)
       SELECT id, 0, gen_random_uuid(), 100 FROM flow WHERE stage = 'ALLOCATED' AND source_event_type = 'seed'`,
    );
    await sut.db.query(
      `INSERT INTO flow_origin (flow_id, source_position, position, source_flow_id, contribution_id, amount_fen)
       SELECT flow_id, 0, 0, source_flow_id, source_flow_id, 100 FROM flow_link l
       JOIN flow f ON f.id = l.flow_id WHERE f.source_event_type = 'seed'`,
    );
    await sut.db.query(
      `INSERT INTO fund_total (fund_id, form, stage, forward_fen)
       SELECT fund_id, form, stage, sum(amount_fen) FROM flow WHERE source_event_type = 'seed' GROUP BY 1, 2, 3`,
    );
    // Balanced entries, written without firing the per-entry check (as a restore would).
    await sut.db.query(`SET session_replication_role = replica`);
    await sut.db.query(
      `INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen)
       SELECT f.id, f.fund_id, a.account, a.side, f.amount_fen
       FROM flow f CROSS JOIN (VALUES ('fund', 'DEBIT'), ('contributor:donor', 'CREDIT')) AS a (account, side)
       WHERE f.source_event_type = 'seed'`,
    );
    await sut.db.query(`SET session_replication_role = origin`);
    await sut.db.query(
      `ANALYZE flow; ANALYZE flow_link; ANALYZE flow_origin; ANALYZE ledger_entry; ANALYZE fund_total`,
    );
    const fundId = '00000000-0000-4000-8000-000000000007';
    for (const check of LEDGER_CHECKS) {
      const plan = (
        (await sut.db.query(`EXPLAIN ${check.sql}`, [fundId, VIOLATIONS_PER_CHECK])).rows as {
          'QUERY PLAN': string;
        }[]
      )
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect({ check: check.name, scans: plan.match(/Seq Scan on \w+/g) ?? [] }).toEqual({
        check: check.name,
        scans: [],
      });
    }
  }, 120_000);
});
