import { Column } from 'typeorm';
import { bigintColumn } from '@emergency/database';
import type { IncidentFigures } from './incident-figures';

/**
 * The figure columns, embedded (`@Column(() => FigureColumns, { prefix: false })`) in every table that holds a set
 * of figures: an incident's current ones and each report's.
 */
export class FigureColumns implements IncidentFigures {
  @Column('integer', { nullable: true })
  deaths!: number | null;

  @Column('integer', { nullable: true })
  missing!: number | null;

  @Column('integer', { nullable: true })
  injured!: number | null;

  @Column('integer', { name: 'seriously_injured', nullable: true })
  seriouslyInjured!: number | null;

  @Column('integer', { nullable: true })
  relocated!: number | null;

  @Column('integer', { name: 'needing_relief', nullable: true })
  needingRelief!: number | null;

  @Column('integer', { name: 'houses_collapsed', nullable: true })
  housesCollapsed!: number | null;

  @Column('integer', { name: 'houses_severely_damaged', nullable: true })
  housesSeverelyDamaged!: number | null;

  @Column('integer', { name: 'houses_damaged', nullable: true })
  housesDamaged!: number | null;

  @Column('bigint', { name: 'direct_loss_fen', nullable: true, transformer: bigintColumn })
  directLossFen!: bigint | null;

  @Column('integer', { name: 'affected_area_hectares', nullable: true })
  affectedAreaHectares!: number | null;
}
