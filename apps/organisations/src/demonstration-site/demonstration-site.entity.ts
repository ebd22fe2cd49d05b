import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What kind of place the site is: 综合减灾示范社区 are communities and villages, 安全发展示范城市 cities. */
export const DEMONSTRATION_SITE_KINDS = [
  'COMMUNITY',
  'VILLAGE',
  'ENTERPRISE',
  'SCHOOL',
  'INDUSTRIAL_PARK',
  'CITY',
  'OTHER',
] as const;
export type DemonstrationSiteKind = (typeof DEMONSTRATION_SITE_KINDS)[number];

/** The level of the authority that designated the site. */
export const DESIGNATION_LEVELS = ['NATIONAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY'] as const;
export type DesignationLevel = (typeof DESIGNATION_LEVELS)[number];

export const DEMONSTRATION_SITE_STATUSES = ['DESIGNATED', 'UNDER_RECTIFICATION', 'REVOKED'] as const;
export type DemonstrationSiteStatus = (typeof DEMONSTRATION_SITE_STATUSES)[number];

@Entity('demonstration_site')
export class DemonstrationSiteEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: DemonstrationSiteKind;

  @Column('text')
  level!: DesignationLevel;

  /** A division code at any level; jurisdiction applies to it. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** The responsible organisation, whose region covers the site's. */
  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /** YYYY-MM-DD; kept a string so no time zone shifts the day. */
  @Column('date', { name: 'designated_on' })
  designatedOn!: string;

  @Column('text')
  status!: DemonstrationSiteStatus;

  @Column('date', { name: 'revoked_on', nullable: true })
  revokedOn!: string | null;

  /** The day of the latest inspection, kept on the row (under its lock) so overdue sites filter without a join. */
  @Column('date', { name: 'last_inspected_on', nullable: true })
  lastInspectedOn!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
