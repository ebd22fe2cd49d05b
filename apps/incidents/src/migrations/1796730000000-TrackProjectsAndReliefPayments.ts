import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconstruction projects' lives and the money paid through them, and relief paid to households
 * (docs/adr/0026-the-money-model.md):
 *
 * - a project's dates (started, completed, accepted by whom, settled) and the id of its settlement's USED flow;
 *   its contracts with their contractors and settled amounts, its progress reports, its stage payments with the
 *   origins each drew (per allocation and contribution, in the order drawn) and what of each was refunded, and the
 *   refunds;
 * - relief payments to households (cash or goods), their goods lines and origins, and the village publications
 *   that confirm their use.
 *
 * The checks hold the money rules in the database too: nothing refunded beyond what was paid.
 */
export class TrackProjectsAndReliefPayments1796730000000 implements MigrationInterface {
  name = 'TrackProjectsAndReliefPayments1796730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`ALTER TABLE reconstruction_project
               ADD COLUMN started_on date,
               ADD COLUMN completed_on date,
               ADD COLUMN accepted_on date,
               ADD COLUMN accepting_body text CHECK (length(trim(accepting_body)) BETWEEN 1 AND 200),
               ADD COLUMN settled_on date,
               ADD COLUMN settlement_id uuid UNIQUE,
               ADD COLUMN percent_complete smallint NOT NULL DEFAULT 0
                 CHECK (percent_complete BETWEEN 0 AND 100)`);
    await q(`
      CREATE TABLE project_contract (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES reconstruction_project (id),
        contractor_organisation_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        signed_on date NOT NULL,
        reference text NOT NULL CHECK (length(trim(reference)) BETWEEN 1 AND 100),
        settled_amount_fen bigint CHECK (settled_amount_fen >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q(`CREATE INDEX project_contract_project_idx ON project_contract (project_id, created_at, id)`);
    await q(`
      CREATE TABLE project_progress (
        project_id uuid NOT NULL REFERENCES reconstruction_project (id),
        position smallint NOT NULL CHECK (position >= 0),
        percent_complete smallint NOT NULL CHECK (percent_complete BETWEEN 0 AND 100),
        milestone text NOT NULL CHECK (length(trim(milestone)) BETWEEN 1 AND 500),
        reported_on date NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, position)
      )`);
    await q(`
      CREATE TABLE project_payment (
        id uuid PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES reconstruction_project (id),
        contract_id uuid NOT NULL REFERENCES project_contract (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        refunded_fen bigint NOT NULL DEFAULT 0,
        paid_on date NOT NULL,
        voucher_number text NOT NULL CHECK (length(trim(voucher_number)) BETWEEN 1 AND 100),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (refunded_fen BETWEEN 0 AND amount_fen)
      )`);
    await q(`CREATE INDEX project_payment_project_idx ON project_payment (project_id, created_at, id)`);
    await q(`CREATE INDEX project_payment_contract_idx ON project_payment (contract_id)`);
    // What a payment drew, allocation by allocation as the payer split it and, within each, contribution by
    // contribution in the order drawn; a refund gives back from the last position first.
    await q(`
      CREATE TABLE project_payment_origin (
        payment_id uuid NOT NULL REFERENCES project_payment (id),
        position smallint NOT NULL CHECK (position >= 0),
        allocation_id uuid NOT NULL REFERENCES fund_allocation (id),
        contribution_id uuid NOT NULL REFERENCES fund_contribution (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        refunded_fen bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (payment_id, position),
        CHECK (refunded_fen BETWEEN 0 AND amount_fen)
      )`);
    await q(`
      CREATE TABLE project_refund (
        id uuid PRIMARY KEY,
        payment_id uuid NOT NULL REFERENCES project_payment (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reason text NOT NULL CHECK (length(trim(reason)) BETWEEN 1 AND 500),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q(`CREATE INDEX project_refund_payment_idx ON project_refund (payment_id)`);

    await q(`
      CREATE TABLE village_relief_publication (
        id uuid PRIMARY KEY,
        fund_id uuid NOT NULL REFERENCES reconstruction_fund (id),
        village_code text NOT NULL CHECK (village_code ~ '^[1-8][0-9]{11}$'),
        form text NOT NULL CHECK (form IN ('CASH', 'IN_KIND')),
        published_on date NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q(`
      CREATE TABLE relief_payment (
        id uuid PRIMARY KEY,
        fund_id uuid NOT NULL REFERENCES reconstruction_fund (id),
        allocation_id uuid NOT NULL REFERENCES fund_allocation (id),
        kind text NOT NULL CHECK (kind IN ('HOUSING_SUBSIDY', 'LIVING_RELIEF')),
        head_name text NOT NULL CHECK (length(trim(head_name)) BETWEEN 1 AND 100),
        id_number text NOT NULL CHECK (id_number ~ '^[1-8][0-9]{16}[0-9X]$'),
        household_size smallint NOT NULL CHECK (household_size BETWEEN 1 AND 100),
        village_code text NOT NULL CHECK (village_code ~ '^[1-8][0-9]{11}$'),
        form text NOT NULL CHECK (form IN ('CASH', 'IN_KIND')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        valuation_basis text,
        paid_on date NOT NULL,
        publication_id uuid REFERENCES village_relief_publication (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((form = 'IN_KIND') = (valuation_basis IS NOT NULL))
      )`);
    await q(
      `CREATE INDEX relief_payment_village_idx ON relief_payment (fund_id, village_code, created_at, id)`,
    );
    await q(`
      CREATE TABLE relief_payment_item (
        payment_id uuid NOT NULL REFERENCES relief_payment (id),
        position smallint NOT NULL CHECK (position >= 0),
        description text NOT NULL,
        unit text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_value_fen bigint NOT NULL CHECK (unit_value_fen > 0),
        PRIMARY KEY (payment_id, position)
      )`);
    await q(`
      CREATE TABLE relief_payment_origin (
        payment_id uuid NOT NULL REFERENCES relief_payment (id),
        position smallint NOT NULL CHECK (position >= 0),
        contribution_id uuid NOT NULL REFERENCES fund_contribution (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (payment_id, position)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TABLE relief_payment_origin`);
    await q(`DROP TABLE relief_payment_item`);
    await q(`DROP TABLE relief_payment`);
    await q(`DROP TABLE village_relief_publication`);
    await q(`DROP TABLE project_refund`);
    await q(`DROP TABLE project_payment_origin`);
    await q(`DROP TABLE project_payment`);
    await q(`DROP TABLE project_progress`);
    await q(`DROP TABLE project_contract`);
    await q(`ALTER TABLE reconstruction_project
               DROP COLUMN started_on, DROP COLUMN completed_on, DROP COLUMN accepted_on, DROP COLUMN accepting_body,
               DROP COLUMN settled_on, DROP COLUMN settlement_id, DROP COLUMN percent_complete`);
  }
}
