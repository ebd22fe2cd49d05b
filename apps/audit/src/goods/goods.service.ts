import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CloudEvent } from '@emergency/events';
import { loader, loaderKey, toConnection, variantOf, type RequestContext } from '@emergency/graphql';
import { inJurisdiction, jurisdictionPrefix, visibleRegionPrefix } from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { Clock } from '@emergency/subgraph';
import {
  goodsOutcomes,
  type GoodsFacts,
  type GoodsLot,
  type GoodsMovement,
  type GoodsOutcomes,
} from './goods-book';
import { goodsPostings } from './goods-ledger';
import { paidBy, type ContributionShare } from './goods-trace';
import { GoodsRepository, type SourceColumn } from './goods.repository';

/** What the goods of one source (an allocation, a contribution, a procurement, a fund) became. */
export interface GoodsOfSourceModel extends GoodsOutcomes {
  lots: GoodsLot[];
}

/** A lot's trace: back to where its goods came from, forward to where they went. */
export interface GoodsTraceModel {
  lot: GoodsLot;
  /** The lot, then each lot it was made from; the last is the origin. */
  chain: GoodsLot[];
  origin: GoodsLot;
  /** The lot and every lot made from it. */
  lots: GoodsLot[];
  movements: GoodsMovement[];
  outcomes: GoodsOutcomes;
}

const HOUR_MS = 3_600_000;

const GOODS_OF_SOURCE = loaderKey<{ sourceId: string; lots: GoodsLot[]; movements: GoodsMovement[] }>(
  'GoodsOfSource',
);

/** Which source a flow of each stage is, by its id: a contribution, an allocation, a procurement. */
const FLOW_GOODS: Partial<Record<string, SourceColumn>> = {
  RAISED: 'contribution_id',
  ALLOCATED: 'allocation_id',
  DISBURSED: 'procurement_id',
};

/** A shipment not yet arrived as queries show it: its SHIPPED movement turned positive, its lot and its age. */
export const shipmentOf = (m: GoodsMovement, lot: GoodsLot | undefined, now: Date) => ({
  ...m,
  lot,
  quantity: -m.quantity,
  valueFen: -m.valueFen,
  shippedAt: m.at,
  ageHours: Math.max(0, Math.floor((now.getTime() - m.at.getTime()) / HOUR_MS)),
});

@Injectable()
export class GoodsService {
  constructor(
    private readonly repository: GoodsRepository,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  // Writes: event projection only, each in the consumer's transaction, which also records the event as done.

  /**
   * Records the event's lots and movements, and books each movement appended now in the ledger (docs/ledger.md,
   * Goods accounts): a movement already recorded, by a redelivery or a replay, is not booked again.
   */
  async record(manager: EntityManager, event: CloudEvent, facts: GoodsFacts): Promise<void> {
    for (const lot of facts.lots) await this.repository.upsertLot(manager, lot, event.id);
    const appended = new Set<string>();
    for (const movement of facts.movements)
      if (await this.repository.insertMovement(manager, movement, { id: event.id, type: event.type }))
        appended.add(movement.id);
    const postings = goodsPostings(facts).filter((p) => appended.has(p.movementId));
    await this.repository.insertLedgerEntries(manager, postings);
  }

  // Reads. The goods of a source are visible to callers whose jurisdiction covers a reserve point where they were
  // received (the lots they became first); a lot's trace to those whose jurisdiction covers the lot. Province-wide
  // callers and admins see everything.

  private async ofSource(
    ctx: RequestContext,
    column: SourceColumn,
    id: string,
  ): Promise<GoodsOfSourceModel | null> {
    const found = await loader(
      ctx,
      variantOf(GOODS_OF_SOURCE, column),
      (ids) => this.goodsOfSources(column, ids),
      (g) => g.sourceId,
    ).load(id);
    if (!found) return null;
    const { lots, movements } = found;
    const firsts = lots.filter((l) => l.fromLotId === null || !lots.some((o) => o.id === l.fromLotId));
    if (firsts.length === 0 || !firsts.some((l) => inJurisdiction(ctx.identity, l.regionCode))) return null;
    return { ...goodsOutcomes(lots, movements), lots };
  }

  /** The lots and movements of each of `ids` that became goods, in two statements however many. */
  private async goodsOfSources(column: SourceColumn, ids: readonly string[]) {
    const rows = await this.repository.lotsOfSources(column, ids);
    const movements = await this.repository.movementsOfLots([...new Set(rows.map((r) => r.lot.id))]);
    return [...new Set(rows.map((r) => r.sourceId))].map((sourceId) => {
      const lots = rows.filter((r) => r.sourceId === sourceId).map((r) => r.lot);
      const ids = new Set(lots.map((l) => l.id));
      return { sourceId, lots, movements: movements.filter((m) => ids.has(m.lotId)) };
    });
  }

  /**
   * The goods a flow moved: given as a contribution (money raised in kind), bought with or given as an allocation,
   * or bought by a procurement's payment. Null for a reversal and for a flow that moved no recorded goods.
   */
  goodsOfFlow(ctx: RequestContext, flow: { id: string; stage: string; reverses: string | null }) {
    if (flow.reverses) return null;
    const column = FLOW_GOODS[flow.stage];
    return column ? this.ofSource(ctx, column, flow.id) : null;
  }

  goodsOfAllocation(ctx: RequestContext, allocationId: string) {
    return this.ofSource(ctx, 'allocation_id', allocationId);
  }

  goodsOfContribution(ctx: RequestContext, contributionId: string) {
    return this.ofSource(ctx, 'contribution_id', contributionId);
  }

  goodsOfProcurement(ctx: RequestContext, procurementId: string) {
    return this.ofSource(ctx, 'procurement_id', procurementId);
  }

  async trace(ctx: RequestContext, lotId: string): Promise<GoodsTraceModel | null> {
    const chain = await this.repository.lotAndAncestors(lotId);
    const lot = chain[0];
    if (!lot || !inJurisdiction(ctx.identity, lot.regionCode)) return null;
    const lots = await this.repository.lotAndDescendants(lotId);
    const movements = await this.repository.movementsOfLots(lots.map((l) => l.id));
    return { lot, chain, origin: chain.at(-1)!, lots, movements, outcomes: goodsOutcomes(lots, movements) };
  }

  /**
   * The contributions that paid for a traced lot, adding up to its value to the fen (docs/ledger.md, Tracing goods
   * back to the money).
   */
  async paidBy(trace: GoodsTraceModel): Promise<ContributionShare[]> {
    const { lot, origin } = trace;
    const values = await this.repository.madeValues([...new Set([lot.id, origin.id])]);
    const procurementOrigins =
      origin.sourceKind === 'PURCHASE' && origin.procurementId
        ? await this.repository.procurementOrigins(origin.procurementId)
        : [];
    return paidBy({
      origin,
      originValueFen: values.get(origin.id) ?? 0n,
      lotValueFen: values.get(lot.id) ?? 0n,
      procurementOrigins,
    });
  }

  /** Shipments not yet arrived leaving or going to `regionCode` (and below), within the caller's jurisdiction. */
  async inTransit(ctx: RequestContext, regionCode: string | undefined, args: PageArgs) {
    const page = readPage(args);
    const prefix = visibleRegionPrefix(ctx.identity, regionCode);
    const rows =
      prefix === null
        ? []
        : await this.repository.shipmentsInTransit(prefix, page.limit + 1, readTimeKey(page));
    const now = this.clock.now();
    const shipments = rows.map((r) => shipmentOf(r.movement, r.lot, now));
    return toConnection(shipments, page, (s) => timeKeyOf(s.at, s.id));
  }

  /**
   * A fund's goods: bought with its allocations or given to it in kind. Visible as the fund's money trail is (the
   * jurisdiction over its incident); null when the audit knows neither the fund nor any of its goods.
   */
  async totals(
    ctx: RequestContext,
    fundId: string,
  ): Promise<(GoodsOfSourceModel & { fundId: string }) | null> {
    const fund = await this.repository.fundRegion(fundId);
    if (jurisdictionPrefix(ctx.identity) !== undefined) {
      if (!fund.regionCode || !inJurisdiction(ctx.identity, fund.regionCode)) return null;
    }
    const lots = await this.repository.lotsOfSource('fund_id', fundId);
    if (lots.length === 0 && !fund.known) return null;
    const movements = await this.repository.movementsOfLots(lots.map((l) => l.id));
    return { ...goodsOutcomes(lots, movements), lots, fundId };
  }
}
