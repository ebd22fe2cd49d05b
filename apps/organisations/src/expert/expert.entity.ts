import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Fields of expertise of the emergency expert pool (应急管理专家库), in the order lists show them. */
export const EXPERT_FIELDS = [
  'FLOOD_CONTROL',
  'HYDROLOGY',
  'GEOLOGICAL_HAZARDS',
  'EARTHQUAKE',
  'METEOROLOGY',
  'FOREST_FIRE',
  'HAZARDOUS_CHEMICALS',
  'MINE_SAFETY',
  'CONSTRUCTION_SAFETY',
  'STRUCTURAL_ENGINEERING',
  'MEDICAL_RESCUE',
  'PUBLIC_HEALTH',
  'COMMUNICATIONS',
  'EMERGENCY_MANAGEMENT',
  'PSYCHOLOGICAL_AID',
] as const;
export type ExpertField = (typeof EXPERT_FIELDS)[number];

/** The level of government whose pool admitted the expert. */
export const POOL_LEVELS = ['NATIONAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY'] as const;
export type PoolLevel = (typeof POOL_LEVELS)[number];

export const AVAILABILITIES = ['AVAILABLE', 'UNAVAILABLE'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export const EXPERT_STATUSES = ['ACTIVE', 'WITHDRAWN'] as const;
export type ExpertStatus = (typeof EXPERT_STATUSES)[number];

@Entity('expert')
export class ExpertEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** One record per person, whatever its status. */
  @Column('uuid', { name: 'person_id' })
  personId!: string;

  /** Non-empty, without repeats, in {@link EXPERT_FIELDS} order. */
  @Column('text', { array: true })
  fields!: ExpertField[];

  /** Professional title (职称), e.g. 教授级高级工程师. */
  @Column('text')
  title!: string;

  @Column('text', { name: 'pool_level' })
  poolLevel!: PoolLevel;

  @Column('text', { nullable: true })
  summary!: string | null;

  @Column('text')
  availability!: Availability;

  /** YYYY-MM-DD; kept a string so no time zone shifts the day. */
  @Column('date', { name: 'admitted_on' })
  admittedOn!: string;

  @Column('text')
  status!: ExpertStatus;

  @Column('date', { name: 'withdrawn_on', nullable: true })
  withdrawnOn!: string | null;

  @Column('text', { name: 'withdrawal_reason', nullable: true })
  withdrawalReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
