import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const TRAINING_CATEGORIES = [
  'EMERGENCY_MANAGEMENT',
  'COMMAND_AND_COORDINATION',
  'RESCUE_SKILLS',
  'FIRST_AID',
  'HAZARDOUS_CHEMICALS',
  'FLOOD_CONTROL',
  'FOREST_FIRE',
  'DISASTER_INFORMATION_REPORTING',
  'SAFETY_PRODUCTION',
  'OTHER',
] as const;
export type TrainingCategory = (typeof TRAINING_CATEGORIES)[number];

export const TRAINING_RESULTS = ['PASSED', 'FAILED', 'ATTENDED'] as const;
export type TrainingResult = (typeof TRAINING_RESULTS)[number];

/** Who was trained on what, when. Never deleted: a wrong record is voided with a reason and kept. */
@Entity('training_record')
export class TrainingRecordEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'person_id' })
  personId!: string;

  /** The organisation the person belonged to when the training was recorded; kept when they move later. */
  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /** That organisation's region, kept on the row so jurisdiction filters need no join (regions never change). */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text', { name: 'course_title' })
  courseTitle!: string;

  @Column('text')
  category!: TrainingCategory;

  @Column('text')
  provider!: string;

  /** YYYY-MM-DD; kept a string so no time zone shifts the day. */
  @Column('date', { name: 'started_on' })
  startedOn!: string;

  @Column('date', { name: 'completed_on' })
  completedOn!: string;

  @Column('integer')
  hours!: number;

  @Column('text')
  result!: TrainingResult;

  /** Unique per provider among records that are not voided. */
  @Column('text', { name: 'certificate_number', nullable: true })
  certificateNumber!: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column('timestamptz', { name: 'voided_at', nullable: true })
  voidedAt!: Date | null;

  @Column('text', { name: 'void_reason', nullable: true })
  voidReason!: string | null;
}
