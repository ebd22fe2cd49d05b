import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shelter costs: the construction or upgrade of a shelter paid to a contractor from one or more known allocations
 * of one fund, each payment with the contributions it drew on; refunds by the contractor, given back to the
 * allocations last paid first.
 */
export class PayShelterCosts1797040000000 implements MigrationInterface {
  name = 'PayShelterCosts1797040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE shelter_cost (
        id uuid PRIMARY KEY,
        shelter_id uuid NOT NULL REFERENCES shelter (id),
        kind text NOT NULL CHECK (kind IN ('CONSTRUCTION', 'UPGRADE')),
        description text NOT NULL,
        contractor_name text NOT NULL,
        payer_organisation_id uuid NOT NULL,
        allocation_id uuid REFERENCES known_allocation (id),
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        refunded_fen bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
        paid_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX shelter_cost_shelter_idx ON shelter_cost (shelter_id, recorded_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE shelter_cost_payment (
        cost_id uuid NOT NULL REFERENCES shelter_cost (id),
        allocation_id uuid NOT NULL REFERENCES known_allocation (id),
        position integer NOT NULL CHECK (position >= 0),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (cost_id, allocation_id),
        UNIQUE (cost_id, position)
      )`);
    await queryRunner.query(
      `CREATE INDEX shelter_cost_payment_allocation_idx ON shelter_cost_payment (allocation_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE shelter_cost_origin (
        cost_id uuid NOT NULL,
        allocation_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 0),
        contribution_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        refunded_fen bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
        PRIMARY KEY (cost_id, allocation_id, position),
        UNIQUE (cost_id, allocation_id, contribution_id),
        FOREIGN KEY (cost_id, allocation_id) REFERENCES shelter_cost_payment (cost_id, allocation_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE shelter_cost_refund (
        id uuid PRIMARY KEY,
        cost_id uuid NOT NULL REFERENCES shelter_cost (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reason text NOT NULL,
        refunded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX shelter_cost_refund_cost_idx ON shelter_cost_refund (cost_id)`);
    await queryRunner.query(`
      CREATE TABLE shelter_cost_refund_origin (
        refund_id uuid NOT NULL REFERENCES shelter_cost_refund (id),
        position integer NOT NULL CHECK (position >= 0),
        allocation_id uuid NOT NULL REFERENCES known_allocation (id),
        contribution_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (refund_id, position)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE shelter_cost_refund_origin`);
    await queryRunner.query(`DROP TABLE shelter_cost_refund`);
    await queryRunner.query(`DROP TABLE shelter_cost_origin`);
    await queryRunner.query(`DROP TABLE shelter_cost_payment`);
    await queryRunner.query(`DROP TABLE shelter_cost`);
  }
}
