import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  bind,
  type FindingCell,
  type MoneyCell,
  type Predicate,
  type RaisedDimensions,
} from './announcement-rules';

export interface ContributionFacts {
  contributionId: string;
  fundId: string;
  incidentId: string;
  kind: string;
  fiscalLevel: string | null;
  programme: string | null;
  channel: string | null;
  directed: boolean;
  receiverOrganisationId: string | null;
  sourceEventId: string;
}

export interface AllocationFacts {
  allocationId: string;
  fundId: string;
  incidentId: string;
  purposeCategory: string;
  sourceEventId: string;
}

/** The scope of one announcement: an incident's money up to a cut-off. */
export interface AnnouncementScope {
  incidentId: string;
  asOf: Date;
}

/** A row behind a money figure: a flow (or one source of a disbursed or used flow) and what it adds, signed. */
export interface AnnouncementFlowRow {
  seq: bigint;
  position: number;
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
 * what it adds (negative for a reversal) and the contribution's or allocation's facts it is classified by. A flow
 * drawn on several allocations names none itself: each source's allocation (or the allocation of the disbursed
 * flow a use draws on) classifies its part.
 */
const ROWS = `
  announcement_row AS (
    SELECT f.seq, coalesce(l.position, 0) AS position, f.id AS flow_id, f.stage, f.form,
      (CASE WHEN f.reverses IS NULL THEN 1 ELSE -1 END) * coalesce(l.amount_fen, f.amount_fen) AS signed_fen,
      c.kind, c.fiscal_level, c.programme, c.channel, coalesce(c.directed, false) AS directed,
      c.receiver_organisation_id, a.purpose_category
    FROM flow f
    LEFT JOIN flow_link l ON f.stage IN ('DISBURSED', 'USED') AND l.flow_id = f.id
    LEFT JOIN flow s ON s.id = l.source_flow_id
    LEFT JOIN announcement_contribution c ON f.stage = 'RAISED' AND c.contribution_id = coalesce(f.reverses, f.id)
    LEFT JOIN announcement_allocation a ON f.stage IN ('DISBURSED', 'USED')
      AND a.allocation_id = coalesce(f.allocation_id, CASE s.stage WHEN 'ALLOCATED' THEN s.id ELSE s.allocation_id END)
    WHERE f.incident_id = $1 AND f.occurred_at <= $2
  )`;

/**
 * The incident's findings the audit has issued ($1 incident, $2 cut-off): of engagements scoped to the incident or
 * to one of its funds, recorded by the cut-off, with their recommendations made and adopted by then. Drafts are the
 * team's working papers and are not announced.
 */
const FINDINGS = `
  announcement_finding AS (
    SELECT fi.id, fi.type, fi.amount_fen, fi.rectification_state, fi.recovered_fen, fi.saved_fen,
      fi.transferred_for_handling,
      (SELECT count(*) FROM audit_recommendation r WHERE r.finding_id = fi.id AND r.recorded_at <= $2) AS recommendations,
      (SELECT count(*) FROM audit_recommendation r
       WHERE r.finding_id = fi.id AND r.recorded_at <= $2 AND r.adopted) AS adopted
    FROM audit_finding fi JOIN audit_engagement e ON e.id = fi.engagement_id
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
    after?: { seq: string; position: number },
  ): Promise<AnnouncementFlowRow[]> {
    const params: unknown[] = [scope.incidentId, scope.asOf];
    const where = bind(cell.where, params.length);
    params.push(...cell.where.params);
    let keyset = 'TRUE';
    if (after) {
      params.push(after.seq, after.position);
      keyset = `(seq, position) > ($${params.length - 1}::bigint, $${params.length}::int)`;
    }
    params.push(limit);
    const rows = (await this.dataSource.query(
      `WITH ${ROWS}
       SELECT seq::text AS seq_text, position, flow_id, (signed_fen * (${cell.sign}))::text AS amount
       FROM announcement_row WHERE (${where}) AND ${keyset} ORDER BY seq, position LIMIT $${params.length}`,
      params,
    )) as { seq_text: string; position: number; flow_id: string; amount: string }[];
    return rows.map((r) => ({
      seq: BigInt(r.seq_text),
      position: r.position,
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

  async insertContribution(manager: EntityManager, c: ContributionFacts): Promise<void> {
    await manager.query(
      `INSERT INTO announcement_contribution (contribution_id, fund_id, incident_id, kind, fiscal_level, programme,
         channel, directed, receiver_organisation_id, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        c.contributionId,
        c.fundId,
        c.incidentId,
        c.kind,
        c.fiscalLevel,
        c.programme,
        c.channel,
        c.directed,
        c.receiverOrganisationId,
        c.sourceEventId,
      ],
    );
  }

  async insertAllocation(manager: EntityManager, a: AllocationFacts): Promise<void> {
    await manager.query(
      `INSERT INTO announcement_allocation (allocation_id, fund_id, incident_id, purpose_category, source_event_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [a.allocationId, a.fundId, a.incidentId, a.purposeCategory, a.sourceEventId],
    );
  }
}
