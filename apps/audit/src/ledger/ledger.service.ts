import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FundFlowRecorded } from '@emergency/contracts';
import { Outbox, type CloudEvent } from '@emergency/events';
import { loaderKey, loadById, loader, toConnection, type RequestContext } from '@emergency/graphql';
import { CURRENCY, inJurisdiction, jurisdictionPrefix } from '@emergency/domain';
import { readPage, readSeqKey, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import {
  attributionDeltas,
  breakdownDeltas,
  fundBalance,
  groupRows,
  projectSplitOf,
  type BreakdownRow,
  type FundBalance,
} from './fund-breakdown';
import { LEDGER_CHECKS } from './ledger-checks.sql';
import { discrepanciesInOrder, ledgerEntries } from './ledger-rules';
import { LedgerRepository, type FlowRow, type LedgerEntry, type NewFlow } from './ledger.repository';
import type { AllocationFacts, ContributionFacts } from './source-facts';
import {
  fundFigures,
  MoneyBook,
  type BookOrigin,
  type FlowStage,
  type FundFigures,
  type FundTotals,
} from './money-book';

// This request's loaders; the ledger is written by its projector only, so no request forgets them.
const INCIDENT_REGIONS = loaderKey<{ id: string; regionCode: string }>('AuditIncident');
const FLOWS = loaderKey<FlowRow>('Flow');
const FUND_INCIDENTS = loaderKey<{ id: string; incidentId: string }>('AuditFundIncident');
const FUND_DISCREPANCIES = loaderKey<{ fundId: string; found: string[] }>('FundDiscrepancies');
const FUND_TOTALS = loaderKey<{ fundId: string; totals: FundTotals }>('FundTotals');
const FUND_BREAKDOWNS = loaderKey<{ fundId: string; rows: BreakdownOfFundRow[] }>('FundBreakdown');
const FLOW_USES = loaderKey<{ flowId: string; uses: FlowUse[] }>('FlowUses');

type BreakdownOfFundRow = BreakdownRow & { regionCode: string | null };
type FlowUse = { flowId: string; fundId: string; amountFen: bigint; origins: BookOrigin[] };

/** The dimensions a fund's figures are broken down by (GraphQL `FundBreakdownDimension`). */
export type BreakdownDimension = 'INCIDENT' | 'REGION' | 'RECEIVING_ORGANISATION' | 'SOURCE_KIND';

/** One value of a dimension and the fund's figures for it. */
export interface BreakdownLine {
  dimension: BreakdownDimension;
  /** The incident id, region code, organisation id or source kind; null for money with no such value. */
  key: string | null;
  figures: FundFigures;
}

const KEY_OF: Record<BreakdownDimension, (row: BreakdownOfFundRow) => string | null> = {
  INCIDENT: (r) => r.incidentId,
  REGION: (r) => r.regionCode,
  RECEIVING_ORGANISATION: (r) => r.receiver || null,
  SOURCE_KIND: (r) => r.sourceKind,
};

/** How many violations of each reconciliation check a fund's discrepancies list at most. */
export const VIOLATIONS_PER_CHECK = 50;

export interface FundTraceModel {
  fundId: string;
  incidentId: string;
}

export interface FlowLinkModel {
  flow: FlowRow | null;
  flowId: string;
  amountFen: bigint;
  origins: BookOrigin[];
}

@Injectable()
export class LedgerService {
  constructor(
    private readonly repository: LedgerRepository,
    private readonly outbox: Outbox,
  ) {}

  // Reads. What the audit recorded for an incident is visible to callers whose jurisdiction covers its region;
  // province-wide callers (and admins) see everything, also flows whose incident has not been seen yet.

  private async visible(ctx: RequestContext, incidentId: string): Promise<boolean> {
    if (!jurisdictionPrefix(ctx.identity)) return true;
    const incident = await loadById(
      ctx,
      INCIDENT_REGIONS,
      (ids) => this.repository.findIncidentRegions(ids),
      incidentId,
    );
    return !!incident && inJurisdiction(ctx.identity, incident.regionCode);
  }

  async flow(ctx: RequestContext, id: string): Promise<FlowRow | null> {
    const flow = await loadById(ctx, FLOWS, (ids) => this.repository.findFlowsByIds(ids), id);
    return flow && (await this.visible(ctx, flow.incidentId)) ? flow : null;
  }

  async trace(ctx: RequestContext, fundId: string): Promise<FundTraceModel | null> {
    const found = await loadById(
      ctx,
      FUND_INCIDENTS,
      (ids) => this.repository.findFundIncidents(ids),
      fundId,
    );
    if (!found || !(await this.visible(ctx, found.incidentId))) return null;
    return { fundId: found.id, incidentId: found.incidentId };
  }

  async traces(ctx: RequestContext, args: PageArgs) {
    const page = readPage(args);
    const rows = await this.repository.listFunds(jurisdictionPrefix(ctx.identity), page, readTimeKey(page));
    const connection = toConnection(rows, page, (f) => timeKeyOf(f.establishedAt, f.id));
    return {
      ...connection,
      edges: connection.edges.map((e) => ({
        cursor: e.cursor,
        node: { fundId: e.node.id, incidentId: e.node.incidentId },
      })),
    };
  }

  /** The fund's figures, from the totals kept as its flows were recorded. */
  async figures(ctx: RequestContext, fundId: string): Promise<FundFigures> {
    const found = await loader(
      ctx,
      FUND_TOTALS,
      (fundIds) => this.repository.fundTotals(fundIds),
      (t) => t.fundId,
    ).load(fundId);
    return fundFigures(found!.totals);
  }

  private async breakdownRows(ctx: RequestContext, fundId: string): Promise<BreakdownOfFundRow[]> {
    const found = await loader(
      ctx,
      FUND_BREAKDOWNS,
      async (fundIds) => {
        const rows = await this.repository.breakdownRows(fundIds);
        return fundIds.map((id) => ({ fundId: id, rows: rows.filter((r) => r.fundId === id) }));
      },
      (b) => b.fundId,
    ).load(fundId);
    return found!.rows;
  }

  /**
   * The fund's figures by one dimension, from the breakdown kept as its flows were recorded: one line per value,
   * largest raised first (then by key); the lines add up to the fund's figures.
   */
  async breakdown(ctx: RequestContext, fundId: string, by: BreakdownDimension): Promise<BreakdownLine[]> {
    const groups = groupRows(await this.breakdownRows(ctx, fundId), KEY_OF[by]);
    return [...groups]
      .map(([key, totals]) => ({ dimension: by, key, figures: fundFigures(totals) }))
      .sort((a, b) => {
        const [x, y] = [a.figures.raisedFen, b.figures.raisedFen];
        if (x !== y) return x > y ? -1 : 1;
        if (a.key === null || b.key === null) return a.key === b.key ? 0 : a.key === null ? 1 : -1;
        return a.key.localeCompare(b.key);
      });
  }

  /** The fund's balance as the announcements split it, from the kept breakdown. */
  async balance(ctx: RequestContext, fundId: string): Promise<FundBalance> {
    return fundBalance(projectSplitOf(await this.breakdownRows(ctx, fundId)));
  }

  /**
   * What keeps the fund from reconciling: each check of ledger-checks.sql.ts run as one statement over the fund's rows
   * (at most VIOLATIONS_PER_CHECK of each), in the order the money book lists them. Never the fund's flow list.
   */
  async discrepancies(ctx: RequestContext, fundId: string): Promise<string[]> {
    const found = await loader(
      ctx,
      FUND_DISCREPANCIES,
      (fundIds) =>
        Promise.all(
          fundIds.map(async (id) => {
            const violations = [];
            for (const check of LEDGER_CHECKS)
              violations.push(...(await this.repository.violations(id, check, VIOLATIONS_PER_CHECK)));
            return { fundId: id, found: discrepanciesInOrder(violations) };
          }),
        ),
      (d) => d.fundId,
    ).load(fundId);
    return found!.found;
  }

  /** Whether the fund reconciles: the checks run one by one, each stopping at its first violation, until one finds it. */
  async reconciled(fundId: string): Promise<boolean> {
    for (const check of LEDGER_CHECKS)
      if ((await this.repository.violations(fundId, check, 1)).length > 0) return false;
    return true;
  }

  /** A page of the fund's flows, read in one indexed statement: never the fund's whole list. */
  async flowsOf(ctx: RequestContext, fundId: string, stage: FlowStage | undefined, args: PageArgs) {
    const page = readPage(args);
    const rows = await this.repository.pageOfFund(fundId, stage, page.limit + 1, readSeqKey(page));
    return toConnection(rows, page, (f) => [f.seq.toString()]);
  }

  /** What a flow draws on, as its row holds it; each source flow loaded by id with the request's other flows. */
  async sources(ctx: RequestContext, flow: FlowRow): Promise<FlowLinkModel[]> {
    return Promise.all(
      flow.sources.map(async (s) => ({
        flow: await this.sameFund(ctx, flow.fundId, s.flowId),
        flowId: s.flowId,
        amountFen: s.amountFen,
        origins: s.origins,
      })),
    );
  }

  /** What draws on (or gives back to) a flow, in recording order, read by the index on the source. */
  async uses(ctx: RequestContext, flow: FlowRow): Promise<FlowLinkModel[]> {
    const found = await loader(
      ctx,
      FLOW_USES,
      async (flowIds) => {
        const uses = await this.repository.findUses(flowIds);
        return flowIds.map((id) => ({ flowId: id, uses: uses.filter((u) => u.sourceFlowId === id) }));
      },
      (u) => u.flowId,
    ).load(flow.id);
    const own = found!.uses.filter((u) => u.fundId === flow.fundId);
    return Promise.all(
      own.map(async (u) => ({
        flow: await this.sameFund(ctx, flow.fundId, u.flowId),
        flowId: u.flowId,
        amountFen: u.amountFen,
        origins: u.origins,
      })),
    );
  }

  /** A flow by id when it is recorded in `fundId` (the fund's graph holds no other). */
  private async sameFund(ctx: RequestContext, fundId: string, id: string): Promise<FlowRow | null> {
    const found = await loadById(ctx, FLOWS, (ids) => this.repository.findFlowsByIds(ids), id);
    return found && found.fundId === fundId ? found : null;
  }

  /** The contributions a flow's money is, to the fen, as stated (or, for old events, derived when recorded). */
  origins(flow: FlowRow) {
    const origins = new MoneyBook([flow]).origins(flow.id);
    return origins.map((o) => ({ contributionId: o.contributionId, amountFen: o.amountFen }));
  }

  /**
   * A contribution's forward trace: every flow whose origins name it, how much of it each moved, by stage, in
   * recording order. Only for a raised flow the caller may see.
   */
  async contributionUses(ctx: RequestContext, flow: FlowRow, stage: FlowStage | undefined, args: PageArgs) {
    const page = readPage(args);
    const after = readSeqKey(page);
    const rows =
      flow.stage === 'RAISED' && !flow.reverses
        ? await this.repository.contributionUses(flow.id, stage, page.limit + 1, after)
        : [];
    return toConnection(rows, page, (r) => [r.seq.toString()]);
  }

  // Writes: event projection only. Each runs in the consumer's transaction, which also records the event as done.

  rememberIncident(manager: EntityManager, event: CloudEvent<{ incidentId: string; regionCode: string }>) {
    return this.repository.insertIncident(manager, {
      id: event.data.incidentId,
      regionCode: event.data.regionCode,
      sourceEventId: event.id,
    });
  }

  /** The kind of a contribution, from the event that records it, so money drawn on it is counted under that kind. */
  /** Keeps the facts of the contributions and allocations an event records, once each (the first event's). */
  async rememberSources(
    manager: EntityManager,
    event: CloudEvent,
    facts: readonly (ContributionFacts | AllocationFacts | null)[],
  ) {
    for (const fact of facts) {
      if (!fact) continue;
      if ('kind' in fact) await this.repository.insertContribution(manager, fact, event.id);
      else await this.repository.insertAllocation(manager, fact, event.id);
    }
  }

  rememberFund(
    manager: EntityManager,
    event: CloudEvent<{ fundId: string; incidentId: string; name: string; managingOrganisationId: string }>,
  ) {
    return this.repository.insertFund(manager, {
      id: event.data.fundId,
      incidentId: event.data.incidentId,
      name: event.data.name,
      managingOrganisationId: event.data.managingOrganisationId,
      sourceEventId: event.id,
      establishedAt: new Date(event.time),
    });
  }

  /**
   * Appends the flow an event records, once, adds it to its fund's totals and announces it on the audit topic, all in
   * the consumer's transaction. An old event's draws carry no origins: they are derived from what the audit holds of
   * each source (first in, first out over what is left of it), now or, for a source not recorded yet, when it is.
   */
  async record(
    manager: EntityManager,
    event: CloudEvent,
    flow: Omit<NewFlow, 'sourceEventId' | 'sourceEventType'>,
  ) {
    const complete: NewFlow = {
      ...flow,
      sources: await this.attributed(manager, flow),
      sourceEventId: event.id,
      sourceEventType: event.type,
    };
    if (!(await this.repository.insertFlow(manager, complete, await this.entries(manager, complete)))) return;
    const kinds = await this.repository.contributionKinds(manager, [
      complete.reverses ?? complete.id,
      ...complete.sources.flatMap((s) => s.origins.map((o) => o.contributionId)),
    ]);
    await this.repository.addToBreakdown(
      manager,
      complete.fundId,
      breakdownDeltas(complete, (id) => kinds.get(id)),
    );
    await this.attributePendingDraws(manager, flow.id);
    await this.outbox.publish(
      manager,
      FundFlowRecorded,
      flow.fundId,
      {
        flowId: flow.id,
        stage: flow.stage,
        reverses: flow.reverses,
        form: flow.form,
        fundId: flow.fundId,
        incidentId: flow.incidentId,
        amountFen: flow.amountFen.toString(),
        currency: CURRENCY,
        sourceEventId: event.id,
      },
      { correlationId: event.correlationid, causationId: event.id },
    );
  }

  /**
   * A flow's double entry. A reversal is booked on the accounts of the flow it undoes, sides swapped, whichever way
   * its event names payer and payee; until that flow is recorded, on the accounts its own parties give.
   */
  private async entries(manager: EntityManager, flow: NewFlow): Promise<LedgerEntry[]> {
    const reversed = flow.reverses ? await this.repository.entriesOf(manager, flow.reverses) : [];
    if (reversed.length !== 2) return ledgerEntries(flow);
    return reversed.map((e) => ({
      account: e.account,
      side: e.side === 'DEBIT' ? 'CREDIT' : 'DEBIT',
      amountFen: flow.amountFen,
    }));
  }

  /** The flow's sources with their origins: as stated, or derived for the sources of an old event. */
  private async attributed(manager: EntityManager, flow: Pick<NewFlow, 'sources'>) {
    const unknown = flow.sources.filter((s) => s.origins.length === 0).map((s) => s.flowId);
    if (unknown.length === 0) return flow.sources;
    const book = new MoneyBook(await this.repository.findNeighbourhood(manager, unknown));
    const sources: NewFlow['sources'] = [];
    for (const source of flow.sources) {
      const taken = sources.filter((s) => s.flowId === source.flowId).flatMap((s) => s.origins);
      sources.push(
        source.origins.length > 0
          ? source
          : { ...source, origins: book.originsFor(source.flowId, source.amountFen, taken) },
      );
    }
    return sources;
  }

  /**
   * Old events drew on `flowId` before it was recorded: their origins are derived now, in the order they were
   * recorded, and then those of the flows that drew on them in turn.
   */
  private async attributePendingDraws(manager: EntityManager, flowId: string) {
    const queue = [flowId];
    while (queue.length > 0) {
      const sourceId = queue.shift()!;
      for (const draw of await this.repository.findPendingDraws(manager, sourceId)) {
        const book = new MoneyBook(await this.repository.findNeighbourhood(manager, [sourceId]));
        const [drawing] = await this.repository.findFlowsByIds([draw.flowId], manager);
        const taken = drawing!.sources
          .filter((s, position) => s.flowId === sourceId && position < draw.position)
          .flatMap((s) => s.origins);
        const origins = book.originsFor(sourceId, draw.amountFen, taken);
        if (origins.length === 0) continue;
        await this.repository.insertOrigins(manager, draw, origins);
        // The draw's money was counted unattributed when its flow arrived; now it is of its contributions' kinds.
        const kinds = await this.repository.contributionKinds(
          manager,
          origins.map((o) => o.contributionId),
        );
        await this.repository.addToBreakdown(
          manager,
          drawing!.fundId,
          attributionDeltas(drawing!, origins, (id) => kinds.get(id)),
        );
        queue.push(draw.flowId);
      }
    }
  }
}
