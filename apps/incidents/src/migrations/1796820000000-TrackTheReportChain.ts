import type { MigrationInterface, QueryRunner } from 'typeorm';

const FIGURES = `deaths integer CHECK (deaths >= 0),
  missing integer CHECK (missing >= 0),
  injured integer CHECK (injured >= 0),
  seriously_injured integer CHECK (seriously_injured >= 0),
  relocated integer CHECK (relocated >= 0),
  needing_relief integer CHECK (needing_relief >= 0),
  houses_collapsed integer CHECK (houses_collapsed >= 0),
  houses_severely_damaged integer CHECK (houses_severely_damaged >= 0),
  houses_damaged integer CHECK (houses_damaged >= 0),
  direct_loss_fen bigint CHECK (direct_loss_fen >= 0),
  affected_area_hectares integer CHECK (affected_area_hectares >= 0)`;

interface Seed {
  category: 'ACCIDENT' | 'NATURAL_DISASTER';
  subcategory?: string;
  grades: string[];
  kind: string;
  channel?: string;
  hop: string;
  anchor: string;
  level?: string;
  minutes?: number;
  workingDays?: number;
  fixedTimes?: string[];
  source: string;
}

const ALL = ['I', 'II', 'III', 'IV'];
const O493 = 'State Council Order 493 (生产安全事故报告和调查处理条例)';
const DISASTER = '自然灾害情况统计调查制度 and the provincial 灾情报送 rules';

/** The national defaults (DOMAIN_FACTS 3.1, 3.3): the rules of every region without rules of its own. */
const NATIONAL: Seed[] = [
  {
    category: 'ACCIDENT',
    grades: ALL,
    kind: 'INITIAL',
    hop: 'UNIT_TO_COUNTY',
    anchor: 'OCCURRED',
    level: 'COUNTY',
    minutes: 60,
    source: `${O493} art. 9: the unit reports to the county within 1 h`,
  },
  {
    category: 'ACCIDENT',
    grades: ['I', 'II'],
    kind: 'INITIAL',
    hop: 'EACH_LEVEL_UP',
    anchor: 'RECEIVED_BELOW',
    level: 'NATIONAL',
    minutes: 120,
    source: `${O493} arts. 10-11: 特别重大/重大 level by level to the State Council, each relay within 2 h`,
  },
  {
    category: 'ACCIDENT',
    grades: ['III'],
    kind: 'INITIAL',
    hop: 'EACH_LEVEL_UP',
    anchor: 'RECEIVED_BELOW',
    level: 'PROVINCE',
    minutes: 120,
    source: `${O493} arts. 10-11: 较大 to the province, each relay within 2 h`,
  },
  {
    category: 'ACCIDENT',
    grades: ['IV'],
    kind: 'INITIAL',
    hop: 'EACH_LEVEL_UP',
    anchor: 'RECEIVED_BELOW',
    level: 'PREFECTURE',
    minutes: 120,
    source: `${O493} arts. 10-11: 一般 to the 设区的市, each relay within 2 h`,
  },
  {
    category: 'ACCIDENT',
    grades: ALL,
    kind: 'SUPPLEMENTARY',
    hop: 'SUPPLEMENTARY_WINDOW',
    anchor: 'OCCURRED',
    minutes: 30 * 1440,
    source: `${O493} art. 13: 补报 of casualty changes within 30 days`,
  },
  {
    category: 'ACCIDENT',
    subcategory: 'ROAD_TRAFFIC',
    grades: ALL,
    kind: 'SUPPLEMENTARY',
    hop: 'SUPPLEMENTARY_WINDOW',
    anchor: 'OCCURRED',
    minutes: 7 * 1440,
    source: `${O493} art. 13: 7 days for road-traffic accidents`,
  },
  {
    category: 'ACCIDENT',
    subcategory: 'FIRE',
    grades: ALL,
    kind: 'SUPPLEMENTARY',
    hop: 'SUPPLEMENTARY_WINDOW',
    anchor: 'OCCURRED',
    minutes: 7 * 1440,
    source: `${O493} art. 13: 7 days for fires`,
  },
  {
    category: 'NATURAL_DISASTER',
    grades: ALL,
    kind: 'INITIAL',
    hop: 'COUNTY_INITIAL',
    anchor: 'OCCURRED',
    level: 'PREFECTURE',
    minutes: 120,
    source: `${DISASTER}: the county's 初报 to the 地(市) within 2 h`,
  },
  {
    category: 'NATURAL_DISASTER',
    grades: ALL,
    kind: 'INITIAL',
    hop: 'EACH_LEVEL_UP',
    anchor: 'RECEIVED_BELOW',
    level: 'NATIONAL',
    minutes: 120,
    source: `${DISASTER}: city and province each review and relay within 2 h`,
  },
  {
    category: 'NATURAL_DISASTER',
    grades: ALL,
    kind: 'VERIFIED',
    hop: 'AFTER_RESPONSE',
    anchor: 'RESPONSE_LIFTED',
    level: 'PREFECTURE',
    workingDays: 2,
    source: `${DISASTER}: the county's 核报 within 2 working days of the disaster stabilising`,
  },
];

/** 续报 at 08:00 and 17:00 for grades I-III while responding (the Henan notice). */
const FOLLOW_UPS: Seed[] = (['ACCIDENT', 'NATURAL_DISASTER'] as const).map((category) => ({
  category,
  grades: ['I', 'II', 'III'],
  kind: 'FOLLOW_UP',
  hop: 'FIXED_TIMES',
  anchor: 'FIXED_TIME',
  level: 'PROVINCE',
  fixedTimes: ['08:00', '17:00'],
  source:
    '河南省应急管理厅 notice on accident and disaster information: 较大 and above twice a day, 08:00 and 17:00',
}));

/** Henan: 特别重大/重大 by phone within 15 min and in writing within 35 min. */
const HENAN_FAST: Seed[] = (['ACCIDENT', 'NATURAL_DISASTER'] as const).flatMap((category) =>
  (
    [
      ['PHONE', 15],
      ['WRITTEN', 35],
    ] as const
  ).map(([channel, minutes]) => ({
    category,
    grades: ['I', 'II'],
    kind: 'INITIAL',
    channel,
    hop: 'DIRECT',
    anchor: 'OCCURRED',
    level: 'PROVINCE',
    minutes,
    source: `河南省应急管理厅 notice: 特别重大/重大 by ${channel === 'PHONE' ? 'phone' : 'writing'} within ${minutes} min`,
  })),
);

/** The seeded rules: national ('' prefix), Henan ('41') and Hubei ('42') with the national ones they keep. */
const SEEDS: [string, Seed[]][] = [
  ['', NATIONAL],
  ['41', [...NATIONAL, ...FOLLOW_UPS, ...HENAN_FAST]],
  ['42', [...NATIONAL, ...FOLLOW_UPS]],
];

/**
 * The report chain of an incident (初报, 续报, 核报, 补报, 终报) and its deadlines: the rules as data (a region prefix
 * and category each, the most specific prefix wins), seeded with the national and two provinces' rules, and the
 * reports each incident owes with when they are due and whether they were met in time.
 */
export class TrackTheReportChain1796820000000 implements MigrationInterface {
  name = 'TrackTheReportChain1796820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE incident_report (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incident(id),
      position integer NOT NULL CHECK (position >= 1),
      region_code text NOT NULL,
      kind text NOT NULL,
      number integer CHECK (number >= 1),
      channel text NOT NULL,
      reporting_organisation_id uuid NOT NULL,
      to_level text NOT NULL,
      skipped_levels text[] NOT NULL DEFAULT '{}',
      skip_reason text,
      text text NOT NULL,
      explanation text,
      ${FIGURES},
      figures_after jsonb NOT NULL,
      reported_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      within_supplementary_window boolean,
      late_minutes integer CHECK (late_minutes >= 1)
    )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX incident_report_position ON incident_report (incident_id, position)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX incident_report_once ON incident_report (incident_id, kind)
       WHERE kind IN ('VERIFIED', 'FINAL')`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX incident_report_initial_per_level ON incident_report (incident_id, to_level)
       WHERE kind = 'INITIAL'`,
    );
    await queryRunner.query(
      `CREATE INDEX incident_report_late ON incident_report (reported_at, id) WHERE late_minutes IS NOT NULL`,
    );
    await queryRunner.query(`CREATE TABLE report_deadline_rule (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
      category text NOT NULL,
      subcategory text,
      grades text[] NOT NULL,
      kind text NOT NULL,
      channel text,
      hop text NOT NULL,
      anchor text NOT NULL,
      level text,
      within_minutes integer CHECK (within_minutes >= 0),
      within_working_days integer CHECK (within_working_days >= 0),
      fixed_times text[] NOT NULL DEFAULT '{}',
      source text NOT NULL
    )`);
    await queryRunner.query(
      `CREATE INDEX report_deadline_rule_scope ON report_deadline_rule (category, region_prefix)`,
    );
    for (const [prefix, seeds] of SEEDS) {
      for (const s of seeds) {
        await queryRunner.query(
          `INSERT INTO report_deadline_rule (region_prefix, category, subcategory, grades, kind, channel, hop, anchor,
             level, within_minutes, within_working_days, fixed_times, source)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
            prefix,
            s.category,
            s.subcategory ?? null,
            s.grades,
            s.kind,
            s.channel ?? null,
            s.hop,
            s.anchor,
            s.level ?? null,
            s.minutes ?? null,
            s.workingDays ?? null,
            s.fixedTimes ?? [],
            s.source,
          ],
        );
      }
    }
    await queryRunner.query(`CREATE TABLE report_deadline (
      id uuid PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incident(id),
      rule_id uuid REFERENCES report_deadline_rule(id) ON DELETE SET NULL,
      region_code text NOT NULL,
      category text NOT NULL,
      reporting_region text NOT NULL,
      kind text NOT NULL,
      channel text,
      level text NOT NULL,
      due_at timestamptz NOT NULL,
      met_by_report_id uuid REFERENCES incident_report(id),
      met_at timestamptz,
      late_minutes integer CHECK (late_minutes >= 0),
      overdue_at timestamptz,
      created_at timestamptz NOT NULL
    )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX report_deadline_once ON report_deadline (incident_id, kind, level, coalesce(channel, ''), due_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX report_deadline_open ON report_deadline (due_at, id) WHERE met_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX report_deadline_incident ON report_deadline (incident_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_deadline`);
    await queryRunner.query(`DROP TABLE report_deadline_rule`);
    await queryRunner.query(`DROP TABLE incident_report`);
  }
}
