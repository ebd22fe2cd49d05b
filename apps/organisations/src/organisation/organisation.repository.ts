import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, afterKey, type Page } from '@emergency/paging';
import {
  OrganisationEntity,
  type OrganisationStatus,
  type OrganisationType,
  type Sector,
} from './organisation.entity';

export interface OrganisationQuery {
  regionPrefix?: string;
  type?: OrganisationType;
  sector?: Sector;
  status?: OrganisationStatus;
  parentIds?: readonly string[];
  nameContains?: string;
}

/** Lists are ordered by region code, then name, then id: the administrative tree, read top-down. */
export const organisationKey = (o: OrganisationEntity) => [o.regionCode, o.name, o.id];

@Injectable()
export class OrganisationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(OrganisationEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<OrganisationEntity[]> {
    return this.repo()
      .createQueryBuilder('o')
      .where('o.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Reads and locks the row, so concurrent changes to one organisation queue up behind each other. */
  findForUpdate(manager: EntityManager, id: string): Promise<OrganisationEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .getOne();
  }

  /** The organisation's status, its row held FOR KEY SHARE until the transaction ends; null when there is none. */
  async holdStatus(manager: EntityManager, id: string): Promise<OrganisationStatus | null> {
    const rows = (await manager.query(`SELECT status FROM organisation WHERE id = $1 FOR KEY SHARE`, [
      id,
    ])) as {
      status: OrganisationStatus;
    }[];
    return rows[0]?.status ?? null;
  }

  list(query: OrganisationQuery, page: Page): Promise<OrganisationEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    const after = afterKey(page, 3);
    if (after) {
      const [regionCode, name, id] = after;
      qb.andWhere('(o.region_code, o.name, o.id) > (:afterRegion, :afterName, :afterId::uuid)', {
        afterRegion: regionCode,
        afterName: name,
        afterId: id,
      });
    }
    return qb.getMany();
  }

  /** The first `limit` children of each of `query.parentIds`, in listing order, in one statement. */
  firstChildren(query: OrganisationQuery, limit: number): Promise<OrganisationEntity[]> {
    return firstRowsOfEach(this.query(query), 'o.parent_id', limit).getMany();
  }

  private query(query: OrganisationQuery) {
    const qb = this.repo()
      .createQueryBuilder('o')
      .orderBy('o.region_code', 'ASC')
      .addOrderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC');
    if (query.regionPrefix) qb.andWhere('o.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.type) qb.andWhere('o.type = :type', { type: query.type });
    if (query.sector) qb.andWhere('o.sector = :sector', { sector: query.sector });
    if (query.status) qb.andWhere('o.status = :status', { status: query.status });
    if (query.parentIds)
      qb.andWhere('o.parent_id = ANY(:parentIds::uuid[])', { parentIds: [...query.parentIds] });
    if (query.nameContains) {
      qb.andWhere('strpos(lower(o.name), lower(:name)) > 0', { name: query.nameContains });
    }
    return qb;
  }

  /** Whether `candidateId` is `id` itself or lies below it in the parent chain. */
  async isSelfOrDescendant(manager: EntityManager, id: string, candidateId: string): Promise<boolean> {
    const rows = (await manager.query(
      `WITH RECURSIVE below(id) AS (
         SELECT $1::uuid
         UNION
         SELECT o.id FROM organisation o JOIN below b ON o.parent_id = b.id
       )
       SELECT 1 FROM below WHERE id = $2::uuid`,
      [id, candidateId],
    )) as unknown[];
    return rows.length > 0;
  }

  async countActiveChildren(manager: EntityManager, id: string): Promise<number> {
    return this.repo(manager).countBy({ parentId: id, status: 'ACTIVE' });
  }

  insert(
    manager: EntityManager,
    organisation: Omit<OrganisationEntity, 'createdAt' | 'updatedAt'>,
  ): Promise<OrganisationEntity> {
    return this.repo(manager).save(this.repo(manager).create(organisation));
  }

  save(manager: EntityManager, organisation: OrganisationEntity): Promise<OrganisationEntity> {
    return this.repo(manager).save(organisation);
  }
}
