import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import {
  ReliefPaymentEntity,
  ReliefPaymentItemEntity,
  ReliefPaymentOriginEntity,
  VillageReliefPublicationEntity,
} from './relief-payment.entity';

@Injectable()
export class ReliefPaymentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /** Records a payment with its goods lines and origins, in their order. */
  async insertPayment(
    manager: EntityManager,
    payment: Omit<ReliefPaymentEntity, 'createdAt'>,
    items: readonly Omit<ReliefPaymentItemEntity, 'paymentId' | 'position'>[],
    origins: readonly Omit<ReliefPaymentOriginEntity, 'paymentId' | 'position'>[],
  ): Promise<ReliefPaymentEntity> {
    const repository = manager.getRepository(ReliefPaymentEntity);
    const saved = await repository.save(repository.create(payment));
    if (items.length > 0) {
      await manager
        .getRepository(ReliefPaymentItemEntity)
        .insert(items.map((item, position) => ({ ...item, paymentId: saved.id, position })));
    }
    await manager
      .getRepository(ReliefPaymentOriginEntity)
      .insert(origins.map((origin, position) => ({ ...origin, paymentId: saved.id, position })));
    return saved;
  }

  /** How the contributions `contributionIds` valued their goods, each basis once. */
  async valuationBases(manager: EntityManager, contributionIds: readonly string[]): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT valuation_basis FROM fund_contribution
       WHERE id = ANY($1::uuid[]) AND valuation_basis IS NOT NULL ORDER BY valuation_basis`,
      [[...contributionIds]],
    )) as { valuation_basis: string }[];
    return rows.map((r) => r.valuation_basis);
  }

  /** The village's payments of the fund not yet published, oldest first, locked until the transaction ends. */
  lockUnpublished(
    manager: EntityManager,
    fundId: string,
    villageCode: string,
  ): Promise<ReliefPaymentEntity[]> {
    return manager
      .getRepository(ReliefPaymentEntity)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.fund_id = :fundId AND p.village_code = :villageCode AND p.publication_id IS NULL', {
        fundId,
        villageCode,
      })
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  /** The recipient organisations of `allocationIds`. */
  async recipientsOf(manager: EntityManager, allocationIds: readonly string[]): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT organisation_id FROM fund_allocation WHERE id = ANY($1::uuid[])`,
      [[...new Set(allocationIds)]],
    )) as { organisation_id: string }[];
    return rows.map((r) => r.organisation_id);
  }

  originsOf(paymentIds: readonly string[], manager?: EntityManager): Promise<ReliefPaymentOriginEntity[]> {
    return this.manager(manager)
      .getRepository(ReliefPaymentOriginEntity)
      .createQueryBuilder('o')
      .where('o.payment_id = ANY(:ids::uuid[])', { ids: [...paymentIds] })
      .orderBy('o.position', 'ASC')
      .getMany();
  }

  itemsOf(paymentIds: readonly string[], manager?: EntityManager): Promise<ReliefPaymentItemEntity[]> {
    return this.manager(manager)
      .getRepository(ReliefPaymentItemEntity)
      .createQueryBuilder('i')
      .where('i.payment_id = ANY(:ids::uuid[])', { ids: [...paymentIds] })
      .orderBy('i.position', 'ASC')
      .getMany();
  }

  /** Records a publication and marks `paymentIds` as published by it. */
  async insertPublication(
    manager: EntityManager,
    publication: Omit<VillageReliefPublicationEntity, 'createdAt'>,
    paymentIds: readonly string[],
  ): Promise<VillageReliefPublicationEntity> {
    const repository = manager.getRepository(VillageReliefPublicationEntity);
    const saved = await repository.save(repository.create(publication));
    await manager
      .getRepository(ReliefPaymentEntity)
      .createQueryBuilder()
      .update()
      .set({ publicationId: saved.id })
      .where('id = ANY(:ids::uuid[])', { ids: [...paymentIds] })
      .execute();
    return saved;
  }

  publicationsByIds(ids: readonly string[]): Promise<VillageReliefPublicationEntity[]> {
    return this.dataSource
      .getRepository(VillageReliefPublicationEntity)
      .createQueryBuilder('v')
      .where('v.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Keyset page of a village's payments from a fund, oldest first. */
  listVillage(
    fundId: string,
    villageCode: string,
    page: Page,
    after?: TimeKey,
  ): Promise<ReliefPaymentEntity[]> {
    const qb = this.dataSource
      .getRepository(ReliefPaymentEntity)
      .createQueryBuilder('p')
      .where('p.fund_id = :fundId AND p.village_code = :villageCode', { fundId, villageCode })
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(page.limit + 1);
    if (after) {
      qb.andWhere('(p.created_at, p.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    }
    return qb.getMany();
  }
}
