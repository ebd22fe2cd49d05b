import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incidents and the reconstruction money: funds, the contributions raised into them, the allocations made from
 * them and, per allocation, which paid contributions it draws on (allocation_source).
 *
 * `created_at` columns are timestamptz(3): millisecond precision is what a JS Date holds, so a keyset cursor made
 * from a row's created_at compares equal to the stored value.
 */
export class CreateIncidents1763856400000 implements MigrationInterface {
  name = 'CreateIncidents1763856400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident (
        id uuid PRIMARY KEY,
        title text NOT NULL CHECK (length(trim(title)) BETWEEN 1 AND 200),
        category text NOT NULL
          CHECK (category IN ('NATURAL_DISASTER', 'ACCIDENT', 'PUBLIC_HEALTH', 'SOCIAL_SECURITY')),
        severity text NOT NULL CHECK (severity IN ('I', 'II', 'III', 'IV')),
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        occurred_at timestamptz(3) NOT NULL,
        status text NOT NULL DEFAULT 'REPORTED' CHECK (status IN ('REPORTED', 'RESPONDING', 'RECOVERY', 'CLOSED')),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // incidents(): newest first, optionally within a region subtree (prefix match) or one category.
    await queryRunner.query(`CREATE INDEX incident_occurred_idx ON incident (occurred_at DESC, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX incident_region_idx ON incident (region_code text_pattern_ops, occurred_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX incident_category_idx ON incident (category, occurred_at DESC, id DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE reconstruction_fund (
        id uuid PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incident (id),
        name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        managing_organisation_id uuid NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX reconstruction_fund_incident_idx ON reconstruction_fund (incident_id, created_at, id)`,
    );

    await queryRunner.query(`
      CREATE TABLE fund_contribution (
        id uuid PRIMARY KEY,
        fund_id uuid NOT NULL REFERENCES reconstruction_fund (id),
        kind text NOT NULL CHECK (kind IN ('APPROPRIATION', 'DONATION')),
        status text NOT NULL CHECK (status IN ('PLEDGED', 'COMMITTED', 'PAID')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        contributor_name text NOT NULL CHECK (length(trim(contributor_name)) BETWEEN 1 AND 200),
        payer_organisation_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // Connection pages and fund totals; the partial index serves the FIFO scan of paid contributions.
    await queryRunner.query(
      `CREATE INDEX fund_contribution_fund_idx ON fund_contribution (fund_id, created_at, id) INCLUDE (status, amount_fen)`,
    );
    await queryRunner.query(
      `CREATE INDEX fund_contribution_paid_idx ON fund_contribution (fund_id, created_at, id) WHERE status = 'PAID'`,
    );

    await queryRunner.query(`
      CREATE TABLE fund_allocation (
        id uuid PRIMARY KEY,
        fund_id uuid NOT NULL REFERENCES reconstruction_fund (id),
        organisation_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        purpose text NOT NULL CHECK (length(trim(purpose)) BETWEEN 1 AND 500),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX fund_allocation_fund_idx ON fund_allocation (fund_id, created_at, id) INCLUDE (amount_fen)`,
    );

    await queryRunner.query(`
      CREATE TABLE allocation_source (
        allocation_id uuid NOT NULL REFERENCES fund_allocation (id),
        contribution_id uuid NOT NULL REFERENCES fund_contribution (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (allocation_id, contribution_id)
      )`);
    // What is already drawn from a contribution.
    await queryRunner.query(
      `CREATE INDEX allocation_source_contribution_idx ON allocation_source (contribution_id) INCLUDE (amount_fen)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE allocation_source`);
    await queryRunner.query(`DROP TABLE fund_allocation`);
    await queryRunner.query(`DROP TABLE fund_contribution`);
    await queryRunner.query(`DROP TABLE reconstruction_fund`);
    await queryRunner.query(`DROP TABLE incident`);
  }
}
