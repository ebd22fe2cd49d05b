import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '@emergency/graphql';
import { OrganisationEntity, type OrganisationType } from './organisation.entity';

export interface OrganisationQuery {
  regionPrefix?: string;
  type?: OrganisationType;
}

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

  findById(id: string, manager?: EntityManager): Promise<OrganisationEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  /** Keyset page ordered by id. */
  list(query: OrganisationQuery, page: Page): Promise<OrganisationEntity[]> {
    const qb = this.repo()
      .createQueryBuilder('o')
      .orderBy('o.id', 'ASC')
      .limit(page.limit + 1);
    if (query.regionPrefix) qb.andWhere('o.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.type) qb.andWhere('o.type = :type', { type: query.type });
    if (page.after) qb.andWhere('o.id > :after', { after: page.after[0] });
    return qb.getMany();
  }

  insert(
    manager: EntityManager,
    organisation: Omit<OrganisationEntity, 'createdAt'>,
  ): Promise<OrganisationEntity> {
    return this.repo(manager).save(this.repo(manager).create(organisation));
  }
}
