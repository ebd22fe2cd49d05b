import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The five levels of the reserve system (中央—省—市—县—乡). */
export const RESERVE_LEVELS = ['CENTRAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP'] as const;
export type ReserveLevel = (typeof RESERVE_LEVELS)[number];
/** A depot (储备库), a smaller reserve point (储备点), or an agreement reserve an enterprise holds (协议储备). */
export const RESERVE_KINDS = ['DEPOT', 'POINT', 'AGREEMENT'] as const;
export type ReserveKind = (typeof RESERVE_KINDS)[number];
export const RESERVE_POINT_STATUSES = ['ACTIVE', 'CLOSED'] as const;
export type ReservePointStatus = (typeof RESERVE_POINT_STATUSES)[number];

/** Decimal degrees as PostgreSQL's numeric gives them back (a string), as numbers. */
const degrees = { to: (value: number) => value, from: (value: string) => Number(value) };

@Entity('reserve_point')
export class ReservePointEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  level!: ReserveLevel;

  @Column('text')
  kind!: ReserveKind;

  /** The organisation whose reserve it is (an emergency office, a grain and reserves bureau). */
  @Column('uuid', { name: 'owner_organisation_id' })
  ownerOrganisationId!: string;

  /** For an agreement reserve, the enterprise that holds the goods under the agreement; null otherwise. */
  @Column('uuid', { name: 'holder_organisation_id', nullable: true })
  holderOrganisationId!: string | null;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('numeric', { precision: 9, scale: 6, transformer: degrees })
  latitude!: number;

  @Column('numeric', { precision: 9, scale: 6, transformer: degrees })
  longitude!: number;

  @Column('integer', { name: 'capacity_cubic_metres', nullable: true })
  capacityCubicMetres!: number | null;

  @Column('text')
  status!: ReservePointStatus;

  /** Why it was closed; null while active. */
  @Column('text', { name: 'closed_reason', nullable: true })
  closedReason!: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
