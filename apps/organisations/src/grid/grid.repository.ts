import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { lockKey } from '@emergency/database';
import { firstRowsOfEach, afterKey, type Page } from '@emergency/paging';
import { RegionEntity } from '../region/region.entity';
import { GridAssignmentEntity, type GridRole } from './grid-assignment.entity';

export interface GridAssignmentQuery {
  /** Only villages whose code starts with this (a region's subtree). */
  villagePrefix?: string;
  personIds?: readonly string[];
  role?: GridRole;
  /** Ended assignments too; only current ones otherwise. */
  includeEnded?: boolean;
}

/** Assignments are listed by village code, then role, then id: the administrative tree, read top-down. */
export const gridAssignmentKey = (a: GridAssignmentEntity) => [a.villageCode, a.role, a.id];

/** A transaction-scoped advisory lock namespace: one change to a village's grid at a time. */
const VILLAGE_LOCK = 0x677269;

/**
 * SQL: whether the village `villageCode` (an SQL expression) has a current information officer who is still with
 * their organisation. Leaving ends a person's assignments; the status check keeps assignments left open by
 * departures recorded before that rule from counting, since someone who has left reports nothing.
 */
const hasCurrentOfficer = (villageCode: string) => `EXISTS (
  SELECT 1 FROM grid_assignment officer JOIN person officer_person ON officer_person.id = officer.person_id
  WHERE officer.village_code = ${villageCode} AND officer.role = 'INFORMATION_OFFICER'
    AND officer.ended_at IS NULL AND officer_person.status = 'ACTIVE')`;

@Injectable()
export class GridRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(GridAssignmentEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<GridAssignmentEntity[]> {
    return this.repo()
      .createQueryBuilder('g')
      .where('g.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Reads and locks the row, so concurrent changes to one assignment queue up behind each other. */
  findForUpdate(manager: EntityManager, id: string): Promise<GridAssignmentEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('g')
      .setLock('pessimistic_write')
      .where('g.id = :id', { id })
      .getOne();
  }

  /**
   * Serialises changes to one village's grid until the transaction ends, so what an event says about the village
   * (whether it still has an information officer) holds when the event commits.
   */
  async lockVillage(manager: EntityManager, villageCode: string): Promise<void> {
    await lockKey(manager, VILLAGE_LOCK, villageCode);
  }

  /** The distinct villages where the person holds a current assignment, in any order. */
  async currentVillagesOf(manager: EntityManager, personId: string): Promise<string[]> {
    const rows = await this.repo(manager)
      .createQueryBuilder('g')
      .select('DISTINCT g.village_code', 'villageCode')
      .where('g.person_id = :personId AND g.ended_at IS NULL', { personId })
      .getRawMany<{ villageCode: string }>();
    return rows.map((r) => r.villageCode);
  }

  /** The person's current assignments, read and locked, in listing order. */
  findCurrentOfPersonForUpdate(manager: EntityManager, personId: string): Promise<GridAssignmentEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('g')
      .setLock('pessimistic_write')
      .where('g.person_id = :personId AND g.ended_at IS NULL', { personId })
      .orderBy('g.village_code', 'ASC')
      .addOrderBy('g.role', 'ASC')
      .addOrderBy('g.id', 'ASC')
      .getMany();
  }

  findCurrent(
    manager: EntityManager,
    personId: string,
    villageCode: string,
    role: GridRole,
  ): Promise<GridAssignmentEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('g')
      .where('g.person_id = :personId AND g.village_code = :villageCode AND g.role = :role', {
        personId,
        villageCode,
        role,
      })
      .andWhere('g.ended_at IS NULL')
      .getOne();
  }

  async villageHasInformationOfficer(manager: EntityManager, villageCode: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT ${hasCurrentOfficer('$1')} AS covered`, [villageCode])) as {
      covered: boolean;
    }[];
    return rows[0]!.covered;
  }

  list(query: GridAssignmentQuery, page: Page): Promise<GridAssignmentEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    const after = afterKey(page, 3);
    if (after) {
      const [villageCode, role, id] = after;
      qb.andWhere('(g.village_code, g.role, g.id) > (:afterVillage, :afterRole, :afterId::uuid)', {
        afterVillage: villageCode,
        afterRole: role,
        afterId: id,
      });
    }
    return qb.getMany();
  }

  /** The first `limit` assignments of each of `query.personIds`, in listing order, in one statement. */
  firstOfPeople(query: GridAssignmentQuery, limit: number): Promise<GridAssignmentEntity[]> {
    return firstRowsOfEach(this.query(query), 'g.person_id', limit).getMany();
  }

  /**
   * The first `limit` assignments under each of `prefixes` (village code prefixes, which may nest: a county's and
   * one of its townships'), in listing order, in one statement; a village under two prefixes is returned once.
   */
  firstUnderPrefixes(
    prefixes: readonly string[],
    query: GridAssignmentQuery,
    limit: number,
  ): Promise<GridAssignmentEntity[]> {
    const qb = this.query(query).innerJoin(
      '(SELECT unnest(CAST(:prefixes AS text[])) AS prefix)',
      'under',
      `g.village_code LIKE under.prefix || '%'`,
      { prefixes: [...prefixes] },
    );
    return firstRowsOfEach(qb, 'under.prefix', limit).getMany();
  }

  private query(query: GridAssignmentQuery) {
    const qb = this.repo()
      .createQueryBuilder('g')
      .orderBy('g.village_code', 'ASC')
      .addOrderBy('g.role', 'ASC')
      .addOrderBy('g.id', 'ASC');
    if (query.villagePrefix)
      qb.andWhere('g.village_code LIKE :prefix', { prefix: `${query.villagePrefix}%` });
    if (query.personIds) qb.andWhere('g.person_id = ANY(:people::uuid[])', { people: [...query.personIds] });
    if (query.role) qb.andWhere('g.role = :role', { role: query.role });
    if (!query.includeEnded) qb.andWhere('g.ended_at IS NULL');
    return qb;
  }

  /**
   * One page, in code order, of the villages under `prefix` without a current information officer: a single
   * anti-join statement per page, however many villages the region has.
   */
  villagesWithoutInformationOfficer(prefix: string, page: Page): Promise<RegionEntity[]> {
    const qb = this.dataSource.manager
      .getRepository(RegionEntity)
      .createQueryBuilder('r')
      .where(`r.level = 'VILLAGE'`)
      .andWhere('r.code LIKE :prefix', { prefix: `${prefix}%` })
      .andWhere(`NOT ${hasCurrentOfficer('r.code')}`)
      .orderBy('r.code', 'ASC')
      .limit(page.limit + 1);
    const after = afterKey(page, 1, false);
    if (after) qb.andWhere('r.code > :after', { after: after[0] });
    return qb.getMany();
  }

  insert(
    manager: EntityManager,
    assignment: Omit<GridAssignmentEntity, 'createdAt' | 'updatedAt'>,
  ): Promise<GridAssignmentEntity> {
    return this.repo(manager).save(this.repo(manager).create(assignment));
  }

  save(manager: EntityManager, assignment: GridAssignmentEntity): Promise<GridAssignmentEntity> {
    return this.repo(manager).save(assignment);
  }
}
