import { Column, Entity, PrimaryColumn } from 'typeorm';
import { FigureColumns } from '../incident/incident-figures.columns';
import type { IncidentCategory, IncidentSeverity } from '../incident/incident.entity';

/** 初报, 续报 (numbered), 核报 (once), 补报 (casualty changes after the fact), 终报 (closes the chain). */
export const REPORT_KINDS = ['INITIAL', 'FOLLOW_UP', 'VERIFIED', 'SUPPLEMENTARY', 'FINAL'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_CHANNELS = ['PHONE', 'WRITTEN', 'SYSTEM'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];
/** The levels a report goes to, lowest first. */
export const REPORT_LEVELS = ['COUNTY', 'PREFECTURE', 'PROVINCE', 'NATIONAL'] as const;
export type ReportLevel = (typeof REPORT_LEVELS)[number];
/** Which step of the chain a deadline rule times. */
export const DEADLINE_HOPS = [
  'UNIT_TO_COUNTY',
  'COUNTY_INITIAL',
  'DIRECT',
  'EACH_LEVEL_UP',
  'FIXED_TIMES',
  'AFTER_RESPONSE',
  'SUPPLEMENTARY_WINDOW',
] as const;
export type DeadlineHop = (typeof DEADLINE_HOPS)[number];
/** What a deadline counts from: the occurrence, the report received from below, the response lifted, the clock. */
export const DEADLINE_ANCHORS = ['OCCURRED', 'RECEIVED_BELOW', 'RESPONSE_LIFTED', 'FIXED_TIME'] as const;
export type DeadlineAnchor = (typeof DEADLINE_ANCHORS)[number];

/** One report of an incident's chain, with the figures it gave. */
@Entity('incident_report')
export class IncidentReportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  /** Its place in the incident's chain, from 1 (the order the reports were recorded and applied in). */
  @Column('integer')
  position!: number;

  /** The incident's region, for jurisdiction filters. */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text')
  kind!: ReportKind;

  /** 续报 n: its number among the follow-ups; null for the other kinds. */
  @Column('integer', { nullable: true })
  number!: number | null;

  @Column('text')
  channel!: ReportChannel;

  @Column('uuid', { name: 'reporting_organisation_id' })
  reportingOrganisationId!: string;

  @Column('text', { name: 'to_level' })
  toLevel!: ReportLevel;

  @Column('text', { name: 'skipped_levels', array: true })
  skippedLevels!: ReportLevel[];

  @Column('text', { name: 'skip_reason', nullable: true })
  skipReason!: string | null;

  @Column('text')
  text!: string;

  /** Why figures jumped, when they did. */
  @Column('text', { nullable: true })
  explanation!: string | null;

  @Column(() => FigureColumns, { prefix: false })
  figures!: FigureColumns;

  /** The incident's figures once this report was applied (as events carry them: the loss a decimal string). */
  @Column('jsonb', { name: 'figures_after' })
  figuresAfter!: Record<string, number | string | null>;

  @Column('timestamptz', { name: 'reported_at' })
  reportedAt!: Date;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  /** 补报 only: whether it came within the supplementary window (null: other kinds, or no window in force). */
  @Column('boolean', { name: 'within_supplementary_window', nullable: true })
  withinSupplementaryWindow!: boolean | null;

  /** Minutes past the deadline it met (the most, if it met several); null when on time or owed nothing. */
  @Column('integer', { name: 'late_minutes', nullable: true })
  lateMinutes!: number | null;
}

/** A deadline rule in force for a region prefix ('' national) and a category. */
@Entity('report_deadline_rule')
export class ReportDeadlineRuleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'region_prefix' })
  regionPrefix!: string;

  @Column('text')
  category!: IncidentCategory;

  @Column('text', { nullable: true })
  subcategory!: string | null;

  @Column('text', { array: true })
  grades!: IncidentSeverity[];

  @Column('text')
  kind!: ReportKind;

  /** Null: any channel meets it. */
  @Column('text', { nullable: true })
  channel!: ReportChannel | null;

  @Column('text')
  hop!: DeadlineHop;

  @Column('text')
  anchor!: DeadlineAnchor;

  /** The level the report goes to; for EACH_LEVEL_UP, the highest level the relay reaches. */
  @Column('text', { nullable: true })
  level!: ReportLevel | null;

  @Column('integer', { name: 'within_minutes', nullable: true })
  withinMinutes!: number | null;

  @Column('integer', { name: 'within_working_days', nullable: true })
  withinWorkingDays!: number | null;

  /** FIXED_TIME: the times of day (HH:mm, CST) a follow-up is due while the incident is RESPONDING. */
  @Column('text', { name: 'fixed_times', array: true })
  fixedTimes!: string[];

  @Column('text')
  source!: string;
}

/** A report an incident owes: its kind, to which level, by when; met by a report, or marked overdue by the scan. */
@Entity('report_deadline')
export class ReportDeadlineEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('uuid', { name: 'rule_id', nullable: true })
  ruleId!: string | null;

  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text')
  category!: IncidentCategory;

  /** The region expected to make the report (the level below the one it goes to). */
  @Column('text', { name: 'reporting_region' })
  reportingRegion!: string;

  @Column('text')
  kind!: ReportKind;

  @Column('text', { nullable: true })
  channel!: ReportChannel | null;

  @Column('text')
  level!: ReportLevel;

  @Column('timestamptz', { name: 'due_at' })
  dueAt!: Date;

  @Column('uuid', { name: 'met_by_report_id', nullable: true })
  metByReportId!: string | null;

  @Column('timestamptz', { name: 'met_at', nullable: true })
  metAt!: Date | null;

  @Column('integer', { name: 'late_minutes', nullable: true })
  lateMinutes!: number | null;

  @Column('timestamptz', { name: 'overdue_at', nullable: true })
  overdueAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
