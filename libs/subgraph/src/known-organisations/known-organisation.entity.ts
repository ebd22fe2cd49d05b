import { Column, Entity, PrimaryColumn } from 'typeorm';

export type KnownOrganisationStatus = 'ACTIVE' | 'DISSOLVED';

/**
 * An organisation as a service other than organisations knows it: what the OrganisationRegistered,
 * OrganisationUpdated and OrganisationDissolved events said, and only what reference checks need.
 */
@Entity('known_organisation')
export class KnownOrganisationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  /** Division code at any level; an organisation's region never changes. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** The organisation's type as the organisations topic states it (ENTERPRISE, ...); null if learned before. */
  @Column('text', { nullable: true })
  type?: string | null;

  @Column('text')
  status!: KnownOrganisationStatus;

  @Column('timestamptz', { name: 'dissolved_at', nullable: true })
  dissolvedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
