import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { PlanEntity } from '../plan/plan.entity';
import {
  ActivationThresholdEntity,
  KnownIncidentEntity,
  PlanActivationEntity,
  type PlanDeactivationReason,
} from './activation.entity';

@Injectable()
export class ActivationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  /** The incident, locked for the rest of the caller's transaction. */
  findIncidentForUpdate(manager: EntityManager, id: string): Promise<KnownIncidentEntity | null> {
    return manager
      .getRepository(KnownIncidentEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.id = :id', { id })
      .getOne();
  }

  findIncidents(ids: readonly string[]): Promise<KnownIncidentEntity[]> {
    return this.dataSource
      .getRepository(KnownIncidentEntity)
      .createQueryBuilder('i')
      .where('i.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  async saveIncident(manager: EntityManager, incident: KnownIncidentEntity): Promise<void> {
    await manager.query(
      `INSERT INTO known_incident (id, region_code, category, subcategory, grade, response_level, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET region_code = EXCLUDED.region_code, category = EXCLUDED.category,
         subcategory = EXCLUDED.subcategory, grade = EXCLUDED.grade, response_level = EXCLUDED.response_level,
         status = EXCLUDED.status, updated_at = now()`,
      [
        incident.id,
        incident.regionCode,
        incident.category,
        incident.subcategory,
        incident.grade,
        incident.responseLevel,
        incident.status,
      ],
    );
  }

  /**
   * The incidents a change of `planId` may start or stand it down for: those with a level in force (a response, or a
   * grade before any response was lifted) and those it is in force for; locked, as the projector locks them.
   */
  incidentsToRematch(manager: EntityManager, planId: string): Promise<KnownIncidentEntity[]> {
    return manager
      .getRepository(KnownIncidentEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where(
        `(i.response_level IS NOT NULL OR (i.status <> 'RECOVERY' AND i.grade IS NOT NULL))
         OR EXISTS (SELECT 1 FROM plan_activation a
                    WHERE a.incident_id = i.id AND a.plan_id = :planId AND a.deactivated_at IS NULL)`,
        { planId },
      )
      .orderBy('i.id')
      .getMany();
  }

  /** Plans in force written for the category (or for every category); region and level are matched by the rules. */
  plansInForce(manager: EntityManager, category: string): Promise<PlanEntity[]> {
    return manager
      .getRepository(PlanEntity)
      .createQueryBuilder('p')
      .where(`p.status = 'ISSUED'`)
      .andWhere('(p.category IS NULL OR p.category = :category)', { category })
      .getMany();
  }

  findPlans(ids: readonly string[], manager?: EntityManager): Promise<PlanEntity[]> {
    return this.manager(manager)
      .getRepository(PlanEntity)
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  thresholds(manager?: EntityManager): Promise<ActivationThresholdEntity[]> {
    return this.manager(manager)
      .getRepository(ActivationThresholdEntity)
      .createQueryBuilder('t')
      .orderBy('t.region_prefix', 'ASC')
      .addOrderBy('t.plan_level', 'ASC')
      .getMany();
  }

  /** Replaces a jurisdiction's whole set of thresholds. */
  async replaceThresholds(
    manager: EntityManager,
    regionPrefix: string,
    rows: readonly ActivationThresholdEntity[],
  ): Promise<void> {
    await manager.query(`DELETE FROM plan_activation_threshold WHERE region_prefix = $1`, [regionPrefix]);
    if (rows.length > 0) await manager.getRepository(ActivationThresholdEntity).insert([...rows]);
  }

  /** The activations in force of each of `incidentIds`, oldest first. */
  inForceOf(incidentIds: readonly string[], manager?: EntityManager): Promise<PlanActivationEntity[]> {
    return this.manager(manager)
      .getRepository(PlanActivationEntity)
      .createQueryBuilder('a')
      .where('a.incident_id = ANY(:ids::uuid[])', { ids: [...incidentIds] })
      .andWhere('a.deactivated_at IS NULL')
      .orderBy('a.activated_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getMany();
  }

  async insertActivation(manager: EntityManager, activation: PlanActivationEntity): Promise<void> {
    await manager.getRepository(PlanActivationEntity).insert(activation);
  }

  async deactivate(
    manager: EntityManager,
    id: string,
    at: Date,
    reason: PlanDeactivationReason,
    eventId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE plan_activation SET deactivated_at = $2, deactivation_reason = $3, deactivating_event_id = $4
       WHERE id = $1 AND deactivated_at IS NULL`,
      [id, at, reason, eventId],
    );
  }

  /** A plan's activations, newest first; keyset page. */
  ofPlan(planId: string, regionPrefix: string, page: Page, after?: TimeKey): Promise<PlanActivationEntity[]> {
    const qb = this.query([planId], regionPrefix).limit(page.limit + 1);
    if (after) qb.andWhere('(a.activated_at, a.id) < (:at, :id)', { at: after.at, id: after.id });
    return qb.getMany();
  }

  /** The newest `limit` activations of each of `planIds`, in one statement. */
  newestOfPlans(
    planIds: readonly string[],
    regionPrefix: string,
    limit: number,
  ): Promise<PlanActivationEntity[]> {
    return firstRowsOfEach(this.query(planIds, regionPrefix), 'a.plan_id', limit).getMany();
  }

  private query(planIds: readonly string[], regionPrefix: string) {
    return this.dataSource
      .getRepository(PlanActivationEntity)
      .createQueryBuilder('a')
      .where('a.plan_id = ANY(:planIds::uuid[])', { planIds: [...planIds] })
      .andWhere('a.region_code LIKE :prefix', { prefix: `${regionPrefix}%` })
      .orderBy('a.activated_at', 'DESC')
      .addOrderBy('a.id', 'DESC');
  }
}
