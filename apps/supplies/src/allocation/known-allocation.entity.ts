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

  /**
   * Paid out of it net of refunds; kept with the allocation so a purchase checks and updates its balance under one
   * row lock.
   */
  @Column('bigint', { name: 'spent_fen', transformer: bigintColumn })
  spentFen!: bigint;

  /** What the incidents service took back of it (returns), as the returns said. */
  @Column('bigint', { name: 'returned_fen', transformer: bigintColumn })
  returnedFen!: bigint;

  @Column('uuid', { name: 'source_event_id' })
  sourceEventId!: string;

  @Column('timestamptz', { name: 'allocated_at' })
  allocatedAt!: Date;
}

/**
 * One contribution an allocation is made of, in the order the allocation drew them (`position`), with what
 * purchases have drawn of it net of refunds (`usedFen`) and what returns gave back of it (`returnedFen`).
 */
@Entity('known_allocation_source')
export class KnownAllocationSourceEntity {
  @PrimaryColumn('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @PrimaryColumn('integer')
  position!: number;

  @Column('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('bigint', { name: 'used_fen', transformer: bigintColumn })
  usedFen!: bigint;

  @Column('bigint', { name: 'returned_fen', transformer: bigintColumn })
  returnedFen!: bigint;
}
