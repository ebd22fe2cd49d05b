import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlanLevel } from '../plan/plan.entity';
import type { IncidentLevel, KnownIncidentStatus } from './activation-rules';

export type PlanDeactivationReason = 'RESPONSE_LIFTED' | 'LEVEL_BELOW_THRESHOLD' | 'NO_LONGER_APPLIES';

/** An incident as the incidents topic described it: where, what, its grade, the response level in force. */
@Entity('known_incident')
export class KnownIncidentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text')
  category!: string;

  @Column('text', { nullable: true })
  subcategory!: string | null;

  @Column('text', { nullable: true })
  grade!: IncidentLevel | null;

  /** The response level in force; null before a declaration and once lifted. */
  @Column('text', { name: 'response_level', nullable: true })
  responseLevel!: IncidentLevel | null;

  @Column('text')
  status!: KnownIncidentStatus;
}

/** A plan started for an incident, until it stood down. */
@Entity('plan_activation')
export class PlanActivationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('uuid', { name: 'plan_id' })
  planId!: string;

  /** The incident's region, for jurisdiction. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** The incident's level in force when the plan was started. */
  @Column('text')
  level!: IncidentLevel;

  @Column('timestamptz', { name: 'activated_at' })
  activatedAt!: Date;

  /** The incidents event type that started it. */
  @Column('text', { name: 'triggered_by' })
  triggeredBy!: string;

  @Column('uuid', { name: 'triggering_event_id' })
  triggeringEventId!: string;

  @Column('timestamptz', { name: 'deactivated_at', nullable: true })
  deactivatedAt!: Date | null;

  @Column('text', { name: 'deactivation_reason', nullable: true })
  deactivationReason!: PlanDeactivationReason | null;

  @Column('uuid', { name: 'deactivating_event_id', nullable: true })
  deactivatingEventId!: string | null;
}

/** For a plan level in a jurisdiction, the lowest incident level at which its plans are started. */
@Entity('plan_activation_threshold')
export class ActivationThresholdEntity {
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @PrimaryColumn('text', { name: 'plan_level' })
  planLevel!: PlanLevel;

  @Column('text', { name: 'from_level' })
  fromLevel!: IncidentLevel;

  @Column('text')
  source!: string;

  /** Seeded as the system's default, not a sourced rule of the jurisdiction. */
  @Column('boolean', { name: 'system_default' })
  systemDefault!: boolean;
}
