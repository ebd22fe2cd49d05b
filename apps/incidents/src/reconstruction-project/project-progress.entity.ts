import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One progress report of a project, in the order reported. */
@Entity('project_progress')
export class ProjectProgressEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId!: string;

  @PrimaryColumn('smallint')
  position!: number;

  @Column('smallint', { name: 'percent_complete' })
  percentComplete!: number;

  @Column('text')
  milestone!: string;

  @Column('date', { name: 'reported_on' })
  reportedOn!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
