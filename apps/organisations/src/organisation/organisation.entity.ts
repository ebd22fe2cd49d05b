import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const ORGANISATION_TYPES = [
  'GOVERNMENT',
  'EMERGENCY_MANAGEMENT_OFFICE',
  'AUDIT_OFFICE',
  'FINANCE_BUREAU',
  'FUNCTIONAL_DEPARTMENT',
  'RED_CROSS_OR_CHARITY',
  'ENTERPRISE',
  'SCHOOL',
  'COMMUNITY_COMMITTEE',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** What a functional department (职能部门) is responsible for. */
export const SECTORS = [
  'PUBLIC_SECURITY',
  'FIRE_AND_RESCUE',
  'WATER_RESOURCES',
  'FORESTRY_AND_GRASSLAND',
  'HEALTH',
  'TRANSPORT',
  'NATURAL_RESOURCES',
  'HOUSING_AND_CONSTRUCTION',
  'CIVIL_AFFAIRS',
  'AGRICULTURE_AND_RURAL_AFFAIRS',
  'METEOROLOGY',
  'EDUCATION',
  'ECOLOGY_AND_ENVIRONMENT',
  'OTHER',
] as const;
export type Sector = (typeof SECTORS)[number];

export const ORGANISATION_STATUSES = ['ACTIVE', 'DISSOLVED'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

@Entity('organisation')
export class OrganisationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  type!: OrganisationType;

  @Column('text', { nullable: true })
  sector!: Sector | null;

  /** Never changes: an organisation that moves to another region is a new registration. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId!: string | null;

  @Column('text')
  status!: OrganisationStatus;

  @Column('timestamptz', { name: 'dissolved_at', nullable: true })
  dissolvedAt!: Date | null;

  @Column('text', { name: 'dissolution_reason', nullable: true })
  dissolutionReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
