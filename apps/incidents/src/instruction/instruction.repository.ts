import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import {
  InstructionAssignmentEntity,
  InstructionExtensionEntity,
  InstructionFeedbackEntity,
  InstructionRuleEntity,
  LeaderInstructionEntity,
} from './instruction.entity';

/** An assignment found overdue by the scan, with what its event says. */
export interface OverdueAssignment {
  id: string;
  instructionId: string;
  incidentId: string;
  organisationId: string;
  regionCode: string;
  dueAt: Date;
}

@Injectable()
export class InstructionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  rules(manager?: EntityManager): Promise<InstructionRuleEntity[]> {
    return this.manager(manager)
      .getRepository(InstructionRuleEntity)
      .createQueryBuilder('r')
      .orderBy('r.region_prefix', 'ASC')
      .getMany();
  }

  async setRule(manager: EntityManager, rule: InstructionRuleEntity): Promise<InstructionRuleEntity> {
    await manager.query(
      `INSERT INTO instruction_rule (region_prefix, feedback_working_days, source) VALUES ($1, $2, $3)
       ON CONFLICT (region_prefix) DO UPDATE
       SET feedback_working_days = EXCLUDED.feedback_working_days, source = EXCLUDED.source`,
      [rule.regionPrefix, rule.feedbackWorkingDays, rule.source],
    );
    return rule;
  }

  async insert(
    manager: EntityManager,
    instruction: Omit<LeaderInstructionEntity, 'createdAt'>,
    assignments: readonly InstructionAssignmentEntity[],
  ): Promise<LeaderInstructionEntity> {
    const repository = manager.getRepository(LeaderInstructionEntity);
    const saved = await repository.save(repository.create(instruction));
    await manager.getRepository(InstructionAssignmentEntity).insert([...assignments]);
    return saved;
  }

  findByIds(ids: readonly string[]): Promise<LeaderInstructionEntity[]> {
    return this.dataSource
      .getRepository(LeaderInstructionEntity)
      .createQueryBuilder('i')
      .where('i.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  lock(manager: EntityManager, id: string): Promise<LeaderInstructionEntity | null> {
    return manager
      .getRepository(LeaderInstructionEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.id = :id', { id })
      .getOne();
  }

  findAssignment(id: string, manager?: EntityManager): Promise<InstructionAssignmentEntity | null> {
    return this.manager(manager).getRepository(InstructionAssignmentEntity).findOneBy({ id });
  }

  assignmentsOf(instructionIds: readonly string[], manager?: EntityManager) {
    return this.manager(manager)
      .getRepository(InstructionAssignmentEntity)
      .createQueryBuilder('a')
      .where('a.instruction_id = ANY(:ids::uuid[])', { ids: [...instructionIds] })
      .orderBy('a.position', 'ASC')
      .getMany();
  }

  async updateAssignment(
    manager: EntityManager,
    id: string,
    change: Partial<Pick<InstructionAssignmentEntity, 'status' | 'dueAt' | 'overdueAt'>>,
  ) {
    await manager.getRepository(InstructionAssignmentEntity).update({ id }, change);
  }

  async closeAll(manager: EntityManager, instructionId: string, closedAt: Date, reason: string | null) {
    await manager.getRepository(InstructionAssignmentEntity).update({ instructionId }, { status: 'CLOSED' });
    await manager
      .getRepository(LeaderInstructionEntity)
      .update({ id: instructionId }, { closedAt, closeReason: reason });
  }

  insertFeedback(manager: EntityManager, feedback: InstructionFeedbackEntity) {
    const repository = manager.getRepository(InstructionFeedbackEntity);
    return repository.save(repository.create(feedback));
  }

  feedbackOf(assignmentIds: readonly string[]): Promise<InstructionFeedbackEntity[]> {
    return this.dataSource
      .getRepository(InstructionFeedbackEntity)
      .createQueryBuilder('f')
      .where('f.assignment_id = ANY(:ids::uuid[])', { ids: [...assignmentIds] })
      .orderBy('f.at', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
  }

  insertExtension(manager: EntityManager, extension: InstructionExtensionEntity) {
    const repository = manager.getRepository(InstructionExtensionEntity);
    return repository.save(repository.create(extension));
  }

  pendingExtension(manager: EntityManager, assignmentId: string) {
    return manager.getRepository(InstructionExtensionEntity).findOneBy({ assignmentId, status: 'PENDING' });
  }

  findExtension(id: string, manager?: EntityManager): Promise<InstructionExtensionEntity | null> {
    return this.manager(manager).getRepository(InstructionExtensionEntity).findOneBy({ id });
  }

  async decideExtension(manager: EntityManager, id: string, granted: boolean, at: Date) {
    await manager
      .getRepository(InstructionExtensionEntity)
      .update({ id }, { status: granted ? 'GRANTED' : 'REFUSED', decidedAt: at });
  }

  extensionsOf(assignmentIds: readonly string[]): Promise<InstructionExtensionEntity[]> {
    return this.dataSource
      .getRepository(InstructionExtensionEntity)
      .createQueryBuilder('e')
      .where('e.assignment_id = ANY(:ids::uuid[])', { ids: [...assignmentIds] })
      .orderBy('e.requested_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }

  /** Marks every open assignment past its deadline at `now` overdue, each once; returns those marked. */
  async markOverdue(manager: EntityManager, now: Date): Promise<OverdueAssignment[]> {
    const [rows] = (await manager.query(
      `UPDATE instruction_assignment a SET overdue_at = $1
       FROM leader_instruction i
       WHERE i.id = a.instruction_id AND a.status = 'OPEN' AND a.overdue_at IS NULL AND a.due_at < $1
       RETURNING a.id, a.instruction_id, i.incident_id, a.organisation_id, i.region_code, a.due_at`,
      [now.toISOString()],
    )) as [
      {
        id: string;
        instruction_id: string;
        incident_id: string;
        organisation_id: string;
        region_code: string;
        due_at: Date;
      }[],
      number,
    ];
    return rows.map((r) => ({
      id: r.id,
      instructionId: r.instruction_id,
      incidentId: r.incident_id,
      organisationId: r.organisation_id,
      regionCode: r.region_code,
      dueAt: new Date(r.due_at),
    }));
  }

  /**
   * Keyset page of instructions, newest given first: open ones within a region prefix (past a deadline at `now`
   * when `overdueAt` is given), or an incident's.
   */
  list(
    filter: { regionPrefix?: string; openOnly?: boolean; overdueAt?: Date; incidentId?: string },
    page: Page,
    after?: TimeKey,
  ): Promise<LeaderInstructionEntity[]> {
    const qb = this.dataSource
      .getRepository(LeaderInstructionEntity)
      .createQueryBuilder('i')
      .orderBy('i.given_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(page.limit + 1);
    if (filter.incidentId) qb.andWhere('i.incident_id = :incidentId', { incidentId: filter.incidentId });
    if (filter.openOnly) qb.andWhere('i.closed_at IS NULL');
    if (filter.regionPrefix) qb.andWhere('i.region_code LIKE :prefix', { prefix: `${filter.regionPrefix}%` });
    if (filter.overdueAt) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM instruction_assignment a
                 WHERE a.instruction_id = i.id AND a.status = 'OPEN' AND a.due_at < :now::timestamptz)`,
        { now: filter.overdueAt.toISOString() },
      );
    }
    if (after) {
      qb.andWhere('(i.given_at, i.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    }
    return qb.getMany();
  }

  private ofIncidents(incidentIds: readonly string[]) {
    return this.dataSource
      .getRepository(LeaderInstructionEntity)
      .createQueryBuilder('i')
      .where('i.incident_id = ANY(:incidentIds::uuid[])', { incidentIds: [...incidentIds] })
      .orderBy('i.given_at', 'DESC')
      .addOrderBy('i.id', 'DESC');
  }

  /** The first `limit` instructions of each incident, newest given first, in one statement. */
  firstOfIncidents(incidentIds: readonly string[], limit: number): Promise<LeaderInstructionEntity[]> {
    return firstRowsOfEach(this.ofIncidents(incidentIds), 'i.incident_id', limit).getMany();
  }
}
