import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnomalyStatus } from '../follow-up/follow-up';
import { bind, RULE_SQL } from './anomaly-detection.sql';
import type { AnomalyRule, AnomalyRuleKey } from './anomaly-rules';

type Queryable = Pick<EntityManager, 'query'>;

export interface EvidenceItem {
  kind: string;
  id: string;
  note: string;
}

export interface AnomalyRow {
  id: string;
  ruleKey: AnomalyRuleKey;
  dedupeKey: string;
  fundId: string | null;
  incidentId: string | null;
  regionCode: string;
  amountFen: bigint;
  summary: string;
  evidence: EvidenceItem[];
  status: AnomalyStatus;
  dismissedReason: string | null;
  findingId: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  detectedAt: Date;
}

/** A fund as detection needs it: its incident and the incident's region, whose rules apply. */
export interface AuditedFund {
  id: string;
  incidentId: string;
  regionCode: string;
}

export interface AnomalyQuery {
  fundId?: string;
  incidentId?: string;
  regionPrefix?: string;
  ruleKey?: string;
  status?: AnomalyStatus;
}

interface RawAnomaly {
  id: string;
  rule_key: AnomalyRuleKey;
  dedupe_key: string;
  fund_id: string | null;
  incident_id: string | null;
  region_code: string;
  amount_fen: string;
  summary: string;
  evidence: EvidenceItem[];
  status: AnomalyStatus;
  dismissed_reason: string | null;
  finding_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  detected_at: Date;
}

const COLUMNS = `id, rule_key, dedupe_key, fund_id, incident_id, region_code, amount_fen::text, summary, evidence,
  status, dismissed_reason, finding_id, decided_by, decided_at, detected_at`;

const toRow = (r: RawAnomaly): AnomalyRow => ({
  id: r.id,
  ruleKey: r.rule_key,
  dedupeKey: r.dedupe_key,
  fundId: r.fund_id,
  incidentId: r.incident_id,
  regionCode: r.region_code,
  amountFen: BigInt(r.amount_fen),
  summary: r.summary,
  evidence: r.evidence,
  status: r.status,
  dismissedReason: r.dismissed_reason,
  findingId: r.finding_id,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  detectedAt: r.detected_at,
});

interface RawRule {
  region_prefix: string;
  rule_key: AnomalyRuleKey;
  enabled: boolean;
  days: number | null;
  factor: string | null;
  threshold_fen: string | null;
  source: string;
}

/** Anomalies and their rules, in SQL: anomalies are inserted once per dedupe key and only ever decided. */
@Injectable()
export class AnomalyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every rule of every prefix `regionCode` starts with ('' included). */
  async rulesCovering(regionCode: string, db: Queryable = this.dataSource): Promise<AnomalyRule[]> {
    const rows = (await db.query(
      `SELECT region_prefix, rule_key, enabled, days, factor::text, threshold_fen::text, source FROM anomaly_rule
       WHERE starts_with($1, region_prefix) ORDER BY region_prefix, rule_key`,
      [regionCode],
    )) as RawRule[];
    return rows.map((r) => ({
      regionPrefix: r.region_prefix,
      ruleKey: r.rule_key,
      enabled: r.enabled,
      days: r.days,
      factor: r.factor === null ? null : Number(r.factor),
      thresholdFen: r.threshold_fen === null ? null : BigInt(r.threshold_fen),
      source: r.source,
    }));
  }

  /** Replaces the rules of `regionPrefix` with `rules`, as a whole. */
  async replaceRules(manager: EntityManager, regionPrefix: string, rules: AnomalyRule[], at: Date) {
    await manager.query(`DELETE FROM anomaly_rule WHERE region_prefix = $1`, [regionPrefix]);
    await manager.query(
      `INSERT INTO anomaly_rule (region_prefix, rule_key, enabled, days, factor, threshold_fen, source, set_at)
       SELECT $1, * , $8 FROM unnest($2::text[], $3::boolean[], $4::int[], $5::numeric[], $6::bigint[], $7::text[])`,
      [
        regionPrefix,
        rules.map((r) => r.ruleKey),
        rules.map((r) => r.enabled),
        rules.map((r) => r.days),
        rules.map((r) => r.factor),
        rules.map((r) => r.thresholdFen?.toString() ?? null),
        rules.map((r) => r.source),
        at,
      ],
    );
  }

  async fund(fundId: string, db: Queryable = this.dataSource): Promise<AuditedFund | null> {
    const [row] = (await db.query(
      `SELECT f.id, f.incident_id, i.region_code FROM audit_fund f JOIN audit_incident i ON i.id = f.incident_id
       WHERE f.id = $1`,
      [fundId],
    )) as { id: string; incident_id: string; region_code: string }[];
    return row ? { id: row.id, incidentId: row.incident_id, regionCode: row.region_code } : null;
  }

  /** Every fund whose incident the audit knows, for the scan. */
  async funds(): Promise<AuditedFund[]> {
    const rows = (await this.dataSource.query(
      `SELECT f.id, f.incident_id, i.region_code FROM audit_fund f JOIN audit_incident i ON i.id = f.incident_id
       ORDER BY f.established_at, f.id`,
    )) as { id: string; incident_id: string; region_code: string }[];
    return rows.map((r) => ({ id: r.id, incidentId: r.incident_id, regionCode: r.region_code }));
  }

  /**
   * Runs one rule over a fund on `today` and inserts what it finds that is not flagged yet; returns the new
   * anomalies (a rerun returns none).
   */
  async flag(
    manager: EntityManager,
    rule: AnomalyRule,
    fund: AuditedFund,
    today: string,
    now: Date,
  ): Promise<AnomalyRow[]> {
    const { text, params } = bind(
      `INSERT INTO audit_anomaly (id, rule_key, dedupe_key, fund_id, incident_id, region_code, amount_fen, summary,
         evidence, detected_at)
       SELECT gen_random_uuid(), :ruleKey::text, c.dedupe_key, :fund::uuid, :incident::uuid, c.region_code,
         c.amount_fen, c.summary, c.evidence, :now::timestamptz
       FROM (${RULE_SQL[rule.ruleKey]}) c
       ORDER BY c.dedupe_key
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      {
        ruleKey: rule.ruleKey,
        fund: fund.id,
        incident: fund.incidentId,
        region: fund.regionCode,
        today,
        now,
        days: rule.days,
        factor: rule.factor,
        threshold: rule.thresholdFen?.toString() ?? null,
      },
    );
    return ((await manager.query(text, params)) as RawAnomaly[]).map(toRow);
  }

  async findByIds(ids: readonly string[]): Promise<AnomalyRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_anomaly WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as RawAnomaly[];
    return rows.map(toRow);
  }

  /** The anomaly, locked for a decision. */
  async lock(manager: EntityManager, id: string): Promise<AnomalyRow | null> {
    const [row] = (await manager.query(`SELECT ${COLUMNS} FROM audit_anomaly WHERE id = $1 FOR UPDATE`, [
      id,
    ])) as RawAnomaly[];
    return row ? toRow(row) : null;
  }

  async dismiss(
    manager: EntityManager,
    id: string,
    reason: string,
    by: string,
    at: Date,
  ): Promise<AnomalyRow> {
    // An UPDATE answers [rows, count].
    const [rows] = (await manager.query(
      `UPDATE audit_anomaly SET status = 'DISMISSED', dismissed_reason = $2, decided_by = $3, decided_at = $4
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, reason, by, at],
    )) as [RawAnomaly[], number];
    return toRow(rows[0]!);
  }

  /** A page of anomalies, newest first, after `after`. */
  async page(
    query: AnomalyQuery,
    limit: number,
    after: { at: Date; id: string } | undefined,
  ): Promise<AnomalyRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(clause(`$${params.length}`));
    };
    if (query.fundId) add((n) => `fund_id = ${n}`, query.fundId);
    if (query.incidentId) add((n) => `incident_id = ${n}`, query.incidentId);
    if (query.regionPrefix) add((n) => `starts_with(region_code, ${n})`, query.regionPrefix);
    if (query.ruleKey) add((n) => `rule_key = ${n}`, query.ruleKey);
    if (query.status) add((n) => `status = ${n}`, query.status);
    if (after) {
      params.push(after.at, after.id);
      where.push(`(detected_at, id) < ($${params.length - 1}, $${params.length})`);
    }
    params.push(limit);
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_anomaly ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY detected_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )) as RawAnomaly[];
    return rows.map(toRow);
  }
}
