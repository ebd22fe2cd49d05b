import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An item of the supply catalogue, coded on GB/T 38565-2020's structure: four layers, 1 + 2 + 2 + 2 digits (top
 * classes 1 basic living supplies, 2 emergency equipment, 3 engineering materials and machinery; 99 in a lower
 * layer is its catch-all). `official` is false where the code is the system's own because the standard's sub-codes
 * are not known.
 */
@Entity('supply_item')
export class SupplyItemEntity {
  /** Seven digits, e.g. 1010101. */
  @PrimaryColumn('text')
  code!: string;

  @Column('text', { name: 'name_zh' })
  nameZh!: string;

  @Column('text', { name: 'name_en' })
  nameEn!: string;

  /** Unit of measure: 顶 (tent), 床 (quilt), 件, 箱, 台, ... */
  @Column('text')
  unit!: string;

  /** Days an item keeps from production or receipt; null when it does not expire. */
  @Column('integer', { name: 'shelf_life_days', nullable: true })
  shelfLifeDays!: number | null;

  @Column('boolean')
  official!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
