import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'GENERAL_EMERGENCY', 'FLOOD_CONTROL_AND_DROUGHT_RELIEF', 'FOREST_FIRE_PREVENTION',
  'SAFETY_PRODUCTION', 'EARTHQUAKE_RELIEF', 'DISASTER_REDUCTION', 'OTHER'`;
const ROLES = `'LEADER', 'DEPUTY_LEADER', 'OFFICE_DIRECTOR', 'MEMBER'`;
const CHANGES = `'ESTABLISHED', 'MEMBER_APPOINTED', 'ROLE_CHANGED', 'MEMBER_REMOVED', 'LEADER_REPLACED',
  'DETAILS_CHANGED'`;

/**
 * Emergency leading groups, their members' terms and each group's change log. The membership rules the
 * service applies (one current leader, one office director, one current role per person) are also partial
 * unique indexes, and the change log is append-only: triggers refuse UPDATE, DELETE and TRUNCATE.
 */
export class CreateLeadingGroups1795444300000 implements MigrationInterface {
  name = 'CreateLeadingGroups1795444300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE leading_group (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        region_code text NOT NULL,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        purpose text,
        established_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT leading_group_name_key UNIQUE (organisation_id, name)
      )`);
    await queryRunner.query(
      `CREATE INDEX leading_group_listing_idx ON leading_group (region_code, name, id)`,
    );
    // Subtree queries are prefix matches on the code.
    await queryRunner.query(
      `CREATE INDEX leading_group_region_idx ON leading_group (region_code text_pattern_ops)`,
    );

    await queryRunner.query(`
      CREATE TABLE leading_group_membership (
        id uuid PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES leading_group (id),
        person_id uuid NOT NULL REFERENCES person (id),
        role text NOT NULL CHECK (role IN (${ROLES})),
        post text,
        appointed_at timestamptz NOT NULL,
        ended_at timestamptz,
        end_reason text,
        CHECK (ended_at IS NULL OR ended_at >= appointed_at),
        CHECK ((ended_at IS NULL) = (end_reason IS NULL))
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX leading_group_membership_one_leader ON leading_group_membership (group_id)
        WHERE role = 'LEADER' AND ended_at IS NULL`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX leading_group_membership_one_office_director ON leading_group_membership (group_id)
        WHERE role = 'OFFICE_DIRECTOR' AND ended_at IS NULL`);
    // Also serves "the current members of these groups".
    await queryRunner.query(`
      CREATE UNIQUE INDEX leading_group_membership_one_per_person
        ON leading_group_membership (group_id, person_id) WHERE ended_at IS NULL`);
    await queryRunner.query(`
      CREATE INDEX leading_group_membership_person_idx ON leading_group_membership (person_id)
        WHERE ended_at IS NULL`);
    await queryRunner.query(`
      CREATE INDEX leading_group_membership_group_idx ON leading_group_membership (group_id, appointed_at, id)`);

    await queryRunner.query(`
      CREATE TABLE leading_group_change (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        group_id uuid NOT NULL REFERENCES leading_group (id),
        kind text NOT NULL CHECK (kind IN (${CHANGES})),
        at timestamptz NOT NULL,
        person_id uuid REFERENCES person (id),
        role text CHECK (role IN (${ROLES})),
        post text,
        previous_role text CHECK (previous_role IN (${ROLES})),
        replaced_person_id uuid REFERENCES person (id),
        actor_subject text NOT NULL,
        note text,
        CHECK ((kind = 'DETAILS_CHANGED') = (person_id IS NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX leading_group_change_group_idx ON leading_group_change (group_id, seq)`,
    );
    await queryRunner.query(`
      CREATE FUNCTION leading_group_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the leading group change log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER leading_group_change_append_only BEFORE UPDATE OR DELETE ON leading_group_change
        FOR EACH ROW EXECUTE FUNCTION leading_group_change_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER leading_group_change_no_truncate BEFORE TRUNCATE ON leading_group_change
        FOR EACH STATEMENT EXECUTE FUNCTION leading_group_change_append_only()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE leading_group_change`);
    await queryRunner.query(`DROP FUNCTION leading_group_change_append_only()`);
    await queryRunner.query(`DROP TABLE leading_group_membership`);
    await queryRunner.query(`DROP TABLE leading_group`);
  }
}
