import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { PLAN_EVALUATION_CONCLUSIONS, PLAN_REVISION_TRIGGERS, PLAN_TYPES } from '@emergency/contracts';

export { PLAN_EVALUATION_CONCLUSIONS, PLAN_REVISION_TRIGGERS };
/** Why a plan is revised (YAB13 art. 25). */
export type PlanRevisionTrigger = (typeof PLAN_REVISION_TRIGGERS)[number];
export type PlanEvaluationConclusion = (typeof PLAN_EVALUATION_CONCLUSIONS)[number];
/** DRAFT, APPROVED, ISSUED (in force), SUPERSEDED (by a later issued version, or the plan retired). */
export const PLAN_VERSION_STATUSES = ['DRAFT', 'APPROVED', 'ISSUED', 'SUPERSEDED'] as const;
export type PlanVersionStatus = (typeof PLAN_VERSION_STATUSES)[number];
/** What a plan's overdue for: filing of an issued version, or its evaluation. */
export const PLAN_OVERDUE_KINDS = ['FILING', 'EVALUATION'] as const;
export type PlanOverdueKind = (typeof PLAN_OVERDUE_KINDS)[number];

/** A document attached to a version by reference (no file is kept here). */
export interface PlanAttachment {
  title: string;
  reference: string;
}

/** The required contents of a plan (ERL art. 28), as structured text. */
export interface PlanSections {
  organisationAndDuties: string | null;
  preventionAndWarning: string | null;
  responseProcedures: string | null;
  support: string | null;
  recovery: string | null;
}

@Entity('plan_version')
export class PlanVersionEntity implements PlanSections {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'plan_id' })
  planId!: string;

  @Column('int')
  version!: number;

  @Column('text')
  status!: PlanVersionStatus;

  @Column('text', { name: 'organisation_and_duties', nullable: true })
  organisationAndDuties!: string | null;

  @Column('text', { name: 'prevention_and_warning', nullable: true })
  preventionAndWarning!: string | null;

  @Column('text', { name: 'response_procedures', nullable: true })
  responseProcedures!: string | null;

  @Column('text', { nullable: true })
  support!: string | null;

  @Column('text', { nullable: true })
  recovery!: string | null;

  @Column('jsonb')
  attachments!: PlanAttachment[];

  /** Null for version 1. */
  @Column('text', { name: 'revision_trigger', nullable: true })
  revisionTrigger!: PlanRevisionTrigger | null;

  @Column('text', { name: 'revision_note', nullable: true })
  revisionNote!: string | null;

  /** A major revision (or a first version) goes through the full approval again. */
  @Column('boolean')
  major!: boolean;

  @Column('text', { name: 'approving_body', nullable: true })
  approvingBody!: string | null;

  @Column('text', { name: 'approval_meeting', nullable: true })
  approvalMeeting!: string | null;

  @Column('date', { name: 'approved_on', nullable: true })
  approvedOn!: string | null;

  @Column('date', { name: 'issued_on', nullable: true })
  issuedOn!: string | null;

  @Column('date', { name: 'superseded_on', nullable: true })
  supersededOn!: string | null;

  /** Issuance plus the filing period in working days, computed when the version is issued. */
  @Column('date', { name: 'filing_due_on', nullable: true })
  filingDueOn!: string | null;

  @Column('date', { name: 'filed_on', nullable: true })
  filedOn!: string | null;

  /** The higher body the version was filed with (an organisation). */
  @Column('uuid', { name: 'filed_with_organisation_id', nullable: true })
  filedWithOrganisationId!: string | null;

  @Column('text', { name: 'filing_receipt_number', nullable: true })
  filingReceiptNumber!: string | null;

  @Column('timestamptz', { name: 'filing_overdue_at', nullable: true })
  filingOverdueAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('plan_evaluation')
export class PlanEvaluationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'plan_id' })
  planId!: string;

  @Column('date', { name: 'evaluated_on' })
  evaluatedOn!: string;

  @Column('text')
  conclusion!: PlanEvaluationConclusion;

  @Column('text')
  findings!: string;

  /** The due date this evaluation answered. */
  @Column('date', { name: 'due_on' })
  dueOn!: string;

  @Column('date', { name: 'next_due_on' })
  nextDueOn!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A jurisdiction's filing period and evaluation cycle for one plan type. */
@Entity('plan_cycle_rule')
export class PlanCycleRuleEntity {
  /** '' national, else a region's 2, 4 or 6 leading digits. */
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @PrimaryColumn('text', { name: 'plan_type' })
  planType!: (typeof PLAN_TYPES)[number];

  @Column('int', { name: 'filing_working_days' })
  filingWorkingDays!: number;

  @Column('int', { name: 'evaluation_years' })
  evaluationYears!: number;

  @Column('text')
  source!: string;
}
