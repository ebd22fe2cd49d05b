import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { EmergencyCategory } from '@emergency/domain';
import { PLAN_LEVELS, PLAN_TYPES } from '@emergency/contracts';

export { PLAN_LEVELS, PLAN_TYPES };
/** The government tier a plan is made at. */
export type PlanLevel = (typeof PLAN_LEVELS)[number];
/** The plan system's types (总体, 专项, 部门, 联合, 乡镇(街道), 村(社区), 单位). */
export type PlanType = (typeof PLAN_TYPES)[number];
/** DRAFT until approved; ISSUED (in force) once issued; RETIRED when withdrawn or replaced. */
export const PLAN_STATUSES = ['DRAFT', 'APPROVED', 'ISSUED', 'RETIRED'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

@Entity('contingency_plan')
export class PlanEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text', { name: 'plan_type' })
  planType!: PlanType;

  @Column('text')
  level!: PlanLevel;

  /** A category of the shared tree; null when the plan covers every category (an overall plan does). */
  @Column('text', { nullable: true })
  category!: EmergencyCategory | null;

  /** Subcategories of `category` the plan is written for; empty: the whole category. */
  @Column('text', { array: true })
  subcategories!: string[];

  /** An organisation of the organisations subgraph. */
  @Column('uuid', { name: 'owner_organisation_id' })
  ownerOrganisationId!: string;

  /** The organisation that leads the response under the plan (牵头部门); the owner unless another is named. */
  @Column('uuid', { name: 'lead_organisation_id' })
  leadOrganisationId!: string;

  /** The command body the plan sets up (e.g. 湖北省防汛抗旱指挥部), when it names one. */
  @Column('text', { name: 'command_body', nullable: true })
  commandBody!: string | null;

  /** The higher plan this one implements (上位预案), when it has one. */
  @Column('uuid', { name: 'parent_plan_id', nullable: true })
  parentPlanId!: string | null;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** A joint plan's other regions (the parties' areas); empty for every other type. */
  @Column('text', { name: 'joint_region_codes', array: true })
  jointRegionCodes!: string[];

  @Column('text')
  status!: PlanStatus;

  /** YYYY-MM-DD; kept a string so no time zone shifts the day. */
  @Column('date', { name: 'review_due_on', nullable: true })
  reviewDueOn!: string | null;

  /** When the scan announced the evaluation due on `reviewDueOn` overdue; cleared by the next evaluation. */
  @Column('timestamptz', { name: 'evaluation_overdue_at', nullable: true })
  evaluationOverdueAt!: Date | null;

  /** YYYY-MM-DD the plan was retired. */
  @Column('date', { name: 'retired_on', nullable: true })
  retiredOn!: string | null;

  @Column('text', { name: 'retired_reason', nullable: true })
  retiredReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
