import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '@emergency/paging';
import { SupplyClassEntity } from './supply-class.entity';
import { SupplyItemEntity } from './supply-item.entity';

export interface SupplyItemQuery {
  codePrefix?: string;
  text?: string;
}

@Injectable()
export class CatalogueRepository {
  constructor(private readonly dataSource: DataSource) {}

  private items(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(SupplyItemEntity);
  }

  findByCodes(codes: readonly string[]): Promise<SupplyItemEntity[]> {
    return this.items()
      .createQueryBuilder('i')
      .where('i.code = ANY(:codes::text[])', { codes: [...codes] })
      .getMany();
  }

  /** Keyset page in code order. */
  list(query: SupplyItemQuery, page: Page, afterCode?: string): Promise<SupplyItemEntity[]> {
    const qb = this.items()
      .createQueryBuilder('i')
      .orderBy('i.code', 'ASC')
      .limit(page.limit + 1);
    if (query.codePrefix) qb.andWhere('i.code LIKE :prefix', { prefix: `${query.codePrefix}%` });
    if (query.text)
      qb.andWhere(`strpos(lower(i.name_zh || ' ' || i.name_en), lower(:text)) > 0`, { text: query.text });
    if (afterCode) qb.andWhere('i.code > :afterCode', { afterCode });
    return qb.getMany();
  }

  classesOfLength(length: number, parent: string): Promise<SupplyClassEntity[]> {
    return this.dataSource
      .getRepository(SupplyClassEntity)
      .createQueryBuilder('c')
      .where('length(c.code) = :length', { length })
      .andWhere('c.code LIKE :prefix', { prefix: `${parent}%` })
      .orderBy('c.code', 'ASC')
      .getMany();
  }

  classExists(manager: EntityManager, code: string): Promise<boolean> {
    return manager.getRepository(SupplyClassEntity).exists({ where: { code } });
  }

  lock(manager: EntityManager, code: string): Promise<SupplyItemEntity | null> {
    return this.items(manager).findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(manager: EntityManager, item: Omit<SupplyItemEntity, 'createdAt'>): Promise<SupplyItemEntity> {
    await this.items(manager).insert(item);
    return this.items(manager).findOneByOrFail({ code: item.code });
  }

  async update(manager: EntityManager, code: string, changes: Partial<SupplyItemEntity>) {
    await this.items(manager).update({ code }, changes);
    return this.items(manager).findOneByOrFail({ code });
  }
}
