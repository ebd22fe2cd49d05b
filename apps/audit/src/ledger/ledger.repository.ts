import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContributionKind } from '@emergency/domain';
import type { Page, TimeKey } from '@emergency/paging';
import type { BreakdownDelta, BreakdownRow, SourceKind } from './fund-breakdown';
import type { AllocationFacts, ContributionFacts } from './source-facts';
import type { LedgerCheck } from './ledger-checks.sql';
import {
  emptyTotals,
  totalsDelta,
  type BookFlow,
  type BookOrigin,
  type BookSource,
  type FlowForm,
  type FlowStage,
  type FundTotals,
} from './money-book';

/** One line of goods moved in kind, as its event listed it. */
export interface GoodsLineRow {
  description: string;
  unit: string;
  quantity: number;
  unitValueFen: bigint;
  amountFen: bigint;
}

export interface FlowRow extends BookFlow {
  seq: bigint;
  fundId: string;
  incidentId: string;
  allocationId: string | null;
  projectId: string | null;
  goods: GoodsLineRow[];
  valuationBasis: string | null;
  payerOrganisationId: string | null;
  payerName: string | null;
  payeeOrganisationId: string | null;
  payeeName: string | null;
  description: string;
  occurredAt: Date;
  recordedAt: Date;
}

export type NewFlow = Omit<FlowRow, 'seq' | 'recordedAt'> & {
  sourceEventId: string;
  sourceEventType: string;
};

export interface LedgerEntry {
  account: string;
  side: 'DEBIT' | 'CREDIT';
  amountFen: bigint;
}

export interface FundRow {
  id: string;
  incidentId: string;
  establishedAt: Date;
}

/** A flow that names a contribution among its origins, and how much of it. */
export interface ContributionUseRow {
  seq: bigint;
  flowId: string;
  stage: FlowStage;
  reverses: string | null;
  amountFen: bigint;
}

/** A draw of an old event whose origins are not known yet: its source was not recorded when it arrived. */
export interface PendingDraw {
  flowId: string;
  position: number;
  sourceFlowId: string;
  amountFen: bigint;
}

interface RawFlow {
  id: string;
  seq: string;
  stage: FlowStage;
  reverses: string | null;
  fund_id: string;
  incident_id: string;
  allocation_id: string | null;
  project_id: string | null;
  amount_fen: string;
  form: FlowForm;
  goods: { description: string; unit: string; quantity: number; unitValueFen: string; amountFen: string }[];
  valuation_basis: string | null;
  payer_organisation_id: string | null;
  payer_name: string | null;
  payee_organisation_id: string | null;
  payee_name: string | null;
  description: string;
  occurred_at: Date;
  recorded_at: Date;
}

const FLOW_COLUMNS = `id, seq::text, stage, reverses, fund_id, incident_id, allocation_id, project_id, amount_fen::text,
  form, goods, valuation_basis, payer_organisation_id, payer_name, payee_organisation_id, payee_name, description,
  occurred_at, recorded_at`;

type Queryable = Pick<EntityManager, 'query'>;

/** A flow's own columns as read; its sources are added by the caller. */
const toFlowRow = (r: RawFlow): Omit<FlowRow, 'sources'> => ({
  id: r.id,
  seq: BigInt(r.seq),
  stage: r.stage,
  reverses: r.reverses,
  fundId: r.fund_id,
  incidentId: r.incident_id,
  allocationId: r.allocation_id,
  projectId: r.project_id,
  amountFen: BigInt(r.amount_fen),
  form: r.form,
  goods: r.goods.map((g) => ({ ...g, unitValueFen: BigInt(g.unitValueFen), amountFen: BigInt(g.amountFen) })),
  valuationBasis: r.valuation_basis,
  payerOrganisationId: r.payer_organisation_id,
  payerName: r.payer_name,
  payeeOrganisationId: r.payee_organisation_id,
  payeeName: r.payee_name,
  description: r.description,
  occurredAt: r.occurred_at,
  recordedAt: r.recorded_at,
});

/** The audit's tables, written only by event projection; flows, their sources, origins and entries only appended to. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The flows' sources with their origins, in two statements whatever their number. */
  private async withSources(db: Queryable, raw: RawFlow[]): Promise<FlowRow[]> {
    const ids = raw.map((r) => r.id);
    const [links, origins] = (await Promise.all([
      db.query(
        `SELECT flow_id, position, source_flow_id, amount_fen::text FROM flow_link WHERE flow_id = ANY($1::uuid[])
         ORDER BY flow_id, position`,
        [ids],
      ),
      db.query(
        `SELECT flow_id, source_position, contribution_id, amount_fen::text FROM flow_origin
         WHERE flow_id = ANY($1::uuid[]) ORDER BY flow_id, source_position, position`,
        [ids],
      ),
    ])) as [
      { flow_id: string; position: number; source_flow_id: string; amount_fen: string }[],
      { flow_id: string; source_position: number; contribution_id: string; amount_fen: string }[],
    ];
    const originsOf = new Map<string, BookOrigin[]>();
    for (const o of origins) {
      const key = `${o.flow_id}/${o.source_position}`;
      originsOf.set(key, [
        ...(originsOf.get(key) ?? []),
        { contributionId: o.contribution_id, amountFen: BigInt(o.amount_fen) },
      ]);
    }
    const byFlow = new Map<string, BookSource[]>();
    for (const l of links) {
      byFlow.set(l.flow_id, [
        ...(byFlow.get(l.flow_id) ?? []),
        {
          flowId: l.source_flow_id,
          amountFen: BigInt(l.amount_fen),
          origins: originsOf.get(`${l.flow_id}/${l.position}`) ?? [],
        },
      ]);
    }
    return raw.map((r) => ({ ...toFlowRow(r), sources: byFlow.get(r.id) ?? [] }));
  }

  /**
   * One page of a fund's flows in recording order, after `afterSeq`, of `stage` when given, with their sources and
   * origins, in one statement through the index on (fund, seq) or (fund, stage, seq): its cost does not grow with
   * the fund.
   */
  async pageOfFund(
    fundId: string,
    stage: FlowStage | undefined,
    limit: number,
    afterSeq?: bigint,
  ): Promise<FlowRow[]> {
    const rows = (await this.dataSource.query(
      // One probe of flow_link per flow (most flows, raised money, have no link); origins only for those that do.
      `SELECT ${FLOW_COLUMNS},
         (SELECT coalesce(json_agg(json_build_array(l.source_flow_id, l.amount_fen::text,
                   (SELECT coalesce(json_agg(json_build_array(o.contribution_id, o.amount_fen::text)
                             ORDER BY o.position), '[]')
                      FROM flow_origin o WHERE o.flow_id = l.flow_id AND o.source_position = l.position))
                   ORDER BY l.position), '[]')
            FROM flow_link l WHERE l.flow_id = flow.id) AS sources
       FROM flow
       WHERE fund_id = $1 AND ($2::text IS NULL OR stage = $2) AND ($3::bigint IS NULL OR flow.seq > $3)
       ORDER BY flow.seq LIMIT $4`,
      [fundId, stage ?? null, afterSeq?.toString() ?? null, limit],
    )) as (RawFlow & { sources: [string, string, [string, string][]][] })[];
    return rows.map((r) => ({
      ...toFlowRow(r),
      sources: r.sources.map(([flowId, amount, origins]) => ({
        flowId,
        amountFen: BigInt(amount),
        origins: origins.map(([contributionId, a]) => ({ contributionId, amountFen: BigInt(a) })),
      })),
    }));
  }

  /**
   * The draws on each of `flowIds` (what draws on or gives back to it), in recording order, with the contributions
   * each draw is; through the index on the source, never the fund's other flows.
   */
  async findUses(
    flowIds: readonly string[],
  ): Promise<
    { sourceFlowId: string; flowId: string; fundId: string; amountFen: bigint; origins: BookOrigin[] }[]
  > {
    const rows = (await this.dataSource.query(
      `SELECT l.source_flow_id, l.flow_id, f.fund_id, l.amount_fen::text,
         (SELECT coalesce(json_agg(json_build_array(o.contribution_id, o.amount_fen::text) ORDER BY o.position), '[]')
            FROM flow_origin o WHERE o.flow_id = l.flow_id AND o.source_position = l.position) AS origins
       FROM flow_link l JOIN flow f ON f.id = l.flow_id
       WHERE l.source_flow_id = ANY($1::uuid[]) ORDER BY f.seq, l.position`,
      [[...flowIds]],
    )) as {
      source_flow_id: string;
      flow_id: string;
      fund_id: string;
      amount_fen: string;
      origins: [string, string][];
    }[];
    return rows.map((r) => ({
      sourceFlowId: r.source_flow_id,
      flowId: r.flow_id,
      fundId: r.fund_id,
      amountFen: BigInt(r.amount_fen),
      origins: r.origins.map(([contributionId, a]) => ({ contributionId, amountFen: BigInt(a) })),
    }));
  }

  /** The fund's breakdown rows, net of reversals, each with its incident's region (null while not recorded). */
  async breakdownRows(
    fundIds: readonly string[],
  ): Promise<(BreakdownRow & { fundId: string; regionCode: string | null })[]> {
    const rows = (await this.dataSource.query(
      `SELECT b.fund_id, b.form, b.stage, b.incident_id, b.receiver, b.source_kind, b.to_project,
         (b.forward_fen - b.reversed_fen)::text AS net, i.region_code
       FROM fund_breakdown b LEFT JOIN audit_incident i ON i.id = b.incident_id
       WHERE b.fund_id = ANY($1::uuid[])`,
      [[...fundIds]],
    )) as {
      fund_id: string;
      form: FlowForm;
      stage: FlowStage;
      incident_id: string;
      receiver: string;
      source_kind: SourceKind;
      to_project: boolean;
      net: string;
      region_code: string | null;
    }[];
    return rows.map((r) => ({
      fundId: r.fund_id,
      form: r.form,
      stage: r.stage,
      incidentId: r.incident_id,
      receiver: r.receiver,
      sourceKind: r.source_kind,
      toProject: r.to_project,
      netFen: BigInt(r.net),
      regionCode: r.region_code,
    }));
  }

  /** Adds a flow's deltas to its fund's breakdown rows, in the transaction that records it. */
  async addToBreakdown(manager: EntityManager, fundId: string, deltas: readonly BreakdownDelta[]) {
    if (deltas.length === 0) return;
    await manager.query(
      `INSERT INTO fund_breakdown AS b (fund_id, form, stage, incident_id, receiver, source_kind, to_project,
         forward_fen, reversed_fen)
       SELECT $1, d.form, d.stage, d.incident, d.receiver, d.kind, d.project, d.forward, d.reversed
       FROM unnest($2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::boolean[], $8::bigint[],
         $9::bigint[]) AS d (form, stage, incident, receiver, kind, project, forward, reversed)
       ON CONFLICT (fund_id, form, stage, incident_id, receiver, source_kind, to_project) DO UPDATE
         SET forward_fen = b.forward_fen + excluded.forward_fen, reversed_fen = b.reversed_fen + excluded.reversed_fen`,
      [
        fundId,
        deltas.map((d) => d.form),
        deltas.map((d) => d.stage),
        deltas.map((d) => d.incidentId),
        deltas.map((d) => d.receiver),
        deltas.map((d) => d.sourceKind),
        deltas.map((d) => d.toProject),
        deltas.map((d) => d.forwardFen.toString()),
        deltas.map((d) => d.reversedFen.toString()),
      ],
    );
  }

  async insertContribution(manager: EntityManager, c: ContributionFacts, sourceEventId: string) {
    await manager.query(
      `INSERT INTO audit_contribution (id, kind, fiscal_level, programme, channel, directed_purpose,
         directed_organisation_id, receiver_organisation_id, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        c.id,
        c.kind,
        c.fiscalLevel,
        c.programme,
        c.channel,
        c.directedPurpose,
        c.directedOrganisationId,
        c.receiverOrganisationId,
        sourceEventId,
      ],
    );
  }

  async insertAllocation(manager: EntityManager, a: AllocationFacts, sourceEventId: string) {
    await manager.query(
      `INSERT INTO audit_allocation (id, purpose_category, source_event_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [a.id, a.purposeCategory, sourceEventId],
    );
  }

  /** The recorded kinds of the contributions `ids`; those not recorded are missing. */
  async contributionKinds(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, ContributionKind>> {
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(`SELECT id, kind FROM audit_contribution WHERE id = ANY($1::uuid[])`, [
      [...new Set(ids)],
    ])) as { id: string; kind: ContributionKind }[];
    return new Map(rows.map((r) => [r.id, r.kind]));
  }

  /** All of `ids`, with their sources and origins. */
  async findFlowsByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<FlowRow[]> {
    const raw = (await db.query(`SELECT ${FLOW_COLUMNS} FROM flow WHERE id = ANY($1::uuid[])`, [
      [...ids],
    ])) as RawFlow[];
    return this.withSources(db, raw);
  }

  /**
   * What the audit holds around the flows `ids`, in recording order: the flows, their reversals and every flow drawing
   * on them; enough to say what is left of each of them to draw on.
   */
  async findNeighbourhood(manager: EntityManager, ids: readonly string[]): Promise<FlowRow[]> {
    const raw = (await manager.query(
      `SELECT ${FLOW_COLUMNS} FROM flow
       WHERE id = ANY($1::uuid[]) OR reverses = ANY($1::uuid[])
          OR id IN (SELECT flow_id FROM flow_link WHERE source_flow_id = ANY($1::uuid[]))
       ORDER BY flow.seq`,
      [[...ids]],
    )) as RawFlow[];
    return this.withSources(manager, raw);
  }

  /** The draws on `sourceFlowId` whose origins are not known, in the order they were recorded. */
  async findPendingDraws(manager: EntityManager, sourceFlowId: string): Promise<PendingDraw[]> {
    const rows = (await manager.query(
      `SELECT l.flow_id, l.position, l.amount_fen::text FROM flow_link l JOIN flow f ON f.id = l.flow_id
       WHERE l.source_flow_id = $1
         AND NOT EXISTS (SELECT 1 FROM flow_origin o WHERE o.flow_id = l.flow_id AND o.source_position = l.position)
       ORDER BY f.seq, l.position`,
      [sourceFlowId],
    )) as { flow_id: string; position: number; amount_fen: string }[];
    return rows.map((r) => ({
      flowId: r.flow_id,
      position: r.position,
      sourceFlowId,
      amountFen: BigInt(r.amount_fen),
    }));
  }

  /** Per fund, per form and stage: forward flows less their reversals, as kept while flows are recorded. */
  async fundTotals(fundIds: readonly string[]): Promise<{ fundId: string; totals: FundTotals }[]> {
    const rows = (await this.dataSource.query(
      `SELECT fund_id, form, stage, (forward_fen - reversed_fen)::text AS net FROM fund_total
       WHERE fund_id = ANY($1::uuid[])`,
      [[...fundIds]],
    )) as { fund_id: string; form: FlowForm; stage: FlowStage; net: string }[];
    return fundIds.map((fundId) => {
      const totals = emptyTotals();
      for (const r of rows.filter((row) => row.fund_id === fundId)) totals[r.form][r.stage] = BigInt(r.net);
      return { fundId, totals };
    });
  }

  /** The flows whose origins name `contributionId`, in recording order after `afterSeq`, of `stage` when given. */
  async contributionUses(
    contributionId: string,
    stage: FlowStage | undefined,
    limit: number,
    afterSeq?: bigint,
  ): Promise<ContributionUseRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT f.seq::text, f.id, f.stage, f.reverses, sum(o.amount_fen)::text AS amount
       FROM flow_origin o JOIN flow f ON f.id = o.flow_id
       WHERE o.contribution_id = $1 AND ($2::text IS NULL OR f.stage = $2) AND ($3::bigint IS NULL OR f.seq > $3)
       GROUP BY f.seq, f.id, f.stage, f.reverses ORDER BY f.seq LIMIT $4`,
      [contributionId, stage ?? null, afterSeq?.toString() ?? null, limit],
    )) as { seq: string; id: string; stage: FlowStage; reverses: string | null; amount: string }[];
    return rows.map((r) => ({
      seq: BigInt(r.seq),
      flowId: r.id,
      stage: r.stage,
      reverses: r.reverses,
      amountFen: BigInt(r.amount),
    }));
  }

  async findIncidentRegions(ids: readonly string[]): Promise<{ id: string; regionCode: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, region_code FROM audit_incident WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    )) as { id: string; region_code: string }[];
    return rows.map((r) => ({ id: r.id, regionCode: r.region_code }));
  }

  /**
   * The fund's incident, from the fund record or, before that has arrived, from any of its flows: one row looked up
   * by index either way, never the fund's flows read through.
   */
  async findFundIncidents(fundIds: readonly string[]): Promise<{ id: string; incidentId: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT q.id AS fund_id, x.incident_id FROM unnest($1::uuid[]) AS q (id)
       CROSS JOIN LATERAL (
         (SELECT incident_id FROM audit_fund WHERE id = q.id)
         UNION ALL
         (SELECT incident_id FROM flow WHERE fund_id = q.id LIMIT 1)
         LIMIT 1
       ) x`,
      [[...new Set(fundIds)]],
    )) as { fund_id: string; incident_id: string }[];
    return rows.map((r) => ({ id: r.fund_id, incidentId: r.incident_id }));
  }

  /**
   * Funds newest first, after the `[establishedAt, id]` key when given; within `regionPrefix` (by their incident's
   * region) when given.
   */
  async listFunds(regionPrefix: string | undefined, page: Page, after?: TimeKey): Promise<FundRow[]> {
    const params: unknown[] = [page.limit + 1];
    let where = 'TRUE';
    if (regionPrefix) {
      params.push(`${regionPrefix}%`);
      where += ` AND i.region_code LIKE $${params.length}`;
    }
    if (after) {
      params.push(after.at, after.id);
      where += ` AND (f.established_at, f.id) < ($${params.length - 1}, $${params.length})`;
    }
    const rows = (await this.dataSource.query(
      `SELECT f.id, f.incident_id, f.established_at FROM audit_fund f
       ${regionPrefix ? 'JOIN' : 'LEFT JOIN'} audit_incident i ON i.id = f.incident_id
       WHERE ${where} ORDER BY f.established_at DESC, f.id DESC LIMIT $1`,
      params,
    )) as { id: string; incident_id: string; established_at: Date }[];
    return rows.map((r) => ({ id: r.id, incidentId: r.incident_id, establishedAt: r.established_at }));
  }

  async insertIncident(
    manager: EntityManager,
    incident: { id: string; regionCode: string; sourceEventId: string },
  ) {
    await manager.query(
      `INSERT INTO audit_incident (id, region_code, source_event_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [incident.id, incident.regionCode, incident.sourceEventId],
    );
  }

  async insertFund(
    manager: EntityManager,
    fund: FundRow & { name: string; managingOrganisationId: string; sourceEventId: string },
  ) {
    await manager.query(
      `INSERT INTO audit_fund (id, incident_id, name, managing_organisation_id, source_event_id, established_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [
        fund.id,
        fund.incidentId,
        fund.name,
        fund.managingOrganisationId,
        fund.sourceEventId,
        fund.establishedAt,
      ],
    );
  }

  /**
   * Appends a flow with its sources, their origins and its ledger entries, and adds it to its fund's totals; false
   * (and nothing written) when it is already recorded. The rest is inserted only for the flow row this statement
   * inserted, so a second delivery adds nothing; foreign keys are checked at the end of the statement.
   */
  async insertFlow(manager: EntityManager, flow: NewFlow, entries: LedgerEntry[]): Promise<boolean> {
    const origins = flow.sources.flatMap((s, position) =>
      s.origins.map((o, n) => ({ position, n, sourceFlowId: s.flowId, ...o })),
    );
    const delta = totalsDelta(flow);
    const inserted = (await manager.query(
      `WITH recorded AS (
         INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_organisation_id, payer_name,
           payee_organisation_id, payee_name, description, occurred_at, source_event_id, source_event_type,
           reverses, allocation_id, project_id, form, goods, valuation_basis)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT DO NOTHING RETURNING id, fund_id, stage, form
       ),
       linked AS (
         INSERT INTO flow_link (flow_id, position, source_flow_id, amount_fen)
         SELECT r.id, l.position - 1, l.source, l.amount
         FROM recorded r, unnest($20::uuid[], $21::bigint[]) WITH ORDINALITY AS l (source, amount, position)
       ),
       traced AS (
         INSERT INTO flow_origin (flow_id, source_position, position, source_flow_id, contribution_id, amount_fen)
         SELECT r.id, o.source_position, o.position, o.source, o.contribution, o.amount
         FROM recorded r,
           unnest($22::int[], $23::int[], $24::uuid[], $25::uuid[], $26::bigint[])
             AS o (source_position, position, source, contribution, amount)
       ),
       entered AS (
         INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen)
         SELECT r.id, r.fund_id, e.account, e.side, e.amount
         FROM recorded r, unnest($27::text[], $28::text[], $29::bigint[]) WITH ORDINALITY AS e (account, side, amount, n)
         ORDER BY e.n
       ),
       totalled AS (
         INSERT INTO fund_total AS t (fund_id, form, stage, forward_fen, reversed_fen)
         SELECT r.fund_id, r.form, r.stage, greatest($30::bigint, 0), greatest(-$30::bigint, 0) FROM recorded r
         ON CONFLICT (fund_id, form, stage) DO UPDATE
           SET forward_fen = t.forward_fen + excluded.forward_fen, reversed_fen = t.reversed_fen + excluded.reversed_fen
       )
       SELECT id FROM recorded`,
      [
        flow.id,
        flow.stage,
        flow.fundId,
        flow.incidentId,
        flow.amountFen.toString(),
        flow.payerOrganisationId,
        flow.payerName,
        flow.payeeOrganisationId,
        flow.payeeName,
        flow.description,
        flow.occurredAt,
        flow.sourceEventId,
        flow.sourceEventType,
        flow.reverses,
        flow.allocationId,
        flow.projectId,
        flow.form,
        JSON.stringify(
          flow.goods.map((g) => ({
            ...g,
            unitValueFen: g.unitValueFen.toString(),
            amountFen: g.amountFen.toString(),
          })),
        ),
        flow.valuationBasis,
        flow.sources.map((s) => s.flowId),
        flow.sources.map((s) => s.amountFen.toString()),
        origins.map((o) => o.position),
        origins.map((o) => o.n),
        origins.map((o) => o.sourceFlowId),
        origins.map((o) => o.contributionId),
        origins.map((o) => o.amountFen.toString()),
        entries.map((e) => e.account),
        entries.map((e) => e.side),
        entries.map((e) => e.amountFen.toString()),
        delta.toString(),
      ],
    )) as unknown[];
    return inserted.length > 0;
  }

  /** The ledger entries a flow was booked with, in the order they were written. */
  async entriesOf(manager: EntityManager, flowId: string): Promise<LedgerEntry[]> {
    const rows = (await manager.query(
      `SELECT account, side, amount_fen::text FROM ledger_entry WHERE flow_id = $1 ORDER BY id`,
      [flowId],
    )) as { account: string; side: LedgerEntry['side']; amount_fen: string }[];
    return rows.map((r) => ({ account: r.account, side: r.side, amountFen: BigInt(r.amount_fen) }));
  }

  /** Records the origins of a draw that were not known when its flow was recorded. */
  async insertOrigins(manager: EntityManager, draw: PendingDraw, origins: BookOrigin[]): Promise<void> {
    if (origins.length === 0) return;
    await manager.query(
      `INSERT INTO flow_origin (flow_id, source_position, position, source_flow_id, contribution_id, amount_fen)
       SELECT $1, $2, o.n - 1, $3, o.contribution, o.amount
       FROM unnest($4::uuid[], $5::bigint[]) WITH ORDINALITY AS o (contribution, amount, n)
       ON CONFLICT DO NOTHING`,
      [
        draw.flowId,
        draw.position,
        draw.sourceFlowId,
        origins.map((o) => o.contributionId),
        origins.map((o) => o.amountFen.toString()),
      ],
    );
  }

  /**
   * The first `limit` violations of one reconciliation check in a fund, each with the key that orders it among the
   * others (ledger-checks.sql.ts): one statement over the fund's rows, nothing of the fund loaded here.
   */
  async violations(
    fundId: string,
    check: LedgerCheck,
    limit: number,
  ): Promise<{ key: bigint[]; message: string }[]> {
    const rows = (await this.dataSource.query(check.sql, [fundId, limit])) as {
      key: (string | number)[];
      message: string;
    }[];
    return rows.map((r) => ({ key: r.key.map((k) => BigInt(k)), message: r.message }));
  }
}
