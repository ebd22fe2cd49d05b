import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

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
export type OrganisationStatus = 'ACTIVE' | 'DISSOLVED';

@Entity('organisation')
export class OrganisationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  type!: OrganisationType;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId!: string | null;

  @Column('text')
  status!: OrganisationStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
