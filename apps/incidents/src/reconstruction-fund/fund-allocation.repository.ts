import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { preparedQuery, type PreparedStatement } from '@emergency/database';
import type { Origin } from '@emergency/domain';
import { AllocationSourceEntity } from './allocation-source.entity';
import type { Draw } from './fifo-attribution';
import { AllocationItemEntity } from './allocation-item.entity';
import { AllocationReturnEntity, AllocationReturnSourceEntity } from './allocation-return.entity';
import { ReconstructionProjectEntity } from '../reconstruction-project/reconstruction-project.entity';
import { ContributionItemEntity } from './contribution-item.entity';
import { FundAllocationEntity } from './fund-allocation.entity';
import { FundContributionEntity } from './fund-contribution.entity';

/** What {@link FundAllocationRepository.allocateFifo} did: the allocation and its draws, or nothing. */
export type AllocationOutcome =
  | { allocated: FundAllocationEntity; draws: Draw[] }
  | { allocated: null; availableFen: bigint };

/**
 * The statement of {@link FundAllocationRepository.allocateFifo}, prepared: every cash allocation runs it. Two walks,
 * each through its partial index only as far as the amount needs: the contributions directed to this allocation
 * (every direction they name matches $6 and $4), oldest first; then, while the amount is not covered, the
 * undirected ones, oldest first. Money directed elsewhere is never read.
 */
const ALLOCATE_FIFO: PreparedStatement = {
  name: 'fund_allocation_allocate_directed_fifo',
  text: `WITH RECURSIVE directed (n, id, created_at, open_fen, before_fen) AS (
           (SELECT 1, id, created_at, amount_fen - drawn_fen - returned_fen, 0::bigint
            FROM fund_contribution
            WHERE fund_id = $1 AND status = 'PAID' AND form = 'CASH' AND drawn_fen + returned_fen < amount_fen
              AND (directed_purpose IS NOT NULL OR directed_organisation_id IS NOT NULL)
              AND (directed_purpose IS NULL OR directed_purpose = $6)
              AND (directed_organisation_id IS NULL OR directed_organisation_id = $4)
            ORDER BY created_at, id LIMIT 1)
           UNION ALL
           SELECT w.n + 1, next.id, next.created_at, next.open_fen, w.before_fen + w.open_fen
           FROM directed w CROSS JOIN LATERAL (
             SELECT c.id, c.created_at, c.amount_fen - c.drawn_fen - c.returned_fen AS open_fen
             FROM fund_contribution c
             WHERE c.fund_id = $1 AND c.status = 'PAID' AND c.form = 'CASH'
               AND c.drawn_fen + c.returned_fen < c.amount_fen
               AND (c.directed_purpose IS NOT NULL OR c.directed_organisation_id IS NOT NULL)
               AND (c.directed_purpose IS NULL OR c.directed_purpose = $6)
               AND (c.directed_organisation_id IS NULL OR c.directed_organisation_id = $4)
               AND (c.created_at, c.id) > (w.created_at, w.id)
             ORDER BY c.created_at, c.id LIMIT 1
           ) next
           WHERE w.before_fen + w.open_fen < $2::bigint
         ),
         directed_total AS (
           SELECT COALESCE(max(n), 0) AS n, COALESCE(sum(open_fen), 0)::bigint AS fen FROM directed
         ),
         undirected (n, id, created_at, open_fen, before_fen) AS (
           (SELECT t.n + 1, first.id, first.created_at, first.open_fen, t.fen
            FROM directed_total t CROSS JOIN LATERAL (
              SELECT id, created_at, amount_fen - drawn_fen - returned_fen AS open_fen
              FROM fund_contribution
              WHERE fund_id = $1 AND status = 'PAID' AND form = 'CASH' AND drawn_fen + returned_fen < amount_fen
                AND directed_purpose IS NULL AND directed_organisation_id IS NULL
              ORDER BY created_at, id LIMIT 1
            ) first
            WHERE t.fen < $2::bigint)
           UNION ALL
           SELECT w.n + 1, next.id, next.created_at, next.open_fen, w.before_fen + w.open_fen
           FROM undirected w CROSS JOIN LATERAL (
             SELECT c.id, c.created_at, c.amount_fen - c.drawn_fen - c.returned_fen AS open_fen
             FROM fund_contribution c
             WHERE c.fund_id = $1 AND c.status = 'PAID' AND c.form = 'CASH'
               AND c.drawn_fen + c.returned_fen < c.amount_fen
               AND c.directed_purpose IS NULL AND c.directed_organisation_id IS NULL
               AND (c.created_at, c.id) > (w.created_at, w.id)
             ORDER BY c.created_at, c.id LIMIT 1
           ) next
           WHERE w.before_fen + w.open_fen < $2::bigint
         ),
         walk AS (SELECT * FROM directed UNION ALL SELECT * FROM undirected),
         draws AS (
           SELECT n, id, LEAST(open_fen, $2::bigint - before_fen) AS amount_fen FROM walk
           WHERE before_fen < $2::bigint
         ),
         found AS (SELECT COALESCE(sum(amount_fen), 0) AS fen FROM draws),
         covered AS (SELECT fen = $2::bigint AS ok, fen FROM found),
         drawn AS (
           -- By primary key: joined with draws, the planner would scan every contribution to hash them.
           UPDATE fund_contribution c
           SET drawn_fen = c.drawn_fen + (SELECT d.amount_fen FROM draws d WHERE d.id = c.id)
           WHERE c.id = ANY (ARRAY(SELECT id FROM draws)) AND (SELECT ok FROM covered)
         ),
         inserted AS (
           INSERT INTO fund_allocation
             (id, fund_id, organisation_id, amount_fen, purpose, purpose_category, project_id, form)
           SELECT $3, $1, $4, $2::bigint, $5, $6, $7, 'CASH' FROM covered WHERE covered.ok
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

/**
 * A return's money back to its sources: each allocation_source's `returned_fen` grows, each contribution's
 * `drawn_fen` shrinks (the fund may allocate it again) and, given back to the contributor ($4), its `returned_fen`
 * grows.
 */
const RETURN_TO_SOURCES: PreparedStatement = {
  name: 'allocation_source_return',
  text: `WITH given AS (SELECT * FROM unnest($2::uuid[], $3::bigint[]) AS x (contribution_id, amount_fen)),
         sources AS (
           UPDATE allocation_source s SET returned_fen = s.returned_fen + g.amount_fen
           FROM given g WHERE s.allocation_id = $1 AND s.contribution_id = g.contribution_id
         )
         UPDATE fund_contribution c
         SET drawn_fen = c.drawn_fen - g.amount_fen,
             returned_fen = c.returned_fen + CASE WHEN $4::boolean THEN g.amount_fen ELSE 0 END
         FROM given g WHERE c.id = g.contribution_id`,
};

/** What is left of money directed to other purposes or recipients than an allocation's; read on refusal only. */
const DIRECTED_ELSEWHERE: PreparedStatement = {
  name: 'fund_contribution_directed_elsewhere',
  text: `SELECT COALESCE(sum(amount_fen - drawn_fen - returned_fen), 0)::text AS fen
         FROM fund_contribution
         WHERE fund_id = $1 AND status = 'PAID' AND form = 'CASH' AND drawn_fen + returned_fen < amount_fen
           AND (directed_purpose IS NOT NULL OR directed_organisation_id IS NOT NULL)
           AND NOT ((directed_purpose IS NULL OR directed_purpose = $2)
                    AND (directed_organisation_id IS NULL OR directed_organisation_id = $3))`,
};

/** A line of goods a return gives back: from which allocation line, of which contribution line. */
export interface ReturnedGoodsLine {
  allocationPosition: number;
  contributionId: string;
  contributionPosition: number;
  description: string;
  unit: string;
  quantity: number;
  unitValueFen: bigint;
  /** Back to the fund, to be allocated again; false when given back to the donor. */
  toFund: boolean;
}

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

  /** The sources of all of `allocationIds` with their contributions joined, in the order each allocation drew them. */
  findSourcesByAllocationIds(allocationIds: readonly string[]): Promise<AllocationSourceEntity[]> {
    return this.repo(AllocationSourceEntity)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.contribution', FundContributionEntity, 'c', 'c.id = s.contribution_id')
      .where('s.allocation_id = ANY(:ids::uuid[])', { ids: [...allocationIds] })
      .orderBy('s.position', 'ASC')
      .getMany();
  }

  /**
   * Records a cash allocation of `allocation.amountFen`, drawn from the fund's paid cash contributions with money
   * left by the rule of `attributeFifo` (directed to it first, then undirected, each oldest first), in one
   * statement: it walks fund_contribution_directed_open_idx and then fund_contribution_undirected_open_idx only as
   * far as the amount needs, adds each draw to the contribution's `drawn_fen`, and inserts the allocation and its
   * allocation_source rows. When that money does not cover the amount it writes nothing and answers
   * `allocated: null` with what is available to this allocation.
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
      allocation.purposeCategory,
      allocation.projectId,
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

  /** What is left of the fund's money directed to other purposes or recipients than `purposeCategory` and `organisationId`. */
  async directedElsewhereFen(
    manager: EntityManager,
    fundId: string,
    purposeCategory: string,
    organisationId: string,
  ): Promise<bigint> {
    const [row] = await preparedQuery<{ fen: string }>(manager, DIRECTED_ELSEWHERE, [
      fundId,
      purposeCategory,
      organisationId,
    ]);
    return BigInt(row.fen);
  }

  /** A reconstruction project, read outside any transaction (for the checks before one). */
  findProject(id: string): Promise<ReconstructionProjectEntity | null> {
    return this.repo(ReconstructionProjectEntity).findOneBy({ id });
  }

  /** A reconstruction project, read and held (FOR SHARE) until the transaction ends: it cannot change meanwhile. */
  holdProject(manager: EntityManager, id: string): Promise<ReconstructionProjectEntity | null> {
    return manager
      .getRepository(ReconstructionProjectEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  /**
   * The contribution, read inside the transaction (after the fund's lock); `lock` holds it until the transaction
   * ends, so that it cannot be withdrawn or corrected while goods are drawn on it.
   */
  findContribution(manager: EntityManager, id: string, lock = false): Promise<FundContributionEntity | null> {
    return manager
      .getRepository(FundContributionEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** A contribution's goods lines in their order. */
  contributionItems(manager: EntityManager, contributionId: string): Promise<ContributionItemEntity[]> {
    return manager
      .getRepository(ContributionItemEntity)
      .find({ where: { contributionId }, order: { position: 'ASC' } });
  }

  /**
   * Records an in-kind allocation: the allocation, its one source (the contribution), its goods lines; the
   * contribution's lines are marked allocated and its `drawn_fen` grows by their value.
   */
  async allocateGoods(
    manager: EntityManager,
    allocation: Omit<FundAllocationEntity, 'createdAt'>,
    contributionId: string,
    items: Omit<AllocationItemEntity, 'allocationId' | 'usedQuantity' | 'returnedQuantity'>[],
  ): Promise<FundAllocationEntity> {
    const saved = await manager.getRepository(FundAllocationEntity).save(allocation);
    await manager.getRepository(AllocationSourceEntity).insert({
      allocationId: allocation.id,
      contributionId,
      position: 0,
      amountFen: allocation.amountFen,
      usedFen: 0n,
      returnedFen: 0n,
    });
    await manager
      .getRepository(AllocationItemEntity)
      .insert(
        items.map((i) => ({ ...i, allocationId: allocation.id, usedQuantity: 0, returnedQuantity: 0 })),
      );
    for (const item of items) {
      await manager.increment(
        ContributionItemEntity,
        { contributionId, position: item.contributionPosition },
        'allocatedQuantity',
        item.quantity,
      );
    }
    await manager.increment(
      FundContributionEntity,
      { id: contributionId },
      'drawnFen',
      allocation.amountFen.toString(),
    );
    return saved;
  }

  /** An allocation's goods lines in their order. */
  allocationItems(manager: EntityManager | undefined, allocationId: string): Promise<AllocationItemEntity[]> {
    return this.repo(AllocationItemEntity, manager).find({
      where: { allocationId },
      order: { position: 'ASC' },
    });
  }

  /** The goods lines of all of `allocationIds`. */
  findItemsByAllocationIds(allocationIds: readonly string[]): Promise<AllocationItemEntity[]> {
    return this.repo(AllocationItemEntity)
      .createQueryBuilder('i')
      .where('i.allocation_id = ANY(:ids::uuid[])', { ids: [...allocationIds] })
      .orderBy('i.position', 'ASC')
      .getMany();
  }

  /** The returns of all of `allocationIds`, oldest first. */
  findReturnsByAllocationIds(allocationIds: readonly string[]): Promise<AllocationReturnEntity[]> {
    return this.repo(AllocationReturnEntity)
      .createQueryBuilder('r')
      .where('r.allocation_id = ANY(:ids::uuid[])', { ids: [...allocationIds] })
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  /** The sources of all of `returnIds` with their contributions joined, in the order each return took them. */
  findReturnSourcesByReturnIds(returnIds: readonly string[]): Promise<AllocationReturnSourceEntity[]> {
    return this.repo(AllocationReturnSourceEntity)
      .createQueryBuilder('s')
      .innerJoinAndMapOne('s.contribution', FundContributionEntity, 'c', 'c.id = s.contribution_id')
      .where('s.return_id = ANY(:ids::uuid[])', { ids: [...returnIds] })
      .orderBy('s.position', 'ASC')
      .getMany();
  }

  /**
   * Records a return of `origins` (what each contribution gets back) from an allocation: the return and its
   * sources, the allocation's and each source's `returned_fen`, and each contribution's `drawn_fen` less (and, to
   * the contributor, its `returned_fen` more). For goods, the lines given back too.
   */
  async recordReturn(
    manager: EntityManager,
    given: Omit<AllocationReturnEntity, 'createdAt'>,
    origins: readonly Origin[],
    goods: readonly ReturnedGoodsLine[],
  ): Promise<AllocationReturnEntity> {
    const saved = await manager.getRepository(AllocationReturnEntity).save(given);
    await manager.getRepository(AllocationReturnSourceEntity).insert(
      origins.map((o, position) => ({
        returnId: given.id,
        contributionId: o.contributionId,
        position,
        amountFen: o.amountFen,
      })),
    );
    await preparedQuery(manager, RETURN_TO_SOURCES, [
      given.allocationId,
      origins.map((o) => o.contributionId),
      origins.map((o) => o.amountFen.toString()),
      given.destination === 'CONTRIBUTOR',
    ]);
    await manager.increment(
      FundAllocationEntity,
      { id: given.allocationId },
      'returnedFen',
      given.amountFen.toString(),
    );
    for (const [position, line] of goods.entries()) {
      await manager.query(
        `INSERT INTO allocation_return_item
           (return_id, position, allocation_id, allocation_position, description, unit, quantity, unit_value_fen)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          given.id,
          position,
          given.allocationId,
          line.allocationPosition,
          line.description,
          line.unit,
          line.quantity,
          line.unitValueFen.toString(),
        ],
      );
      await manager.increment(
        AllocationItemEntity,
        { allocationId: given.allocationId, position: line.allocationPosition },
        'returnedQuantity',
        line.quantity,
      );
      if (!line.toFund) continue;
      await manager.decrement(
        ContributionItemEntity,
        { contributionId: line.contributionId, position: line.contributionPosition },
        'allocatedQuantity',
        line.quantity,
      );
    }
    return saved;
  }
}
