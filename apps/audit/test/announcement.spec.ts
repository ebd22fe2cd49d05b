import { eventually, identities, standClockAt } from '@emergency/testing';
import { parseCsv } from '../src/announcement/announcement-rules';
import { FINANCE, fundEstablished, startAudit, type Audit } from './fixtures';
import {
  ANNOUNCEMENT,
  CHARITY,
  fen,
  FIGURE_FLOWS,
  findingsRecorded,
  FundPlay,
  PUBLIC_ANNOUNCEMENT,
  RED_CROSS,
  type Figure,
  type FindingInput,
  type Part,
  type PublishedMovement,
} from './announcement.fixtures';

type Table = { asOf: string; csv: string; json: string; figures: Figure[] };
type PageInfo = { hasNextPage: boolean; endCursor: string | null };
type Page<N> = { edges: { cursor: string; node: N }[]; pageInfo: PageInfo };
type Drill = {
  disasterAnnouncement: {
    figure: {
      flows: Page<{ amountFen: string; flow: { id: string; incident: { id: string } } }>;
      findings: Page<{ amountFen: string; count: number }>;
    };
  };
};

/** The test's own reading of the announcements' uses (DOMAIN_FACTS §4.3) for the purposes it allocates to. */
const USE: Record<string, string> = {
  SUPPLIES: 'GOODS_BOUGHT',
  SCHOOLS: 'RECONSTRUCTION',
  HOUSING: 'RECONSTRUCTION',
  LIVING_RELIEF: 'EMERGENCY_RESCUE',
  EMERGENCY_RESCUE: 'EMERGENCY_RESCUE',
};

const JULY = '2026-07-08T02:00:00Z';
const ALLOCATED_ON = '2026-07-15T02:00:00Z';
const PAID_ON = '2026-08-01T02:00:00Z';
const USED_ON = '2026-09-01T02:00:00Z';

/**
 * The announcement table of the Ju River flood's money, from a small fund built through the incidents and supplies
 * services' own events: fiscal money of three levels, donations in cash and in kind, directed and not, from three
 * channels to two receivers, party dues, a donation corrected; allocations to goods, schools, housing, relief and
 * tents (one partly returned); payments to contractors (one split over two allocations, one partly refunded), a
 * purchase, household relief, their use confirmed. Every figure is checked against the sums of what the test
 * published, every figure's rows against the figure, and the CSV against the table.
 */
describe('audit: the disaster announcement', () => {
  let sut: Audit;
  let play: FundPlay;
  const findings: FindingInput[] = [
    {
      type: 'DIVERSION',
      amountFen: fen('120000'),
      rectificationState: 'RECTIFIED',
      recoveredFen: fen('100000'),
      recommendations: [true, null],
    },
    {
      type: 'IDLE_FUNDS',
      amountFen: fen('500000.50'),
      rectificationState: 'CONTINUING',
      savedFen: fen('50000'),
      recommendations: [true],
    },
    {
      type: 'FALSE_CLAIMS',
      amountFen: fen('8000'),
      rectificationState: 'NOT_RECTIFIED',
      transferred: true,
      recommendations: [false],
    },
    // The team's working paper: not announced.
    { type: 'DIVERSION', amountFen: fen('999'), status: 'DRAFT', recommendations: [true] },
  ];

  const table = async (asOf?: string, identity = identities.auditor()) =>
    (
      await sut.call<{ disasterAnnouncement: Table | null }>(
        ANNOUNCEMENT,
        { incidentId: play.fund.incidentId, asOf },
        identity,
      )
    ).disasterAnnouncement;

  /** What the test published, summed by the cell each key names. */
  function expected(asOfPayments = true): Map<string, bigint> {
    const e = new Map<string, bigint>();
    const add = (key: string, amount: bigint) => e.set(key, (e.get(key) ?? 0n) + amount);
    const live = play.contributions.filter((c) => !c.corrected);
    for (const c of live) {
      add('raised.total', c.amountFen);
      add(`receiver.${c.receiver}`, c.amountFen);
      if (c.kind === 'APPROPRIATION') {
        add('raised.fiscal', c.amountFen);
        add(`raised.fiscal.level.${c.fiscalLevel}`, c.amountFen);
        add(`raised.fiscal.programme.${c.programme}`, c.amountFen);
      } else if (c.kind === 'DONATION') {
        add('raised.donation', c.amountFen);
        add(`raised.donation.form.${c.form}`, c.amountFen);
        add(`raised.donation.intent.${c.directed ? 'DIRECTED' : 'UNDIRECTED'}`, c.amountFen);
        add(`raised.donation.channel.${c.channel}`, c.amountFen);
      } else add('raised.partyDues', c.amountFen);
    }
    const allocated = play.allocations.reduce((sum, a) => sum + a.amountFen - a.returnedFen, 0n);
    let disbursed = 0n;
    const movements = asOfPayments ? play.movements : [];
    // What each use of a payment split over several allocations takes of its parts: first in, first out.
    const usedOf = new Map<string, bigint>();
    const allocationsOf = (m: PublishedMovement, part: Part): [string | null, bigint][] => {
      if (m.allocationId) return [[m.allocationId, part.amountFen]];
      if (m.stage === 'DISBURSED') return [[part.flowId, part.amountFen]];
      const payment = movements.find((p) => p.id === part.flowId);
      if (!payment || payment.allocationId) return [[payment?.allocationId ?? null, part.amountFen]];
      const taken: [string | null, bigint][] = [];
      let before = usedOf.get(payment.id) ?? 0n;
      usedOf.set(payment.id, before + part.amountFen);
      let left = part.amountFen;
      for (const paid of payment.parts) {
        if (before >= paid.amountFen) {
          before -= paid.amountFen;
          continue;
        }
        const take = paid.amountFen - before < left ? paid.amountFen - before : left;
        taken.push([paid.flowId, take]);
        left -= take;
        before = 0n;
        if (left === 0n) break;
      }
      return taken;
    };
    for (const m of movements) {
      const stage = m.stage.toLowerCase();
      for (const part of m.parts) {
        for (const [allocationId, share] of allocationsOf(m, part)) {
          const amount = m.reversal ? -share : share;
          const allocation = play.allocations.find((a) => a.id === allocationId);
          add(`spent.${stage}`, amount);
          add(`spent.${stage}.use.${allocation ? USE[allocation.purposeCategory]! : 'OTHER'}`, amount);
          if (m.stage === 'DISBURSED') disbursed += amount;
        }
      }
    }
    const raised = e.get('raised.total') ?? 0n;
    e.set('balance.total', raised - disbursed);
    e.set('balance.released', allocated - disbursed);
    e.set('balance.awaitingAllocation', raised - allocated);
    const announced = findings.filter((f) => f.status !== 'DRAFT');
    for (const f of announced) {
      add('problems.total', f.amountFen);
      add(`problems.type.${f.type}`, f.amountFen);
      if (f.rectificationState) add(`rectification.${f.rectificationState}`, f.amountFen);
      if (f.recoveredFen) add('outcomes.recovered', f.recoveredFen);
      if (f.savedFen) add('outcomes.saved', f.savedFen);
      if (f.transferred) add('outcomes.transferred', f.amountFen);
    }
    return e;
  }

  const expectedCounts = () => {
    const announced = findings.filter((f) => f.status !== 'DRAFT');
    const c = new Map<string, number>();
    const add = (key: string, n: number) => c.set(key, (c.get(key) ?? 0) + n);
    for (const f of announced) {
      add('problems.total', 1);
      add(`problems.type.${f.type}`, 1);
      if (f.rectificationState) add(`rectification.${f.rectificationState}`, 1);
      add('recommendations.made', f.recommendations?.length ?? 0);
      add('recommendations.adopted', f.recommendations?.filter((a) => a === true).length ?? 0);
      if (f.recoveredFen) add('outcomes.recovered', 1);
      if (f.savedFen) add('outcomes.saved', 1);
      if (f.transferred) add('outcomes.transferred', 1);
    }
    return c;
  };

  /** Every figure of `figures` is what the test summed (zero for a cell the test put nothing in). */
  const expectFigures = (figures: Figure[], sums: Map<string, bigint>) => {
    const counts = expectedCounts();
    for (const f of figures) {
      expect({ key: f.key, amountFen: f.amountFen }).toEqual({
        key: f.key,
        amountFen: (sums.get(f.key) ?? 0n).toString(),
      });
      if (f.section === 'PROBLEMS' || f.section === 'FOLLOW_UP') {
        expect({ key: f.key, count: f.count }).toEqual({ key: f.key, count: counts.get(f.key) ?? 0 });
      } else expect(f.count).toBeNull();
    }
    // Every cell the test put money or findings in is in the table.
    const keys = new Set(figures.map((f) => f.key));
    for (const key of sums.keys()) expect({ key, present: keys.has(key) }).toEqual({ key, present: true });
  };

  beforeAll(async () => {
    sut = await startAudit();
    play = new FundPlay(sut, await fundEstablished(sut, { regionCode: '421100' }));
    const central = await play.contribution({
      kind: 'APPROPRIATION',
      fiscalLevel: 'CENTRAL',
      programme: 'Central natural disaster relief fund',
      channel: null,
      form: 'CASH',
      amountFen: fen('3000000'),
      contributorName: 'Ministry of Finance',
      occurredAt: JULY,
    });
    const province = await play.contribution({
      kind: 'APPROPRIATION',
      fiscalLevel: 'PROVINCIAL',
      programme: 'Provincial disaster relief and reconstruction',
      channel: null,
      form: 'CASH',
      amountFen: fen('5000000'),
      receivingOrganisationId: FINANCE,
      contributorName: 'Hubei Provincial Department of Finance',
      occurredAt: JULY,
    });
    await play.contribution({
      kind: 'APPROPRIATION',
      fiscalLevel: 'PREFECTURE',
      programme: 'Municipal flood recovery reserve',
      channel: null,
      form: 'CASH',
      amountFen: fen('800000'),
      contributorName: 'Huanggang Finance Bureau',
      occurredAt: JULY,
    });
    const redCross = await play.contribution({
      kind: 'DONATION',
      fiscalLevel: null,
      programme: null,
      channel: 'DOMESTIC',
      form: 'CASH',
      amountFen: fen('860000.37'),
      receivingOrganisationId: RED_CROSS,
      contributorName: 'Wuhan Steel',
      occurredAt: JULY,
    });
    const foreign = await play.contribution({
      kind: 'DONATION',
      fiscalLevel: null,
      programme: null,
      channel: 'FOREIGN',
      form: 'CASH',
      amountFen: fen('500000'),
      receivingOrganisationId: CHARITY,
      directedPurpose: 'SCHOOLS',
      contributorName: 'Overseas Chinese Association, Vancouver',
      occurredAt: JULY,
    });
    const tents = await play.contribution({
      kind: 'DONATION',
      fiscalLevel: null,
      programme: null,
      channel: 'HONG_KONG_MACAO_TAIWAN',
      form: 'IN_KIND',
      amountFen: fen('300000'),
      receivingOrganisationId: RED_CROSS,
      goods: [
        {
          description: 'Family tent',
          unit: 'piece',
          quantity: 200,
          unitValueFen: '150000',
          amountFen: '30000000',
        },
      ],
      contributorName: 'Hong Kong Relief Society',
      occurredAt: JULY,
    });
    await play.contribution({
      kind: 'PARTY_DUES',
      fiscalLevel: null,
      programme: null,
      channel: null,
      form: 'CASH',
      amountFen: fen('200000'),
      contributorName: 'Organisation Department of the Provincial Committee',
      occurredAt: JULY,
    });
    const wrong = await play.contribution({
      kind: 'DONATION',
      fiscalLevel: null,
      programme: null,
      channel: 'DOMESTIC',
      form: 'CASH',
      amountFen: fen('2000'),
      receivingOrganisationId: RED_CROSS,
      contributorType: 'PERSON',
      contributorName: '李*',
      occurredAt: JULY,
    });
    await play.corrected(wrong, JULY);
    await play.contribution({
      kind: 'DONATION',
      fiscalLevel: null,
      programme: null,
      channel: 'DOMESTIC',
      form: 'CASH',
      amountFen: fen('1000'),
      receivingOrganisationId: RED_CROSS,
      contributorType: 'PERSON',
      contributorName: '李*',
      correctsId: wrong.id,
      occurredAt: JULY,
    });

    const goods = await play.allocation('SUPPLIES', [[central.id, fen('1000000')]], ALLOCATED_ON);
    const schools = await play.allocation(
      'SCHOOLS',
      [
        [foreign.id, fen('500000')],
        [province.id, fen('800000')],
      ],
      ALLOCATED_ON,
    );
    const relief = await play.allocation('LIVING_RELIEF', [[redCross.id, fen('400000')]], ALLOCATED_ON);
    const housing = await play.allocation('HOUSING', [[province.id, fen('2000000')]], ALLOCATED_ON);
    const tentAllocation = await play.allocation(
      'EMERGENCY_RESCUE',
      [[tents.id, fen('300000')]],
      ALLOCATED_ON,
      'IN_KIND',
      [
        {
          description: 'Family tent',
          unit: 'piece',
          quantity: 200,
          unitValueFen: '150000',
          amountFen: '30000000',
        },
      ],
    );
    await play.returned(housing, [{ contributionId: province.id, amountFen: fen('500000') }], PAID_ON);

    await play.procurement(goods.id, fen('900000'), PAID_ON);
    const first = await play.projectPayment([[schools.id, fen('600000')]], PAID_ON);
    await play.projectPayment(
      [
        [schools.id, fen('200000')],
        [housing.id, fen('700000')],
      ],
      PAID_ON,
    );
    const refund = {
      flowId: schools.id,
      amountFen: fen('50000'),
      origins: [{ contributionId: province.id, amountFen: fen('50000') }],
    };
    await play.projectRefund(first, refund, PAID_ON);
    play.refundedFrom(first, refund);
    const r1 = await play.reliefPayment(relief.id, fen('3000'), PAID_ON);
    const r2 = await play.reliefPayment(relief.id, fen('2500.25'), PAID_ON);
    await play.reliefPayment(tentAllocation.id, fen('1500'), PAID_ON, 'IN_KIND');
    // Tents paid from the goods and the relief allocations, as the county split it, then received.
    const split = await play.splitProcurement(
      [
        [goods.id, fen('100000')],
        [relief.id, fen('50000')],
      ],
      PAID_ON,
    );
    await play.deliveryAccepted(split, USED_ON);
    await play.reliefListPublished([r1, r2], USED_ON);
    await play.settled(first, fen('550000'), USED_ON);

    await findingsRecorded(sut, play.fund.incidentId, findings);
    // Another incident's findings are not this announcement's.
    await findingsRecorded(sut, '00000000-0000-4000-8000-0000000ed0ff', [
      { type: 'DIVERSION', amountFen: 777n },
    ]);

    const sums = expected();
    await eventually(
      async () => {
        const t = await table();
        expect(t).not.toBeNull();
        for (const key of [
          'raised.total',
          'spent.disbursed',
          'spent.used',
          'balance.released',
          'receiver.' + RED_CROSS,
        ]) {
          expect({ key, amountFen: t!.figures.find((f) => f.key === key)?.amountFen }).toEqual({
            key,
            amountFen: sums.get(key)!.toString(),
          });
        }
        // The facts the table is split by are projected apart from the flows.
        expect(t!.figures.find((f) => f.key === 'raised.donation.channel.FOREIGN')?.amountFen).toBe(
          sums.get('raised.donation.channel.FOREIGN')!.toString(),
        );
        for (const key of ['spent.used.use.RECONSTRUCTION', 'spent.used.use.GOODS_BOUGHT']) {
          expect({ key, amountFen: t!.figures.find((f) => f.key === key)?.amountFen }).toEqual({
            key,
            amountFen: sums.get(key)!.toString(),
          });
        }
      },
      { timeoutMs: 60_000 },
    );
  }, 120_000);

  afterAll(async () => {
    await sut?.stop();
  });

  it('sums every figure from what was published: raised by source and receiver, spent by use, balance by status, findings', async () => {
    const t = (await table())!;
    const sums = expected();
    expectFigures(t.figures, sums);
    // The table holds: raised − disbursed is the balance, split by status; sources and uses add up.
    const v = (key: string) => BigInt(t.figures.find((f) => f.key === key)!.amountFen);
    expect(v('balance.total')).toBe(v('raised.total') - v('spent.disbursed'));
    expect(v('balance.released') + v('balance.awaitingAllocation')).toBe(v('balance.total'));
    expect(v('raised.fiscal') + v('raised.donation') + v('raised.partyDues')).toBe(v('raised.total'));
    expect(v('raised.donation.form.CASH') + v('raised.donation.form.IN_KIND')).toBe(v('raised.donation'));
    const uses = t.figures.filter((f) => f.key.startsWith('spent.disbursed.use.'));
    expect(uses.reduce((sum, f) => sum + BigInt(f.amountFen), 0n)).toBe(v('spent.disbursed'));
    const receivers = t.figures.filter((f) => f.section === 'RECEIVER');
    expect(receivers.map((f) => f.organisation?.id).sort()).toEqual([FINANCE, RED_CROSS, CHARITY].sort());
    expect(receivers.reduce((sum, f) => sum + BigInt(f.amountFen), 0n)).toBe(v('raised.total'));
    // The same stages as the ledger's own totals of the fund (the incident's only fund).
    const { fundTrace } = await sut.call<{ fundTrace: Record<string, string> }>(
      `query ($id: ID!) { fundTrace(fundId: $id) { raisedFen disbursedFen usedFen unallocatedFen undisbursedFen } }`,
      { id: play.fund.fundId },
      identities.auditor(),
    );
    expect({
      raised: v('raised.total'),
      disbursed: v('spent.disbursed'),
      used: v('spent.used'),
      awaiting: v('balance.awaitingAllocation'),
      released: v('balance.released'),
    }).toEqual({
      raised: BigInt(fundTrace.raisedFen!),
      disbursed: BigInt(fundTrace.disbursedFen!),
      used: BigInt(fundTrace.usedFen!),
      awaiting: BigInt(fundTrace.unallocatedFen!),
      released: BigInt(fundTrace.undisbursedFen!),
    });
    // The demo-like figures, spelled out.
    expect(t.figures.find((f) => f.key === 'raised.total')!.amountYuan).toBe('10661000.37');
    expect(v('spent.disbursed')).toBe(fen('2507000.25'));
    expect(v('spent.disbursed.use.RECONSTRUCTION')).toBe(fen('1450000'));
    // The use of the split purchase counts by the allocation each part was paid from.
    expect(v('spent.used.use.EMERGENCY_RESCUE')).toBe(fen('55500.25'));
    expect(v('spent.used.use.GOODS_BOUGHT')).toBe(fen('100000'));
    expect(v('spent.used.use.OTHER')).toBe(0n);
  });

  it('lists, under every figure, exactly the rows it sums, page by page', async () => {
    const t = (await table())!;
    for (const figure of t.figures) {
      let after: string | null = null;
      let amount = 0n;
      let count = 0;
      let rows = 0;
      do {
        const answer: Drill = await sut.call<Drill>(
          FIGURE_FLOWS,
          { incidentId: play.fund.incidentId, key: figure.key, first: 3, after },
          identities.auditor(),
        );
        const { flows, findings: found } = answer.disasterAnnouncement.figure;
        const money = figure.count === null;
        const page: { edges: unknown[]; pageInfo: PageInfo } = money ? flows : found;
        expect(money ? found.edges : flows.edges).toEqual([]);
        for (const e of flows.edges) {
          amount += BigInt(e.node.amountFen);
          expect(e.node.flow.incident.id).toBe(play.fund.incidentId);
        }
        for (const e of found.edges) {
          amount += BigInt(e.node.amountFen);
          count += e.node.count;
        }
        rows += page.edges.length;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect({ key: figure.key, amountFen: amount.toString() }).toEqual({
        key: figure.key,
        amountFen: figure.amountFen,
      });
      if (figure.count !== null)
        expect({ key: figure.key, count }).toEqual({ key: figure.key, count: figure.count });
      if (figure.key === 'raised.total') expect(rows).toBe(play.contributions.length + 1);
    }
  }, 120_000);

  it('exports CSV and JSON that parse back to the same figures, in yuan and exact fen', async () => {
    const t = (await table())!;
    const [header, ...lines] = parseCsv(t.csv);
    expect(header).toEqual([
      '栏目 (section)',
      '键 (key)',
      '项目 (item)',
      '项目（英文） (itemEn)',
      '单位 (organisationId)',
      '金额（元） (amountYuan)',
      '金额（分） (amountFen)',
      '笔数 (count)',
    ]);
    expect(lines).toHaveLength(t.figures.length);
    const byKey = new Map(t.figures.map((f) => [f.key, f]));
    for (const [section, key, item, itemEn, organisationId, yuan, amountFen, count] of lines) {
      const f = byKey.get(key!)!;
      expect({ section, item, itemEn, organisationId, yuan, amountFen, count }).toEqual({
        section: f.section,
        item: f.item,
        itemEn: f.itemEn,
        organisationId: f.organisation?.id ?? '',
        yuan: f.amountYuan,
        amountFen: f.amountFen,
        count: f.count === null ? '' : String(f.count),
      });
      expect(fen(yuan!)).toBe(BigInt(amountFen!));
    }
    const json = JSON.parse(t.json) as {
      incidentId: string;
      figures: { key: string; amountFen: string; amountYuan: string }[];
    };
    expect(json.incidentId).toBe(play.fund.incidentId);
    expect(json.figures.map((f) => [f.key, f.amountFen, f.amountYuan])).toEqual(
      t.figures.map((f) => [f.key, f.amountFen, f.amountYuan]),
    );
  });

  it('answers as of a cut-off: money moved after it is not in the table', async () => {
    const t = (await table('2026-07-31T00:00:00Z'))!;
    const sums = expected(false);
    const v = (key: string) => t.figures.find((f) => f.key === key)!.amountFen;
    expect(v('spent.disbursed')).toBe('0');
    expect(v('raised.total')).toBe(sums.get('raised.total')!.toString());
    // The housing return was made on the payment day: before the cut-off the whole allocation stands.
    const allocated = play.allocations.reduce((sum, a) => sum + a.amountFen, 0n);
    expect(v('balance.released')).toBe(allocated.toString());
    expect(v('balance.awaitingAllocation')).toBe((sums.get('raised.total')! - allocated).toString());
  });

  it('counts money moved exactly on the cut-off and not an instant after; without a cut-off, as of the clock', async () => {
    const disbursedAt = async (asOf?: string) =>
      (await table(asOf))!.figures.find((f) => f.key === 'spent.disbursed')!.amountFen;
    const onTheDay = expected().get('spent.disbursed')!.toString();
    expect(await disbursedAt(PAID_ON)).toBe(onTheDay);
    expect(await disbursedAt(new Date(Date.parse(PAID_ON) - 1).toISOString())).toBe('0');
    standClockAt(sut, new Date(Date.parse(PAID_ON) - 1));
    try {
      const t = (await table())!;
      expect(t.asOf).toBe(new Date(Date.parse(PAID_ON) - 1).toISOString());
      expect(t.figures.find((f) => f.key === 'spent.disbursed')!.amountFen).toBe('0');
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('publishes the same figures to any signed-in caller, with no personal data and no rows behind them', async () => {
    const auditors = (await table())!;
    const { publicDisasterAnnouncement: published } = await sut.call<{ publicDisasterAnnouncement: Table }>(
      PUBLIC_ANNOUNCEMENT,
      { incidentId: play.fund.incidentId },
      identities.operator('420500'),
    );
    expect(published.figures).toEqual(auditors.figures);
    for (const text of [published.csv, published.json]) {
      expect(text).not.toMatch(/王\*|李\*|Wuhan Steel|Construction Co/);
    }
    const drill = await sut.request(
      `query ($id: ID!) { publicDisasterAnnouncement(incidentId: $id) { figures { flows { edges { cursor } } } } }`,
      { id: play.fund.incidentId },
      identities.operator(),
    );
    expect(drill.errors?.[0]?.message).toMatch(/Cannot query field "flows"/);
  });

  it('shows the table with its rows to auditors and admins within jurisdiction only', async () => {
    expect(await table(undefined, identities.auditor('421100'))).not.toBeNull();
    expect(await table(undefined, identities.admin())).not.toBeNull();
    expect(await table(undefined, identities.auditor('420500'))).toBeNull();
    const refused = await sut.failure(
      ANNOUNCEMENT,
      { incidentId: play.fund.incidentId },
      identities.operator(),
    );
    expect(refused.code).toBe('FORBIDDEN');
    const malformed = await sut.failure(ANNOUNCEMENT, { incidentId: 'not-an-id' }, identities.auditor());
    expect(malformed.code).toBe('BAD_USER_INPUT');
  });
});
