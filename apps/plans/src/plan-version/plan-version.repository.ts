import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page } from '@emergency/paging';
import { PlanEntity } from '../plan/plan.entity';
import {
  PlanCycleRuleEntity,
  PlanEvaluationEntity,
  PlanVersionEntity,
  type PlanOverdueKind,
} from './plan-version.entity';

/** A plan overdue for filing (one row per issued version not filed) or for evaluation. */
export interface OverdueRow {
  plan_id: string;
  kind: PlanOverdueKind;
  due_on: string;
  version: number | null;
}

/** A plan's owner and region, with the facts an overdue announcement carries. */
export interface MarkedFiling {
  plan_id: string;
  version: number;
  filing_due_on: string;
  owner_organisation_id: string;
  region_code: string;
  plan_type: PlanEntity['planType'];
}
export interface MarkedEvaluation {
  id: string;
  review_due_on: string;
  owner_organisation_id: string;
  region_code: string;
  plan_type: PlanEntity['planType'];
}

/** An obligation's due date and when it was done, per owner, for the compliance indicators. */
export interface ObligationRow {
  owner_organisation_id: string;
  plan_id: string;
  due_on: string;
  done_on: string | null;
}

@Injectable()
export class PlanVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  // ---- versions

  /** Every version of `planId` that is open (draft or approved) or issued, locked when a manager is given. */
  liveVersions(planIds: readonly string[], manager?: EntityManager): Promise<PlanVersionEntity[]> {
    const qb = this.manager(manager)
      .getRepository(PlanVersionEntity)
      .createQueryBuilder('v')
      .where('v.plan_id = ANY(:ids::uuid[])', { ids: [...planIds] })
      .andWhere(`v.status IN ('DRAFT', 'APPROVED', 'ISSUED')`)
      .orderBy('v.version', 'DESC');
    if (manager) qb.setLock('pessimistic_write');
    return qb.getMany();
  }

  version(manager: EntityManager, planId: string, version: number): Promise<PlanVersionEntity | null> {
    return manager
      .getRepository(PlanVersionEntity)
      .createQueryBuilder('v')
      .where('v.plan_id = :planId AND v.version = :version', { planId, version })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The number of `planId`'s version in force, 0 when none was ever issued. */
  async versionInForce(manager: EntityManager, planId: string): Promise<number> {
    const row = await manager.query<{ version: number | null }[]>(
      `SELECT max(version) AS version FROM plan_version WHERE plan_id = $1 AND status = 'ISSUED'`,
      [planId],
    );
    return row[0]?.version ?? 0;
  }

  async newestVersionNumber(manager: EntityManager, planId: string): Promise<number> {
    const row = await manager.query<{ max: number | null }[]>(
      `SELECT max(version) AS max FROM plan_version WHERE plan_id = $1`,
      [planId],
    );
    return row[0]?.max ?? 0;
  }

  private versionsQuery(planIds: readonly string[]) {
    return this.dataSource.manager
      .getRepository(PlanVersionEntity)
      .createQueryBuilder('v')
      .where('v.plan_id = ANY(:planIds::uuid[])', { planIds: [...planIds] })
      .orderBy('v.version', 'DESC');
  }

  /** A plan's versions, newest first, after version `before` when given. */
  versionsOf(planId: string, page: Page, before?: number): Promise<PlanVersionEntity[]> {
    const qb = this.versionsQuery([planId]).limit(page.limit + 1);
    if (before !== undefined) qb.andWhere('v.version < :before', { before });
    return qb.getMany();
  }

  /** The newest `limit` versions of each plan, in one statement. */
  newestVersionsOf(planIds: readonly string[], limit: number): Promise<PlanVersionEntity[]> {
    return firstRowsOfEach(this.versionsQuery(planIds), 'v.plan_id', limit).getMany();
  }

  saveVersion(manager: EntityManager, version: PlanVersionEntity): Promise<PlanVersionEntity> {
    return manager.getRepository(PlanVersionEntity).save(version);
  }

  insertVersion(
    manager: EntityManager,
    version: Omit<PlanVersionEntity, 'createdAt'>,
  ): Promise<PlanVersionEntity> {
    const repo = manager.getRepository(PlanVersionEntity);
    return repo.save(repo.create(version));
  }

  // ---- evaluations

  private evaluationsQuery(planIds: readonly string[]) {
    return this.dataSource.manager
      .getRepository(PlanEvaluationEntity)
      .createQueryBuilder('e')
      .where('e.plan_id = ANY(:planIds::uuid[])', { planIds: [...planIds] })
      .orderBy('e.evaluated_on', 'DESC')
      .addOrderBy('e.id', 'DESC');
  }

  evaluationsOf(planId: string, page: Page, after?: string[]): Promise<PlanEvaluationEntity[]> {
    const qb = this.evaluationsQuery([planId]).limit(page.limit + 1);
    if (after) qb.andWhere('(e.evaluated_on, e.id) < (:on::date, :id::uuid)', { on: after[0], id: after[1] });
    return qb.getMany();
  }

  newestEvaluationsOf(planIds: readonly string[], limit: number): Promise<PlanEvaluationEntity[]> {
    return firstRowsOfEach(this.evaluationsQuery(planIds), 'e.plan_id', limit).getMany();
  }

  insertEvaluation(
    manager: EntityManager,
    evaluation: Omit<PlanEvaluationEntity, 'createdAt'>,
  ): Promise<PlanEvaluationEntity> {
    const repo = manager.getRepository(PlanEvaluationEntity);
    return repo.save(repo.create(evaluation));
  }

  // ---- the plan row

  lockPlan(manager: EntityManager, planId: string): Promise<PlanEntity | null> {
    return manager
      .getRepository(PlanEntity)
      .createQueryBuilder('p')
      .where('p.id = :planId', { planId })
      .setLock('pessimistic_write')
      .getOne();
  }

  savePlan(manager: EntityManager, plan: PlanEntity): Promise<PlanEntity> {
    return manager.getRepository(PlanEntity).save(plan);
  }

  // ---- rules

  rules(manager?: EntityManager): Promise<PlanCycleRuleEntity[]> {
    return this.manager(manager)
      .getRepository(PlanCycleRuleEntity)
      .find({ order: { regionPrefix: 'ASC', planType: 'ASC' } });
  }

  async replaceRules(
    manager: EntityManager,
    regionPrefix: string,
    rules: readonly PlanCycleRuleEntity[],
  ): Promise<void> {
    await manager.query(`DELETE FROM plan_cycle_rule WHERE region_prefix = $1`, [regionPrefix]);
    if (rules.length > 0) await manager.getRepository(PlanCycleRuleEntity).insert([...rules]);
  }

  // ---- overdue

  /**
   * Plans in `regionPrefix` overdue on `today`: issued versions not filed by their due date (FILING) and plans in
   * force not evaluated by theirs (EVALUATION); retired plans owe nothing. Ordered by due date, plan and kind.
   */
  overdue(
    regionPrefix: string,
    kind: PlanOverdueKind | undefined,
    today: string,
    page: Page,
    after?: string[],
  ): Promise<OverdueRow[]> {
    const params: unknown[] = [`${regionPrefix}%`, today, page.limit + 1];
    let cursor = '';
    if (after) {
      params.push(after[0], after[1], after[2], after[3]);
      cursor = `WHERE (o.due_on, o.plan_id, o.kind, coalesce(o.version, 0)) > ($4::date, $5::uuid, $6::text, $7::int)`;
    }
    const filing = `
      SELECT v.plan_id, 'FILING'::text AS kind, v.filing_due_on AS due_on, v.version
        FROM plan_version v JOIN contingency_plan p ON p.id = v.plan_id
       WHERE p.region_code LIKE $1 AND p.status <> 'RETIRED'
         AND v.filed_on IS NULL AND v.filing_due_on < $2::date`;
    const evaluation = `
      SELECT p.id AS plan_id, 'EVALUATION'::text AS kind, p.review_due_on AS due_on, NULL::int AS version
        FROM contingency_plan p
       WHERE p.region_code LIKE $1 AND p.status = 'ISSUED' AND p.review_due_on < $2::date`;
    const union =
      kind === 'FILING' ? filing : kind === 'EVALUATION' ? evaluation : `${filing} UNION ALL ${evaluation}`;
    return this.dataSource.query(
      `SELECT o.plan_id, o.kind, to_char(o.due_on, 'YYYY-MM-DD') AS due_on, o.version
         FROM (${union}) o ${cursor}
        ORDER BY o.due_on, o.plan_id, o.kind, coalesce(o.version, 0)
        LIMIT $3`,
      params,
    );
  }

  /** Marks issued versions not filed by their due date (before `today`) once; returns them. */
  async markOverdueFilings(manager: EntityManager, today: string, now: Date): Promise<MarkedFiling[]> {
    const [rows] = await manager.query<[MarkedFiling[], number]>(
      `UPDATE plan_version v SET filing_overdue_at = $2
         FROM contingency_plan p
        WHERE p.id = v.plan_id AND p.status <> 'RETIRED'
          AND v.filed_on IS NULL AND v.filing_overdue_at IS NULL AND v.filing_due_on < $1::date
        RETURNING v.plan_id, v.version, to_char(v.filing_due_on, 'YYYY-MM-DD') AS filing_due_on,
                  p.owner_organisation_id, p.region_code, p.plan_type`,
      [today, now],
    );
    return rows;
  }

  /** Marks plans in force not evaluated by their due date (before `today`) once per due date; returns them. */
  async markOverdueEvaluations(
    manager: EntityManager,
    today: string,
    now: Date,
  ): Promise<MarkedEvaluation[]> {
    const [rows] = await manager.query<[MarkedEvaluation[], number]>(
      `UPDATE contingency_plan SET evaluation_overdue_at = $2
        WHERE status = 'ISSUED' AND evaluation_overdue_at IS NULL AND review_due_on < $1::date
        RETURNING id, to_char(review_due_on, 'YYYY-MM-DD') AS review_due_on,
                  owner_organisation_id, region_code, plan_type`,
      [today, now],
    );
    return rows;
  }

  // ---- indicators

  /** Filing obligations of the owners' plans due between `from` and `to`. */
  filingObligations(ownerIds: readonly string[], from: string, to: string): Promise<ObligationRow[]> {
    return this.dataSource.query(
      `SELECT p.owner_organisation_id, p.id AS plan_id,
              to_char(v.filing_due_on, 'YYYY-MM-DD') AS due_on, to_char(v.filed_on, 'YYYY-MM-DD') AS done_on
         FROM plan_version v JOIN contingency_plan p ON p.id = v.plan_id
        WHERE p.owner_organisation_id = ANY($1::uuid[])
          AND v.filing_due_on BETWEEN $2::date AND $3::date`,
      [[...ownerIds], from, to],
    );
  }

  /**
   * Evaluation obligations of the owners' plans due up to `to`: each evaluation recorded (the due date it answered
   * and when), and each plan in force with its open due date.
   */
  evaluationObligations(ownerIds: readonly string[], to: string): Promise<ObligationRow[]> {
    return this.dataSource.query(
      `SELECT p.owner_organisation_id, p.id AS plan_id,
              to_char(e.due_on, 'YYYY-MM-DD') AS due_on, to_char(e.evaluated_on, 'YYYY-MM-DD') AS done_on
         FROM plan_evaluation e JOIN contingency_plan p ON p.id = e.plan_id
        WHERE p.owner_organisation_id = ANY($1::uuid[]) AND e.due_on <= $2::date
       UNION ALL
       SELECT p.owner_organisation_id, p.id, to_char(p.review_due_on, 'YYYY-MM-DD'), NULL
         FROM contingency_plan p
        WHERE p.owner_organisation_id = ANY($1::uuid[]) AND p.status = 'ISSUED'
          AND p.review_due_on <= $2::date`,
      [[...ownerIds], to],
    );
  }
}
