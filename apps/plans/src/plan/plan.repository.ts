import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { categoryOfSubcategory, type EmergencyCategory } from '@emergency/domain';
import { PlanEntity, type PlanLevel, type PlanStatus, type PlanType } from './plan.entity';

export interface PlanQuery {
  regionPrefix?: string;
  planType?: PlanType;
  category?: EmergencyCategory;
  /** Plans written for this subcategory: those naming it, and those covering its whole category. */
  subcategory?: string;
  ownerOrganisationIds?: readonly string[];
  status?: PlanStatus;
  level?: PlanLevel;
  parentPlanId?: string;
  /** Plans whose title contains this text (case-insensitive). */
  titleContains?: string;
  /** Plans overdue on `today` for filing (an issued version not filed by its due date) or evaluation. */
  overdue?: { kind: 'FILING' | 'EVALUATION'; today: string };
}

@Injectable()
export class PlanRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(PlanEntity);
  }

  findByIds(ids: readonly string[]): Promise<PlanEntity[]> {
    return this.repo()
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Keyset page, newest first. */
  list(query: PlanQuery, page: Page, after?: TimeKey): Promise<PlanEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    if (after) qb.andWhere('(p.created_at, p.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.getMany();
  }

  /** The newest `limit` plans of each of `ownerIds`, newest first, in one statement. */
  newestOf(ownerIds: readonly string[], limit: number): Promise<PlanEntity[]> {
    return firstRowsOfEach(
      this.query({ ownerOrganisationIds: ownerIds }),
      'p.owner_organisation_id',
      limit,
    ).getMany();
  }

  private query(query: PlanQuery) {
    const qb = this.repo().createQueryBuilder('p').orderBy('p.created_at', 'DESC').addOrderBy('p.id', 'DESC');
    if (query.regionPrefix) qb.andWhere('p.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.planType) qb.andWhere('p.plan_type = :planType', { planType: query.planType });
    if (query.category) qb.andWhere('p.category = :category', { category: query.category });
    if (query.subcategory)
      qb.andWhere(
        `(:subcategory = ANY(p.subcategories) OR (p.subcategories = '{}' AND p.category = :ofCategory))`,
        { subcategory: query.subcategory, ofCategory: categoryOfSubcategory(query.subcategory) ?? '' },
      );
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.level) qb.andWhere('p.level = :level', { level: query.level });
    if (query.parentPlanId)
      qb.andWhere('p.parent_plan_id = :parentPlanId', { parentPlanId: query.parentPlanId });
    if (query.titleContains)
      qb.andWhere(`p.title ILIKE :title ESCAPE '\\'`, {
        title: `%${query.titleContains.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    if (query.overdue?.kind === 'EVALUATION')
      qb.andWhere(`p.status = 'ISSUED' AND p.review_due_on < :today::date`, { today: query.overdue.today });
    if (query.overdue?.kind === 'FILING')
      qb.andWhere(
        `p.status <> 'RETIRED' AND EXISTS (SELECT 1 FROM plan_version v WHERE v.plan_id = p.id
           AND v.filed_on IS NULL AND v.filing_due_on < :today::date)`,
        { today: query.overdue.today },
      );
    if (query.ownerOrganisationIds)
      qb.andWhere('p.owner_organisation_id = ANY(:owners::uuid[])', {
        owners: [...query.ownerOrganisationIds],
      });
    return qb;
  }

  insert(manager: EntityManager, plan: Omit<PlanEntity, 'createdAt'>): Promise<PlanEntity> {
    return this.repo(manager).save(this.repo(manager).create(plan));
  }
}
