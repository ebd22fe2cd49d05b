import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { afterKey, type Page } from '@emergency/paging';
import { PersonEntity } from '../person/person.entity';
import {
  ExpertEntity,
  type Availability,
  type ExpertField,
  type ExpertStatus,
  type PoolLevel,
} from './expert.entity';

export interface ExpertQuery {
  /** Only experts whose person's organisation lies in this region's subtree. */
  regionPrefix?: string;
  field?: ExpertField;
  poolLevel?: PoolLevel;
  availability?: Availability;
  status?: ExpertStatus;
}

/** An expert as listed, with the name of the person it is listed by. */
export interface ListedExpert {
  expert: ExpertEntity;
  personName: string;
}

/** Experts are listed by the person's name, then id. */
export const listedExpertKey = (row: ListedExpert) => [row.personName, row.expert.id];

@Injectable()
export class ExpertRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ExpertEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<ExpertEntity[]> {
    return this.repo()
      .createQueryBuilder('e')
      .where('e.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The records of all of `personIds` in one statement. */
  findByPersonIds(personIds: readonly string[]): Promise<ExpertEntity[]> {
    return this.repo()
      .createQueryBuilder('e')
      .where('e.person_id = ANY(:ids::uuid[])', { ids: [...personIds] })
      .getMany();
  }

  findByPerson(manager: EntityManager, personId: string): Promise<ExpertEntity | null> {
    return this.repo(manager).findOneBy({ personId });
  }

  /** Reads and locks the row, so concurrent changes to one expert queue up behind each other. */
  findForUpdate(manager: EntityManager, id: string): Promise<ExpertEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('e')
      .setLock('pessimistic_write')
      .where('e.id = :id', { id })
      .getOne();
  }

  async list(query: ExpertQuery, page: Page): Promise<ListedExpert[]> {
    const qb = this.repo()
      .createQueryBuilder('e')
      .innerJoin(PersonEntity, 'p', 'p.id = e.person_id')
      .addSelect('p.name', 'person_name')
      .orderBy('p.name', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(page.limit + 1);
    if (query.regionPrefix) qb.andWhere('p.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.field) qb.andWhere('e.fields @> ARRAY[:field::text]', { field: query.field });
    if (query.poolLevel) qb.andWhere('e.pool_level = :poolLevel', { poolLevel: query.poolLevel });
    if (query.availability)
      qb.andWhere('e.availability = :availability', { availability: query.availability });
    if (query.status) qb.andWhere('e.status = :status', { status: query.status });
    const after = afterKey(page, 2);
    if (after) {
      qb.andWhere('(p.name, e.id) > (:afterName, :afterId::uuid)', {
        afterName: after[0],
        afterId: after[1],
      });
    }
    const { entities, raw } = await qb.getRawAndEntities<{ e_id: string; person_name: string }>();
    const names = new Map(raw.map((row) => [row.e_id, row.person_name]));
    return entities.map((expert) => ({ expert, personName: names.get(expert.id)! }));
  }

  insert(
    manager: EntityManager,
    expert: Omit<ExpertEntity, 'createdAt' | 'updatedAt'>,
  ): Promise<ExpertEntity> {
    return this.repo(manager).save(this.repo(manager).create(expert));
  }

  save(manager: EntityManager, expert: ExpertEntity): Promise<ExpertEntity> {
    return this.repo(manager).save(expert);
  }
}
