import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** What a period of daily zero reporting watches. */
export const ZERO_REPORTING_KINDS = ['RESPONSE', 'EPIDEMIC'] as const;
export type ZeroReportingKind = (typeof ZERO_REPORTING_KINDS)[number];

/** The level of a reporting unit, from its division code. */
export const UNIT_LEVELS = ['COUNTY', 'PREFECTURE', 'PROVINCE'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** A period of daily zero reporting over a region: every county, prefecture and the province within it report. */
@Entity('zero_report_period')
export class ZeroReportPeriodEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id', nullable: true })
  incidentId!: string | null;

  @Column('text')
  kind!: ZeroReportingKind;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text', { nullable: true })
  title!: string | null;

  @Column('date', { name: 'starts_on' })
  startsOn!: string;

  /** The last day reported; null while reporting goes on. */
  @Column('date', { name: 'ends_on', nullable: true })
  endsOn!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** When units of a level within a region-code prefix report ('' is national; the longest prefix wins). */
@Entity('zero_report_deadline_rule')
export class ZeroReportDeadlineRuleEntity {
  @PrimaryColumn('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @PrimaryColumn('text')
  level!: UnitLevel;

  /** HH:mm China Standard Time on the day reported. */
  @Column('text', { name: 'due_time' })
  dueTime!: string;

  @Column('text')
  source!: string;
}

/** One unit's report of a period for one day. */
@Entity('zero_report')
export class ZeroReportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'period_id' })
  periodId!: string;

  @Column('text', { name: 'unit_region_code' })
  unitRegionCode!: string;

  @Column('date', { name: 'report_date' })
  date!: string;

  @Column('boolean', { name: 'nothing_to_report' })
  nothingToReport!: boolean;

  @Column('text', { nullable: true })
  text!: string | null;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  @Column('timestamptz', { name: 'submitted_at' })
  submittedAt!: Date;

  @Column('boolean')
  late!: boolean;

  /** The organisation the caller acted for, if any. */
  @Column('uuid', { name: 'organisation_id', nullable: true })
  organisationId!: string | null;
}

/** A unit's report of a day that was not in by its deadline, marked once by the scan. */
@Entity('zero_report_miss')
export class ZeroReportMissEntity {
  @PrimaryColumn('uuid', { name: 'period_id' })
  periodId!: string;

  @PrimaryColumn('text', { name: 'unit_region_code' })
  unitRegionCode!: string;

  @PrimaryColumn('date', { name: 'report_date' })
  date!: string;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  @Column('timestamptz', { name: 'marked_at' })
  markedAt!: Date;
}
