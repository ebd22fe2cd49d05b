import type { MigrationInterface, QueryRunner } from 'typeorm';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

// Spelled out rather than imported: a migration is a snapshot of the schema at its time, and must not change when
// the application's enums grow (a new value is a new migration).
const TYPES = [
  'PROFESSIONAL',
  'FIRE',
  'FLOOD_CONTROL',
  'FOREST_FIRE',
  'MINE_RESCUE',
  'HAZMAT',
  'MEDICAL',
  'MILITIA',
  'VOLUNTEER',
];
const SPECIALTIES = [
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
];
const READINESS = ['READY', 'DEPLOYED', 'STANDING_DOWN', 'UNAVAILABLE'];

/** Rescue teams (应急救援队伍), their members and their equipment. */
export class CreateRescueTeams1795444500000 implements MigrationInterface {
  name = 'CreateRescueTeams1795444500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rescue_team (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(trim(name)) > 0),
        type text NOT NULL CHECK (type IN (${list(TYPES)})),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        base_region_code text NOT NULL REFERENCES region (code),
        headcount integer NOT NULL CHECK (headcount >= 1),
        specialties text[] NOT NULL DEFAULT '{}' CHECK (specialties <@ ARRAY[${list(SPECIALTIES)}]::text[]),
        readiness text NOT NULL CHECK (readiness IN (${list(READINESS)})),
        readiness_note text,
        readiness_changed_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'DISBANDED')),
        disbanded_at timestamptz,
        disband_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rescue_team_disbanded_check CHECK ((status = 'DISBANDED') = (disbanded_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX rescue_team_listing_idx ON rescue_team (name, id)`);
    // Region subtree queries are prefix matches on the code.
    await queryRunner.query(
      `CREATE INDEX rescue_team_region_idx ON rescue_team (base_region_code text_pattern_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX rescue_team_organisation_idx ON rescue_team (organisation_id, name, id)`,
    );
    // "Which teams can do water rescue" is an array containment query.
    await queryRunner.query(
      `CREATE INDEX rescue_team_specialties_idx ON rescue_team USING gin (specialties)`,
    );

    await queryRunner.query(`
      CREATE TABLE rescue_team_membership (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES rescue_team (id),
        person_id uuid NOT NULL REFERENCES person (id),
        role text NOT NULL CHECK (role IN ('CAPTAIN', 'DEPUTY_CAPTAIN', 'MEMBER')),
        joined_on date NOT NULL,
        left_on date,
        left_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rescue_team_membership_left_check CHECK ((left_on IS NULL) = (left_reason IS NULL)),
        CONSTRAINT rescue_team_membership_period_check CHECK (left_on IS NULL OR left_on >= joined_on)
      )`);
    // The service checks both under the team's row lock; these catch anything that gets past it.
    await queryRunner.query(
      `CREATE UNIQUE INDEX rescue_team_membership_current_key ON rescue_team_membership (team_id, person_id)
         WHERE left_on IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX rescue_team_captain_key ON rescue_team_membership (team_id)
         WHERE role = 'CAPTAIN' AND left_on IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX rescue_team_membership_team_idx ON rescue_team_membership (team_id, joined_on, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX rescue_team_membership_person_idx ON rescue_team_membership (person_id) WHERE left_on IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE rescue_team_equipment (
        team_id uuid NOT NULL REFERENCES rescue_team (id),
        position integer NOT NULL CHECK (position >= 0),
        name text NOT NULL CHECK (length(trim(name)) > 0),
        quantity integer NOT NULL CHECK (quantity > 0),
        unit text NOT NULL CHECK (length(trim(unit)) > 0),
        notes text,
        PRIMARY KEY (team_id, position)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX rescue_team_equipment_name_key ON rescue_team_equipment (team_id, lower(name))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE rescue_team_equipment`);
    await queryRunner.query(`DROP TABLE rescue_team_membership`);
    await queryRunner.query(`DROP TABLE rescue_team`);
  }
}
