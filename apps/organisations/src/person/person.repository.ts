import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, afterKey, type Page } from '@emergency/paging';
import { PersonEntity, type PersonStatus } from './person.entity';

export interface PersonQuery {
  regionPrefix?: string;
  organisationIds?: readonly string[];
  status?: PersonStatus;
  nameContains?: string;
}

/** People are listed by name, then id. */
export const personKey = (p: PersonEntity) => [p.name, p.id];

@Injectable()
export class PersonRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PersonEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<PersonEntity[]> {
    return this.repo()
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  findForUpdate(manager: EntityManager, id: string): Promise<PersonEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
  }

  /**
   * The statuses of `ids`, their rows held FOR KEY SHARE until the transaction ends, taken in id order so that
   * concurrent holders never wait on each other in a circle; with `skipLocked`, rows locked right now are left out.
   */
  async hold(
    manager: EntityManager,
    ids: readonly string[],
    skipLocked = false,
  ): Promise<Map<string, PersonStatus>> {
    const rows = (await manager.query(
      `SELECT id, status FROM person WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE${skipLocked ? ' SKIP LOCKED' : ''}`,
      [[...ids]],
    )) as { id: string; status: PersonStatus }[];
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  findByIdNumber(manager: EntityManager, idNumber: string): Promise<PersonEntity | null> {
    return this.repo(manager).findOneBy({ idNumber });
  }

  list(query: PersonQuery, page: Page): Promise<PersonEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    const after = afterKey(page, 2);
    if (after)
      qb.andWhere('(p.name, p.id) > (:afterName, :afterId::uuid)', {
        afterName: after[0],
        afterId: after[1],
      });
    return qb.getMany();
  }

  /** The first `limit` people of each of `query.organisationIds`, by name, in one statement. */
  firstOfOrganisations(query: PersonQuery, limit: number): Promise<PersonEntity[]> {
    return firstRowsOfEach(this.query(query), 'p.organisation_id', limit).getMany();
  }

  private query(query: PersonQuery) {
    const qb = this.repo().createQueryBuilder('p').orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC');
    if (query.regionPrefix) qb.andWhere('p.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.organisationIds) {
      qb.andWhere('p.organisation_id = ANY(:orgs::uuid[])', { orgs: [...query.organisationIds] });
    }
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.nameContains)
      qb.andWhere('strpos(lower(p.name), lower(:name)) > 0', { name: query.nameContains });
    return qb;
  }

  countActive(manager: EntityManager, organisationId: string): Promise<number> {
    return this.repo(manager).countBy({ organisationId, status: 'ACTIVE' });
  }

  insert(
    manager: EntityManager,
    person: Omit<PersonEntity, 'createdAt' | 'updatedAt'>,
  ): Promise<PersonEntity> {
    return this.repo(manager).save(this.repo(manager).create(person));
  }

  save(manager: EntityManager, person: PersonEntity): Promise<PersonEntity> {
    return this.repo(manager).save(person);
  }
}
