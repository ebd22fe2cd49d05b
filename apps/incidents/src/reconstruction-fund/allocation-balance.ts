import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { preparedQuery, type PreparedStatement } from '@emergency/database';
import { mergeByContribution, takeInOrder, type Origin } from '@emergency/domain';
import { allocationGoodsHeld, takeGoodsFrom } from './allocation-rules';
import { AllocationItemEntity } from './allocation-item.entity';
import { FundAllocationEntity } from './fund-allocation.entity';

/** Goods asked of an in-kind allocation: so many of an item in a unit. */
export interface GoodsWanted {
  description: string;
  unit: string;
  quantity: number;
}

/** Goods drawn from an in-kind allocation, at the unit values they were given at, and whose they are. */
export interface GoodsDrawn {
  lines: (GoodsWanted & { unitValueFen: bigint; amountFen: bigint })[];
  origins: Origin[];
}

const LOCK_ALLOCATION: PreparedStatement = {
  name: 'fund_allocation_lock_for_spending',
  text: `SELECT id FROM fund_allocation WHERE id = $1 FOR NO KEY UPDATE`,
};
const HOLDINGS: PreparedStatement = {
  name: 'allocation_source_holdings',
  text: `SELECT contribution_id, (amount_fen - used_fen - returned_fen)::text AS left_fen
         FROM allocation_source WHERE allocation_id = $1 ORDER BY position`,
};
const ADD_USED: PreparedStatement = {
  name: 'allocation_source_add_used',
  text: `UPDATE allocation_source s SET used_fen = s.used_fen + x.amount_fen
         FROM unnest($2::uuid[], $3::bigint[]) AS x (contribution_id, amount_fen)
         WHERE s.allocation_id = $1 AND s.contribution_id = x.contribution_id`,
};

/**
 * What is left of an allocation to pay out, contribution by contribution, and the one way to take from it or give
 * back to it (docs/adr/0026-the-money-model.md): a payment draws on the allocation's contributions in the order the
 * allocation drew them; a refund gives back the origins the payment states. Every method runs inside the caller's
 * transaction, after {@link lock}, so payments from one allocation run one after the other and the database's
 * checks (nothing used or returned beyond what was drawn) hold whatever the caller does.
 */
@Injectable()
export class AllocationBalances {
  /**
   * Takes the allocation's spending lock until `manager`'s transaction ends, in its own statement so that what
   * follows reads every payment committed before; false when there is no such allocation. A return of the allocation
   * takes this lock first and the fund's allocation lock (`ReconstructionFundService.lockForAllocation`) second;
   * nothing takes them in the other order (an allocation takes only the fund's, a payment only this one).
   */
  async lock(manager: EntityManager, allocationId: string): Promise<boolean> {
    return (await preparedQuery(manager, LOCK_ALLOCATION, [allocationId])).length > 0;
  }

  /** What is left of each contribution of the allocation (drawn less used and returned), in the order drawn. */
  async holdings(manager: EntityManager, allocationId: string): Promise<Origin[]> {
    const rows = await preparedQuery<{ contribution_id: string; left_fen: string }>(manager, HOLDINGS, [
      allocationId,
    ]);
    return rows.map((r) => ({ contributionId: r.contribution_id, amountFen: BigInt(r.left_fen) }));
  }

  /** Pays `amountFen` of cash out of the allocation, first in, first out; null (nothing written) when not covered. */
  async use(manager: EntityManager, allocationId: string, amountFen: bigint): Promise<Origin[] | null> {
    const origins = takeInOrder(await this.holdings(manager, allocationId), amountFen);
    if (origins) await this.addUsed(manager, allocationId, origins);
    return origins;
  }

  /** Records money paid out of the allocation whose origins another service stated (its event said which). */
  useStated(manager: EntityManager, allocationId: string, origins: readonly Origin[]): Promise<void> {
    return this.addUsed(manager, allocationId, origins);
  }

  /** Gives refunded money back to the allocation: the origins the payment being refunded states. */
  giveBack(manager: EntityManager, allocationId: string, origins: readonly Origin[]): Promise<void> {
    return this.addUsed(
      manager,
      allocationId,
      origins.map((o) => ({ ...o, amountFen: -o.amountFen })),
    );
  }

  private async addUsed(manager: EntityManager, allocationId: string, origins: readonly Origin[]) {
    await preparedQuery(manager, ADD_USED, [
      allocationId,
      origins.map((o) => o.contributionId),
      origins.map((o) => o.amountFen.toString()),
    ]);
  }

  /**
   * Hands on goods of an in-kind allocation: each wanted line from the allocation's lines of that item and unit,
   * in their order, as far as each goes; the value drawn is used from the contributions the lines came from. Null,
   * with nothing written, when the allocation has not that many left of some item.
   */
  async useGoods(
    manager: EntityManager,
    allocationId: string,
    wanted: readonly GoodsWanted[],
  ): Promise<GoodsDrawn | null> {
    const items = await manager
      .getRepository(AllocationItemEntity)
      .find({ where: { allocationId }, order: { position: 'ASC' } });
    const taking = takeGoodsFrom(allocationGoodsHeld(items), wanted);
    if (!('taken' in taking)) return null;
    const used = new Map<number, number>();
    for (const t of taking.taken) used.set(t.from, (used.get(t.from) ?? 0) + t.quantity);
    for (const [position, quantity] of used) {
      await manager.increment(AllocationItemEntity, { allocationId, position }, 'usedQuantity', quantity);
    }
    const contributionAt = new Map(items.map((i) => [i.position, i.contributionId]));
    const origins = mergeByContribution(
      taking.taken.map((t) => ({ contributionId: contributionAt.get(t.from)!, amountFen: t.amountFen })),
    );
    await this.addUsed(manager, allocationId, origins);
    const lines = taking.taken.map(({ from: _, ...line }) => line);
    return { lines, origins };
  }

  /** The allocation, read inside the transaction (after {@link lock}). */
  find(manager: EntityManager, allocationId: string): Promise<FundAllocationEntity | null> {
    return manager.getRepository(FundAllocationEntity).findOneBy({ id: allocationId });
  }
}
