import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import {
  InvestigationEntity,
  InvestigationRuleEntity,
  InvestigationTeamMemberEntity,
  RectificationItemEntity,
  type InvestigationStatus,
} from './investigation.entity';

/** A row `UPDATE ... RETURNING` gives back, in its column names. */
interface OverdueInvestigationRow {
  id: string;
  incident_id: string;
  region_code: string;
  grade: string;
  lead_organisation_id: string;
  report_due_on: string;
}

interface OverdueReplyRow {
  id: string;
  incident_id: string;
  region_code: string;
  grade: string;
  lead_organisation_id: string;
  reply_due_on: string;
}

interface OverdueItemRow {
  id: string;
  investigation_id: string;
  incident_id: string;
  region_code: string;
  owner_organisation_id: string;
  due_on: string;
}

@Injectable()
export class InvestigationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  findByIds(ids: readonly string[]): Promise<InvestigationEntity[]> {
    return this.dataSource
      .getRepository(InvestigationEntity)
      .createQueryBuilder('i')
      .where('i.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  ofIncidents(incidentIds: readonly string[]): Promise<InvestigationEntity[]> {
    return this.dataSource
      .getRepository(InvestigationEntity)
      .createQueryBuilder('i')
      .where('i.incident_id = ANY(:ids::uuid[])', { ids: [...incidentIds] })
      .getMany();
  }

  findByIncident(incidentId: string, manager?: EntityManager): Promise<InvestigationEntity | null> {
    return this.manager(manager).getRepository(InvestigationEntity).findOneBy({ incidentId });
  }

  lock(manager: EntityManager, id: string): Promise<InvestigationEntity | null> {
    return manager
      .getRepository(InvestigationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  list(
    query: { regionPrefix: string; status?: InvestigationStatus; after?: TimeKey },
    page: Page,
  ): Promise<InvestigationEntity[]> {
    const qb = this.dataSource
      .getRepository(InvestigationEntity)
      .createQueryBuilder('i')
      .where('i.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` })
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(page.limit + 1);
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    if (query.after) {
      qb.andWhere('(i.created_at, i.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: query.after.at.toISOString(),
        afterId: query.after.id,
      });
    }
    return qb.getMany();
  }

  teamsOf(investigationIds: readonly string[]): Promise<InvestigationTeamMemberEntity[]> {
    return this.dataSource
      .getRepository(InvestigationTeamMemberEntity)
      .createQueryBuilder('t')
      .where('t.investigation_id = ANY(:ids::uuid[])', { ids: [...investigationIds] })
      .orderBy('t.organisation_id')
      .getMany();
  }

  itemsOf(investigationIds: readonly string[]): Promise<RectificationItemEntity[]> {
    return this.dataSource
      .getRepository(RectificationItemEntity)
      .createQueryBuilder('r')
      .where('r.investigation_id = ANY(:ids::uuid[])', { ids: [...investigationIds] })
      .orderBy('r.position')
      .getMany();
  }

  lockItem(manager: EntityManager, id: string): Promise<RectificationItemEntity | null> {
    return manager
      .getRepository(RectificationItemEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The rule in force for a region and category: the longest matching prefix, a category's own before any. */
  async ruleFor(regionCode: string, category: string): Promise<InvestigationRuleEntity> {
    const rule = await this.dataSource
      .getRepository(InvestigationRuleEntity)
      .createQueryBuilder('r')
      .where(`:regionCode LIKE r.region_prefix || '%'`, { regionCode })
      .andWhere('(r.category = :category OR r.category IS NULL)', { category })
      .orderBy('length(r.region_prefix)', 'DESC')
      .addOrderBy('r.category IS NULL', 'ASC')
      .limit(1)
      .getOne();
    if (!rule) throw new Error(`no investigation rule covers ${regionCode}: the national row is missing`);
    return rule;
  }

  rules(): Promise<InvestigationRuleEntity[]> {
    return this.dataSource
      .getRepository(InvestigationRuleEntity)
      .createQueryBuilder('r')
      .orderBy('r.region_prefix')
      .addOrderBy('r.category', 'ASC', 'NULLS FIRST')
      .getMany();
  }

  /** Sets the rule of a region prefix and category, replacing the one before. */
  async upsertRule(manager: EntityManager, rule: Omit<InvestigationRuleEntity, 'id' | 'updatedAt'>) {
    const [row] = (await manager.query(
      `INSERT INTO investigation_rule (region_prefix, category, report_days, max_extension_days, reply_days,
         grade_i_reply_days, grade_i_reply_extension_days, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (region_prefix, coalesce(category, '')) DO UPDATE SET
         report_days = EXCLUDED.report_days, max_extension_days = EXCLUDED.max_extension_days,
         reply_days = EXCLUDED.reply_days, grade_i_reply_days = EXCLUDED.grade_i_reply_days,
         grade_i_reply_extension_days = EXCLUDED.grade_i_reply_extension_days, source = EXCLUDED.source,
         updated_at = now()
       RETURNING id`,
      [
        rule.regionPrefix,
        rule.category,
        rule.reportDays,
        rule.maxExtensionDays,
        rule.replyDays,
        rule.gradeIReplyDays,
        rule.gradeIReplyExtensionDays,
        rule.source,
      ],
    )) as { id: string }[];
    return manager.getRepository(InvestigationRuleEntity).findOneByOrFail({ id: row.id });
  }

  async insert(
    manager: EntityManager,
    investigation: Omit<InvestigationEntity, 'createdAt'>,
    team: InvestigationTeamMemberEntity[],
  ): Promise<InvestigationEntity> {
    const saved = await manager.getRepository(InvestigationEntity).save(investigation);
    await manager.getRepository(InvestigationTeamMemberEntity).insert(team);
    return manager.getRepository(InvestigationEntity).findOneByOrFail({ id: saved.id });
  }

  async update(manager: EntityManager, id: string, changes: Partial<InvestigationEntity>) {
    await manager.getRepository(InvestigationEntity).update({ id }, changes);
    return manager.getRepository(InvestigationEntity).findOneByOrFail({ id });
  }

  async insertItems(manager: EntityManager, items: Omit<RectificationItemEntity, 'createdAt'>[]) {
    if (items.length > 0) await manager.getRepository(RectificationItemEntity).insert(items);
  }

  async updateItem(manager: EntityManager, id: string, changes: Partial<RectificationItemEntity>) {
    await manager.getRepository(RectificationItemEntity).update({ id }, changes);
    return manager.getRepository(RectificationItemEntity).findOneByOrFail({ id });
  }

  /** Marks, once, the reports not submitted whose due date is before `today`; returns those marked. */
  async markOverdueReports(manager: EntityManager, today: string, at: Date) {
    const [rows] = (await manager.query(
      `UPDATE investigation SET report_overdue_at = $2
       WHERE submitted_on IS NULL AND report_overdue_at IS NULL AND report_due_on < $1::date
       RETURNING id, incident_id, region_code, grade, lead_organisation_id, report_due_on::text`,
      [today, at.toISOString()],
    )) as [OverdueInvestigationRow[], number];
    return rows;
  }

  /**
   * Marks, once, the reports awaiting the government's reply whose reply due date (as extended, when it was) is
   * before `today`; returns those marked.
   */
  async markOverdueReplies(manager: EntityManager, today: string, at: Date) {
    const [rows] = (await manager.query(
      `UPDATE investigation SET reply_overdue_at = $2
       WHERE status = 'REPORTED' AND reply_overdue_at IS NULL AND reply_due_on < $1::date
       RETURNING id, incident_id, region_code, grade, lead_organisation_id, reply_due_on::text`,
      [today, at.toISOString()],
    )) as [OverdueReplyRow[], number];
    return rows;
  }

  /** Marks, once, the open rectification items whose due date is before `today`; returns those marked. */
  async markOverdueItems(manager: EntityManager, today: string, at: Date) {
    const [rows] = (await manager.query(
      `UPDATE rectification_item r SET overdue_at = $2
       FROM investigation i
       WHERE i.id = r.investigation_id AND r.status = 'OPEN' AND r.overdue_at IS NULL AND r.due_on < $1::date
       RETURNING r.id, r.investigation_id, i.incident_id, i.region_code, r.owner_organisation_id, r.due_on::text`,
      [today, at.toISOString()],
    )) as [OverdueItemRow[], number];
    return rows;
  }
}
