import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { IncidentCategory, IncidentEntity } from './incident.entity';
import { regionPrefixes, type GradingCriterion, type GradingScope } from './incident-grading-rules';
import {
  GradingRuleEntity,
  IncidentGradeDecisionEntity,
  IncidentResponseEntity,
  IncidentStatusChangeEntity,
  RegradingWindowEntity,
} from './incident-lifecycle.entities';

@Injectable()
export class IncidentLifecycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /**
   * Every rule that may be in force for any of `scopes` (their categories, under any prefix of their regions), in one
   * statement; `rulesInForce` picks each scope's set.
   */
  candidateRules(scopes: readonly GradingScope[], manager?: EntityManager): Promise<GradingRuleEntity[]> {
    return this.manager(manager)
      .getRepository(GradingRuleEntity)
      .createQueryBuilder('r')
      .where('r.category = ANY(:categories::text[])', {
        categories: [...new Set(scopes.map((s) => s.category))],
      })
      .andWhere('r.region_prefix = ANY(:prefixes::text[])', {
        prefixes: [...new Set(scopes.flatMap((s) => regionPrefixes(s.regionCode)))],
      })
      .orderBy('r.region_prefix', 'ASC')
      .addOrderBy('r.grade', 'ASC')
      .addOrderBy('r.metric', 'ASC')
      .getMany();
  }

  /** Replaces a jurisdiction's rule set for a category (or one subcategory), one replacement at a time. */
  async replaceRules(
    manager: EntityManager,
    key: { regionPrefix: string; category: IncidentCategory; subcategory: string | null },
    criteria: readonly GradingCriterion[],
  ): Promise<GradingRuleEntity[]> {
    const repo = manager.getRepository(GradingRuleEntity);
    // Two replacements of one set wait for each other instead of both inserting after both deleted.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `grading_rule:${key.regionPrefix}:${key.category}:${key.subcategory ?? ''}`,
    ]);
    await repo.delete({ ...key, subcategory: key.subcategory ?? IsNull() });
    const rows = criteria.map((c) => repo.create({ id: randomUUID(), ...key, ...c }));
    return repo.save(rows);
  }

  /** The regrading window in force for `scope`: its subcategory's before its category's, the longest prefix first. */
  async regradingWindow(scope: GradingScope, manager: EntityManager): Promise<RegradingWindowEntity | null> {
    return manager
      .getRepository(RegradingWindowEntity)
      .createQueryBuilder('w')
      .where('w.category = :category', { category: scope.category })
      .andWhere('w.region_prefix = ANY(:prefixes::text[])', { prefixes: regionPrefixes(scope.regionCode) })
      .andWhere('(w.subcategory IS NULL OR w.subcategory = :subcategory)', {
        subcategory: scope.subcategory ?? '',
      })
      .orderBy('(w.subcategory IS NOT NULL)', 'DESC')
      .addOrderBy('length(w.region_prefix)', 'DESC')
      .getOne();
  }

  hasGradeDecision(manager: EntityManager, incidentId: string): Promise<boolean> {
    return manager.getRepository(IncidentGradeDecisionEntity).exists({ where: { incidentId } });
  }

  insertDecision(manager: EntityManager, row: IncidentGradeDecisionEntity) {
    return manager.getRepository(IncidentGradeDecisionEntity).save(row);
  }

  activeResponse(manager: EntityManager, incidentId: string): Promise<IncidentResponseEntity | null> {
    return manager.getRepository(IncidentResponseEntity).findOneBy({ incidentId, liftedAt: IsNull() });
  }

  async closeResponse(
    manager: EntityManager,
    response: IncidentResponseEntity,
    change: { liftedAt: Date; liftedBy: string; liftReason: string | null },
  ): Promise<void> {
    await manager.getRepository(IncidentResponseEntity).update({ id: response.id }, change);
    Object.assign(response, change);
  }

  insertResponse(manager: EntityManager, row: IncidentResponseEntity) {
    return manager.getRepository(IncidentResponseEntity).save(row);
  }

  async changeStatus(
    manager: EntityManager,
    incident: IncidentEntity,
    change: Omit<IncidentStatusChangeEntity, 'id' | 'incidentId' | 'from'>,
  ): Promise<IncidentStatusChangeEntity> {
    const row = manager.getRepository(IncidentStatusChangeEntity).create({
      id: randomUUID(),
      incidentId: incident.id,
      from: incident.status,
      ...change,
    });
    await manager.getRepository(IncidentStatusChangeEntity).save(row);
    await manager.query(`UPDATE incident SET status = $2 WHERE id = $1`, [incident.id, change.to]);
    incident.status = change.to;
    return row;
  }

  async setSeverity(manager: EntityManager, incident: IncidentEntity, grade: IncidentEntity['severity']) {
    await manager.query(`UPDATE incident SET severity = $2 WHERE id = $1`, [incident.id, grade]);
    incident.severity = grade;
  }

  /** Of many incidents, oldest first (in the order written). */
  decisionsOf(incidentIds: readonly string[]) {
    return this.dataSource
      .getRepository(IncidentGradeDecisionEntity)
      .createQueryBuilder('d')
      .where('d.incident_id = ANY(:ids::uuid[])', { ids: [...incidentIds] })
      .orderBy('d.seq', 'ASC')
      .getMany();
  }

  responsesOf(incidentIds: readonly string[]) {
    return this.dataSource
      .getRepository(IncidentResponseEntity)
      .createQueryBuilder('r')
      .where('r.incident_id = ANY(:ids::uuid[])', { ids: [...incidentIds] })
      .orderBy('r.seq', 'ASC')
      .getMany();
  }

  statusChangesOf(incidentIds: readonly string[]) {
    return this.dataSource
      .getRepository(IncidentStatusChangeEntity)
      .createQueryBuilder('s')
      .where('s.incident_id = ANY(:ids::uuid[])', { ids: [...incidentIds] })
      .orderBy('s.seq', 'ASC')
      .getMany();
  }
}
