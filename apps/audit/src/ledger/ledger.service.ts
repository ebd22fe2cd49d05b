import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FundFlowRecorded } from '@emergency/contracts';
import { Outbox, type CloudEvent } from '@emergency/events';
import { loaderKey, loadById, loader, toConnection, type RequestContext } from '@emergency/graphql';
import { inJurisdiction, jurisdictionPrefix } from '@emergency/domain';
import { readPage, readSeqKey, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { fundDiscrepancies, fundFigures, ledgerEntries, type FundFigures } from './ledger-rules';
import { LedgerRepository, type FlowRow, type NewFlow } from './ledger.repository';
import { MoneyGraph, type FlowStage } from './money-graph';

const CURRENCY = 'CNY';

// This request's loaders; the ledger is written by its projector only, so no request forgets them.
const INCIDENT_REGIONS = loaderKey<{ id: string; regionCode: string }>('AuditIncident');
const FLOWS = loaderKey<FlowRow>('Flow');
const FUND_INCIDENTS = loaderKey<{ id: string; incidentId: string }>('AuditFundIncident');
const FUND_GRAPHS = loaderKey<FundGraph>('FundGraph');

/** One fund's flows as the audit has recorded them, loaded once per request. */
export interface FundGraph {
  fundId: string;
  flows: FlowRow[];
  money: MoneyGraph;
  /** Debits minus credits over the fund's ledger entries. */
  ledgerImbalanceFen: bigint;
}

export interface FundTraceModel {
  fundId: string;
  incidentId: string;
}

export interface FlowLinkModel {
  flow: FlowRow | null;
  flowId: string;
  amountFen: bigint;
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

  /** The fund's whole graph; one load for every fund the request touches. */
  async graph(ctx: RequestContext, fundId: string): Promise<FundGraph> {
    const graph = await loader(
      ctx,
      FUND_GRAPHS,
      async (fundIds): Promise<FundGraph[]> => {
        const [flows, imbalances] = await Promise.all([
          this.repository.findFlowsByFundIds(fundIds),
          this.repository.ledgerImbalances(fundIds),
        ]);
        return fundIds.map((id) => {
          const own = flows.filter((f) => f.fundId === id);
          return {
            fundId: id,
            flows: own,
            money: new MoneyGraph(own),
            ledgerImbalanceFen: imbalances.find((i) => i.fundId === id)?.imbalanceFen ?? 0n,
          };
        });
      },
      (g) => g.fundId,
    ).load(fundId);
    return graph!;
  }

  async figures(ctx: RequestContext, fundId: string): Promise<FundFigures> {
    return fundFigures((await this.graph(ctx, fundId)).money);
  }

  async discrepancies(ctx: RequestContext, fundId: string): Promise<string[]> {
    const { money, ledgerImbalanceFen } = await this.graph(ctx, fundId);
    return fundDiscrepancies(money, ledgerImbalanceFen);
  }

  async flowsOf(ctx: RequestContext, fundId: string, stage: FlowStage | undefined, args: PageArgs) {
    const page = readPage(args);
    const after = readSeqKey(page);
    const { flows } = await this.graph(ctx, fundId);
    const rows = flows
      .filter((f) => (!stage || f.stage === stage) && (after === undefined || f.seq > after))
      .slice(0, page.limit + 1);
    return toConnection(rows, page, (f) => [f.seq.toString()]);
  }

  async sources(ctx: RequestContext, flow: FlowRow): Promise<FlowLinkModel[]> {
    const { money, flows } = await this.graph(ctx, flow.fundId);
    return flow.links.map((l) => ({
      flow: money.get(l.sourceFlowId) ? flows.find((f) => f.id === l.sourceFlowId)! : null,
      flowId: l.sourceFlowId,
      amountFen: l.amountFen,
    }));
  }

  async uses(ctx: RequestContext, flow: FlowRow): Promise<FlowLinkModel[]> {
    const { money, flows } = await this.graph(ctx, flow.fundId);
    return money.usesOf(flow.id).map((u) => ({
      flow: flows.find((f) => f.id === u.flowId) ?? null,
      flowId: u.flowId,
      amountFen: u.amountFen,
    }));
  }

  async origins(ctx: RequestContext, flow: FlowRow) {
    const { money, flows } = await this.graph(ctx, flow.fundId);
    return money
      .origins(flow.id)
      .map((o) => ({ flow: flows.find((f) => f.id === o.flowId)!, amountFen: o.amountFen }));
  }

  // Writes: event projection only. Each runs in the consumer's transaction, which also records the event as done.

  rememberIncident(manager: EntityManager, event: CloudEvent<{ incidentId: string; regionCode: string }>) {
    return this.repository.insertIncident(manager, {
      id: event.data.incidentId,
      regionCode: event.data.regionCode,
      sourceEventId: event.id,
    });
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

  /** Appends the flow an event records, once, and announces it on the audit topic in the same transaction. */
  async record(
    manager: EntityManager,
    event: CloudEvent,
    flow: Omit<NewFlow, 'sourceEventId' | 'sourceEventType'>,
  ) {
    const complete: NewFlow = { ...flow, sourceEventId: event.id, sourceEventType: event.type };
    if (!(await this.repository.insertFlow(manager, complete, ledgerEntries(complete)))) return;
    await this.outbox.publish(
      manager,
      FundFlowRecorded,
      flow.fundId,
      {
        flowId: flow.id,
        stage: flow.stage,
        fundId: flow.fundId,
        incidentId: flow.incidentId,
        amountFen: flow.amountFen.toString(),
        currency: CURRENCY,
        sourceEventId: event.id,
      },
      { correlationId: event.correlationid, causationId: event.id },
    );
  }
}
