import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { firstRowsOfEach } from '@emergency/database';
import type { Page, TimeKey } from '@emergency/graphql';
import { AllocationSourceEntity } from './allocation-source.entity';
import type { Draw, OpenContribution } from './fifo-attribution';
import { FundAllocationEntity } from './fund-allocation.entity';
import { FundContributionEntity } from './fund-contribution.entity';
import { ReconstructionFundEntity } from './reconstruction-fund.entity';

export interface FundTotals {
  fundId: string;
  pledgedFen: bigint;
  raisedFen: bigint;
  allocatedFen: bigint;
}

@Injectable()
export class FundRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo<T extends ObjectLiteral>(entity: EntityTarget<T>, manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(entity);
  }

  // Funds

  findFundsByIds(ids: readonly string[]): Promise<ReconstructionFundEntity[]> {
    return this.repo(ReconstructionFundEntity)
      .createQueryBuilder('f')
      .where('f.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The funds of all of `incidentIds`, oldest first, in one statement. */
  findFundsByIncidentIds(incidentIds: readonly string[]): Promise<ReconstructionFundEntity[]> {
    return this.repo(ReconstructionFundEntity)
      .createQueryBuilder('f')
      .where('f.incident_id = ANY(:ids::uuid[])', { ids: [...incidentIds] })
      .orderBy('f.created_at', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
  }

  /**
   * The fund row, locked (`SELECT ... FOR UPDATE`) until `manager`'s transaction ends: whatever changes a fund's
   * money takes this lock first, so those changes run one after the other.
   */
  lockFund(manager: EntityManager, id: string): Promise<ReconstructionFundEntity | null> {
    return this.repo(ReconstructionFundEntity, manager)
      .createQueryBuilder('f')
      .setLock('pessimistic_write')
      .where('f.id = :id', { id })
      .getOne();
  }

  insertFund(manager: EntityManager, fund: Omit<ReconstructionFundEntity, 'createdAt'>) {
    const repo = this.repo(ReconstructionFundEntity, manager);
    return repo.save(repo.create(fund));
  }

  /** Pledged (every contribution), raised (PAID ones) and allocated totals of all of `fundIds`, in one statement. */
  async totals(fundIds: readonly string[]): Promise<FundTotals[]> {
    const rows = (await this.dataSource.query(
      `SELECT f.id AS fund_id,
              COALESCE(c.pledged, 0)::text AS pledged_fen,
              COALESCE(c.raised, 0)::text AS raised_fen,
              COALESCE(a.allocated, 0)::text AS allocated_fen
       FROM unnest($1::uuid[]) AS f (id)
       LEFT JOIN (
         SELECT fund_id, sum(amount_fen) AS pledged, sum(amount_fen) FILTER (WHERE status = 'PAID') AS raised
         FROM fund_contribution WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id
       ) c ON c.fund_id = f.id
       LEFT JOIN (
         SELECT fund_id, sum(amount_fen) AS allocated
         FROM fund_allocation WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id
       ) a ON a.fund_id = f.id`,
      [[...fundIds]],
    )) as { fund_id: string; pledged_fen: string; raised_fen: string; allocated_fen: string }[];
    return rows.map((row) => ({
      fundId: row.fund_id,
      pledgedFen: BigInt(row.pledged_fen),
      raisedFen: BigInt(row.raised_fen),
      allocatedFen: BigInt(row.allocated_fen),
    }));
  }

  // Contributions

  findContributionsByIds(ids: readonly string[]): Promise<FundContributionEntity[]> {
    return this.repo(FundContributionEntity)
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Keyset page of a fund's contributions, oldest first. */
  listContributions(fundId: string, page: Page, after?: TimeKey): Promise<FundContributionEntity[]> {
    const qb = this.contributionsOf([fundId]).limit(page.limit + 1);
    if (after) {
      qb.andWhere('(c.created_at, c.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    }
    return qb.getMany();
  }

  /** The oldest `limit` contributions of each of `fundIds`, oldest first, in one statement. */
  firstContributions(fundIds: readonly string[], limit: number): Promise<FundContributionEntity[]> {
    return firstRowsOfEach(this.contributionsOf(fundIds), 'c.fund_id', limit).getMany();
  }

  private contributionsOf(fundIds: readonly string[]) {
    return this.repo(FundContributionEntity)
      .createQueryBuilder('c')
      .where('c.fund_id = ANY(:fundIds::uuid[])', { fundIds: [...fundIds] })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC');
  }

  insertContribution(manager: EntityManager, contribution: Omit<FundContributionEntity, 'createdAt'>) {
    const repo = this.repo(FundContributionEntity, manager);
    return repo.save(repo.create(contribution));
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

  // Allocations

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
}
