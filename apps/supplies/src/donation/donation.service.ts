import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DonatedGoodsReceived } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  CommonErrorCode,
  eventContext,
  loadById,
  loadGroup,
  loaderKey,
  optionalUuid,
  pastOrToday,
  requiredCalendarDate,
  requireWriter,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { AllocationService } from '../allocation/allocation.service';
import { noWhereabouts, whereaboutsOf, type GoodsWhereabouts } from '../procurement/goods-whereabouts';
import { positiveQuantity, StockJournal } from '../stock/stock-journal';
import { expiryOf } from '../stock/stock-rules';
import type { StockLotEntity } from '../stock/stock.entity';
import type {
  DonationReceiptEntity,
  DonationReceiptLineEntity,
  KnownDonationEntity,
  KnownDonationLineEntity,
} from './donation.entity';
import { DonationErrorCode, DonationException } from './donation.exception';
import { remainingOf, type DonationLineView } from './donation-rules';
import { DonationRepository } from './donation.repository';

export interface ReceiveDonatedGoodsInput {
  allocationId?: string | null;
  contributionId?: string | null;
  reservePointId: string;
  receivedOn: string;
  lines: { goodsLine: number; itemCode: string; quantity: number; expiresOn?: string | null }[];
}

/** A line to receive, checked. */
interface ReceivedLine {
  goodsLine: number;
  itemCode: string;
  quantity: number;
  expiresOn: string | null;
}

export type { DonationLineView } from './donation-rules';

/** A donation as `donatedGoods` shows it. */
export interface DonatedGoodsView {
  donation: KnownDonationEntity;
  /** The contribution the goods are, with its donor and direction, when supplies knows it as goods in kind. */
  contribution: KnownDonationEntity | null;
  lines: DonationLineView[];
  lots: StockLotEntity[];
  whereabouts: GoodsWhereabouts;
}

const DONATIONS = loaderKey<KnownDonationEntity>('KnownDonation');
const CONTRIBUTIONS = loaderKey<KnownDonationEntity>('KnownDonation.contribution');
const RECEIPTS = loaderKey<DonationReceiptEntity[]>('DonatedGoods.receipts');
const RECEIPT_LINES = loaderKey<DonationReceiptLineEntity[]>('DonationReceipt.lines');

/** Goods given in kind: learned from the incidents topic, received into stock as DONATION lots, followed from there. */
@Injectable()
export class DonationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DonationRepository,
    private readonly allocations: AllocationService,
    private readonly journal: StockJournal,
    private readonly outbox: Outbox,
  ) {}

  /** Whether the caller may see a donation: acts for its receiver, and it lies in the caller's jurisdiction. */
  private async maySee(ctx: RequestContext, donation: KnownDonationEntity): Promise<boolean> {
    if (!donation.organisationId) return false;
    return this.allocations.maySee(ctx, donation.incidentId, donation.organisationId);
  }

  /** The donation of an allocation or contribution (exactly one named), or null when unknown or not the caller's. */
  async get(ctx: RequestContext, filter: { allocationId?: string | null; contributionId?: string | null }) {
    const id = donationIdOf(filter);
    const donation = await loadById(ctx, DONATIONS, (ids) => this.repository.findByIds(ids), id);
    if (!donation || donation.kind !== (filter.allocationId ? 'ALLOCATION' : 'CONTRIBUTION')) return null;
    if (!(await this.maySee(ctx, donation))) return null;
    return this.view(ctx, donation);
  }

  private async view(ctx: RequestContext, donation: KnownDonationEntity): Promise<DonatedGoodsView> {
    const [contribution, stated, lots] = await Promise.all([
      this.contributionOf(ctx, donation.contributionId),
      this.repository.linesOf([donation.id]),
      this.repository.lotsOf([donation.id]),
    ]);
    const lines = await this.withAllocatedOnward(donation, stated);
    const whereabouts = await whereaboutsOf(
      this.dataSource.manager,
      lots.map((l) => ({ lotId: l.lot.id, key: donation.id })),
    );
    return {
      donation,
      contribution,
      lines,
      lots: lots.map((l) => l.lot),
      whereabouts: whereabouts.get(donation.id) ?? noWhereabouts(),
    };
  }

  /** The lines with what of each allocations passed on: for a contribution only. */
  private async withAllocatedOnward(
    donation: KnownDonationEntity,
    lines: KnownDonationLineEntity[],
    manager?: EntityManager,
  ): Promise<DonationLineView[]> {
    const onward =
      donation.kind === 'CONTRIBUTION' ? await this.repository.allocatedOnward([donation.id], manager) : [];
    return lines.map((l) => ({
      ...l,
      allocatedOnward: onward
        .filter((o) => o.description === l.description && o.unit === l.unit)
        .reduce((sum, o) => sum + o.quantity, 0),
    }));
  }

  /** An in-kind contribution as supplies learned it (donor, channel, direction); null when not known here. */
  contributionOf(ctx: RequestContext, contributionId: string): Promise<KnownDonationEntity | null> {
    return loadById(ctx, CONTRIBUTIONS, (ids) => this.repository.contributionsByIds(ids), contributionId);
  }

  receiptsOf(ctx: RequestContext, donationId: string) {
    return loadGroup(
      ctx,
      RECEIPTS,
      (ids) => this.repository.receiptsOf(ids),
      (r) => r.donationId,
      donationId,
    );
  }

  receiptLinesOf(ctx: RequestContext, receiptId: string) {
    return loadGroup(
      ctx,
      RECEIPT_LINES,
      (ids) => this.repository.receiptLinesOf(ids),
      (l) => l.receiptId,
      receiptId,
    );
  }

  /**
   * Receives goods given in kind into a reserve point of their receiver: one DONATION lot per line at the goods
   * line's unit value, naming the contribution, the fund and, when by allocation, the allocation; never more of a
   * line than it states less what was received before.
   */
  async receive(ctx: RequestContext, input: ReceiveDonatedGoodsInput): Promise<DonatedGoodsView> {
    requireWriter(ctx);
    const id = donationIdOf(input);
    const kind = input.allocationId ? 'ALLOCATION' : 'CONTRIBUTION';
    const field = input.allocationId ? 'allocationId' : 'contributionId';
    const receivedOn = pastOrToday(
      requiredCalendarDate(input.receivedOn, 'receivedOn'),
      'receivedOn',
      this.journal.today(),
    );
    if (!input.lines || input.lines.length === 0) throw badInput('name the goods lines received', 'lines');
    const lines: ReceivedLine[] = [];
    for (const [i, line] of input.lines.entries()) {
      if (!Number.isInteger(line.goodsLine) || line.goodsLine < 0)
        throw badInput('goodsLine is the index of a goods line', `lines.${i}.goodsLine`);
      const item = await this.journal.item(line.itemCode, `lines.${i}.itemCode`);
      const quantity = positiveQuantity(line.quantity, `lines.${i}.quantity`);
      const given = line.expiresOn ? requiredCalendarDate(line.expiresOn, `lines.${i}.expiresOn`) : null;
      if (given && given < receivedOn)
        throw badInput('expiresOn is before receivedOn', `lines.${i}.expiresOn`);
      lines.push({
        goodsLine: line.goodsLine,
        itemCode: item.code,
        quantity,
        expiresOn: expiryOf(receivedOn, given, item.shelfLifeDays),
      });
    }
    const point = await this.journal.point(ctx, input.reservePointId, 'reservePointId');

    const change = async (manager: EntityManager) => {
      const donation = await this.repository.lock(manager, id);
      if (!donation || donation.kind !== kind) {
        throw new DonationException(
          DonationErrorCode.Unknown,
          `no goods in kind are known for ${field} ${id}`,
          { field },
        );
      }
      if (!(await this.maySee(ctx, donation)))
        throw new DonationException(CommonErrorCode.NotFound, `no goods in kind for ${field} ${id}`, {
          id,
          field,
        });
      if (!donation.paid)
        throw new DonationException(DonationErrorCode.NotPaid, `contribution ${id} is not paid`, { field });
      if ((await this.repository.pointOwner(manager, point.id)) !== donation.organisationId)
        throw new DonationException(
          DonationErrorCode.PointNotReceivers,
          `reserve point ${point.id} is not owned by the organisation that receives these goods`,
          { field: 'reservePointId' },
        );
      const stated = await this.withAllocatedOnward(
        donation,
        await this.repository.linesOf([donation.id], manager),
        manager,
      );
      const asked = new Map<number, number>();
      for (const [i, line] of lines.entries()) {
        const goods = stated.find((s) => s.position === line.goodsLine);
        if (!goods)
          throw new DonationException(
            DonationErrorCode.GoodsLineUnknown,
            `the donation has no goods line ${line.goodsLine}`,
            { field: `lines.${i}.goodsLine` },
          );
        const requested = (asked.get(line.goodsLine) ?? 0) + line.quantity;
        const remaining = remainingOf(goods);
        if (requested > remaining)
          throw new DonationException(
            DonationErrorCode.OverReceipt,
            `goods line ${line.goodsLine} has ${remaining} ${goods.unit} left to receive; this receipt takes ${requested}`,
            { field: `lines.${i}.quantity`, remainingQuantity: remaining, requestedQuantity: requested },
          );
        asked.set(line.goodsLine, requested);
      }
      const receiptId = randomUUID();
      const received: { line: ReceivedLine; goods: DonationLineView; lotId: string }[] = [];
      for (const line of lines) {
        const goods = stated.find((s) => s.position === line.goodsLine)!;
        const { lot } = await this.journal.receive(ctx, manager, {
          point,
          itemCode: line.itemCode,
          quantity: line.quantity,
          unitValueFen: goods.unitValueFen,
          receivedOn,
          expiresOn: line.expiresOn,
          sourceKind: 'DONATION',
          procurementId: null,
          allocationId: donation.kind === 'ALLOCATION' ? donation.id : null,
          contributionId: donation.contributionId,
          fundId: donation.fundId,
        });
        goods.receivedQuantity += line.quantity;
        await this.repository.addReceived(manager, donation.id, line.goodsLine, line.quantity);
        received.push({ line, goods, lotId: lot.id });
      }
      await this.repository.insertReceipt(
        manager,
        {
          id: receiptId,
          donationId: donation.id,
          reservePointId: point.id,
          receivedOn,
          actor: ctx.identity.subject,
          recordedAt: new Date(),
        },
        received.map((r, position) => ({
          receiptId,
          position,
          goodsLine: r.line.goodsLine,
          lotId: r.lotId,
          quantity: r.line.quantity,
        })),
      );
      const valueOf = (r: (typeof received)[number]) => BigInt(r.line.quantity) * r.goods.unitValueFen;
      await this.outbox.publish(
        manager,
        DonatedGoodsReceived,
        donation.fundId,
        {
          receiptId,
          allocationId: donation.kind === 'ALLOCATION' ? donation.id : null,
          contributionId: donation.contributionId,
          fundId: donation.fundId,
          incidentId: donation.incidentId,
          reservePointId: point.id,
          regionCode: point.regionCode,
          receivedOn,
          lines: received.map((r) => ({
            goodsLine: r.line.goodsLine,
            itemCode: r.line.itemCode,
            lotId: r.lotId,
            quantity: r.line.quantity,
            unitValueFen: r.goods.unitValueFen.toString(),
            valueFen: valueOf(r).toString(),
            // What is left after the whole receipt, the same on every line of one goods line.
            remainingQuantity: remainingOf(r.goods),
          })),
          valueFen: received.reduce((sum, r) => sum + valueOf(r), 0n).toString(),
          description: `Received into stock: ${donation.description}`,
        },
        eventContext(ctx),
      );
      return donation.id;
    };
    await write(ctx, this.dataSource, change, { forgets: [DONATIONS, RECEIPTS] });
    return (await this.get(ctx, input))!;
  }
}

/** The donation's id: the allocation's or the contribution's, exactly one of them named. */
function donationIdOf(filter: { allocationId?: string | null; contributionId?: string | null }): string {
  const allocationId = optionalUuid(filter.allocationId, 'allocationId');
  const contributionId = optionalUuid(filter.contributionId, 'contributionId');
  if (!allocationId === !contributionId)
    throw badInput('name either the allocation or the contribution', 'allocationId');
  return (allocationId ?? contributionId)!;
}
