import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import {
  DRILL_CONTENTS,
  DRILL_EVALUATION_CATEGORIES,
  DRILL_FORMS,
  DRILL_PURPOSES,
  DRILL_RULE_SUBJECTS,
  FINDING_SEVERITIES,
} from '@emergency/contracts';

export { DRILL_CONTENTS, DRILL_EVALUATION_CATEGORIES, DRILL_FORMS, DRILL_PURPOSES, DRILL_RULE_SUBJECTS };
export { FINDING_SEVERITIES };
export type DrillForm = (typeof DRILL_FORMS)[number];
export type DrillContent = (typeof DRILL_CONTENTS)[number];
export type DrillPurpose = (typeof DRILL_PURPOSES)[number];
export type EvaluationCategory = (typeof DRILL_EVALUATION_CATEGORIES)[number];
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];
export type DrillRuleSubject = (typeof DRILL_RULE_SUBJECTS)[number];

/** PLANNED → HELD → EVALUATED → ARCHIVED; nothing of an archived drill changes. */
export const DRILL_STATUSES = ['PLANNED', 'HELD', 'EVALUATED', 'ARCHIVED'] as const;
export type DrillStatus = (typeof DRILL_STATUSES)[number];
export const PARTICIPANT_KINDS = ['ORGANISATION', 'RESCUE_TEAM', 'PERSON'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];
/** Regimes an office may put an organisation under, replacing its type's rule. */
export const DRILL_REGIMES = ['HIGH_RISK_UNIT'] as const;
export type DrillRegime = (typeof DRILL_REGIMES)[number];
export const ACTION_STATUSES = ['OPEN', 'DONE'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** A participant of the organisations subgraph (organisation, rescue team or person), by id only. */
export interface DrillParticipant {
  kind: ParticipantKind;
  id: string;
  role: string;
}

export interface PlannedDrill {
  form: DrillForm;
  content: DrillContent;
  planIds: string[];
  month: number;
}

export interface CategoryEvaluation {
  category: EvaluationCategory;
  /** 1 (poor) to 5 (good). */
  rating: number;
  notes: string;
}

/** The 演练总结报告 (突发事件应急演练指南 §6.2) as structured fields. */
export interface DrillSummary {
  purpose: string;
  timeAndPlace: string;
  participants: string;
  scenarioSummary: string;
  problemsAndCauses: string;
  lessons: string;
  improvements: string;
}

/** A row of the drill frequency rules of a jurisdiction prefix ('' national). */
@Entity('drill_rule')
export class DrillRuleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('text')
  subject!: DrillRuleSubject;

  /** The organisation type (GOVERNMENT, ENTERPRISE), regime (HIGH_RISK_UNIT) or plan type (SPECIAL) bound. */
  @Column('text', { name: 'subject_value' })
  subjectValue!: string;

  @Column('integer', { name: 'interval_months' })
  intervalMonths!: number;

  @Column('text')
  source!: string;
}

@Entity('drill_regime')
export class DrillRegimeEntity {
  @PrimaryColumn('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @Column('text')
  regime!: DrillRegime;

  @Column('timestamptz', { name: 'set_at' })
  setAt!: Date;
}

@Entity('annual_drill_plan')
export class AnnualDrillPlanEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('integer')
  year!: number;

  @Column('jsonb', { name: 'planned_drills' })
  plannedDrills!: PlannedDrill[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('drill')
export class DrillEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  form!: DrillForm;

  @Column('text')
  content!: DrillContent;

  @Column('text')
  purpose!: DrillPurpose;

  @Column('uuid', { name: 'plan_ids', array: true })
  planIds!: string[];

  @Column('uuid', { name: 'organiser_organisation_id' })
  organiserOrganisationId!: string;

  @Column('jsonb')
  participants!: DrillParticipant[];

  /** The organisations among `participants`, for the rules that count who drilled. */
  @Column('uuid', { name: 'participant_organisation_ids', array: true })
  participantOrganisationIds!: string[];

  @Column('text')
  scenario!: string;

  /** YYYY-MM-DD the drill is planned for. */
  @Column('date', { name: 'scheduled_on' })
  scheduledOn!: string;

  /** YYYY-MM-DD it was held; drill rules count from it. */
  @Column('date', { name: 'held_on', nullable: true })
  heldOn!: string | null;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text')
  place!: string;

  @Column('text')
  status!: DrillStatus;

  @Column('jsonb', { nullable: true })
  evaluation!: CategoryEvaluation[] | null;

  @Column('uuid', { name: 'evaluator_organisation_id', nullable: true })
  evaluatorOrganisationId!: string | null;

  @Column('boolean', { name: 'third_party', nullable: true })
  thirdParty!: boolean | null;

  @Column('timestamptz', { name: 'evaluated_at', nullable: true })
  evaluatedAt!: Date | null;

  @Column('jsonb', { nullable: true })
  summary!: DrillSummary | null;

  @Column('timestamptz', { name: 'archived_at', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('drill_finding')
export class DrillFindingEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'drill_id' })
  drillId!: string;

  @Column('text')
  category!: EvaluationCategory;

  @Column('text')
  severity!: FindingSeverity;

  @Column('text')
  description!: string;

  /** The exercised plan the finding sends back for revision, when it needs a plan change. */
  @Column('uuid', { name: 'revise_plan_id', nullable: true })
  revisePlanId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('improvement_action')
export class ImprovementActionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'finding_id' })
  findingId!: string;

  @Column('uuid', { name: 'drill_id' })
  drillId!: string;

  /** The drill's region: whose jurisdiction sees the action. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('uuid', { name: 'owner_organisation_id' })
  ownerOrganisationId!: string;

  @Column('text')
  description!: string;

  /** YYYY-MM-DD, the last day the action is on time. */
  @Column('date', { name: 'due_on' })
  dueOn!: string;

  @Column('text')
  status!: ActionStatus;

  @Column('date', { name: 'done_on', nullable: true })
  doneOn!: string | null;

  @Column('timestamptz', { name: 'overdue_announced_at', nullable: true })
  overdueAnnouncedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('plan_revision_task')
export class PlanRevisionTaskEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'plan_id' })
  planId!: string;

  @Column('uuid', { name: 'finding_id' })
  findingId!: string;

  @Column('uuid', { name: 'drill_id' })
  drillId!: string;

  @Column('timestamptz', { name: 'opened_at' })
  openedAt!: Date;

  /** The plan's status when the task opened. */
  @Column('text', { name: 'plan_status' })
  planStatus!: string;

  /** The plan's version in force when the task opened; a revision must come in a later one. */
  @Column('integer', { name: 'version_at_opening' })
  versionAtOpening!: number;

  @Column('text')
  status!: 'OPEN' | 'CLOSED';

  @Column('integer', { name: 'revised_in_version', nullable: true })
  revisedInVersion!: number | null;

  @Column('text', { name: 'close_reason', nullable: true })
  closeReason!: 'NO_CHANGE_NEEDED' | null;

  @Column('text', { name: 'reason_text', nullable: true })
  reasonText!: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}
