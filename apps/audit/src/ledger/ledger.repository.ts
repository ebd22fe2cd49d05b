import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import type { FlowLink, FlowStage } from './money-graph';

export interface FlowRow {
  id: string;
  seq: bigint;
  stage: FlowStage;
  fundId: string;
  incidentId: string;
  amountFen: bigint;
  payerOrganisationId: string | null;
  payerName: string | null;
  payeeOrganisationId: string | null;
  payeeName: string | null;
  description: string;
  occurredAt: Date;
  recordedAt: Date;
  links: FlowLink[];
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

interface RawFlow {
  id: string;
  seq: string;
  stage: FlowStage;
  fund_id: string;
  incident_id: string;
  amount_fen: string;
  payer_organisation_id: string | null;
  payer_name: string | null;
  payee_organisation_id: string | null;
  payee_name: string | null;
  description: string;
  occurred_at: Date;
  recorded_at: Date;
}

const FLOW_COLUMNS = `id, seq::text, stage, fund_id, incident_id, amount_fen::text, payer_organisation_id, payer_name,
  payee_organisation_id, payee_name, description, occurred_at, recorded_at`;

/** The audit's tables, written only by event projection and only ever appended to. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  private async withLinks(raw: RawFlow[]): Promise<FlowRow[]> {
    const ids = raw.map((r) => r.id);
    const links = (await this.dataSource.query(
      `SELECT flow_id, source_flow_id, amount_fen::text FROM flow_link WHERE flow_id = ANY($1::uuid[])
       ORDER BY flow_id, position`,
      [ids],
    )) as { flow_id: string; source_flow_id: string; amount_fen: string }[];
    const byFlow = new Map<string, FlowLink[]>();
    for (const l of links) {
      const list = byFlow.get(l.flow_id) ?? [];
      list.push({ sourceFlowId: l.source_flow_id, amountFen: BigInt(l.amount_fen) });
      byFlow.set(l.flow_id, list);
    }
    return raw.map((r) => ({
      id: r.id,
      seq: BigInt(r.seq),
      stage: r.stage,
      fundId: r.fund_id,
      incidentId: r.incident_id,
      amountFen: BigInt(r.amount_fen),
      payerOrganisationId: r.payer_organisation_id,
      payerName: r.payer_name,
      payeeOrganisationId: r.payee_organisation_id,
      payeeName: r.payee_name,
      description: r.description,
      occurredAt: r.occurred_at,
      recordedAt: r.recorded_at,
      links: byFlow.get(r.id) ?? [],
    }));
  }

  /** All of `ids`, with their links, in two statements whatever their number. */
  async findFlowsByIds(ids: readonly string[]): Promise<FlowRow[]> {
    const raw = (await this.dataSource.query(`SELECT ${FLOW_COLUMNS} FROM flow WHERE id = ANY($1::uuid[])`, [
      [...ids],
    ])) as RawFlow[];
    return this.withLinks(raw);
  }

  /** Every flow of all of `fundIds`, in recording order, with their links. */
  async findFlowsByFundIds(fundIds: readonly string[]): Promise<FlowRow[]> {
    const raw = (await this.dataSource.query(
      // flow.seq, not seq: the bare name would mean the output column `seq::text` and order 10 before 9.
      `SELECT ${FLOW_COLUMNS} FROM flow WHERE fund_id = ANY($1::uuid[]) ORDER BY flow.seq`,
      [[...fundIds]],
    )) as RawFlow[];
    return this.withLinks(raw);
  }

  /** Debits minus credits over all ledger entries of each fund: zero for a fund whose books balance. */
  async ledgerImbalances(fundIds: readonly string[]): Promise<{ fundId: string; imbalanceFen: bigint }[]> {
    const rows = (await this.dataSource.query(
      `SELECT fund_id, sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END)::text AS imbalance
       FROM ledger_entry WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id`,
      [[...fundIds]],
    )) as { fund_id: string; imbalance: string }[];
    return rows.map((r) => ({ fundId: r.fund_id, imbalanceFen: BigInt(r.imbalance) }));
  }

  async findIncidentRegions(ids: readonly string[]): Promise<{ id: string; regionCode: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, region_code FROM audit_incident WHERE id = ANY($1::uuid[])`,
      [[...ids]],
    )) as { id: string; region_code: string }[];
    return rows.map((r) => ({ id: r.id, regionCode: r.region_code }));
  }

  /** The fund's incident, from the fund record or, before that has arrived, from any of its flows. */
  async findFundIncidents(fundIds: readonly string[]): Promise<{ id: string; incidentId: string }[]> {
    const rows = (await this.dataSource.query(
      `SELECT id AS fund_id, incident_id FROM audit_fund WHERE id = ANY($1::uuid[])
       UNION
       SELECT DISTINCT ON (fund_id) fund_id, incident_id FROM flow
       WHERE fund_id = ANY($1::uuid[]) AND fund_id NOT IN (SELECT id FROM audit_fund WHERE id = ANY($1::uuid[]))`,
      [[...fundIds]],
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
   * Appends a flow with its links and ledger entries in one statement; false (and nothing written) when it is
   * already recorded. The links and entries are inserted only for the flow row this statement inserted, so a second
   * delivery adds nothing; their foreign keys are checked at the end of the statement, when the flow row is in.
   */
  async insertFlow(manager: EntityManager, flow: NewFlow, entries: LedgerEntry[]): Promise<boolean> {
    const inserted = (await manager.query(
      `WITH recorded AS (
         INSERT INTO flow (id, stage, fund_id, incident_id, amount_fen, payer_organisation_id, payer_name,
           payee_organisation_id, payee_name, description, occurred_at, source_event_id, source_event_type)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT DO NOTHING RETURNING id, fund_id
       ),
       linked AS (
         INSERT INTO flow_link (flow_id, position, source_flow_id, amount_fen)
         SELECT r.id, l.position - 1, l.source, l.amount
         FROM recorded r, unnest($14::uuid[], $15::bigint[]) WITH ORDINALITY AS l (source, amount, position)
       ),
       entered AS (
         INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen)
         SELECT r.id, r.fund_id, e.account, e.side, e.amount
         FROM recorded r, unnest($16::text[], $17::text[], $18::bigint[]) WITH ORDINALITY AS e (account, side, amount, n)
         ORDER BY e.n
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
        flow.links.map((l) => l.sourceFlowId),
        flow.links.map((l) => l.amountFen.toString()),
        entries.map((e) => e.account),
        entries.map((e) => e.side),
        entries.map((e) => e.amountFen.toString()),
      ],
    )) as unknown[];
    return inserted.length > 0;
  }
}
