import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const RESCUE_TEAM_TYPES = [
  'PROFESSIONAL',
  'FIRE',
  'FLOOD_CONTROL',
  'FOREST_FIRE',
  'MINE_RESCUE',
  'HAZMAT',
  'MEDICAL',
  'MILITIA',
  'VOLUNTEER',
] as const;
export type RescueTeamType = (typeof RESCUE_TEAM_TYPES)[number];

/** What a team is trained and equipped for; the order here is the order specialties are listed in. */
export const RESCUE_SPECIALTIES = [
  'WATER_RESCUE',
  'SWIFT_WATER_RESCUE',
  'DIVING',
  'FLOOD_DEFENCE',
  'COLLAPSED_STRUCTURE',
  'ROPE_RESCUE',
  'MOUNTAIN_RESCUE',
  'FIREFIGHTING',
  'FOREST_FIREFIGHTING',
  'HAZMAT_DETECTION',
  'DECONTAMINATION',
  'MINE_RESCUE',
  'MEDICAL_FIRST_AID',
  'SEARCH_DOGS',
  'DRONE_RECONNAISSANCE',
  'COMMUNICATIONS',
  'HEAVY_MACHINERY',
  'LOGISTICS',
] as const;
export type RescueSpecialty = (typeof RESCUE_SPECIALTIES)[number];

export const RESCUE_TEAM_READINESS = ['READY', 'DEPLOYED', 'STANDING_DOWN', 'UNAVAILABLE'] as const;
export type RescueTeamReadiness = (typeof RESCUE_TEAM_READINESS)[number];

export const RESCUE_TEAM_STATUSES = ['ACTIVE', 'DISBANDED'] as const;
export type RescueTeamStatus = (typeof RESCUE_TEAM_STATUSES)[number];

@Entity('rescue_team')
export class RescueTeamEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  type!: RescueTeamType;

  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /** Where the team is stationed; decides who sees and manages it. Lies within the organisation's region. */
  @Column('text', { name: 'base_region_code' })
  baseRegionCode!: string;

  /** Declared headcount (编制人数); never below the number of current members. */
  @Column('integer')
  headcount!: number;

  /** A set, kept in the order of {@link RESCUE_SPECIALTIES}. */
  @Column('text', { array: true })
  specialties!: RescueSpecialty[];

  @Column('text')
  readiness!: RescueTeamReadiness;

  @Column('text', { name: 'readiness_note', nullable: true })
  readinessNote!: string | null;

  @Column('timestamptz', { name: 'readiness_changed_at' })
  readinessChangedAt!: Date;

  @Column('text')
  status!: RescueTeamStatus;

  @Column('timestamptz', { name: 'disbanded_at', nullable: true })
  disbandedAt!: Date | null;

  @Column('text', { name: 'disband_reason', nullable: true })
  disbandReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
