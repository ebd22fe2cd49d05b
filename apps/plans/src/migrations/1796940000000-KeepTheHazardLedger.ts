import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hazard ledger (风险隐患排查台账): hazards with their six fixes (六定), the history of their closed loop, the
 * reviewers' verifications and the deadline changes; and the ledger's rules per jurisdiction prefix, seeded with
 * the national default and its source.
 */
export class KeepTheHazardLedger1796940000000 implements MigrationInterface {
  name = 'KeepTheHazardLedger1796940000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE hazard (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('HAZARD_SOURCE', 'HIDDEN_DANGER')),
        category text,
        subcategory text,
        place text NOT NULL CHECK (length(trim(place)) > 0),
        region_code text NOT NULL,
        latitude numeric(9, 6) CHECK (latitude BETWEEN -90 AND 90),
        longitude numeric(9, 6) CHECK (longitude BETWEEN -180 AND 180),
        level text NOT NULL CHECK (level IN ('ORDINARY', 'MAJOR')),
        description text NOT NULL CHECK (length(trim(description)) > 0),
        responsible_organisation_id uuid NOT NULL,
        responsible_person_id uuid NOT NULL,
        found_on date NOT NULL,
        found_by_organisation_id uuid NOT NULL,
        supervising_organisation_id uuid,
        status text NOT NULL CHECK (status IN ('FOUND', 'REGISTERED', 'RECTIFYING', 'VERIFIED', 'CLOSED')),
        on_the_spot boolean NOT NULL DEFAULT false,
        fix_item text,
        fix_measures text,
        fix_funds_fen bigint CHECK (fix_funds_fen >= 0),
        fix_person_id uuid,
        deadline date,
        reviewer_person_id uuid,
        verified_on date,
        closed_on date,
        retain_until date,
        overdue_announced_for date,
        overdue_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT hazard_major_supervised CHECK (level <> 'MAJOR' OR supervising_organisation_id IS NOT NULL),
        CONSTRAINT hazard_position_whole CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CONSTRAINT hazard_closed_verified CHECK (closed_on IS NULL OR verified_on IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE INDEX hazard_region_idx ON hazard (region_code text_pattern_ops, created_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX hazard_responsible_idx ON hazard (responsible_organisation_id, deadline)`,
    );
    await queryRunner.query(
      `CREATE INDEX hazard_open_deadline_idx ON hazard (deadline) WHERE status NOT IN ('VERIFIED', 'CLOSED')`,
    );
    await queryRunner.query(`
      CREATE TABLE hazard_transition (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        hazard_id uuid NOT NULL REFERENCES hazard (id),
        from_status text,
        to_status text NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL,
        note text
      )`);
    await queryRunner.query(`CREATE INDEX hazard_transition_idx ON hazard_transition (hazard_id, seq)`);
    await queryRunner.query(`
      CREATE TABLE hazard_verification (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        hazard_id uuid NOT NULL REFERENCES hazard (id),
        verified_on date NOT NULL,
        result text NOT NULL CHECK (result IN ('PASSED', 'FAILED')),
        reviewer_person_id uuid NOT NULL,
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX hazard_verification_idx ON hazard_verification (hazard_id, seq)`);
    await queryRunner.query(`
      CREATE TABLE hazard_deadline_change (
        id uuid PRIMARY KEY,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        hazard_id uuid NOT NULL REFERENCES hazard (id),
        previous_deadline date NOT NULL,
        deadline date NOT NULL,
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX hazard_deadline_change_idx ON hazard_deadline_change (hazard_id, seq)`,
    );
    await queryRunner.query(`
      CREATE TABLE hazard_rule (
        region_prefix text PRIMARY KEY CHECK (region_prefix ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$'),
        retention_years integer NOT NULL CHECK (retention_years BETWEEN 1 AND 100),
        ordinary_max_days integer CHECK (ordinary_max_days BETWEEN 1 AND 3660),
        source text NOT NULL CHECK (length(trim(source)) > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `INSERT INTO hazard_rule (region_prefix, retention_years, ordinary_max_days, source) VALUES ($1, $2, $3, $4)`,
      [
        '',
        2,
        null,
        'Ledger practice (DOMAIN_FACTS 1.6, [S]): records kept 2 or more years (one rule says 5); no sourced ' +
          'national limit on an ordinary hazard’s rectification time',
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE hazard_rule`);
    await queryRunner.query(`DROP TABLE hazard_deadline_change`);
    await queryRunner.query(`DROP TABLE hazard_verification`);
    await queryRunner.query(`DROP TABLE hazard_transition`);
    await queryRunner.query(`DROP TABLE hazard`);
  }
}
