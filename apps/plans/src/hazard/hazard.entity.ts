import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import {
  HAZARD_KINDS,
  HAZARD_LEVELS,
  HAZARD_STATUSES,
  HAZARD_VERIFICATION_RESULTS,
} from '@emergency/contracts';

export { HAZARD_KINDS, HAZARD_LEVELS, HAZARD_STATUSES, HAZARD_VERIFICATION_RESULTS };
export type HazardKind = (typeof HAZARD_KINDS)[number];
export type HazardLevel = (typeof HAZARD_LEVELS)[number];
export type HazardStatus = (typeof HAZARD_STATUSES)[number];
export type HazardVerificationResult = (typeof HAZARD_VERIFICATION_RESULTS)[number];

/** `numeric` comes back from the driver as a string. */
const numericColumn = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** A hazard source or hidden danger in the ledger, with its six fixes once planned. */
@Entity('hazard')
export class HazardEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: HazardKind;

  /** A category of the shared tree, when classified. */
  @Column('text', { nullable: true })
  category!: string | null;

  @Column('text', { nullable: true })
  subcategory!: string | null;

  @Column('text')
  place!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('numeric', { nullable: true, transformer: numericColumn })
  latitude!: number | null;

  @Column('numeric', { nullable: true, transformer: numericColumn })
  longitude!: number | null;

  @Column('text')
  level!: HazardLevel;

  @Column('text')
  description!: string;

  @Column('uuid', { name: 'responsible_organisation_id' })
  responsibleOrganisationId!: string;

  /** A person of the organisations service, by id. */
  @Column('uuid', { name: 'responsible_person_id' })
  responsiblePersonId!: string;

  @Column('date', { name: 'found_on' })
  foundOn!: string;

  @Column('uuid', { name: 'found_by_organisation_id' })
  foundByOrganisationId!: string;

  @Column('uuid', { name: 'supervising_organisation_id', nullable: true })
  supervisingOrganisationId!: string | null;

  @Column('text')
  status!: HazardStatus;

  /** An ORDINARY hazard removed when found: FOUND → VERIFIED without six fixes. */
  @Column('boolean', { name: 'on_the_spot' })
  onTheSpot!: boolean;

  @Column('text', { name: 'fix_item', nullable: true })
  fixItem!: string | null;

  @Column('text', { name: 'fix_measures', nullable: true })
  fixMeasures!: string | null;

  @Column('bigint', { name: 'fix_funds_fen', nullable: true, transformer: bigintColumn })
  fixFundsFen!: bigint | null;

  @Column('uuid', { name: 'fix_person_id', nullable: true })
  fixPersonId!: string | null;

  /** The last day of the rectification, as last changed. */
  @Column('date', { nullable: true })
  deadline!: string | null;

  @Column('uuid', { name: 'reviewer_person_id', nullable: true })
  reviewerPersonId!: string | null;

  @Column('date', { name: 'verified_on', nullable: true })
  verifiedOn!: string | null;

  @Column('date', { name: 'closed_on', nullable: true })
  closedOn!: string | null;

  /** The last day the closed record must be kept (closing day + the rule's retention years). */
  @Column('date', { name: 'retain_until', nullable: true })
  retainUntil!: string | null;

  /** The deadline the overdue scan last announced, so each deadline is announced once. */
  @Column('date', { name: 'overdue_announced_for', nullable: true })
  overdueAnnouncedFor!: string | null;

  @Column('timestamptz', { name: 'overdue_at', nullable: true })
  overdueAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One step of a hazard's closed loop. */
@Entity('hazard_transition')
export class HazardTransitionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Insertion order: steps made at the same instant keep the order they were made in. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('uuid', { name: 'hazard_id' })
  hazardId!: string;

  @Column('text', { name: 'from_status', nullable: true })
  fromStatus!: HazardStatus | null;

  @Column('text', { name: 'to_status' })
  toStatus!: HazardStatus;

  /** The caller's subject. */
  @Column('text', { name: 'changed_by' })
  changedBy!: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;

  @Column('text', { nullable: true })
  note!: string | null;
}

/** A reviewer's check of a rectification (复查/验收). */
@Entity('hazard_verification')
export class HazardVerificationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Insertion order: steps made at the same instant keep the order they were made in. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('uuid', { name: 'hazard_id' })
  hazardId!: string;

  @Column('date', { name: 'verified_on' })
  verifiedOn!: string;

  @Column('text')
  result!: HazardVerificationResult;

  @Column('uuid', { name: 'reviewer_person_id' })
  reviewerPersonId!: string;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('text', { name: 'recorded_by' })
  recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}

/** A move of a rectification deadline, with its reason. */
@Entity('hazard_deadline_change')
export class HazardDeadlineChangeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Insertion order: steps made at the same instant keep the order they were made in. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('uuid', { name: 'hazard_id' })
  hazardId!: string;

  @Column('date', { name: 'previous_deadline' })
  previousDeadline!: string;

  @Column('date')
  deadline!: string;

  @Column('text')
  reason!: string;

  @Column('text', { name: 'changed_by' })
  changedBy!: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt!: Date;
}

/** The ledger's rules of a jurisdiction prefix ('' national); the longest prefix with a row wins. */
@Entity('hazard_rule')
export class HazardRuleEntity {
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('integer', { name: 'retention_years' })
  retentionYears!: number;

  /** The longest rectification deadline of an ORDINARY hazard, in calendar days from its finding; null: none. */
  @Column('integer', { name: 'ordinary_max_days', nullable: true })
  ordinaryMaxDays!: number | null;

  @Column('text')
  source!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
