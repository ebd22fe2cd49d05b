import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { preparedQuery, type PreparedStatement } from '@emergency/database';
import { AllocationSourceEntity } from './allocation-source.entity';
import type { Draw } from './fifo-attribution';
import { FundAllocationEntity } from './fund-allocation.entity';
import { FundContributionEntity } from './fund-contribution.entity';

/** What {@link FundAllocationRepository.allocateFifo} did: the allocation and its draws, or nothing. */
export type AllocationOutcome =
  | { allocated: FundAllocationEntity; draws: Draw[] }
  | { allocated: null; availableFen: bigint };

/** The statement of {@link FundAllocationRepository.allocateFifo}, prepared: every allocation runs it. */
const ALLOCATE_FIFO: PreparedStatement = {
  name: 'fund_allocation_allocate_fifo',
  text: `WITH RECURSIVE walk (n, id, created_at, open_fen, before_fen) AS (
           (SELECT 1, id, created_at, amount_fen - drawn_fen, 0::bigint
            FROM fund_contribution
            WHERE fund_id = $1 AND status = 'PAID' AND drawn_fen < amount_fen
            ORDER BY created_at, id LIMIT 1)
           UNION ALL
           SELECT w.n + 1, next.id, next.created_at, next.open_fen, w.before_fen + w.open_fen
           FROM walk w CROSS JOIN LATERAL (
             SELECT c.id, c.created_at, c.amount_fen - c.drawn_fen AS open_fen
             FROM fund_contribution c
             WHERE c.fund_id = $1 AND c.status = 'PAID' AND c.drawn_fen < c.amount_fen
               AND (c.created_at, c.id) > (w.created_at, w.id)
             ORDER BY c.created_at, c.id LIMIT 1
           ) next
           WHERE w.before_fen + w.open_fen < $2::bigint
         ),
         draws AS (SELECT n, id, LEAST(open_fen, $2::bigint - before_fen) AS amount_fen FROM walk),
         found AS (SELECT COALESCE(sum(amount_fen), 0) AS fen FROM draws),
         covered AS (SELECT fen = $2::bigint AS ok, fen FROM found),
         drawn AS (
           -- By primary key: joined with draws, the planner would scan every contribution to hash them.
           UPDATE fund_contribution c
           SET drawn_fen = c.drawn_fen + (SELECT d.amount_fen FROM draws d WHERE d.id = c.id)
           WHERE c.id = ANY (ARRAY(SELECT id FROM draws)) AND (SELECT ok FROM covered)
         ),
         inserted AS (
           INSERT INTO fund_allocation (id, fund_id, organisation_id, amount_fen, purpose)
           SELECT $3, $1, $4, $2::bigint, $5 FROM covered WHERE covered.ok
           RETURNING created_at
         ),
         sources AS (
           INSERT INTO allocation_source (allocation_id, contribution_id, amount_fen, position)
           SELECT $3, d.id, d.amount_fen, d.n - 1 FROM draws d, covered WHERE covered.ok
         )
         SELECT covered.fen::text AS found_fen, (SELECT created_at FROM inserted) AS created_at,
                ARRAY(SELECT id::text FROM draws ORDER BY n) AS contribution_ids,
                ARRAY(SELECT amount_fen::text FROM draws ORDER BY n) AS amounts_fen
         FROM covered`,
};

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
   * Records an allocation of `allocation.amountFen`, drawn FIFO from the fund's paid contributions with money left
   * (the rule of `attributeFifo`), in one statement: it walks those contributions oldest first through
   * fund_contribution_open_idx only as far as the amount needs, adds each draw to the contribution's `drawn_fen`,
   * and inserts the allocation and its allocation_source rows. When the open money does not cover the amount it
   * writes nothing and answers `allocated: null` with what is available.
   *
   * Must run after the fund's allocation lock is taken, in a later statement: under READ COMMITTED its snapshot then
   * holds every allocation of the fund committed before, so no other allocation can change what it draws on.
   */
  async allocateFifo(
    manager: EntityManager,
    allocation: Omit<FundAllocationEntity, 'createdAt'>,
  ): Promise<AllocationOutcome> {
    const [row] = await preparedQuery<{
      found_fen: string;
      created_at: Date | null;
      contribution_ids: string[];
      amounts_fen: string[];
    }>(manager, ALLOCATE_FIFO, [
      allocation.fundId,
      allocation.amountFen.toString(),
      allocation.id,
      allocation.organisationId,
      allocation.purpose,
    ]);
    if (!row.created_at) return { allocated: null, availableFen: BigInt(row.found_fen) };
    return {
      allocated: { ...allocation, createdAt: row.created_at },
      draws: row.contribution_ids.map((contributionId, i) => ({
        contributionId,
        amountFen: BigInt(row.amounts_fen[i]),
      })),
    };
  }
}
