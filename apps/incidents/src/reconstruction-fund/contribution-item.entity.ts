import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

/** One line of the goods a contribution gave in kind, and how many of them allocations have passed on. */
@Entity('contribution_item')
export class ContributionItemEntity {
  @PrimaryColumn('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @PrimaryColumn('smallint')
  position!: number;

  @Column('text')
  description!: string;

  @Column('text')
  unit!: string;

  @Column('integer')
  quantity!: number;

  @Column('bigint', { name: 'unit_value_fen', transformer: bigintColumn })
  unitValueFen!: bigint;

  @Column('integer', { name: 'allocated_quantity' })
  allocatedQuantity!: number;
}
