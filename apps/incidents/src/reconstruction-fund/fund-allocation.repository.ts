import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { AllocationSourceEntity } from './allocation-source.entity';
import type { Draw, OpenContribution } from './fifo-attribution';
import { FundAllocationEntity } from './fund-allocation.entity';
import { FundContributionEntity } from './fund-contribution.entity';

@Injectable()
export class FundAllocationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo<T extends ObjectLiteral>(entity: EntityTarget<T>, manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(entity);
  }

  findAllocationsByIds(ids: readonly string[]): Promise<FundAllocationEntity[]> {
    return this.repo(FundAllocationEntity)
      .createQueryBuilder('a')
      .where('a.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Keyset page of a fund's allocations, oldest first. */
  listAllocations(fundId: string, page: Page, after?: TimeKey): Promise<FundAllocationEntity[]> {
    const qb = this.allocationsOf([fundId]).limit(page.limit + 1);
    if (after) {
      qb.andWhere('(a.created_at, a.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    }
    return qb.getMany();
  }

  /** The oldest `limit` allocations of each of `fundIds`, oldest first, in one statement. */
  firstAllocations(fundIds: readonly string[], limit: number): Promise<FundAllocationEntity[]> {
    return firstRowsOfEach(this.allocationsOf(fundIds), 'a.fund_id', limit).getMany();
  }

  private allocationsOf(fundIds: readonly string[]) {
    return this.repo(FundAllocationEntity)
      .createQueryBuilder('a')
      .where('a.fund_id = ANY(:fundIds::uuid[])', { fundIds: [...fundIds] })
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC');
  }

  /** The allocation and the contributions it draws on. */
  async insertAllocation(
    manager: EntityManager,
    allocation: Omit<FundAllocationEntity, 'createdAt'>,
    draws: readonly Draw[],
  ): Promise<FundAllocationEntity> {
    const repo = this.repo(FundAllocationEntity, manager);
    const saved = await repo.save(repo.create(allocation));
    await this.repo(AllocationSourceEntity, manager).insert(
      draws.map((draw) => ({
        allocationId: saved.id,
        contributionId: draw.contributionId,
        amountFen: draw.amountFen,
      })),
    );
    return saved;
  }

  /** The sources of all of `allocationIds` with their contributions joined, oldest contribution first. */
  findSourcesByAllocationIds(allocationIds: readonly string[]): Promise<AllocationSourceEntity[]> {
    return this.repo(AllocationSourceEntity)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.contribution', FundContributionEntity, 'c', 'c.id = s.contribution_id')
      .where('s.allocation_id = ANY(:ids::uuid[])', { ids: [...allocationIds] })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }

  /**
   * The fund's PAID contributions with something left to allocate, oldest first, and what is left of each.
   * Read under the fund lock, so no other allocation of the fund can change the answer before commit.
   */
  async openContributions(manager: EntityManager, fundId: string): Promise<OpenContribution[]> {
    const rows = (await manager.query(
      `SELECT c.id, c.created_at, (c.amount_fen - COALESCE(sum(s.amount_fen), 0))::text AS remaining_fen
       FROM fund_contribution c
       LEFT JOIN allocation_source s ON s.contribution_id = c.id
       WHERE c.fund_id = $1 AND c.status = 'PAID'
       GROUP BY c.id
       HAVING c.amount_fen > COALESCE(sum(s.amount_fen), 0)
       ORDER BY c.created_at, c.id`,
      [fundId],
    )) as { id: string; created_at: Date; remaining_fen: string }[];
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      remainingFen: BigInt(row.remaining_fen),
    }));
  }
}
