import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { InvestigationGrade } from './investigation-rules';

export type InvestigationStatus = 'OPEN' | 'REPORTED' | 'REPLIED';
export type RectificationStatus = 'OPEN' | 'DONE';

/** The investigation time limits in force for a region prefix ('' national) and category (null: any). */
@Entity('investigation_rule')
export class InvestigationRuleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('text', { nullable: true })
  category!: string | null;

  @Column('int', { name: 'report_days' })
  reportDays!: number;

  @Column('int', { name: 'max_extension_days' })
  maxExtensionDays!: number;

  @Column('int', { name: 'reply_days' })
  replyDays!: number;

  @Column('int', { name: 'grade_i_reply_days' })
  gradeIReplyDays!: number;

  @Column('int', { name: 'grade_i_reply_extension_days' })
  gradeIReplyExtensionDays!: number;

  @Column('text')
  source!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** The investigation and evaluation of an incident after the response (O493 art. 19–32; ERL art. 87, 92). */
@Entity('investigation')
export class InvestigationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** The incident's grade when the investigation opened, which sets the lead government's level. */
  @Column('text')
  grade!: InvestigationGrade;

  @Column('uuid', { name: 'lead_organisation_id' })
  leadOrganisationId!: string;

  @Column('text')
  status!: InvestigationStatus;

  @Column('date', { name: 'opened_on' })
  openedOn!: string;

  @Column('date', { name: 'report_due_on' })
  reportDueOn!: string;

  /** The rule's limits when it opened: the longest extension, the reply's days and their extension. */
  @Column('int', { name: 'max_extension_days' })
  maxExtensionDays!: number;

  @Column('int', { name: 'reply_days' })
  replyDays!: number;

  @Column('int', { name: 'reply_extension_days' })
  replyExtensionDays!: number;

  @Column('int', { name: 'extension_days', nullable: true })
  extensionDays!: number | null;

  @Column('text', { name: 'extension_reason', nullable: true })
  extensionReason!: string | null;

  @Column('date', { name: 'submitted_on', nullable: true })
  submittedOn!: string | null;

  @Column('text', { nullable: true })
  course!: string | null;

  @Column('text', { nullable: true })
  causes!: string | null;

  @Column('text', { nullable: true })
  losses!: string | null;

  @Column('text', { nullable: true })
  responsibility!: string | null;

  @Column('text', { nullable: true })
  lessons!: string | null;

  @Column('date', { name: 'reply_due_on', nullable: true })
  replyDueOn!: string | null;

  /** The days the reply's due date was extended by (grade I, once); null when not extended. */
  @Column('int', { name: 'reply_extended_days', nullable: true })
  replyExtendedDays!: number | null;

  @Column('text', { name: 'reply_extension_reason', nullable: true })
  replyExtensionReason!: string | null;

  /** When the overdue scan found the reply past due (once); null otherwise. */
  @Column('timestamptz', { name: 'reply_overdue_at', nullable: true })
  replyOverdueAt!: Date | null;

  @Column('date', { name: 'replied_on', nullable: true })
  repliedOn!: string | null;

  @Column('text', { nullable: true })
  reply!: string | null;

  /** When the overdue scan found the report past due (once); null otherwise. */
  @Column('timestamptz', { name: 'report_overdue_at', nullable: true })
  reportOverdueAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('investigation_team_member')
export class InvestigationTeamMemberEntity {
  @PrimaryColumn('uuid', { name: 'investigation_id' })
  investigationId!: string;

  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @Column('text')
  role!: string;
}

/** A measure of the report (防范和整改措施), tracked to its end. */
@Entity('rectification_item')
export class RectificationItemEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'investigation_id' })
  investigationId!: string;

  /** Its place among the report's measures, from 1. */
  @Column('int')
  position!: number;

  @Column('text')
  text!: string;

  @Column('uuid', { name: 'owner_organisation_id' })
  ownerOrganisationId!: string;

  @Column('date', { name: 'due_on' })
  dueOn!: string;

  @Column('text')
  status!: RectificationStatus;

  @Column('text', { nullable: true })
  evidence!: string | null;

  @Column('date', { name: 'completed_on', nullable: true })
  completedOn!: string | null;

  @Column('timestamptz', { name: 'overdue_at', nullable: true })
  overdueAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
