import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const ASSIGNMENT_STATUSES = ['OPEN', 'FEEDBACK_GIVEN', 'CLOSED'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export const EXTENSION_STATUSES = ['PENDING', 'GRANTED', 'REFUSED'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

/** The feedback time limit in working days within a region-code prefix ('' national; the longest prefix wins). */
@Entity('instruction_rule')
export class InstructionRuleEntity {
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('smallint', { name: 'feedback_working_days' })
  feedbackWorkingDays!: number;

  @Column('text')
  source!: string;
}

/** A leader's instruction (批示) on an incident, logged in the register; the leader named by position only. */
@Entity('leader_instruction')
export class LeaderInstructionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('uuid', { name: 'report_id', nullable: true })
  reportId!: string | null;

  /** The incident's region when it was given. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text', { name: 'leader_title' })
  leaderTitle!: string;

  @Column('text')
  text!: string;

  @Column('timestamptz', { name: 'given_at' })
  givenAt!: Date;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column('text', { name: 'close_reason', nullable: true })
  closeReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** An organisation an instruction was passed to, with its feedback deadline. */
@Entity('instruction_assignment')
export class InstructionAssignmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'instruction_id' })
  instructionId!: string;

  @Column('smallint')
  position!: number;

  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /** The feedback deadline, moved by a granted extension. */
  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  @Column('text')
  status!: AssignmentStatus;

  /** When the scan found it past its deadline without final feedback; null otherwise. */
  @Column('timestamptz', { name: 'overdue_at', nullable: true })
  overdueAt!: Date | null;
}

@Entity('instruction_feedback')
export class InstructionFeedbackEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'assignment_id' })
  assignmentId!: string;

  @Column('text')
  text!: string;

  @Column('boolean')
  final!: boolean;

  @Column('timestamptz')
  at!: Date;

  /** The organisation the sender acted for, if any. */
  @Column('uuid', { name: 'by_organisation_id', nullable: true })
  byOrganisationId!: string | null;
}

@Entity('instruction_extension')
export class InstructionExtensionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'assignment_id' })
  assignmentId!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'previous_due_at' })
  previousDueAt!: Date;

  @Column('timestamptz', { name: 'new_due_at' })
  newDueAt!: Date;

  @Column('text')
  reason!: string;

  @Column('text')
  status!: ExtensionStatus;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;
}
