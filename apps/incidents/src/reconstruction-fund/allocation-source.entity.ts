import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { FundContributionEntity } from './fund-contribution.entity';

/** How much of one paid contribution an allocation draws on, and what has become of it since. */
@Entity('allocation_source')
export class AllocationSourceEntity {
  @PrimaryColumn('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @PrimaryColumn('uuid', { name: 'contribution_id' })
  contributionId!: string;

  /** The order the allocation drew its contributions in, from 0; payments from it draw in the same order. */
  @Column('smallint')
  position!: number;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** Paid out of the allocation (disbursed), by this service or another. */
  @Column('bigint', { name: 'used_fen', transformer: bigintColumn })
  usedFen!: bigint;

  /** Returned to the fund or to the contributor. */
  @Column('bigint', { name: 'returned_fen', transformer: bigintColumn })
  returnedFen!: bigint;

  /** Filled by queries that join the contribution; not a column. */
  contribution?: FundContributionEntity;
}
