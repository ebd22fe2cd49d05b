import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

/** An allocation made in the incidents service, as supplies learned of it from the FundAllocated event. */
@Entity('known_allocation')
export class KnownAllocationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('uuid', { name: 'recipient_organisation_id' })
  recipientOrganisationId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** Kept with the allocation so a purchase checks and updates its balance under one row lock. */
  @Column('bigint', { name: 'spent_fen', transformer: bigintColumn })
  spentFen!: bigint;

  @Column('uuid', { name: 'source_event_id' })
  sourceEventId!: string;

  @Column('timestamptz', { name: 'allocated_at' })
  allocatedAt!: Date;
}
