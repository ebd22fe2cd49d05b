import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '@emergency/paging';
import { IncidentEntity, type IncidentCategory } from './incident.entity';
import { mergeFigures, type IncidentFigures } from './incident-figures';

export interface IncidentQuery {
  regionPrefix?: string;
  category?: IncidentCategory;
  subcategory?: string;
  /** Keyset position: the (occurredAt, id) of the last row seen, newest first. */
  after?: { occurredAt: Date; id: string };
}

@Injectable()
export class IncidentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(IncidentEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<IncidentEntity[]> {
    return this.repo()
      .createQueryBuilder('i')
      .where('i.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  findById(id: string, manager?: EntityManager): Promise<IncidentEntity | null> {
    return this.repo(manager).findOneBy({ id });
  }

  /** Keyset page, newest first: ordered by (occurred_at, id) descending. */
  list(query: IncidentQuery, page: Page): Promise<IncidentEntity[]> {
    const qb = this.repo()
      .createQueryBuilder('i')
      .orderBy('i.occurred_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(page.limit + 1);
    if (query.regionPrefix) qb.andWhere('i.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.category) qb.andWhere('i.category = :category', { category: query.category });
    if (query.subcategory) qb.andWhere('i.subcategory = :subcategory', { subcategory: query.subcategory });
    if (query.after) {
      qb.andWhere('(i.occurred_at, i.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: query.after.occurredAt.toISOString(),
        afterId: query.after.id,
      });
    }
    return qb.getMany();
  }

  /** The incident, locked for the rest of the transaction: every change to its figures or state takes it first. */
  lock(manager: EntityManager, id: string): Promise<IncidentEntity | null> {
    return this.repo(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Applies a report's figures to the incident's current ones: each figure given replaces the one before, the
   * others stay (as `mergeFigures`); `at` is when the report was made. Returns the incident after the change.
   */
  async applyFigures(
    manager: EntityManager,
    incident: IncidentEntity,
    figures: IncidentFigures,
    at: Date,
  ): Promise<IncidentEntity> {
    const next = mergeFigures(incident.figures, figures);
    await this.repo(manager).update({ id: incident.id }, { figures: next, figuresUpdatedAt: at });
    return Object.assign(incident, { figures: next, figuresUpdatedAt: at });
  }

  insert(manager: EntityManager, incident: Omit<IncidentEntity, 'createdAt'>): Promise<IncidentEntity> {
    return this.repo(manager).save(this.repo(manager).create(incident));
  }
}
