import type { MigrationInterface, QueryRunner } from 'typeorm';

const O493 = 'State Council Order 493 (生产安全事故报告和调查处理条例), art. 3';
const RELIEF_PLAN =
  'National natural-disaster relief emergency plan (国家自然灾害救助应急预案, 2016): per-province trigger for one event';

/** [grade, metric, minimum] */
type Row = [string, string, string];

const ACCIDENT_RULES: Row[] = [
  ['I', 'DEATHS', '30'],
  ['I', 'SERIOUSLY_INJURED', '100'],
  ['I', 'DIRECT_LOSS_FEN', '10000000000'],
  ['II', 'DEATHS', '10'],
  ['II', 'SERIOUSLY_INJURED', '50'],
  ['II', 'DIRECT_LOSS_FEN', '5000000000'],
  ['III', 'DEATHS', '3'],
  ['III', 'SERIOUSLY_INJURED', '10'],
  ['III', 'DIRECT_LOSS_FEN', '1000000000'],
  ['IV', 'EVERY_INCIDENT', '1'],
];

const DISASTER_RULES: Row[] = [
  ['I', 'DEATHS', '200'],
  ['I', 'RELOCATED', '2000000'],
  ['I', 'NEEDING_RELIEF', '2000000'],
  ['I', 'HOUSES_COLLAPSED_OR_SEVERELY_DAMAGED', '300000'],
  ['II', 'DEATHS', '100'],
  ['II', 'RELOCATED', '1000000'],
  ['II', 'NEEDING_RELIEF', '1000000'],
  ['II', 'HOUSES_COLLAPSED_OR_SEVERELY_DAMAGED', '200000'],
  ['III', 'DEATHS', '50'],
  ['III', 'RELOCATED', '500000'],
  ['III', 'NEEDING_RELIEF', '500000'],
  ['III', 'HOUSES_COLLAPSED_OR_SEVERELY_DAMAGED', '100000'],
  ['IV', 'DEATHS', '20'],
  ['IV', 'RELOCATED', '100000'],
  ['IV', 'NEEDING_RELIEF', '100000'],
  ['IV', 'HOUSES_COLLAPSED_OR_SEVERELY_DAMAGED', '10000'],
];

/**
 * Grading incidents and tracking their response:
 *
 * - `grading_rule`: the grading criteria as data per jurisdiction (region code prefix, '' for the national default)
 *   and category (subcategory null: the whole category). Seeded with O493 art. 3 for accidents (every accident is at
 *   least IV) and the 2016 national relief plan's per-province triggers for natural disasters (below IV: no grade);
 * - `regrading_window`: how long after an incident its grade may change (O493 art. 20: 30 days, 7 for road traffic
 *   and fire accidents);
 * - each incident's grade decisions, response levels (one in force at a time) and status changes.
 */
export class GradeIncidentsAndTrackResponse1796810000000 implements MigrationInterface {
  name = 'GradeIncidentsAndTrackResponse1796810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string, params?: unknown[]) => queryRunner.query(sql, params);
    const grade = (column: string) => `${column} text NOT NULL CHECK (${column} IN ('I', 'II', 'III', 'IV'))`;
    await q(`CREATE TABLE grading_rule (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
      category text NOT NULL,
      subcategory text,
      ${grade('grade')},
      metric text NOT NULL,
      minimum bigint NOT NULL CHECK (minimum > 0),
      source text NOT NULL CHECK (length(trim(source)) BETWEEN 1 AND 500)
    )`);
    await q(`CREATE UNIQUE INDEX grading_rule_unique
               ON grading_rule (region_prefix, category, COALESCE(subcategory, ''), metric, grade)`);
    await q(`CREATE TABLE regrading_window (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
      category text NOT NULL,
      subcategory text,
      days integer NOT NULL CHECK (days > 0),
      source text NOT NULL
    )`);
    await q(`CREATE UNIQUE INDEX regrading_window_unique
               ON regrading_window (region_prefix, category, COALESCE(subcategory, ''))`);
    for (const [category, rows, source] of [
      ['ACCIDENT', ACCIDENT_RULES, O493],
      ['NATURAL_DISASTER', DISASTER_RULES, RELIEF_PLAN],
    ] as const) {
      for (const [g, metric, minimum] of rows) {
        await q(
          `INSERT INTO grading_rule (region_prefix, category, grade, metric, minimum, source)
           VALUES ('', $1, $2, $3, $4, $5)`,
          [category, g, metric, minimum, source],
        );
      }
    }
    const art20 = 'State Council Order 493, art. 20 (with art. 13)';
    await q(
      `INSERT INTO regrading_window (region_prefix, category, subcategory, days, source)
       VALUES ('', 'ACCIDENT', NULL, 30, $1), ('', 'ACCIDENT', 'ROAD_TRAFFIC', 7, $1), ('', 'ACCIDENT', 'FIRE', 7, $1)`,
      [art20],
    );
    await q(`CREATE TABLE incident_grade_decision (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      incident_id uuid NOT NULL REFERENCES incident (id),
      ${grade('grade')},
      ${grade('previous_grade')},
      suggested_grade text CHECK (suggested_grade IN ('I', 'II', 'III', 'IV')),
      kind text NOT NULL CHECK (kind IN ('CONFIRMED', 'OVERRIDDEN', 'REGRADED')),
      reason text,
      decided_by text NOT NULL,
      decided_at timestamptz NOT NULL
    )`);
    await q(`CREATE INDEX incident_grade_decision_incident ON incident_grade_decision (incident_id, seq)`);
    await q(`CREATE TABLE incident_response (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      incident_id uuid NOT NULL REFERENCES incident (id),
      ${grade('level')},
      declaring_organisation_id uuid NOT NULL,
      reason text,
      declared_at timestamptz NOT NULL,
      declared_by text NOT NULL,
      lifted_at timestamptz,
      lifted_by text,
      lift_reason text,
      CHECK ((lifted_at IS NULL) = (lifted_by IS NULL))
    )`);
    await q(`CREATE INDEX incident_response_incident ON incident_response (incident_id, seq)`);
    // The history tables keep the order of their rows in `seq`: several may share an instant.
    // One response level in force per incident.
    await q(
      `CREATE UNIQUE INDEX incident_response_in_force ON incident_response (incident_id) WHERE lifted_at IS NULL`,
    );
    await q(`CREATE TABLE incident_status_change (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      incident_id uuid NOT NULL REFERENCES incident (id),
      from_status text NOT NULL,
      to_status text NOT NULL,
      reason text NOT NULL,
      changed_by text NOT NULL,
      changed_at timestamptz NOT NULL
    )`);
    await q(`CREATE INDEX incident_status_change_incident ON incident_status_change (incident_id, seq)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP TABLE incident_status_change, incident_response, incident_grade_decision, regrading_window, grading_rule`,
    );
  }
}
