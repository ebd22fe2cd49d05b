import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Who keeps a 24-hour duty (24小时值班) shift: the duty officer (值班员) or the leader on duty (带班领导). */
export const DUTY_ROLES = ['DUTY_OFFICER', 'LEADER_ON_DUTY'] as const;
export type DutyRole = (typeof DUTY_ROLES)[number];

@Entity('duty_shift')
export class DutyShiftEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /** The organisation's region, kept on the row so jurisdiction filters need no join (regions never change). */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('uuid', { name: 'person_id' })
  personId!: string;

  @Column('text')
  role!: DutyRole;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  /** Exclusive: a shift ending at 08:00 and the next starting at 08:00 do not overlap. */
  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  @Column('text', { nullable: true })
  note!: string | null;

  /** Cancelled shifts are kept for the duty record, never deleted. */
  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column('text', { name: 'cancellation_reason', nullable: true })
  cancellationReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
