import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import type { DrawnPayment } from '../allocation/allocation.service';
import { ShelterCostEntity, ShelterCostOriginEntity, ShelterCostPaymentEntity } from './shelter-cost.entity';

@Injectable()
export class ShelterCostRepository {
  constructor(private readonly dataSource: DataSource) {}

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
}
