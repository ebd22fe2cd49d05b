import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { FundContributionEntity } from './fund-contribution.entity';

/** Where returned money goes: back to the fund, or to the contributors it came from. */
export const RETURN_DESTINATIONS = ['FUND', 'CONTRIBUTOR'] as const;
export type ReturnDestination = (typeof RETURN_DESTINATIONS)[number];

/** Unspent money (or goods) of an allocation given back, wholly when the allocation was revoked. */
@Entity('allocation_return')
export class AllocationReturnEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @Column('text')
  destination!: ReturnDestination;

  @Column('text')
  reason!: string;

  @Column('boolean')
  revoked!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** How much of one contribution a return gave back, in the order it took them (last drawn first). */
@Entity('allocation_return_source')
export class AllocationReturnSourceEntity {
  @PrimaryColumn('uuid', { name: 'return_id' })
  returnId!: string;

  @PrimaryColumn('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('smallint')
  position!: number;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  /** Filled by queries that join the contribution; not a column. */
  contribution?: FundContributionEntity;
}
