import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { FundContributionEntity } from './fund-contribution.entity';

/** How much of one paid contribution an allocation draws on. */
@Entity('allocation_source')
export class AllocationSourceEntity {
  @PrimaryColumn('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @PrimaryColumn('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** Filled by queries that join the contribution; not a column. */
  contribution?: FundContributionEntity;
}
