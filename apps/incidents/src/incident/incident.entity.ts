import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import {
  EMERGENCY_CATEGORIES,
  type EmergencyCategory,
  type EmergencySubcategoryCode,
} from '@emergency/domain';
import { FigureColumns } from './incident-figures.columns';

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

  /** Its subcategory in the shared tree (for natural disasters, the hazard type); null for older incidents. */
  @Column('text', { nullable: true })
  subcategory!: EmergencySubcategoryCode | null;

  @Column('text')
  severity!: IncidentSeverity;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt!: Date;

  @Column('text')
  status!: IncidentStatus;

  /** The organisation whose report opened it, when one was named. */
  @Column('uuid', { name: 'reporting_organisation_id', nullable: true })
  reportingOrganisationId!: string | null;

  /** The figures as last reported (each report's own figures are kept with it). */
  @Column(() => FigureColumns, { prefix: false })
  figures!: FigureColumns;

  @Column('timestamptz', { name: 'figures_updated_at', nullable: true })
  figuresUpdatedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
