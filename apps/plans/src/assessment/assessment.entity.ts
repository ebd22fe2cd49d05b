import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SheetItem } from './assessment-scoring';

@Entity('assessment_sheet_item')
export class AssessmentSheetItemEntity implements SheetItem {
  /** '' the default sheet, '42' a province's, '4211' a prefecture's, '421121' a county's. */
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @PrimaryColumn('text')
  key!: string;

  /** The key of the compliance indicator the item scores. */
  @Column('text')
  indicator!: string;

  @Column('text')
  title!: string;

  @Column('integer')
  points!: number;

  /** The rule or document the item rests on. */
  @Column('text')
  basis!: string;

  @Column('integer')
  position!: number;
}
