import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The money model of ADR 26 in supplies: the contributions each known allocation is made of, in the order it drew
 * them, with what has been spent of and given back from each; the returns of allocations learned from the incidents
 * topic; procurements paid from one or more allocations, with the contributions each payment drew on; their
 * invoices, refunds and cancellation, and the acceptance of their delivery.
 *
 * Allocations learned before this migration have no contributions here (their events carried none to the
 * fen): they are learned again by replaying the incidents topic into a fresh database.
 */
export class PayProcurementsFromAllocations1796740000000 implements MigrationInterface {
  name = 'PayProcurementsFromAllocations1796740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Spent is net of refunds; returned is what the incidents service took back, as stated (a return and a
    // purchase made at the same moment may together exceed the allocation: the audit shows it, supplies records it).
    await queryRunner.query(
      `ALTER TABLE known_allocation ADD COLUMN returned_fen bigint NOT NULL DEFAULT 0
         CHECK (returned_fen >= 0 AND returned_fen <= amount_fen)`,
    );
    await queryRunner.query(`
      CREATE TABLE known_allocation_source (
        allocation_id uuid NOT NULL REFERENCES known_allocation (id),
        position integer NOT NULL CHECK (position >= 0),
        contribution_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        used_fen bigint NOT NULL DEFAULT 0 CHECK (used_fen >= 0 AND used_fen <= amount_fen),
        returned_fen bigint NOT NULL DEFAULT 0 CHECK (returned_fen >= 0 AND returned_fen <= amount_fen),
        PRIMARY KEY (allocation_id, position),
        UNIQUE (allocation_id, contribution_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE known_allocation_return (
        id uuid PRIMARY KEY,
        allocation_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        revoked boolean NOT NULL,
        source_event_id uuid NOT NULL
      )`);

    // Null when paid from several allocations (procurement_payment says which).
    await queryRunner.query(`ALTER TABLE procurement ALTER COLUMN allocation_id DROP NOT NULL`);
    await queryRunner.query(`
      ALTER TABLE procurement
        ADD COLUMN status text NOT NULL DEFAULT 'PAID' CHECK (status IN ('PAID', 'CANCELLED', 'ACCEPTED')),
        ADD COLUMN refunded_fen bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
        ADD COLUMN invoiced_fen bigint NOT NULL DEFAULT 0 CHECK (invoiced_fen >= 0 AND invoiced_fen <= amount_fen),
        ADD COLUMN accepted_on date,
        ADD COLUMN received_quantity integer CHECK (received_quantity >= 0 AND received_quantity <= quantity),
        ADD COLUMN acceptance_note text,
        ADD COLUMN acceptance_flow_id uuid,
        ADD COLUMN accepted_at timestamptz,
        ADD CONSTRAINT procurement_accepted CHECK (
          (status = 'ACCEPTED') = (accepted_on IS NOT NULL AND received_quantity IS NOT NULL
            AND acceptance_flow_id IS NOT NULL AND accepted_at IS NOT NULL))`);
    await queryRunner.query(`
      CREATE TABLE procurement_payment (
        procurement_id uuid NOT NULL REFERENCES procurement (id),
        allocation_id uuid NOT NULL REFERENCES known_allocation (id),
        position integer NOT NULL CHECK (position >= 0),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        refunded_fen bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
        PRIMARY KEY (procurement_id, allocation_id),
        UNIQUE (procurement_id, position)
      )`);
    await queryRunner.query(
      `CREATE INDEX procurement_payment_allocation_idx ON procurement_payment (allocation_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE procurement_payment_origin (
        procurement_id uuid NOT NULL,
        allocation_id uuid NOT NULL,
        position integer NOT NULL CHECK (position >= 0),
        contribution_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        refunded_fen bigint NOT NULL DEFAULT 0 CHECK (refunded_fen >= 0 AND refunded_fen <= amount_fen),
        PRIMARY KEY (procurement_id, allocation_id, position),
        UNIQUE (procurement_id, allocation_id, contribution_id),
        FOREIGN KEY (procurement_id, allocation_id) REFERENCES procurement_payment (procurement_id, allocation_id)
      )`);
    // Every procurement recorded so far was paid from its one allocation; what it drew of which contribution
    // was never said, so it has a payment and no origins.
    await queryRunner.query(`
      INSERT INTO procurement_payment (procurement_id, allocation_id, position, amount_fen)
      SELECT id, allocation_id, 0, amount_fen FROM procurement`);
    await queryRunner.query(`
      CREATE TABLE procurement_refund (
        id uuid PRIMARY KEY,
        procurement_id uuid NOT NULL REFERENCES procurement (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        reason text NOT NULL CHECK (length(trim(reason)) > 0),
        cancelled boolean NOT NULL,
        refunded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX procurement_refund_procurement_idx ON procurement_refund (procurement_id, refunded_at, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE procurement_refund_origin (
        refund_id uuid NOT NULL REFERENCES procurement_refund (id),
        position integer NOT NULL CHECK (position >= 0),
        allocation_id uuid NOT NULL,
        contribution_id uuid NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        PRIMARY KEY (refund_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE procurement_invoice (
        id uuid PRIMARY KEY,
        procurement_id uuid NOT NULL REFERENCES procurement (id),
        supplier_name text NOT NULL,
        number text NOT NULL CHECK (length(trim(number)) > 0),
        issued_on date NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // A supplier numbers its invoices once each; the name is the supplier as procurements write it.
    await queryRunner.query(
      `CREATE UNIQUE INDEX procurement_invoice_number_idx ON procurement_invoice (lower(supplier_name), number)`,
    );
    await queryRunner.query(
      `CREATE INDEX procurement_invoice_procurement_idx ON procurement_invoice (procurement_id, issued_on, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE procurement_invoice`);
    await queryRunner.query(`DROP TABLE procurement_refund_origin`);
    await queryRunner.query(`DROP TABLE procurement_refund`);
    await queryRunner.query(`DROP TABLE procurement_payment_origin`);
    await queryRunner.query(`DROP TABLE procurement_payment`);
    await queryRunner.query(`
      ALTER TABLE procurement
        DROP CONSTRAINT procurement_accepted,
        DROP COLUMN status, DROP COLUMN refunded_fen, DROP COLUMN invoiced_fen, DROP COLUMN accepted_on,
        DROP COLUMN received_quantity, DROP COLUMN acceptance_note, DROP COLUMN acceptance_flow_id,
        DROP COLUMN accepted_at`);
    await queryRunner.query(`DELETE FROM procurement WHERE allocation_id IS NULL`);
    await queryRunner.query(`ALTER TABLE procurement ALTER COLUMN allocation_id SET NOT NULL`);
    await queryRunner.query(`DROP TABLE known_allocation_return`);
    await queryRunner.query(`DROP TABLE known_allocation_source`);
    await queryRunner.query(`ALTER TABLE known_allocation DROP COLUMN returned_fen`);
  }
}
