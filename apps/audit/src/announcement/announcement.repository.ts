import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  bind,
  type FindingCell,
  type MoneyCell,
  type Predicate,
  type RaisedDimensions,
} from './announcement-rules';

/** The scope of one announcement: an incident's money up to a cut-off. */
export interface AnnouncementScope {
  incidentId: string;
  asOf: Date;
}

/** A row behind a money figure: a flow (or one source of a disbursed or used flow) and what it adds, signed. */
export interface AnnouncementFlowRow {
  seq: bigint;
  position: number;
  /** For a use of a payment split over several allocations, which of them (the payment's source position). */
  sub: number;
  flowId: string;
  amountFen: bigint;
}

/** A finding behind a finding figure and what it adds to its amount and count. */
export interface AnnouncementFindingRow {
  findingId: string;
  type: string;
  amountFen: bigint;
  count: number;
}

/**
 * The announcement's rows ($1 incident, $2 cut-off): every flow of the incident up to the cut-off, one row per
 * source for disbursed and used money (so a payment drawn on several allocations is split by their purposes), with
 * what it adds (negative for a reversal) and the contribution's or allocation's facts it is classified by.
 *
 * The allocation of a row is the one its flow names; else, for a disbursed flow, the allocation it draws on; else,
 * for a use of a payment that names one, the payment's. A use of a payment split over several allocations is split
 * in turn (`sub`): the uses of a payment take its allocations' parts in the order it drew them, first in first out,
 * so each fen used is classified by the allocation it was paid from.
 */
const ROWS = `
  announcement_part AS (
    SELECT f.seq, coalesce(l.position, 0) AS position, f.id AS flow_id, f.stage, f.form, f.reverses,
      f.allocation_id, l.source_flow_id, s.stage AS source_stage, s.allocation_id AS source_allocation_id,
      coalesce(l.amount_fen, f.amount_fen) AS amount_fen,
      coalesce(sum(l.amount_fen) OVER (PARTITION BY l.source_flow_id ORDER BY f.seq, l.position
        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS used_before
    FROM flow f
    LEFT JOIN flow_link l ON f.stage IN ('DISBURSED', 'USED') AND l.flow_id = f.id
    LEFT JOIN flow s ON s.id = l.source_flow_id
    WHERE f.incident_id = $1 AND f.occurred_at <= $2
  ),
  announcement_row AS (
    SELECT p.seq, p.position, coalesce(x.sub, 0) AS sub, p.flow_id, p.stage, p.form,
      (CASE WHEN p.reverses IS NULL THEN 1 ELSE -1 END) * coalesce(x.amount_fen, p.amount_fen) AS signed_fen,
      c.kind, c.fiscal_level, c.programme, c.channel,
      (c.directed_purpose IS NOT NULL OR c.directed_organisation_id IS NOT NULL) AS directed,
      c.receiver_organisation_id, a.purpose_category
    FROM announcement_part p
    LEFT JOIN LATERAL (
      SELECT d.position AS sub, d.source_flow_id AS allocation_id,
        least(p.used_before + p.amount_fen, d.drawn_before + d.amount_fen) - greatest(p.used_before, d.drawn_before)
          AS amount_fen
      FROM (
        SELECT position, source_flow_id, amount_fen,
          coalesce(sum(amount_fen) OVER (ORDER BY position ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
            AS drawn_before
        FROM flow_link WHERE flow_id = p.source_flow_id
      ) d
      WHERE d.drawn_before < p.used_before + p.amount_fen AND d.drawn_before + d.amount_fen > p.used_before
    ) x ON p.stage = 'USED' AND p.allocation_id IS NULL AND p.source_stage = 'DISBURSED'
      AND p.source_allocation_id IS NULL AND p.reverses IS NULL
    LEFT JOIN audit_contribution c ON p.stage = 'RAISED' AND c.id = coalesce(p.reverses, p.flow_id)
    LEFT JOIN audit_allocation a ON p.stage IN ('DISBURSED', 'USED') AND a.id = coalesce(
      p.allocation_id,
      x.allocation_id,
      CASE p.source_stage WHEN 'ALLOCATED' THEN p.source_flow_id ELSE p.source_allocation_id END
    )
  )`;

/**
 * The incident's findings the audit has issued ($1 incident, $2 cut-off): of engagements scoped to the incident or
 * to one of its funds, recorded by the cut-off, each as it stood then: its recommendations made by then and those
 * adopted by a written response given by then, its rectification state when it was closed by then, and the last
 * outcome (amounts recovered and saved, transfer for handling) recorded by then. Drafts are the team's working
 * papers and are not announced.
 */
const FINDINGS = `
  announcement_finding AS (
    SELECT fi.id, fi.type, fi.amount_fen,
      CASE WHEN fi.closed_at <= $2 THEN fi.rectification_state END AS rectification_state,
      coalesce(o.recovered_fen, 0) AS recovered_fen, coalesce(o.saved_fen, 0) AS saved_fen,
      coalesce(o.transferred_for_handling, false) AS transferred_for_handling,
      (SELECT count(*) FROM audit_recommendation r WHERE r.finding_id = fi.id AND r.recorded_at <= $2) AS recommendations,
      (SELECT count(*) FROM audit_recommendation r
       WHERE r.finding_id = fi.id AND r.recorded_at <= $2 AND r.adopted AND fi.responded_at <= $2) AS adopted
    FROM audit_finding fi JOIN audit_engagement e ON e.id = fi.engagement_id
    LEFT JOIN LATERAL (
      SELECT x.recovered_fen, x.saved_fen, x.transferred_for_handling FROM audit_finding_outcome x
      WHERE x.finding_id = fi.id AND x.recorded_at <= $2 ORDER BY x.recorded_at DESC, x.id DESC LIMIT 1
    ) o ON TRUE
    WHERE (e.incident_id = $1 OR e.fund_id IN (SELECT id FROM audit_fund WHERE incident_id = $1))
      AND fi.status <> 'DRAFT' AND fi.recorded_at <= $2
  )`;

/** Binds each cell's predicate after the parameters bound so far; returns the SQL of each and all parameters. */
function bindAll<C extends { where: Predicate }>(
  cells: C[],
  params: unknown[],
): { sql: string[]; params: unknown[] } {
  const all = [...params];
  const sql = cells.map((cell) => {
    const bound = bind(cell.where, all.length);
    all.push(...cell.where.params);
    return bound;
  });
  return { sql, params: all };
}

/** The announcement's sums and rows, in SQL over the ledger's flows, the projected facts and the findings. */
@Injectable()
export class AnnouncementRepository {
  constructor(private readonly dataSource: DataSource) {}

  async incidentRegion(incidentId: string): Promise<string | null> {
    const rows = (await this.dataSource.query(`SELECT region_code FROM audit_incident WHERE id = $1`, [
      incidentId,
    ])) as { region_code: string }[];
    return rows[0]?.region_code ?? null;
  }

  /** The programmes, receivers and unstated attributes among the incident's raised money. */
  async dimensions(scope: AnnouncementScope): Promise<RaisedDimensions> {
    const rows = (await this.dataSource.query(
      `WITH ${ROWS}
       SELECT DISTINCT kind, fiscal_level, programme, channel, receiver_organisation_id
       FROM announcement_row WHERE stage = 'RAISED'`,
      [scope.incidentId, scope.asOf],
    )) as {
      kind: string | null;
      fiscal_level: string | null;
      programme: string | null;
      channel: string | null;
      receiver_organisation_id: string | null;
    }[];
    const distinct = <T>(values: T[]) => [...new Set(values)];
    const sorted = (values: (string | null)[]) =>
      distinct(values).sort((a, b) => (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0));
    const fiscal = rows.filter((r) => r.kind === 'APPROPRIATION');
    return {
      programmes: sorted(fiscal.map((r) => r.programme)),
      receivers: sorted(rows.map((r) => r.receiver_organisation_id)),
      unstatedFiscalLevel: fiscal.some((r) => r.fiscal_level === null),
      unstatedChannel: rows.some((r) => r.kind === 'DONATION' && r.channel === null),
      unclassified: rows.some((r) => r.kind === null),
    };
  }

  /** Each money cell's sum, in one statement. */
  async moneySums(scope: AnnouncementScope, cells: MoneyCell[]): Promise<bigint[]> {
    if (cells.length === 0) return [];
    const { sql, params } = bindAll(cells, [scope.incidentId, scope.asOf]);
    const columns = cells.map(
      (cell, i) => `coalesce(sum(signed_fen * (${cell.sign})) FILTER (WHERE ${sql[i]}), 0)::text AS c${i}`,
    );
    const [row] = (await this.dataSource.query(
      `WITH ${ROWS} SELECT ${columns.join(', ')} FROM announcement_row`,
      params,
    )) as Record<string, string>[];
    return cells.map((_, i) => BigInt(row![`c${i}`]!));
  }

  /** The rows a money cell sums, after the `[seq, position]` key, in recording order. */
  async moneyRows(
    scope: AnnouncementScope,
    cell: MoneyCell,
    limit: number,
    after?: { seq: string; position: number; sub: number },
  ): Promise<AnnouncementFlowRow[]> {
    const params: unknown[] = [scope.incidentId, scope.asOf];
    const where = bind(cell.where, params.length);
    params.push(...cell.where.params);
    let keyset = 'TRUE';
    if (after) {
      params.push(after.seq, after.position, after.sub);
      keyset = `(seq, position, sub) > ($${params.length - 2}::bigint, $${params.length - 1}::int, $${params.length}::int)`;
    }
    params.push(limit);
    const rows = (await this.dataSource.query(
      `WITH ${ROWS}
       SELECT seq::text AS seq_text, position, sub, flow_id, (signed_fen * (${cell.sign}))::text AS amount
       FROM announcement_row WHERE (${where}) AND ${keyset} ORDER BY seq, position, sub LIMIT $${params.length}`,
      params,
    )) as { seq_text: string; position: number; sub: number; flow_id: string; amount: string }[];
    return rows.map((r) => ({
      seq: BigInt(r.seq_text),
      position: r.position,
      sub: r.sub,
      flowId: r.flow_id,
      amountFen: BigInt(r.amount),
    }));
  }

  /** Each finding cell's amount and count, in one statement. */
  async findingSums(
    scope: AnnouncementScope,
    cells: FindingCell[],
  ): Promise<{ amountFen: bigint; count: number }[]> {
    const { sql, params } = bindAll(cells, [scope.incidentId, scope.asOf]);
    const columns = cells.flatMap((cell, i) => [
      `coalesce(sum(${cell.amount}) FILTER (WHERE ${sql[i]}), 0)::text AS a${i}`,
      `coalesce(sum(${cell.count}) FILTER (WHERE ${sql[i]}), 0)::int AS n${i}`,
    ]);
    const [row] = (await this.dataSource.query(
      `WITH ${FINDINGS} SELECT ${columns.join(', ')} FROM announcement_finding`,
      params,
    )) as Record<string, string | number>[];
    return cells.map((_, i) => ({ amountFen: BigInt(row![`a${i}`]!), count: Number(row![`n${i}`]) }));
  }

  /** The findings a finding cell sums, after the `[id]` key, by id. */
  async findingRows(
    scope: AnnouncementScope,
    cell: FindingCell,
    limit: number,
    afterId?: string,
  ): Promise<AnnouncementFindingRow[]> {
    const params: unknown[] = [scope.incidentId, scope.asOf];
    const where = bind(cell.where, params.length);
    params.push(...cell.where.params);
    let keyset = 'TRUE';
    if (afterId) {
      params.push(afterId);
      keyset = `id > $${params.length}::uuid`;
    }
    params.push(limit);
    const rows = (await this.dataSource.query(
      `WITH ${FINDINGS}
       SELECT id, type, (${cell.amount})::text AS amount, (${cell.count})::int AS count
       FROM announcement_finding WHERE (${where}) AND ${keyset} ORDER BY id LIMIT $${params.length}`,
      params,
    )) as { id: string; type: string; amount: string; count: number }[];
    return rows.map((r) => ({
      findingId: r.id,
      type: r.type,
      amountFen: BigInt(r.amount),
      count: Number(r.count),
    }));
  }
}
