import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page, TimeKey } from '@emergency/paging';
import {
  AnnualDrillPlanEntity,
  DrillEntity,
  DrillFindingEntity,
  DrillRegimeEntity,
  DrillRuleEntity,
  ImprovementActionEntity,
  PlanRevisionTaskEntity,
  type DrillRegime,
  type DrillStatus,
} from './drill.entity';

export interface DrillQuery {
  regionPrefix?: string;
  organiserOrganisationId?: string;
  planId?: string;
  status?: DrillStatus;
}

/** An organisation as the drill rules see it, with its last drill held on or before the day asked about. */
export interface OrganisationDrillStanding {
  id: string;
  regionCode: string;
  type: string | null;
  regime: DrillRegime | null;
  lastDrillOn: string | null;
}

/** A plan in force with the last drill that exercised it on or before the day asked about. */
export interface PlanDrillStanding {
  id: string;
  regionCode: string;
  planType: string;
  createdOn: string;
  lastDrillOn: string | null;
}

/** An improvement action the overdue scan claimed, with what its event says. */
export interface OverdueActionRow {
  id: string;
  finding_id: string;
  drill_id: string;
  region_code: string;
  owner_organisation_id: string;
  due_on: string;
}

/**
 * The last drill (held or later) an organisation organised, on or before $asOf: the rules bind the organiser
 * (taking part in another's drill does not discharge an organisation's own duty to drill).
 */
const LAST_DRILL_OF_ORGANISATION = `(SELECT max(d.held_on) FROM drill d
  WHERE d.status <> 'PLANNED' AND d.held_on <= $asOf::date AND d.organiser_organisation_id = o.id)::text`;

@Injectable()
export class DrillRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  findByIds(ids: readonly string[]): Promise<DrillEntity[]> {
    return this.dataSource
      .getRepository(DrillEntity)
      .createQueryBuilder('d')
      .where('d.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The drill, locked for the write that changes it. */
  lock(manager: EntityManager, id: string): Promise<DrillEntity | null> {
    return manager
      .getRepository(DrillEntity)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
  }

  list(query: DrillQuery, page: Page, after?: TimeKey): Promise<DrillEntity[]> {
    const qb = this.dataSource
      .getRepository(DrillEntity)
      .createQueryBuilder('d')
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .limit(page.limit + 1);
    if (query.regionPrefix) qb.andWhere('d.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.organiserOrganisationId)
      qb.andWhere('d.organiser_organisation_id = :organiser', { organiser: query.organiserOrganisationId });
    if (query.planId) qb.andWhere(':planId = ANY(d.plan_ids)', { planId: query.planId });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (after) qb.andWhere('(d.created_at, d.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.getMany();
  }

  save<T extends object>(manager: EntityManager, entity: { new (): T }, row: Partial<T>): Promise<T> {
    const repo = manager.getRepository(entity);
    return repo.save(repo.create(row as T));
  }

  findingsOf(drillIds: readonly string[]): Promise<DrillFindingEntity[]> {
    return this.dataSource
      .getRepository(DrillFindingEntity)
      .createQueryBuilder('f')
      .where('f.drill_id = ANY(:ids::uuid[])', { ids: [...drillIds] })
      .orderBy('f.created_at')
      .addOrderBy('f.id')
      .getMany();
  }

  actionsOf(findingIds: readonly string[]): Promise<ImprovementActionEntity[]> {
    return this.dataSource
      .getRepository(ImprovementActionEntity)
      .createQueryBuilder('a')
      .where('a.finding_id = ANY(:ids::uuid[])', { ids: [...findingIds] })
      .orderBy('a.due_on')
      .addOrderBy('a.id')
      .getMany();
  }

  tasksOfFindings(findingIds: readonly string[]): Promise<PlanRevisionTaskEntity[]> {
    return this.dataSource
      .getRepository(PlanRevisionTaskEntity)
      .createQueryBuilder('t')
      .where('t.finding_id = ANY(:ids::uuid[])', { ids: [...findingIds] })
      .getMany();
  }

  tasksOfPlans(planIds: readonly string[]): Promise<PlanRevisionTaskEntity[]> {
    return this.dataSource
      .getRepository(PlanRevisionTaskEntity)
      .createQueryBuilder('t')
      .where('t.plan_id = ANY(:ids::uuid[])', { ids: [...planIds] })
      .orderBy('t.opened_at')
      .addOrderBy('t.id')
      .getMany();
  }

  lockAction(manager: EntityManager, id: string): Promise<ImprovementActionEntity | null> {
    return manager
      .getRepository(ImprovementActionEntity)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .where('a.id = :id', { id })
      .getOne();
  }

  lockTask(manager: EntityManager, id: string): Promise<PlanRevisionTaskEntity | null> {
    return manager
      .getRepository(PlanRevisionTaskEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  annualPlan(organisationId: string, year: number): Promise<AnnualDrillPlanEntity | null> {
    return this.dataSource.getRepository(AnnualDrillPlanEntity).findOneBy({ organisationId, year });
  }

  /** Every drill rule: a small table, read whole so the most specific prefix can be picked per region. */
  rules(manager?: EntityManager): Promise<DrillRuleEntity[]> {
    return this.manager(manager)
      .getRepository(DrillRuleEntity)
      .find({ order: { regionPrefix: 'ASC', subject: 'ASC', subjectValue: 'ASC' } });
  }

  async replaceRules(
    manager: EntityManager,
    regionPrefix: string,
    rules: readonly Omit<DrillRuleEntity, 'id' | 'regionPrefix'>[],
  ): Promise<DrillRuleEntity[]> {
    await manager.getRepository(DrillRuleEntity).delete({ regionPrefix });
    const rows = rules.map((rule) => ({ ...rule, id: randomUUID(), regionPrefix }));
    if (rows.length > 0) await manager.getRepository(DrillRuleEntity).insert(rows);
    return rows;
  }

  regimeOf(organisationId: string): Promise<DrillRegimeEntity | null> {
    return this.dataSource.getRepository(DrillRegimeEntity).findOneBy({ organisationId });
  }

  async setRegime(manager: EntityManager, organisationId: string, regime: DrillRegime | null, at: Date) {
    if (regime === null) await manager.getRepository(DrillRegimeEntity).delete({ organisationId });
    else
      await manager
        .getRepository(DrillRegimeEntity)
        .upsert({ organisationId, regime, setAt: at }, ['organisationId']);
  }

  /** Active organisations in the region (or those of `ids`), with their type, regime and last drill by `asOf`. */
  async organisationStandings(
    where: { regionPrefix: string } | { ids: readonly string[] },
    asOf: string,
  ): Promise<OrganisationDrillStanding[]> {
    const byIds = 'ids' in where;
    const rows: {
      id: string;
      region_code: string;
      type: string | null;
      regime: DrillRegime | null;
      last_drill_on: string | null;
    }[] = await this.dataSource.query(
      `SELECT o.id, o.region_code, o.type, r.regime, ${LAST_DRILL_OF_ORGANISATION.replace('$asOf', '$2')} AS last_drill_on
         FROM known_organisation o LEFT JOIN drill_regime r ON r.organisation_id = o.id
        WHERE o.status = 'ACTIVE' AND ${byIds ? 'o.id = ANY($1::uuid[])' : 'o.region_code LIKE $1'}
        ORDER BY o.id`,
      [byIds ? [...where.ids] : `${where.regionPrefix}%`, asOf],
    );
    return rows.map((r) => ({
      id: r.id,
      regionCode: r.region_code,
      type: r.type,
      regime: r.regime,
      lastDrillOn: r.last_drill_on,
    }));
  }

  /** Plans in force in the region, of `planTypes`, with the last drill that exercised each by `asOf`. */
  async planStandings(
    regionPrefix: string,
    planTypes: readonly string[],
    asOf: string,
  ): Promise<PlanDrillStanding[]> {
    const rows: {
      id: string;
      region_code: string;
      plan_type: string;
      created_on: string;
      last_drill_on: string | null;
    }[] = await this.dataSource.query(
      `SELECT p.id, p.region_code, p.plan_type, (p.created_at AT TIME ZONE 'Asia/Shanghai')::date::text AS created_on,
              (SELECT max(d.held_on) FROM drill d
                WHERE d.status <> 'PLANNED' AND d.held_on <= $3::date AND p.id = ANY (d.plan_ids))::text AS last_drill_on
         FROM contingency_plan p
        WHERE p.status = 'ISSUED' AND p.region_code LIKE $1 AND p.plan_type = ANY ($2::text[])
        ORDER BY p.id`,
      [`${regionPrefix}%`, [...planTypes], asOf],
    );
    return rows.map((r) => ({
      id: r.id,
      regionCode: r.region_code,
      planType: r.plan_type,
      createdOn: r.created_on,
      lastDrillOn: r.last_drill_on,
    }));
  }

  /** Open actions of drills in the region due before `asOf`, soonest due first. */
  openPastDeadline(
    regionPrefix: string,
    asOf: string,
    page: Page,
    after?: readonly string[],
  ): Promise<ImprovementActionEntity[]> {
    const qb = this.dataSource
      .getRepository(ImprovementActionEntity)
      .createQueryBuilder('a')
      .where(`a.status = 'OPEN' AND a.due_on < :asOf::date`, { asOf })
      .andWhere('a.region_code LIKE :prefix', { prefix: `${regionPrefix}%` })
      .orderBy('a.due_on')
      .addOrderBy('a.id')
      .limit(page.limit + 1);
    if (after)
      qb.andWhere('(a.due_on, a.id) > (:afterDue::date, :afterId::uuid)', {
        afterDue: after[0],
        afterId: after[1],
      });
    return qb.getMany();
  }

  /** Actions of `owners` due inside the period (inclusive), for the findings-closed indicator. */
  actionsDueIn(owners: readonly string[], from: string, to: string): Promise<ImprovementActionEntity[]> {
    return this.dataSource
      .getRepository(ImprovementActionEntity)
      .createQueryBuilder('a')
      .where('a.owner_organisation_id = ANY(:owners::uuid[])', { owners: [...owners] })
      .andWhere('a.due_on BETWEEN :from::date AND :to::date', { from, to })
      .orderBy('a.due_on')
      .addOrderBy('a.id')
      .getMany();
  }

  /** Claims open actions due before `today` not yet announced, once each. */
  markOverdueActions(manager: EntityManager, today: string, now: Date): Promise<OverdueActionRow[]> {
    return manager
      .query(
        `UPDATE improvement_action SET overdue_announced_at = $2
          WHERE status = 'OPEN' AND due_on < $1::date AND overdue_announced_at IS NULL
          RETURNING id, finding_id, drill_id, region_code, owner_organisation_id, due_on::text AS due_on`,
        [today, now],
      )
      .then((result: [OverdueActionRow[], number]) => result[0]);
  }
}
