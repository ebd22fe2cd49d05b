import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { EMERGENCY_CATEGORIES, type EmergencyCategory } from '@emergency/domain';

/** The four categories of the shared emergency category tree. */
export const INCIDENT_CATEGORIES = EMERGENCY_CATEGORIES;
export type IncidentCategory = EmergencyCategory;
/** National four-level scale, I being the most severe. */
export const INCIDENT_SEVERITIES = ['I', 'II', 'III', 'IV'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export type IncidentStatus = 'REPORTED' | 'RESPONDING' | 'RECOVERY' | 'CLOSED';

@Entity('incident')
export class IncidentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text')
  category!: IncidentCategory;

  @Column('text')
  severity!: IncidentSeverity;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('text')
  status!: IncidentStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
