import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  MinimumStockSet,
  StockAdjusted,
  StockCensusRecorded,
  StockRulesSet,
  StockTransferred,
} from '@emergency/contracts';
import {
  addCalendarDays,
  chinaInstant,
  inJurisdiction,
  regionPrefix,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { Outbox } from '@emergency/events';
import {
  badInput,
  CommonErrorCode,
  eventContext,
  loadById,
  loadGroup,
  loaderKey,
  loadPage,
  notFound,
  oneOf,
  optionalText,
  optionalUuid,
  pastOrToday,
  requiredCalendarDate,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireRole,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { afterKey, readPage, readSeqKey, type PageArgs } from '@emergency/paging';
import { Clock, write } from '@emergency/subgraph';
import { expiryOf, missingIssueReference } from './stock-rules';
import {
  ISSUE_KINDS,
  STOCK_SOURCE_KINDS,
  type IssueKind,
  type StockCensusEntity,
  type StockCensusLineEntity,
  type StockLotEntity,
  type StockMovementEntity,
  type StockRuleEntity,
  type StockSourceKind,
} from './stock.entity';
import { StockErrorCode, StockException } from './stock.exception';
import {
  lotFields,
  movementFields,
  positiveQuantity,
  sourceOf,
  StockJournal,
  type MovementResult,
} from './stock-journal';
import { StockRepository } from './stock.repository';

export type { MovementResult } from './stock-journal';

export interface ReceiveStockInput {
  reservePointId: string;
  itemCode: string;
  quantity: number;
  unitValueFen: bigint;
  receivedOn: string;
  expiresOn?: string | null;
  sourceKind: StockSourceKind;
  procurementId?: string | null;
  allocationId?: string | null;
  contributionId?: string | null;
  fundId?: string | null;
}

export interface IssueStockInput {
  lotId: string;
  kind: IssueKind;
  quantity: number;
  incidentId?: string | null;
  shelterId?: string | null;
  distributionReference?: string | null;
  reason?: string | null;
}

export interface TransferStockInput {
  lotId: string;
  toReservePointId: string;
  quantity: number;
  reason?: string | null;
}

export interface AdjustStockInput {
  lotId: string;
  quantity: number;
  reason: string;
  censusId?: string | null;
  correctsMovementId?: string | null;
}

export interface ReturnStockInput {
  lotId: string;
  returnsMovementId: string;
  quantity: number;
  reason: string;
}

export interface SetMinimumStockInput {
  reservePointId: string;
  itemCode: string;
  minimum: number;
}

export interface SetStockRulesInput {
  regionPrefix: string;
  nearExpiryDays: number;
  censusIntervalMonths: number;
  source: string;
}

export interface RecordStockCensusInput {
  reservePointId: string;
  countedOn: string;
  counts: { lotId: string; counted: number }[];
}

export interface StockFilter {
  reservePointId?: string | null;
  regionCode?: string | null;
  itemCode?: string | null;
}

const LOTS = loaderKey<StockLotEntity>('StockLot');
const MOVEMENTS_OF_LOT = loaderKey<StockMovementEntity[]>('StockLot.movements');
const CENSUSES = loaderKey<StockCensusEntity>('StockCensus');
const CENSUS_LINES = loaderKey<StockCensusLineEntity[]>('StockCensus.lines');

const seqKey = (m: StockMovementEntity) => [m.seq];

@Injectable()
export class StockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: StockRepository,
    private readonly outbox: Outbox,
    private readonly journal: StockJournal,
    private readonly clock: Clock,
  ) {}

  private today(): string {
    return this.journal.today();
  }

  async lot(ctx: RequestContext, id: string): Promise<StockLotEntity | null> {
    const lot = await loadById(ctx, LOTS, (ids) => this.repository.findLotsByIds(ids), id);
    return lot && inJurisdiction(ctx.identity, lot.regionCode) ? lot : null;
  }

  async lots(ctx: RequestContext, ids: readonly string[]): Promise<StockLotEntity[]> {
    const lots = await Promise.all(ids.map((id) => this.lot(ctx, id)));
    return lots.filter((l): l is StockLotEntity => l !== null);
  }

  /** The stock per reserve point and item, summed from the lots' running balances. */
  async stock(ctx: RequestContext, filter: StockFilter, args: PageArgs) {
    const page = readPage(args);
    const reservePointId = optionalUuid(filter.reservePointId, 'filter.reservePointId');
    const region = filter.regionCode ? requiredRegionCode(filter.regionCode, 'filter.regionCode') : null;
    const itemCode = filter.itemCode
      ? this.journal.itemCodeOf(filter.itemCode, 'filter.itemCode')
      : undefined;
    const prefix = visibleRegionPrefix(ctx.identity, region);
    const keyOf = (r: { reservePointId: string; itemCode: string }) => [r.reservePointId, r.itemCode];
    if (prefix === null) return toConnection([], page, keyOf);
    const rows = await this.repository.levels(
      { reservePointId, regionPrefix: prefix, itemCode },
      page.limit,
      afterKey(page, ['uuid', 'text']),
    );
    return toConnection(rows, page, keyOf);
  }

  /** A lot's journal, newest first. */
  async movementsOf(ctx: RequestContext, lotId: string, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, MOVEMENTS_OF_LOT, page, lotId, {
      firstPages: (lotIds, limit) => this.repository.newestMovementsOf(lotIds, limit),
      parentOf: (m) => m.lotId,
      nextPage: () => this.repository.movementsOf(lotId, page, readSeqKey(page)),
    });
    return toConnection(rows, page, seqKey);
  }

  /** Lots with goods on hand in a region expiring from today to `days` ahead (the rules' days when absent). */
  async expiringWithin(
    ctx: RequestContext,
    regionCode: string,
    days: number | null | undefined,
    args: PageArgs,
  ) {
    const page = readPage(args);
    const code = requiredRegionCode(regionCode, 'regionCode');
    const within = days ?? (await this.rulesFor(code)).nearExpiryDays;
    if (!Number.isInteger(within) || within < 0 || within > 3650)
      throw badInput('days must be 0 to 3650', 'days');
    const prefix = visibleRegionPrefix(ctx.identity, code);
    const keyOf = (l: StockLotEntity) => [l.expiresOn!, l.id];
    if (prefix === null) return toConnection([], page, keyOf);
    const today = this.today();
    const rows = await this.repository.expiringBetween(
      prefix,
      today,
      addCalendarDays(today, within),
      page,
      afterKey(page, ['date', 'uuid']),
    );
    return toConnection(rows, page, keyOf);
  }

  async belowMinimum(ctx: RequestContext, regionCode: string, args: PageArgs) {
    const page = readPage(args);
    const prefix = visibleRegionPrefix(ctx.identity, requiredRegionCode(regionCode, 'regionCode'));
    const keyOf = (r: { reservePointId: string; itemCode: string }) => [r.reservePointId, r.itemCode];
    if (prefix === null) return toConnection([], page, keyOf);
    const rows = await this.repository.belowMinimum(prefix, page.limit, afterKey(page, ['uuid', 'text']));
    return toConnection(rows, page, keyOf);
  }

  /** The stock rules in force for a region: those of the longest prefix with rules. */
  async rulesFor(regionCode: string): Promise<StockRuleEntity> {
    const [rule] = rulesOfMostSpecificPrefix(await this.repository.rules(), regionCode);
    if (!rule) throw new StockException(CommonErrorCode.Internal, 'no stock rules are in force nationally');
    return rule;
  }

  rules(regionCode: string) {
    return this.rulesFor(requiredRegionCode(regionCode, 'regionCode'));
  }

  async receive(ctx: RequestContext, input: ReceiveStockInput): Promise<MovementResult> {
    requireWriter(ctx);
    const point = await this.journal.point(ctx, input.reservePointId, 'reservePointId');
    const item = await this.journal.item(input.itemCode, 'itemCode');
    const quantity = positiveQuantity(input.quantity, 'quantity');
    if (input.unitValueFen < 0n)
      throw new StockException(CommonErrorCode.InvalidAmount, 'unitValueFen must not be negative', {
        field: 'unitValueFen',
      });
    const receivedOn = pastOrToday(
      requiredCalendarDate(input.receivedOn, 'receivedOn'),
      'receivedOn',
      this.today(),
    );
    const given = input.expiresOn ? requiredCalendarDate(input.expiresOn, 'expiresOn') : null;
    if (given && given < receivedOn) throw badInput('expiresOn is before receivedOn', 'expiresOn');
    const sourceKind = oneOf(STOCK_SOURCE_KINDS, input.sourceKind, 'sourceKind');
    const source = {
      procurementId: optionalUuid(input.procurementId, 'procurementId') ?? null,
      allocationId: optionalUuid(input.allocationId, 'allocationId') ?? null,
      contributionId: optionalUuid(input.contributionId, 'contributionId') ?? null,
      fundId: optionalUuid(input.fundId, 'fundId') ?? null,
    };
    const incomplete = (field: string, message: string) =>
      new StockException(StockErrorCode.SourceIncomplete, message, { field });
    if (sourceKind === 'TRANSFER') throw incomplete('sourceKind', 'a transfer is made by transferStock');
    if (sourceKind === 'PURCHASE' && !source.procurementId)
      throw incomplete('procurementId', 'a purchase names its procurement');
    if (sourceKind === 'PURCHASE' && !source.allocationId)
      throw incomplete('allocationId', 'a purchase names the allocation that paid');
    if (sourceKind === 'DONATION' && !source.contributionId)
      throw incomplete('contributionId', 'a donation names its contribution');
    const expiresOn = expiryOf(receivedOn, given, item.shelfLifeDays);
    return write(
      ctx,
      this.dataSource,
      (manager) =>
        this.journal.receive(ctx, manager, {
          point,
          itemCode: item.code,
          quantity,
          unitValueFen: input.unitValueFen,
          receivedOn,
          expiresOn,
          sourceKind,
          ...source,
        }),
      { forgets: [LOTS] },
    );
  }

  async issue(ctx: RequestContext, input: IssueStockInput): Promise<MovementResult> {
    requireWriter(ctx);
    const lotId = requiredUuid(input.lotId, 'lotId');
    const kind = oneOf(ISSUE_KINDS, input.kind, 'kind');
    const quantity = positiveQuantity(input.quantity, 'quantity');
    const refs = {
      incidentId: optionalUuid(input.incidentId, 'incidentId') ?? null,
      shelterId: optionalUuid(input.shelterId, 'shelterId') ?? null,
      distributionReference: optionalText(input.distributionReference, 'distributionReference', 200),
      reason: optionalText(input.reason, 'reason', 1000),
    };
    const missing = missingIssueReference(kind, refs);
    if (missing)
      throw new StockException(StockErrorCode.ReferenceMissing, missing.message, { field: missing.field });
    return write(
      ctx,
      this.dataSource,
      (manager) => this.journal.issue(ctx, manager, lotId, kind, quantity, refs),
      { forgets: [LOTS] },
    );
  }

  async transfer(ctx: RequestContext, input: TransferStockInput) {
    requireWriter(ctx);
    const lotId = requiredUuid(input.lotId, 'lotId');
    const to = await this.journal.point(ctx, input.toReservePointId, 'toReservePointId', false);
    const quantity = positiveQuantity(input.quantity, 'quantity');
    const reason = optionalText(input.reason, 'reason', 1000);
    const transferId = randomUUID();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const from = await this.journal.lockedLot(ctx, manager, lotId);
        if (from.reservePointId === to.id)
          throw new StockException(StockErrorCode.SamePoint, 'the lot is already at that reserve point', {
            field: 'toReservePointId',
          });
        const out = await this.journal.move(
          ctx,
          manager,
          lotId,
          'TRANSFER_OUT',
          -quantity,
          { transferId, reason },
          'quantity',
          from,
        );
        const lot: Omit<StockLotEntity, 'createdAt'> = {
          ...from,
          id: randomUUID(),
          reservePointId: to.id,
          regionCode: to.regionCode,
          sourceKind: 'TRANSFER',
          transferId,
          fromLotId: from.id,
          receivedQuantity: quantity,
          receivedOn: this.today(),
          quantityOnHand: 0,
          nearExpiryAnnouncedAt: null,
          expiredAnnouncedAt: null,
        };
        delete (lot as Partial<StockLotEntity>).createdAt;
        await this.repository.insertLot(manager, lot);
        const into = await this.journal.move(
          ctx,
          manager,
          lot.id,
          'TRANSFER_IN',
          quantity,
          { transferId, reason },
          'quantity',
        );
        await this.outbox.publish(
          manager,
          StockTransferred,
          transferId,
          {
            transferId,
            fromLotId: from.id,
            fromReservePointId: from.reservePointId,
            fromRegionCode: from.regionCode,
            toLotId: lot.id,
            toReservePointId: to.id,
            toRegionCode: to.regionCode,
            itemCode: from.itemCode,
            quantity,
            unitValueFen: from.unitValueFen.toString(),
            valueFen: into.movement.valueFen.toString(),
            outMovementId: out.movement.id,
            inMovementId: into.movement.id,
            // The source the goods keep: the first lot's money or donor.
            source: sourceOf(from),
            at: into.movement.at.toISOString(),
            reason,
          },
          eventContext(ctx),
        );
        return { id: transferId, quantity, fromLot: out.lot, toLot: into.lot, movement: out.movement };
      },
      { forgets: [LOTS] },
    );
  }

  /** An explicit correction: after a census or of a mistaken movement; positive or negative, never zero. */
  async adjust(ctx: RequestContext, input: AdjustStockInput): Promise<MovementResult> {
    requireWriter(ctx);
    const lotId = requiredUuid(input.lotId, 'lotId');
    if (!Number.isInteger(input.quantity) || input.quantity === 0)
      throw new StockException(
        StockErrorCode.InvalidQuantity,
        'quantity must be a whole number other than 0',
        {
          field: 'quantity',
        },
      );
    const reason = requiredText(input.reason, 'reason', 1000);
    const censusId = optionalUuid(input.censusId, 'censusId') ?? null;
    const correctsMovementId = optionalUuid(input.correctsMovementId, 'correctsMovementId') ?? null;
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const lot = await this.journal.lockedLot(ctx, manager, lotId);
        if (censusId) {
          const [census] = await this.repository.censusesByIds([censusId]);
          if (!census || census.reservePointId !== lot.reservePointId)
            throw notFound('StockCensus of the lot’s reserve point', censusId, 'censusId');
        }
        if (correctsMovementId) {
          const corrected = await this.repository.movement(manager, correctsMovementId);
          if (!corrected || corrected.lotId !== lot.id)
            throw notFound('StockMovement of the lot', correctsMovementId, 'correctsMovementId');
        }
        const refs = { reason, censusId, correctsMovementId };
        const result = await this.journal.move(
          ctx,
          manager,
          lotId,
          'ADJUSTMENT',
          input.quantity,
          refs,
          'quantity',
          lot,
        );
        await this.outbox.publish(
          manager,
          StockAdjusted,
          lotId,
          {
            ...lotFields(result.lot),
            ...movementFields(result.movement, result.lot.quantityOnHand),
            kind: 'ADJUSTMENT',
            censusId,
            correctsMovementId,
            returnsMovementId: null,
          },
          eventContext(ctx),
        );
        return result;
      },
      { forgets: [LOTS] },
    );
  }

  /** Goods returned after use into their lot, against the dispatch or use they left by. */
  async return(ctx: RequestContext, input: ReturnStockInput): Promise<MovementResult> {
    requireWriter(ctx);
    const lotId = requiredUuid(input.lotId, 'lotId');
    const returnsMovementId = requiredUuid(input.returnsMovementId, 'returnsMovementId');
    const quantity = positiveQuantity(input.quantity, 'quantity');
    const reason = requiredText(input.reason, 'reason', 1000);
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const lot = await this.journal.lockedLot(ctx, manager, lotId);
        const issued = await this.repository.movement(manager, returnsMovementId);
        if (!issued || issued.lotId !== lot.id || !['DISPATCH', 'USE'].includes(issued.kind))
          throw notFound('dispatch or use of the lot', returnsMovementId, 'returnsMovementId');
        const returnable = -issued.quantity - (await this.repository.returnedAgainst(manager, issued.id));
        if (quantity > returnable)
          throw new StockException(
            StockErrorCode.ReturnExceedsIssued,
            `at most ${returnable} may still be returned against that movement`,
            { field: 'quantity', returnable },
          );
        const refs = {
          reason,
          returnsMovementId,
          incidentId: issued.incidentId,
          shelterId: issued.shelterId,
          distributionReference: issued.distributionReference,
        };
        const result = await this.journal.move(
          ctx,
          manager,
          lotId,
          'RETURN',
          quantity,
          refs,
          'quantity',
          lot,
        );
        await this.outbox.publish(
          manager,
          StockAdjusted,
          lotId,
          {
            ...lotFields(result.lot),
            ...movementFields(result.movement, result.lot.quantityOnHand),
            kind: 'RETURN',
            censusId: null,
            correctsMovementId: null,
            returnsMovementId,
          },
          eventContext(ctx),
        );
        return result;
      },
      { forgets: [LOTS] },
    );
  }

  async setMinimum(ctx: RequestContext, input: SetMinimumStockInput) {
    requireWriter(ctx);
    const point = await this.journal.point(ctx, input.reservePointId, 'reservePointId', true, true);
    const itemCode = (await this.journal.item(input.itemCode, 'itemCode')).code;
    if (!Number.isInteger(input.minimum) || input.minimum < 0)
      throw new StockException(StockErrorCode.InvalidQuantity, 'minimum must be a whole number, 0 or more', {
        field: 'minimum',
      });
    await write(ctx, this.dataSource, async (manager) => {
      await this.repository.setMinimum(manager, point.id, itemCode, input.minimum);
      await this.outbox.publish(
        manager,
        MinimumStockSet,
        point.id,
        { reservePointId: point.id, regionCode: point.regionCode, itemCode, minimum: input.minimum },
        eventContext(ctx),
      );
    });
    return { reservePointId: point.id, itemCode, minimum: input.minimum };
  }

  /** Replaces a jurisdiction's stock rules (admins; '' is the national rules). */
  async setRules(ctx: RequestContext, input: SetStockRulesInput): Promise<StockRuleEntity> {
    requireRole(ctx, 'admin');
    const prefix = input.regionPrefix;
    if (!/^([0-9]{2}){0,3}$/.test(prefix))
      throw badInput('regionPrefix is empty (national) or 2, 4 or 6 digits of a region code', 'regionPrefix');
    const own = ctx.identity.regionCode;
    if (own && !prefix.startsWith(regionPrefix(own)))
      throw new StockException(
        CommonErrorCode.OutsideJurisdiction,
        `prefix ${prefix} is outside your jurisdiction`,
        {
          field: 'regionPrefix',
        },
      );
    const bounded = (value: number, field: string, max: number) => {
      if (!Number.isInteger(value) || value < 1 || value > max)
        throw badInput(`${field} must be 1 to ${max}`, field);
      return value;
    };
    const rule: StockRuleEntity = {
      regionPrefix: prefix,
      nearExpiryDays: bounded(input.nearExpiryDays, 'nearExpiryDays', 3650),
      censusIntervalMonths: bounded(input.censusIntervalMonths, 'censusIntervalMonths', 120),
      source: requiredText(input.source, 'source', 1000),
    };
    await write(ctx, this.dataSource, async (manager) => {
      await this.repository.replaceRules(manager, rule);
      await this.outbox.publish(
        manager,
        StockRulesSet,
        prefix === '' ? 'national' : prefix,
        rule,
        eventContext(ctx),
      );
    });
    return rule;
  }

  /** A census: each counted lot's journal quantity at the end of the counted day beside its count. */
  async recordCensus(ctx: RequestContext, input: RecordStockCensusInput) {
    requireWriter(ctx);
    const point = await this.journal.point(ctx, input.reservePointId, 'reservePointId');
    const countedOn = pastOrToday(
      requiredCalendarDate(input.countedOn, 'countedOn'),
      'countedOn',
      this.today(),
    );
    const counts = input.counts.map((c, i) => {
      const field = `counts[${i}]`;
      if (!Number.isInteger(c.counted) || c.counted < 0)
        throw new StockException(StockErrorCode.InvalidQuantity, `${field}.counted must be 0 or more`, {
          field: `${field}.counted`,
        });
      return { lotId: requiredUuid(c.lotId, `${field}.lotId`), counted: c.counted, field: `${field}.lotId` };
    });
    if (counts.length === 0) throw badInput('a census counts at least one lot', 'counts');
    const lots = await this.repository.findLotsByIds(counts.map((c) => c.lotId));
    const seen = new Set<string>();
    for (const c of counts) {
      const lot = lots.find((l) => l.id === c.lotId);
      if (!lot || lot.reservePointId !== point.id || seen.has(c.lotId))
        throw new StockException(
          StockErrorCode.LotNotAtPoint,
          `lot ${c.lotId} is not (or twice) of this census`,
          {
            field: c.field,
          },
        );
      seen.add(c.lotId);
    }
    const census: StockCensusEntity = {
      id: randomUUID(),
      reservePointId: point.id,
      countedOn,
      actor: ctx.identity.subject,
      recordedAt: this.clock.now(),
    };
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const until = chinaInstant(addCalendarDays(countedOn, 1));
        const journal = await this.repository.journalAsOf(manager, [...seen], until);
        const lines = counts.map((c) => {
          const journalQuantity = journal.get(c.lotId) ?? 0;
          return {
            censusId: census.id,
            lotId: c.lotId,
            journalQuantity,
            counted: c.counted,
            variance: c.counted - journalQuantity,
          };
        });
        await this.repository.insertCensus(manager, census, lines);
        await this.outbox.publish(
          manager,
          StockCensusRecorded,
          census.id,
          {
            censusId: census.id,
            reservePointId: point.id,
            regionCode: point.regionCode,
            countedOn,
            lines: lines.map(({ lotId, journalQuantity, counted, variance }) => ({
              lotId,
              journalQuantity,
              counted,
              variance,
            })),
          },
          eventContext(ctx),
        );
        return census;
      },
      { forgets: [CENSUSES] },
    );
  }

  async census(ctx: RequestContext, id: string): Promise<StockCensusEntity | null> {
    const census = await loadById(ctx, CENSUSES, (ids) => this.repository.censusesByIds(ids), id);
    if (!census) return null;
    const point = await this.repository.point(census.reservePointId);
    return point && inJurisdiction(ctx.identity, point.regionCode) ? census : null;
  }

  censusLines(ctx: RequestContext, censusId: string) {
    return loadGroup(
      ctx,
      CENSUS_LINES,
      (ids) => this.repository.censusLinesOf(ids),
      (l) => l.censusId,
      censusId,
    );
  }

  async censuses(ctx: RequestContext, reservePointId: string, args: PageArgs) {
    const page = readPage(args);
    const id = requiredUuid(reservePointId, 'reservePointId');
    const keyOf = (c: StockCensusEntity) => [c.countedOn, c.id];
    const point = await this.repository.point(id);
    if (!point || !inJurisdiction(ctx.identity, point.regionCode)) return toConnection([], page, keyOf);
    return toConnection(
      await this.repository.censusesOf(id, page, afterKey(page, ['date', 'uuid'])),
      page,
      keyOf,
    );
  }

  /** Active reserve points whose last census is older than their rules' interval today, or that have none. */
  async dueForCensus(ctx: RequestContext, regionCode: string, args: PageArgs) {
    const page = readPage(args);
    const prefix = visibleRegionPrefix(ctx.identity, requiredRegionCode(regionCode, 'regionCode'));
    const keyOf = (r: { reservePointId: string }) => [r.reservePointId];
    if (prefix === null) return toConnection([], page, keyOf);
    const rows = await this.repository.dueForCensus(
      prefix,
      this.today(),
      page.limit,
      afterKey(page, ['uuid'])?.[0],
    );
    return toConnection(rows, page, keyOf);
  }

  /** Reserve points holding an item within `hours` of a place, nearest first. */
  async near(
    ctx: RequestContext,
    args: { itemCode: string; latitude: number; longitude: number; hours: number } & PageArgs,
  ) {
    const page = readPage(args);
    const itemCode = this.journal.itemCodeOf(args.itemCode, 'itemCode');
    if (!(Math.abs(args.latitude) <= 90)) throw badInput('latitude must be -90 to 90', 'latitude');
    if (!(Math.abs(args.longitude) <= 180)) throw badInput('longitude must be -180 to 180', 'longitude');
    if (!(args.hours > 0 && args.hours <= 240))
      throw badInput('hours must be more than 0, at most 240', 'hours');
    const prefix = visibleRegionPrefix(ctx.identity, null);
    const keyOf = (r: { distanceKm: number; reservePointId: string }) => [
      String(r.distanceKm),
      r.reservePointId,
    ];
    const after = afterKey(page, ['text', 'uuid']);
    if (after && !Number.isFinite(Number(after[0])))
      throw badInput('after is not a cursor of this list', 'after');
    const rows = await this.repository.near(
      itemCode,
      args.latitude,
      args.longitude,
      args.hours,
      prefix ?? undefined,
      page.limit,
      after,
    );
    return toConnection(rows, page, keyOf);
  }
}
