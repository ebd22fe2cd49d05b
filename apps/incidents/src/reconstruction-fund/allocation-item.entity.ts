import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

/** One line of the goods an in-kind allocation passes on, from one line of one contribution. */
@Entity('allocation_item')
export class AllocationItemEntity {
  @PrimaryColumn('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @PrimaryColumn('smallint')
  position!: number;

  @Column('uuid', { name: 'contribution_id' })
  contributionId!: string;

  @Column('smallint', { name: 'contribution_position' })
  contributionPosition!: number;

  @Column('text')
  description!: string;

  @Column('text')
  unit!: string;

  @Column('integer')
  quantity!: number;

  @Column('bigint', { name: 'unit_value_fen', transformer: bigintColumn })
  unitValueFen!: bigint;

  /** Handed on to households or others. */
  @Column('integer', { name: 'used_quantity' })
  usedQuantity!: number;

  @Column('integer', { name: 'returned_quantity' })
  returnedQuantity!: number;
}
