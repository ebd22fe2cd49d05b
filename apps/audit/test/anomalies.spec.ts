import { randomUUID } from 'node:crypto';
import { addCalendarDays, chinaInstant } from '@emergency/domain';
import { eventually, identities, readTopic, standClockAt, type TopicReader } from '@emergency/testing';
import { AnomalyScan } from '../src/anomaly/anomaly.scan';
import {
  deliveryAccepted,
  allocatedFor,
  allocatedOn,
  ANOMALIES,
  ANOMALY_BY_ID,
  boughtOn,
  DETECT,
  DISMISS,
  directedDonation,
  dissolved,
  knownDissolved,
  listPublished,
  receivedFor,
  recorded,
  reliefPaid,
  RULES,
  SET_RULES,
  type Anomaly,
} from './anomaly.fixtures';
import {
  contributionRecorded,
  COUNTY,
  fundEstablished,
  startAudit,
  type Audit,
  type FundRef,
} from './fixtures';

const TEN_THOUSAND_YUAN = '1000000';

/**
 * Anomalies against the real PostgreSQL and broker: the money and goods of each test's own fund played onto the
 * incidents and supplies topics, the clock stood on each rule's boundary (the national rules: idle after 90 days,
 * duplicates within 7, goods unreceived after 30 and unused after 90, a factor of 2 on unit prices, a 2,000,000
 * yuan tender threshold with a 30-day window).
 */
describe('audit: anomalies', () => {
  let sut: Audit;
  let events: TopicReader;

  beforeAll(async () => {
    sut = await startAudit();
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  const standOn = (date: string) => standClockAt(sut, chinaInstant(date, '12:00'));
  const detect = async (fund: FundRef, on: string, identity = identities.auditor()) => {
    standOn(on);
    const { detectAnomalies } = await sut.call<{ detectAnomalies: { flagged: Anomaly[] } }>(
      DETECT,
      { fundId: fund.fundId },
      identity,
    );
    return detectAnomalies.flagged;
  };
  const ofRule = (anomalies: Anomaly[], ruleKey: string) => anomalies.filter((a) => a.ruleKey === ruleKey);
  const stored = async (fund: FundRef) =>
    (
      await sut.db.query(
        `SELECT rule_key, dedupe_key, status, dismissed_reason FROM audit_anomaly WHERE fund_id = $1
         ORDER BY dedupe_key`,
        [fund.fundId],
      )
    ).rows as { rule_key: string; dedupe_key: string; status: string; dismissed_reason: string | null }[];
  const published = (type: string, anomalyId: string) =>
    events.messages.filter(
      (m) =>
        m.headers.ce_type === `audit.${type}.v1` &&
        (m.value as { anomalyId?: string }).anomalyId === anomalyId,
    );

  /** A fund with `amountFen` raised and allocated to the county on `on`. */
  const fundedOn = async (on: string, amountFen = TEN_THOUSAND_YUAN) => {
    const fund = await fundEstablished(sut, { regionCode: '421100' });
    const contributionId = await contributionRecorded(sut, fund, { amountFen });
    const allocationId = await allocatedOn(sut, fund, { sourceId: contributionId, amountFen, on });
    await recorded(sut, 'flow', [contributionId, allocationId]);
    return { fund, contributionId, allocationId };
  };

  it('flags money allocated and not disbursed the day after its 90 days, once, with its evidence', async () => {
    const { fund, allocationId } = await fundedOn('2026-07-10');
    const paid = await boughtOn(sut, fund, { allocationId, amountFen: '400000', on: '2026-07-20' });
    await recorded(sut, 'flow', [paid]);

    expect(ofRule(await detect(fund, addCalendarDays('2026-07-10', 90)), 'IDLE_ALLOCATION')).toEqual([]);
    const [idle, ...more] = ofRule(await detect(fund, addCalendarDays('2026-07-10', 91)), 'IDLE_ALLOCATION');
    expect(more).toEqual([]);
    expect(idle).toMatchObject({
      fundId: fund.fundId,
      incidentId: fund.incidentId,
      regionCode: '421100',
      amountFen: '600000',
      status: 'OPEN',
      findingId: null,
      summary: '600000 fen of an allocation of 1000000 fen made on 2026-07-10 not disbursed after 90 days',
    });
    expect(idle!.evidence).toEqual([
      {
        kind: 'Flow',
        id: allocationId,
        note: 'allocated 1000000 fen on 2026-07-10; 400000 fen of it disbursed by 2026-10-09',
        flow: { id: allocationId, stage: 'ALLOCATED', amountFen: '1000000' },
      },
      {
        kind: 'Flow',
        id: paid,
        note: 'disbursed 400000 fen on 2026-07-20',
        flow: { id: paid, stage: 'DISBURSED', amountFen: '400000' },
      },
    ]);

    // A rerun finds it again and adds nothing.
    expect(await detect(fund, '2026-12-01')).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ ruleKey: 'IDLE_ALLOCATION' })]),
    );
    expect((await stored(fund)).filter((r) => r.rule_key === 'IDLE_ALLOCATION')).toHaveLength(1);
    const flagged = await eventually(async () => {
      const found = published('AnomalyFlagged', idle!.id);
      expect(found).toHaveLength(1);
      return found[0]!.value;
    });
    expect(flagged).toMatchObject({
      anomalyId: idle!.id,
      ruleKey: 'IDLE_ALLOCATION',
      fundId: fund.fundId,
      amountFen: '600000',
      evidence: [
        { kind: 'Flow', id: allocationId },
        { kind: 'Flow', id: paid },
      ],
    });
  });

  it('flags a payment later than 30 days after its allocation, not one on the 30th day', async () => {
    const { fund, allocationId } = await fundedOn('2026-09-01');
    const onTime = await boughtOn(sut, fund, {
      allocationId,
      amountFen: '100000',
      on: '2026-10-01',
      supplier: 'On time',
    });
    const late = await boughtOn(sut, fund, {
      allocationId,
      amountFen: '200000',
      on: '2026-10-02',
      supplier: 'Late',
    });
    await recorded(sut, 'flow', [onTime, late]);
    const flagged = ofRule(await detect(fund, '2026-10-03'), 'LATE_DISBURSEMENT');
    expect(flagged.map((a) => [a.amountFen, a.evidence.map((e) => e.id)])).toEqual([
      ['200000', [late, allocationId]],
    ]);
  });

  it('flags the same amount paid to the same payee within 7 days, across the National Day holiday', async () => {
    const { fund, allocationId } = await fundedOn('2026-09-20');
    const pay = (supplier: string, on: string) =>
      boughtOn(sut, fund, { allocationId, amountFen: '50000', on, supplier });
    const first = await pay('Tuanfeng Timber', '2026-09-28');
    const again = await pay('Tuanfeng Timber', '2026-10-05'); // 7 days later: within the window
    const other = await pay('Huanggang Cement', '2026-09-28');
    const eightDays = await pay('Huanggang Cement', '2026-10-06'); // 8 days later: outside it
    const elsewhere = await pay('Macheng Bricks', '2026-10-05'); // another payee, the same amount and day
    await recorded(sut, 'flow', [first, again, other, eightDays, elsewhere]);

    const duplicates = ofRule(await detect(fund, '2026-10-07'), 'DUPLICATE_PAYMENT');
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]).toMatchObject({
      amountFen: '50000',
      summary: '50000 fen paid to the same payee 7 days after an equal payment',
      evidence: [
        { kind: 'Flow', id: again, note: 'paid 50000 fen on 2026-10-05' },
        { kind: 'Flow', id: first, note: 'the same amount to the same payee on 2026-09-28' },
      ],
    });
  });

  it('flags a unit price more than twice or less than half the median of the same item', async () => {
    const { fund, allocationId } = await fundedOn('2026-08-01', '100000000');
    const item = String(3_000_000 + Math.floor(Math.random() * 6_000_000)); // this test's own catalogue item
    const lots: Record<string, string> = {};
    for (const unit of [49n, 50n, 100n, 100n, 100n, 200n, 201n]) {
      const procurementId = await boughtOn(sut, fund, {
        allocationId,
        amountFen: (unit * 10n).toString(),
        on: '2026-08-02',
        supplier: `Supplier at ${unit}`,
      });
      const lot = await receivedFor(sut, fund, {
        procurementId,
        allocationId,
        itemCode: item,
        unitValueFen: unit,
        quantity: 10,
        on: '2026-08-03',
      });
      lots[lot] = `${unit}/${procurementId}`;
    }
    await recorded(sut, 'goods_lot', Object.keys(lots));

    const far = ofRule(await detect(fund, '2026-08-04'), 'UNIT_PRICE_FAR_FROM_MEDIAN');
    expect(far.map((a) => lots[a.evidence[0]!.id]!.split('/')[0]).sort()).toEqual(['201', '49']);
    const high = far.find((a) => lots[a.evidence[0]!.id]!.startsWith('201/'))!;
    expect(high).toMatchObject({
      amountFen: '2010',
      summary: `Item ${item} bought at 201 fen a unit against a median of 100.00 fen over 7 purchases`,
    });
    expect(high.evidence).toEqual([
      expect.objectContaining({
        kind: 'GoodsLot',
        note: `10 units of item ${item} received at 201 fen a unit`,
      }),
      expect.objectContaining({ kind: 'Flow', id: lots[high.evidence[0]!.id]!.split('/')[1] }),
    ]);
  });

  it('flags goods paid and not received after 30 days, and goods received and not used after 90', async () => {
    const { fund, allocationId, contributionId } = await fundedOn('2026-07-01', '100000000');
    const unreceived = await boughtOn(sut, fund, { allocationId, amountFen: '300000', on: '2026-07-02' });
    // Accepted without being received into stock: received all the same.
    const delivered = await boughtOn(sut, fund, { allocationId, amountFen: '290000', on: '2026-07-02' });
    const acceptance = await deliveryAccepted(sut, fund, {
      procurementId: delivered,
      allocationId,
      contributionId,
      amountFen: '290000',
      on: '2026-07-04',
    });
    const kept = await boughtOn(sut, fund, { allocationId, amountFen: '310000', on: '2026-07-02' });
    await recorded(sut, 'flow', [unreceived, delivered, acceptance, kept]);
    const lot = await receivedFor(sut, fund, {
      procurementId: kept,
      allocationId,
      itemCode: '2010101',
      unitValueFen: 31_000n,
      quantity: 10,
      on: '2026-07-05',
    });
    await recorded(sut, 'goods_lot', [lot]);

    expect(ofRule(await detect(fund, '2026-08-01'), 'GOODS_PAID_NOT_RECEIVED')).toEqual([]); // day 30
    const [notReceived, ...others] = ofRule(await detect(fund, '2026-08-02'), 'GOODS_PAID_NOT_RECEIVED');
    expect(others).toEqual([]);
    expect(notReceived).toMatchObject({
      amountFen: '300000',
      evidence: [{ kind: 'Flow', id: unreceived }],
    });

    expect(ofRule(await detect(fund, '2026-10-03'), 'GOODS_RECEIVED_NOT_USED')).toEqual([]); // day 90
    const unused = ofRule(await detect(fund, '2026-10-04'), 'GOODS_RECEIVED_NOT_USED');
    expect(unused).toEqual([
      expect.objectContaining({
        amountFen: '310000',
        evidence: [
          expect.objectContaining({ kind: 'GoodsLot', id: lot, flow: null }),
          expect.objectContaining({ kind: 'Flow', id: kept }),
        ],
      }),
    ]);
  });

  it('flags purchases from one payer to one supplier split below the tender threshold within 30 days', async () => {
    const { fund, allocationId } = await fundedOn('2026-09-01', '2000000000');
    const buy = (supplier: string, amountFen: string, on: string) =>
      boughtOn(sut, fund, { allocationId, amountFen, on, supplier });
    const split = [
      await buy('Split Ltd', '120000000', '2026-09-02'),
      await buy('Split Ltd', '80000000', '2026-10-02'), // 30 days later, together 2,000,000 yuan
    ];
    const apart = [
      await buy('Apart Ltd', '120000000', '2026-09-02'),
      await buy('Apart Ltd', '90000000', '2026-10-03'), // 31 days later
    ];
    const small = [
      await buy('Small Ltd', '100000000', '2026-09-02'),
      await buy('Small Ltd', '99999999', '2026-09-03'), // together one fen short of the threshold
    ];
    await recorded(sut, 'flow', [...split, ...apart, ...small]);

    const flagged = ofRule(await detect(fund, '2026-10-04'), 'SPLIT_BELOW_TENDER_THRESHOLD');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({
      amountFen: '200000000',
      evidence: [
        { kind: 'Flow', id: split[0], note: 'bought for 120000000 fen on 2026-09-02' },
        { kind: 'Flow', id: split[1], note: 'bought for 80000000 fen on 2026-10-02' },
      ],
    });
  });

  it('flags a stage exceeding the one before it, and a household paid twice', async () => {
    const fund = await fundEstablished(sut, { regionCode: '421100' });
    const contributionId = randomUUID(); // not recorded: the allocation draws on money the audit has not seen
    const allocationId = await allocatedOn(sut, fund, {
      sourceId: contributionId,
      amountFen: '500000',
      on: '2026-09-01',
    });
    const pay = (household: string, amountFen: string, on: string) =>
      reliefPaid(sut, fund, { allocationId, contributionId, amountFen, household, on });
    const first = await pay('王*明', '100000', '2026-09-02');
    const second = await pay('王*明', '80000', '2026-09-20');
    const other = await pay('李*华', '100000', '2026-09-02');
    const subsidy = await reliefPaid(sut, fund, {
      allocationId,
      contributionId,
      amountFen: '150000',
      household: '李*华',
      on: '2026-09-10',
      kind: 'HOUSING_SUBSIDY', // another kind of relief to the same household: not twice
    });
    await recorded(sut, 'flow', [allocationId, first, second, other, subsidy]);

    const flagged = await detect(fund, '2026-09-21');
    expect(ofRule(flagged, 'STAGE_EXCEEDS_PREVIOUS')).toEqual([
      expect.objectContaining({
        amountFen: '500000',
        summary: 'ALLOCATED exceeds RAISED by 500000 fen (500000 fen against 0 fen)',
        evidence: [
          expect.objectContaining({ kind: 'Fund', id: fund.fundId }),
          expect.objectContaining({ kind: 'Flow', id: allocationId }),
        ],
      }),
    ]);
    const twice = ofRule(flagged, 'HOUSEHOLD_PAID_TWICE');
    expect(twice).toHaveLength(1);
    expect(twice[0]!.evidence.map((e) => e.id)).toEqual([second, first]);
    // No household's name in what is published.
    expect(JSON.stringify(twice[0])).not.toContain('王');
  });

  it('flags money allocated to an organisation on or after its dissolution, and goods kept past their expiry', async () => {
    const fund = await fundEstablished(sut, { regionCode: '421100' });
    const contributionId = await contributionRecorded(sut, fund, { amountFen: '100000000' });
    const bureau = randomUUID();
    await dissolved(sut, bureau, chinaInstant('2026-09-10', '12:00'));
    await knownDissolved(sut, bureau);
    const allocate = (on: string, at: string) =>
      allocatedOn(sut, fund, { sourceId: contributionId, amountFen: '1000', on, payee: bureau, at });
    const before = await allocate('2026-09-10', '11:59');
    const onTheHour = await allocate('2026-09-10', '12:00');
    await recorded(sut, 'flow', [before, onTheHour]);

    const procurementId = await boughtOn(sut, fund, {
      allocationId: before,
      amountFen: '3000',
      on: '2026-09-11',
    });
    const expiring = await receivedFor(sut, fund, {
      procurementId,
      allocationId: before,
      itemCode: '4010101',
      unitValueFen: 300n,
      quantity: 10,
      on: '2026-09-12',
      expiresOn: '2026-10-01',
    });
    await recorded(sut, 'goods_lot', [expiring]);

    const first = await detect(fund, '2026-10-01'); // the expiry day: still usable
    expect(ofRule(first, 'MONEY_TO_DISSOLVED_ORGANISATION')).toEqual([
      expect.objectContaining({
        amountFen: '1000',
        summary: `1000 fen allocated on 2026-09-10 to organisation ${bureau}, dissolved on 2026-09-10`,
        evidence: [expect.objectContaining({ kind: 'Flow', id: onTheHour })],
      }),
    ]);
    expect(ofRule(first, 'GOODS_EXPIRED_IN_STORE')).toEqual([]);
    expect(ofRule(await detect(fund, '2026-10-02'), 'GOODS_EXPIRED_IN_STORE')).toEqual([
      expect.objectContaining({
        amountFen: '3000',
        summary: '10 units of item 4010101 still in store after they expired on 2026-10-01',
        evidence: [expect.objectContaining({ kind: 'GoodsLot', id: expiring })],
      }),
    ]);
  });

  it('flags a directed donation allocated for another purpose or to another organisation', async () => {
    const fund = await fundEstablished(sut, { regionCode: '421100' });
    const school = randomUUID();
    const forHousing = await directedDonation(sut, fund, { amountFen: '1000000', purpose: 'HOUSING' });
    const forSchool = await directedDonation(sut, fund, { amountFen: '500000', organisationId: school });
    const allocate = (
      contributionId: string,
      amountFen: string,
      purpose: 'HOUSING' | 'SUPPLIES',
      to: string,
    ) => allocatedFor(sut, fund, { contributionId, amountFen, purpose, organisationId: to });
    const housing = await allocate(forHousing, '400000', 'HOUSING', COUNTY);
    const supplies = await allocate(forHousing, '300000', 'SUPPLIES', COUNTY);
    const toSchool = await allocate(forSchool, '200000', 'HOUSING', school);
    const elsewhere = await allocate(forSchool, '100000', 'HOUSING', COUNTY);
    // The allocations' purposes and the donations' directions are recorded with their flows.
    await recorded(sut, 'flow', [forHousing, forSchool, housing, supplies, toSchool, elsewhere]);

    const misused = ofRule(await detect(fund, '2026-07-21'), 'DIRECTED_DONATION_MISUSED');
    expect(misused.map((a) => [a.amountFen, a.evidence.map((e) => e.id)]).sort()).toEqual([
      ['100000', [elsewhere, forSchool]],
      ['300000', [supplies, forHousing]],
    ]);
    expect(misused.find((a) => a.amountFen === '300000')!.summary).toBe(
      `300000 fen of a donation directed to HOUSING allocated to SUPPLIES, organisation ${COUNTY}`,
    );
  });

  it('flags relief paid to a household that no published list names after 30 days', async () => {
    const { fund, allocationId, contributionId } = await fundedOn('2026-08-30');
    const pay = (household: string) =>
      reliefPaid(sut, fund, {
        allocationId,
        contributionId,
        amountFen: '200000',
        household,
        on: '2026-09-01',
      });
    const listed = await pay('周*华');
    const unlisted = await pay('陈*兰');
    const list = await listPublished(sut, fund, {
      payments: [{ id: listed, amountFen: '200000' }],
      contributionId,
      allocationId,
      on: '2026-09-20',
    });
    await recorded(sut, 'flow', [listed, unlisted, list]);

    expect(ofRule(await detect(fund, '2026-10-01'), 'HOUSEHOLD_NOT_PUBLISHED')).toEqual([]); // day 30
    expect(ofRule(await detect(fund, '2026-10-02'), 'HOUSEHOLD_NOT_PUBLISHED')).toEqual([
      expect.objectContaining({
        amountFen: '200000',
        summary:
          'Relief of 200000 fen paid on 2026-09-01 to a household no published village list names after 30 days',
        evidence: [expect.objectContaining({ kind: 'Flow', id: unlisted })],
      }),
    ]);
  });

  describe('decisions and reads', () => {
    let fund: FundRef;
    let anomaly: Anomaly;

    beforeAll(async () => {
      fund = await fundEstablished(sut, { regionCode: '421100' });
      const allocationId = await allocatedOn(sut, fund, {
        sourceId: randomUUID(),
        amountFen: '700000',
        on: '2026-09-01',
      });
      await recorded(sut, 'flow', [allocationId]);
      [anomaly] = ofRule(await detect(fund, '2026-09-02'), 'STAGE_EXCEEDS_PREVIOUS');
    });

    it('refuses a dismissal without a reason, outside the jurisdiction or by an operator, writing nothing', async () => {
      const refusals = [
        [{ id: anomaly.id, reason: '  ' }, identities.auditor('421100'), 'BAD_USER_INPUT'],
        [{ id: anomaly.id, reason: 'explained' }, identities.auditor('421200'), 'OUTSIDE_JURISDICTION'],
        [{ id: anomaly.id, reason: 'explained' }, identities.operator('421100'), 'FORBIDDEN'],
        [{ id: randomUUID(), reason: 'explained' }, identities.auditor(), 'ANOMALY_NOT_FOUND'],
      ] as const;
      for (const [variables, identity, code] of refusals) {
        expect(await sut.failure(DISMISS, variables, identity)).toMatchObject({ code });
      }
      expect(await stored(fund)).toEqual([
        expect.objectContaining({ status: 'OPEN', dismissed_reason: null }),
      ]);
      expect(published('AnomalyDismissed', anomaly.id)).toEqual([]);
    });

    it('hides anomalies outside the jurisdiction and from other roles, and pages them newest first', async () => {
      const filter = { fundId: fund.fundId };
      expect(await sut.call(ANOMALY_BY_ID, { id: anomaly.id }, identities.auditor('421200'))).toEqual({
        anomaly: null,
      });
      const beside = await sut.call<{ anomalies: { edges: unknown[] } }>(
        ANOMALIES,
        { filter },
        identities.auditor('421200'),
      );
      expect(beside.anomalies.edges).toEqual([]);
      expect(await sut.failure(ANOMALIES, { filter }, identities.operator('421100'))).toMatchObject({
        code: 'FORBIDDEN',
      });

      const funded = await fundedOn('2026-01-01');
      await detect(funded.fund, '2026-09-01'); // idle, and the stage rule finds nothing
      const older = await detect(funded.fund, '2026-09-01');
      expect(older).toEqual([]);
      const paid = await boughtOn(sut, funded.fund, {
        allocationId: funded.allocationId,
        amountFen: '1000',
        on: '2026-09-02',
      });
      await recorded(sut, 'flow', [paid]);
      const newer = await detect(funded.fund, '2026-09-03'); // late
      expect(newer.map((a) => a.ruleKey)).toEqual(['LATE_DISBURSEMENT']);

      type Page = { anomalies: { edges: { node: Anomaly }[]; pageInfo: { endCursor: string } } };
      const one = await sut.call<Page>(ANOMALIES, { filter: { fundId: funded.fund.fundId }, first: 1 });
      expect(one.anomalies.edges.map((e) => e.node.ruleKey)).toEqual(['LATE_DISBURSEMENT']);
      const two = await sut.call<Page>(ANOMALIES, {
        filter: { fundId: funded.fund.fundId },
        first: 1,
        after: one.anomalies.pageInfo.endCursor,
      });
      expect(two.anomalies.edges.map((e) => e.node.ruleKey)).toEqual(['IDLE_ALLOCATION']);
      const byRule = await sut.call<Page>(
        ANOMALIES,
        { filter: { fundId: funded.fund.fundId, ruleKey: 'IDLE_ALLOCATION', status: 'OPEN' } },
        identities.auditor('421100'),
      );
      expect(byRule.anomalies.edges).toHaveLength(1);
    });

    it('dismisses an open anomaly with its reason, once', async () => {
      const { dismissAnomaly } = await sut.call<{ dismissAnomaly: Anomaly }>(
        DISMISS,
        { id: anomaly.id, reason: 'The contribution was paid in cash on the day; its record follows.' },
        identities.auditor('421100'),
      );
      expect(dismissAnomaly).toMatchObject({
        status: 'DISMISSED',
        dismissedReason: 'The contribution was paid in cash on the day; its record follows.',
        findingId: null,
      });
      await eventually(async () =>
        expect(published('AnomalyDismissed', anomaly.id).map((m) => m.value)).toEqual([
          expect.objectContaining({ anomalyId: anomaly.id, ruleKey: 'STAGE_EXCEEDS_PREVIOUS' }),
        ]),
      );
      expect(await sut.failure(DISMISS, { id: anomaly.id, reason: 'again' })).toMatchObject({
        code: 'ANOMALY_ALREADY_DECIDED',
      });
    });
  });

  it('runs the rules of the longest prefix that has rules, as a whole set, set by admins only', async () => {
    const national = await sut.call<{
      anomalyRules: {
        regionPrefix: string;
        rules: { ruleKey: string; days: number | null; source: string }[];
      };
    }>(RULES, { regionCode: '421221' });
    expect(national.anomalyRules.regionPrefix).toBe('');
    expect(national.anomalyRules.rules).toHaveLength(13);
    expect(national.anomalyRules.rules.every((r) => r.source.length > 0)).toBe(true);

    const rules = national.anomalyRules.rules.map((r) => ({
      ...r,
      enabled: r.ruleKey === 'IDLE_ALLOCATION',
      days: r.ruleKey === 'IDLE_ALLOCATION' ? 10 : r.days,
      source: 'Xianning audit bureau practice (test)',
    }));
    const input = { regionPrefix: '4212', rules };
    const before = await sut.count('anomaly_rule');
    expect(await sut.failure(SET_RULES, { input }, identities.auditor())).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await sut.failure(SET_RULES, { input: { ...input, rules: rules.slice(1) } }, identities.admin()),
    ).toMatchObject({ code: 'ANOMALY_RULES_INVALID', ruleKey: rules[0]!.ruleKey });
    expect(await sut.count('anomaly_rule')).toBe(before);

    await sut.call(SET_RULES, { input }, identities.admin());
    const xianning = await sut.call<{
      anomalyRules: { regionPrefix: string; rules: { ruleKey: string; days: number }[] };
    }>(RULES, { regionCode: '421221' });
    expect(xianning.anomalyRules.regionPrefix).toBe('4212');
    expect(xianning.anomalyRules.rules.find((r) => r.ruleKey === 'IDLE_ALLOCATION')!.days).toBe(10);
    expect(
      (await sut.call<{ anomalyRules: { regionPrefix: string } }>(RULES, { regionCode: '421121' }))
        .anomalyRules.regionPrefix,
    ).toBe('');
    await eventually(async () =>
      expect(
        events.messages.filter(
          (m) =>
            m.headers.ce_type === 'audit.AnomalyRulesSet.v1' &&
            (m.value as { regionPrefix: string }).regionPrefix === '4212',
        ),
      ).toHaveLength(1),
    );

    // A fund of Xianning is held to its 10 days, and only to its one rule; Huanggang's to the national 90.
    const fund = await fundEstablished(sut, { regionCode: '421221' });
    const allocationId = await allocatedOn(sut, fund, {
      sourceId: randomUUID(),
      amountFen: '1000',
      on: '2026-09-01',
    });
    await recorded(sut, 'flow', [allocationId]);
    expect(await detect(fund, '2026-09-11')).toEqual([]);
    expect((await detect(fund, '2026-09-12')).map((a) => a.ruleKey)).toEqual(['IDLE_ALLOCATION']);
  });

  it('the scan runs the rules over every fund, and a rerun adds nothing', async () => {
    const { fund } = await fundedOn('2026-03-01');
    const scan = sut.app.get(AnomalyScan);
    await scan.scan(chinaInstant('2026-05-30', '12:00')); // day 90
    expect(await stored(fund)).toEqual([]);
    const flagged = await scan.scan(chinaInstant('2026-05-31', '12:00'));
    expect(flagged).toBeGreaterThanOrEqual(1);
    expect((await stored(fund)).map((r) => r.rule_key)).toEqual(['IDLE_ALLOCATION']);
    await scan.scan(chinaInstant('2026-06-01', '12:00'));
    expect((await stored(fund)).map((r) => r.rule_key)).toEqual(['IDLE_ALLOCATION']);
  });
});
