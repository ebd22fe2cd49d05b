import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const PLAN_LEVELS = ['PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP'] as const;
export const PLAN_CATEGORIES = [
  'FLOOD_CONTROL',
  'EARTHQUAKE',
  'GEOLOGICAL_HAZARD',
  'FOREST_FIRE',
  'HAZARDOUS_CHEMICALS',
  'PUBLIC_HEALTH',
  'GENERAL',
] as const;
export type PlanLevel = (typeof PLAN_LEVELS)[number];
export type PlanCategory = (typeof PLAN_CATEGORIES)[number];
export type PlanStatus = 'DRAFT' | 'APPROVED' | 'RETIRED';

@Entity('contingency_plan')
export class PlanEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text')
  level!: PlanLevel;

  @Column('text')
  category!: PlanCategory;

  /** An organisation of the organisations subgraph. */
  @Column('uuid', { name: 'owner_organisation_id' })
  ownerOrganisationId!: string;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text')
  status!: PlanStatus;

  /** YYYY-MM-DD; kept a string so no time zone shifts the day. */
  @Column('date', { name: 'review_due_on' })
  reviewDueOn!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
