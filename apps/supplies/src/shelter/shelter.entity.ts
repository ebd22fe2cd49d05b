import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ShelterClass, ShelterLevel, ShelterStatus } from './shelter-rules';

/** Decimal degrees as PostgreSQL's numeric gives them back (a string), as numbers. */
const degrees = { to: (value: number) => value, from: (value: string) => Number(value) };

/** GB 21734-2008's earthquake shelter classes by stay: I ≥ 30 days, II 10–30 days, III ≤ 10 days. */
export const EARTHQUAKE_CLASSES = ['I', 'II', 'III'] as const;
export type EarthquakeClass = (typeof EARTHQUAKE_CLASSES)[number];

/**
 * The facilities a shelter may have, from GB 21734-2008's three sets (basic, general, comprehensive) and the zones
 * GB 51143-2015 asks of emergency, fixed and central shelters.
 */
export const SHELTER_FACILITIES = [
  'TENTS_OR_SHELTER_HOUSING',
  'MEDICAL_AID',
  'WATER',
  'POWER',
  'SEWAGE',
  'TOILETS',
  'WASTE',
  'ACCESS_ROUTE',
  'SIGNAGE',
  'FIRE_FIGHTING',
  'SUPPLY_STORE',
  'COMMAND',
  'PARKING',
  'HELIPAD',
  'SHOWERS',
  'VENTILATION',
  'BROADCAST',
  'LIGHTING',
  'COMMUNICATIONS',
  'MANAGEMENT',
  'DISTRIBUTION_POINT',
] as const;
export type ShelterFacility = (typeof SHELTER_FACILITIES)[number];

@Entity('shelter')
export class ShelterEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  level!: ShelterLevel;

  @Column('text', { name: 'shelter_class' })
  shelterClass!: ShelterClass;

  @Column('text', { name: 'earthquake_class', nullable: true })
  earthquakeClass!: EarthquakeClass | null;

  @Column('uuid', { name: 'managing_organisation_id' })
  managingOrganisationId!: string;

  /** The 6-digit region of the jurisdiction (a township's or village's shelter sits in its county's code). */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  /** The 9- or 12-digit division code of the township or village, as given; null when not. */
  @Column('text', { name: 'division_code', nullable: true })
  divisionCode!: string | null;

  @Column('text')
  address!: string;

  @Column('numeric', { precision: 9, scale: 6, transformer: degrees })
  latitude!: number;

  @Column('numeric', { precision: 9, scale: 6, transformer: degrees })
  longitude!: number;

  /** People it is built to take in. */
  @Column('integer')
  capacity!: number;

  @Column('integer', { name: 'effective_area_square_metres' })
  effectiveAreaSquareMetres!: number;

  @Column('integer', { name: 'service_radius_metres' })
  serviceRadiusMetres!: number;

  @Column('text', { array: true })
  facilities!: ShelterFacility[];

  /** GB/T 44014-2024 signs installed. */
  @Column('boolean', { name: 'signage_installed' })
  signageInstalled!: boolean;

  @Column('integer', { name: 'sign_count' })
  signCount!: number;

  @Column('text')
  status!: ShelterStatus;

  /** People staying as of the latest occupancy report (0 before any, and once closed). */
  @Column('integer', { name: 'current_occupants' })
  currentOccupants!: number;

  @Column('timestamptz', { name: 'occupancy_reported_at', nullable: true })
  occupancyReportedAt!: Date | null;

  @Column('timestamptz', { name: 'opened_at', nullable: true })
  openedAt!: Date | null;

  @Column('uuid', { name: 'opened_for_incident_id', nullable: true })
  openedForIncidentId!: string | null;

  @Column('timestamptz', { name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  @Column('text', { name: 'close_reason', nullable: true })
  closeReason!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** One occupancy report: how many people stayed in the shelter at a moment. */
@Entity('shelter_occupancy')
export class ShelterOccupancyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'shelter_id' })
  shelterId!: string;

  @Column('timestamptz', { name: 'reported_at' })
  reportedAt!: Date;

  @Column('integer')
  occupants!: number;

  /** The shelter's capacity when reported. */
  @Column('integer')
  capacity!: number;

  @Column('boolean', { name: 'over_capacity' })
  overCapacity!: boolean;

  @Column('uuid', { name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column('text', { name: 'recorded_by' })
  recordedBy!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}

/** Fixed (and central) shelter capacity as a share of the planned population, per jurisdiction prefix. */
@Entity('shelter_planning_ratio')
export class ShelterPlanningRatioEntity {
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('integer', { name: 'min_percent' })
  minPercent!: number;

  @Column('integer', { name: 'max_percent', nullable: true })
  maxPercent!: number | null;

  @Column('text')
  source!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}

/** A region's (planned) population as an administrator set it, with its source. */
@Entity('region_population')
export class RegionPopulationEntity {
  @PrimaryColumn('text', { name: 'region_code' })
  regionCode!: string;

  @Column('integer')
  population!: number;

  @Column('text')
  source!: string;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
