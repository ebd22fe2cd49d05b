import type { MigrationInterface, QueryRunner } from 'typeorm';

const DEFAULT =
  'This system’s default, not a sourced rule: to be confirmed by the audit office of the jurisdiction and set ' +
  'with setAnomalyRules.';

/**
 * The national anomaly rules the audit starts with: each rule on or off, with its days, factor or threshold and the
 * source of its numbers. Most numbers are this system's defaults (DOMAIN_FACTS §4.4 marks idle funds, double claims
 * and unbooked goods [U] as named problem types): each row says so.
 */
const NATIONAL: {
  key: string;
  days: number | null;
  factor: number | null;
  thresholdFen: string | null;
  source: string;
}[] = [
  {
    key: 'STAGE_EXCEEDS_PREVIOUS',
    days: null,
    factor: null,
    thresholdFen: null,
    source:
      'WCR art. 69 (筹集、分配、拨付、使用): money cannot leave a stage it never reached; raised − spent = balance ' +
      '(DOMAIN_FACTS §4.3). No number.',
  },
  {
    key: 'IDLE_ALLOCATION',
    days: 90,
    factor: null,
    thresholdFen: null,
    source: `资金闲置 (idle funds), [U] as a named NAO category (DOMAIN_FACTS §4.4); 90 calendar days: ${DEFAULT}`,
  },
  {
    key: 'LATE_DISBURSEMENT',
    days: 30,
    factor: null,
    thresholdFen: null,
    source: `拨付不及时 (late disbursement, DOMAIN_FACTS §4.4 [S]); 30 calendar days from allocation to payment: ${DEFAULT}`,
  },
  {
    key: 'DUPLICATE_PAYMENT',
    days: 7,
    factor: null,
    thresholdFen: null,
    source: `重复申报/重复发放 (double claims, [U] in DOMAIN_FACTS §4.4); a 7-day window: ${DEFAULT}`,
  },
  {
    key: 'UNIT_PRICE_FAR_FROM_MEDIAN',
    days: null,
    factor: 2,
    thresholdFen: null,
    source: `超标准支出 (over-standard spending, [U] in DOMAIN_FACTS §4.4); twice or half the median: ${DEFAULT}`,
  },
  {
    key: 'GOODS_PAID_NOT_RECEIVED',
    days: 30,
    factor: null,
    thresholdFen: null,
    source: `物资未入账 (goods not booked, [U] in DOMAIN_FACTS §4.4); 30 calendar days after payment: ${DEFAULT}`,
  },
  {
    key: 'GOODS_RECEIVED_NOT_USED',
    days: 90,
    factor: null,
    thresholdFen: null,
    source: `闲置物资 (idle goods, [U] in DOMAIN_FACTS §4.4); 90 calendar days in store: ${DEFAULT}`,
  },
  {
    key: 'SPLIT_BELOW_TENDER_THRESHOLD',
    days: 30,
    factor: null,
    thresholdFen: '200000000',
    source:
      '化整为零规避招标: the 2,000,000 yuan open-tender threshold for goods and services of local budgets is the ' +
      'State Council General Office’s 2019 procurement threshold notice as commonly cited [S, weak: not read in ' +
      `DOMAIN_FACTS]; provinces set their own. The 30-day window: ${DEFAULT}`,
  },
  {
    key: 'HOUSEHOLD_PAID_TWICE',
    days: null,
    factor: null,
    thresholdFen: null,
    source:
      '重复发放 (paid twice, [U] in DOMAIN_FACTS §4.4): the same payer paying relief twice to a household of the ' +
      'same masked name from one fund. No number.',
  },
  {
    key: 'MONEY_TO_DISSOLVED_ORGANISATION',
    days: null,
    factor: null,
    thresholdFen: null,
    source:
      '截留、挪用 (ZZJZ art. 29, WCR art. 73 [C]): money or goods in kind allocated or paid to an organisation on or ' +
      'after the day the organisations topic says it was dissolved has no one to account for it. No number.',
  },
  {
    key: 'GOODS_EXPIRED_IN_STORE',
    days: null,
    factor: null,
    thresholdFen: null,
    source:
      '闲置物资 (idle goods, [U] in DOMAIN_FACTS §4.4): goods of a fund still in store after the expiry date their ' +
      'receipt stated. No number.',
  },
  {
    key: 'DIRECTED_DONATION_MISUSED',
    days: null,
    factor: null,
    thresholdFen: null,
    source:
      '擅自改变用途 (CSF: a donation is used as its donor directed; DOMAIN_FACTS §4.3 定向 / §4.4): an allocation ' +
      'whose origins include a directed donation, for another purpose or another organisation. No number.',
  },
  {
    key: 'HOUSEHOLD_NOT_PUBLISHED',
    days: 30,
    factor: null,
    thresholdFen: null,
    source:
      '分配不公 ([U] in DOMAIN_FACTS §4.4; relief lists are published by the village, §2.4): relief paid to a ' +
      `household that no published village list names; 30 calendar days to publish: ${DEFAULT}`,
  },
];

/** The anomaly rules as data per jurisdiction prefix (the longest prefix with rules wins, as a whole set). */
export class FlagAnomalies1797110000000 implements MigrationInterface {
  name = 'FlagAnomalies1797110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE anomaly_rule (
        region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$'),
        rule_key text NOT NULL,
        enabled boolean NOT NULL,
        days integer CHECK (days BETWEEN 1 AND 3660),
        factor numeric CHECK (factor > 1),
        threshold_fen bigint CHECK (threshold_fen > 0),
        source text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (region_prefix, rule_key)
      )`);
    await queryRunner.query(
      `INSERT INTO anomaly_rule (region_prefix, rule_key, enabled, days, factor, threshold_fen, source)
       SELECT '', key, true, days, factor, threshold_fen, source
       FROM unnest($1::text[], $2::int[], $3::numeric[], $4::bigint[], $5::text[])
         AS r(key, days, factor, threshold_fen, source)`,
      [
        NATIONAL.map((r) => r.key),
        NATIONAL.map((r) => r.days),
        NATIONAL.map((r) => r.factor),
        NATIONAL.map((r) => r.thresholdFen),
        NATIONAL.map((r) => r.source),
      ],
    );
    // What the anomaly rules need that the ledger and goods records do not keep: organisations dissolved (from the
    // organisations topic), the expiry date each receipt of goods stated (from the supplies topic).
    await queryRunner.query(`
      CREATE TABLE anomaly_dissolved_organisation (
        organisation_id uuid PRIMARY KEY,
        dissolved_at timestamptz NOT NULL,
        source_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE anomaly_lot_expiry (
        lot_id uuid PRIMARY KEY,
        expires_on date NOT NULL,
        source_event_id uuid NOT NULL
      )`);
    // The donor's direction of each directed contribution and the purpose of each allocation (incidents topic).
    await queryRunner.query(`
      CREATE TABLE anomaly_contribution_direction (
        contribution_id uuid PRIMARY KEY,
        directed_purpose text,
        directed_organisation_id uuid,
        source_event_id uuid NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE anomaly_allocation_purpose (
        allocation_id uuid PRIMARY KEY,
        purpose_category text NOT NULL,
        source_event_id uuid NOT NULL
      )`);
    // Lists by status and rule, newest first (the shared table has indexes by fund and by region).
    await queryRunner.query(
      `CREATE INDEX audit_anomaly_incident_idx ON audit_anomaly (incident_id, detected_at DESC, id DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX audit_anomaly_incident_idx`);
    await queryRunner.query(`DROP TABLE anomaly_allocation_purpose`);
    await queryRunner.query(`DROP TABLE anomaly_contribution_direction`);
    await queryRunner.query(`DROP TABLE anomaly_lot_expiry`);
    await queryRunner.query(`DROP TABLE anomaly_dissolved_organisation`);
    await queryRunner.query(`DROP TABLE anomaly_rule`);
  }
}
