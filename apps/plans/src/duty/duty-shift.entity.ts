import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A duty shift as the organisations service announced it; cancelled shifts stay, with their cancellation. */
@Entity('duty_shift')
export class DutyShiftEntity {
  @PrimaryColumn('uuid', { name: 'shift_id' })
  shiftId!: string;

  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  @Column('text')
  role!: 'DUTY_OFFICER' | 'LEADER_ON_DUTY';

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;
}
