import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A class of the supply catalogue: a code prefix of 1 (大类), 3 (中类) or 5 (小类) digits. The three top classes
 * are GB/T 38565-2020's; lower classes are the system's own (`official` false) until the standard's table is known.
 */
@Entity('supply_class')
export class SupplyClassEntity {
  @PrimaryColumn('text')
  code!: string;

  @Column('text', { name: 'name_zh' })
  nameZh!: string;

  @Column('text', { name: 'name_en' })
  nameEn!: string;

  @Column('boolean')
  official!: boolean;

  @Column('text')
  source!: string;
}
