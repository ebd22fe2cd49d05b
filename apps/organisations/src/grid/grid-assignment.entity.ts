import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * 网格员 (grid workers) watch over a village's grid day to day; 灾害信息员 (disaster information officers) report
 * disasters and their losses from the village up the reporting chain.
 */
export const GRID_ROLES = ['GRID_WORKER', 'INFORMATION_OFFICER'] as const;
export type GridRole = (typeof GRID_ROLES)[number];

@Entity('grid_assignment')
export class GridAssignmentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'person_id' })
  personId!: string;

  /** 12-digit division code of the village or community covered. */
  @Column('text', { name: 'village_code' })
  villageCode!: string;

  @Column('text')
  role!: GridRole;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  /** Null while the assignment is current. */
  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  @Column('text', { name: 'end_reason', nullable: true })
  endReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
