import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { IncidentCategory, IncidentSeverity, IncidentStatus } from './incident.entity';
import type { GradingMetric } from './incident-grading-rules';

/** How a grade came to be: the first decision confirms or overrides the suggestion, later ones regrade. */
export const GRADE_DECISION_KINDS = ['CONFIRMED', 'OVERRIDDEN', 'REGRADED'] as const;
export type GradeDecisionKind = (typeof GRADE_DECISION_KINDS)[number];

/** One grading criterion of a jurisdiction ('' national, '42' Hubei, '4211' Huanggang, '421121' Tuanfeng). */
@Entity('grading_rule')
export class GradingRuleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('text')
  category!: IncidentCategory;

  /** Null: the rule applies to the whole category. */
  @Column('text', { nullable: true })
  subcategory!: string | null;

  @Column('text')
  grade!: IncidentSeverity;

  @Column('text')
  metric!: GradingMetric;

  @Column('bigint', { transformer: bigintColumn })
  minimum!: bigint;

  @Column('text')
  source!: string;
}

/** How long after an incident occurred its grade may be changed, per category (and subcategory) and region. */
@Entity('regrading_window')
export class RegradingWindowEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('text')
  category!: IncidentCategory;

  @Column('text', { nullable: true })
  subcategory!: string | null;

  @Column('integer')
  days!: number;

  @Column('text')
  source!: string;
}

@Entity('incident_grade_decision')
export class IncidentGradeDecisionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('text')
  grade!: IncidentSeverity;

  @Column('text', { name: 'previous_grade' })
  previousGrade!: IncidentSeverity;

  @Column('text', { name: 'suggested_grade', nullable: true })
  suggestedGrade!: IncidentSeverity | null;

  @Column('text')
  kind!: GradeDecisionKind;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('text', { name: 'decided_by' })
  decidedBy!: string;

  @Column('timestamptz', { name: 'decided_at' })
  decidedAt!: Date;
}

/** A response level in force from `declaredAt` until lifted or replaced by another level (`liftedAt`). */
@Entity('incident_response')
export class IncidentResponseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('text')
  level!: IncidentSeverity;

  @Column('uuid', { name: 'declaring_organisation_id' })
  declaringOrganisationId!: string;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('timestamptz', { name: 'declared_at' })
  declaredAt!: Date;

  @Column('text', { name: 'declared_by' })
  declaredBy!: string;

  @Column('timestamptz', { name: 'lifted_at', nullable: true })
  liftedAt!: Date | null;

  @Column('text', { name: 'lifted_by', nullable: true })
  liftedBy!: string | null;

  @Column('text', { name: 'lift_reason', nullable: true })
  liftReason!: string | null;
}

@Entity('incident_status_change')
export class IncidentStatusChangeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('text', { name: 'from_status' })
  from!: IncidentStatus;

  @Column('text', { name: 'to_status' })
  to!: IncidentStatus;

  @Column('text')
  reason!: string;

  @Column('text', { name: 'changed_by' })
  changedBy!: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}
