import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import type { DrawnPayment } from '../allocation/allocation.service';
import type { PaidOrigin } from '../procurement/procurement-rules';
import {
  ShelterCostEntity,
  ShelterCostOriginEntity,
  ShelterCostPaymentEntity,
  ShelterCostRefundEntity,
  ShelterCostRefundOriginEntity,
} from './shelter-cost.entity';

@Injectable()
export class ShelterCostRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByIds(ids: readonly string[]): Promise<ShelterCostEntity[]> {
    return this.dataSource
      .getRepository(ShelterCostEntity)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** A shelter's costs, newest first, keyset paged. */
  ofShelter(shelterId: string, page: Page, after?: TimeKey): Promise<ShelterCostEntity[]> {
    const qb = this.dataSource
      .getRepository(ShelterCostEntity)
      .createQueryBuilder('c')
      .where('c.shelter_id = :shelterId', { shelterId })
      .orderBy('c.recorded_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(page.limit + 1);
    if (after) qb.andWhere('(c.recorded_at, c.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.getMany();
  }

  /** The payments of the costs, each's in the order stated. */
  paymentsOf(costIds: readonly string[]): Promise<ShelterCostPaymentEntity[]> {
    return this.dataSource
      .getRepository(ShelterCostPaymentEntity)
      .createQueryBuilder('p')
      .where('p.cost_id = ANY(:ids::uuid[])', { ids: [...costIds] })
      .orderBy('p.cost_id')
      .addOrderBy('p.position')
      .getMany();
  }

  /** The contributions the costs' payments drew on, each payment's first in first. */
  originsOf(costIds: readonly string[]): Promise<ShelterCostOriginEntity[]> {
    return this.dataSource
      .getRepository(ShelterCostOriginEntity)
      .createQueryBuilder('o')
      .where('o.cost_id = ANY(:ids::uuid[])', { ids: [...costIds] })
      .orderBy('o.cost_id')
      .addOrderBy('o.allocation_id')
      .addOrderBy('o.position')
      .getMany();
  }

  /** Inserts a cost with its payments and the contributions each drew on. */
  async insert(
    manager: EntityManager,
    cost: Omit<ShelterCostEntity, 'recordedAt'>,
    payments: readonly DrawnPayment[],
  ): Promise<ShelterCostEntity> {
    const saved = await manager
      .getRepository(ShelterCostEntity)
      .save(manager.create(ShelterCostEntity, cost));
    await manager.getRepository(ShelterCostPaymentEntity).insert(
      payments.map((p, position) => ({
        costId: cost.id,
        allocationId: p.allocationId,
        position,
        amountFen: p.amountFen,
      })),
    );
    await manager.getRepository(ShelterCostOriginEntity).insert(
      payments.flatMap((p) =>
        p.origins.map((o, position) => ({
          costId: cost.id,
          allocationId: p.allocationId,
          position,
          contributionId: o.contributionId,
          amountFen: o.amountFen,
        })),
      ),
    );
    return saved;
  }

  /** The cost row, locked until `manager`'s transaction ends: its refunds in turn. */
  lock(manager: EntityManager, id: string): Promise<ShelterCostEntity | null> {
    return manager
      .getRepository(ShelterCostEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id })
      .getOne();
  }

  /**
   * What a cost still pays of each contribution from each allocation, in the order it paid: its payments in the
   * order stated, each's contributions first in first.
   */
  async paidOrigins(manager: EntityManager, costId: string): Promise<PaidOrigin[]> {
    const rows = (await manager.query(
      `SELECT o.allocation_id, o.contribution_id, (o.amount_fen - o.refunded_fen)::text AS left_fen
       FROM shelter_cost_origin o
       JOIN shelter_cost_payment p ON p.cost_id = o.cost_id AND p.allocation_id = o.allocation_id
       WHERE o.cost_id = $1
       ORDER BY p.position, o.position`,
      [costId],
    )) as { allocation_id: string; contribution_id: string; left_fen: string }[];
    return rows.map((r) => ({
      allocationId: r.allocation_id,
      contributionId: r.contribution_id,
      amountFen: BigInt(r.left_fen),
    }));
  }

  /** Records a refund of a cost and what it gave back of each contribution to each allocation. */
  async insertRefund(
    manager: EntityManager,
    refund: Omit<ShelterCostRefundEntity, 'refundedAt'>,
    parts: readonly PaidOrigin[],
  ): Promise<ShelterCostRefundEntity> {
    const refunds = manager.getRepository(ShelterCostRefundEntity);
    const created = await refunds.save(refunds.create(refund));
    await manager.getRepository(ShelterCostRefundOriginEntity).insert(
      parts.map((p, position) => ({
        refundId: created.id,
        position,
        allocationId: p.allocationId,
        contributionId: p.contributionId,
        amountFen: p.amountFen,
      })),
    );
    await manager.query(
      `UPDATE shelter_cost_origin o SET refunded_fen = o.refunded_fen + g.fen
       FROM unnest($2::uuid[], $3::uuid[], $4::bigint[]) AS g (allocation_id, contribution_id, fen)
       WHERE o.cost_id = $1 AND o.allocation_id = g.allocation_id AND o.contribution_id = g.contribution_id`,
      [
        refund.costId,
        parts.map((p) => p.allocationId),
        parts.map((p) => p.contributionId),
        parts.map((p) => p.amountFen.toString()),
      ],
    );
    await manager.query(`UPDATE shelter_cost SET refunded_fen = refunded_fen + $2::bigint WHERE id = $1`, [
      refund.costId,
      refund.amountFen.toString(),
    ]);
    return created;
  }
}
