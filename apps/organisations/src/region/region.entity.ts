import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Levels of the administrative tree, from the province down. */
export const REGION_LEVELS = ['PROVINCE', 'PREFECTURE', 'COUNTY', 'TOWNSHIP', 'VILLAGE'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

@Entity('region')
export class RegionEntity {
  /** GB/T 2260 code (6 digits) or its statistical extension to townships (9) and villages (12). */
  @PrimaryColumn('text')
  code!: string;

  @Column('text')
  name!: string;

  @Column('text')
  level!: RegionLevel;

  @Column('text', { name: 'parent_code', nullable: true })
  parentCode!: string | null;
}
