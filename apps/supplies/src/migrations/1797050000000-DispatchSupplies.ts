import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dispatch (调拨) between levels: requests from a lower level (lines with the requester's own stock when it asked),
 * the leader's decision, the written dispatch instruction, its shipments through the stock journal and what was
 * received of them; and the dispatch rules as data per jurisdiction prefix (the hours within which a request made
 * by phone is followed by its paperwork), seeded nationally.
 */
export class DispatchSupplies1797050000000 implements MigrationInterface {
  name = 'DispatchSupplies1797050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE supplies_request (
        id uuid PRIMARY KEY,
        requester_region_code text NOT NULL CHECK (requester_region_code ~ '^[0-9]{6}$'),
        asked_region_code text NOT NULL CHECK (asked_region_code ~ '^[0-9]{6}$'),
        incident_id uuid,
        channel text NOT NULL CHECK (channel IN ('WRITTEN', 'PHONE')),
        document_number text,
        receiving_point_id uuid NOT NULL REFERENCES reserve_point (id),
        shelter_id uuid,
        contact_person_ids uuid[] NOT NULL,
        lines jsonb NOT NULL,
        own_stock_available boolean NOT NULL,
        status text NOT NULL CHECK (status IN ('REQUESTED', 'APPROVED', 'REJECTED')),
        requested_at timestamptz NOT NULL,
        paperwork_due_at timestamptz,
        paperwork_recorded_at timestamptz,
        paperwork_late boolean,
        paperwork_overdue_announced_at timestamptz,
        approver_person_id uuid,
        decision_note text,
        decided_at timestamptz,
        actor text NOT NULL,
        CHECK (channel = 'PHONE' OR document_number IS NOT NULL),
        CHECK ((channel = 'PHONE') = (paperwork_due_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX supplies_request_region_idx ON supplies_request (requester_region_code, requested_at DESC, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX supplies_request_paperwork_idx ON supplies_request (paperwork_due_at)
       WHERE paperwork_recorded_at IS NULL AND paperwork_overdue_announced_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE supplies_dispatch (
        id uuid PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES supplies_request (id),
        document_number text NOT NULL,
        incident_id uuid,
        sending_point_id uuid NOT NULL REFERENCES reserve_point (id),
        sending_region_code text NOT NULL,
        sending_level text NOT NULL,
        receiving_point_id uuid NOT NULL REFERENCES reserve_point (id),
        receiving_region_code text NOT NULL,
        shelter_id uuid,
        contact_person_ids uuid[] NOT NULL,
        lines jsonb NOT NULL,
        shipments jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('INSTRUCTED', 'SENT', 'RECEIVED')),
        instructed_at timestamptz NOT NULL,
        dispatched_at timestamptz,
        received_at timestamptz,
        received_on date,
        shipped_quantity integer,
        received_quantity integer,
        shortfall_quantity integer CHECK (shortfall_quantity >= 0),
        shipped_value_fen bigint,
        received_value_fen bigint,
        shortfall_value_fen bigint CHECK (shortfall_value_fen >= 0),
        delivery_hours numeric(8, 2),
        target_hours numeric(6, 2),
        late boolean,
        note text,
        actor text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX supplies_dispatch_region_idx ON supplies_dispatch (receiving_region_code, instructed_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX supplies_dispatch_request_idx ON supplies_dispatch (request_id)`);
    await queryRunner.query(`
      CREATE TABLE dispatch_rule (
        region_prefix text PRIMARY KEY CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
        paperwork_hours integer NOT NULL CHECK (paperwork_hours > 0),
        source text NOT NULL
      )`);
    await queryRunner.query(
      `INSERT INTO dispatch_rule (region_prefix, paperwork_hours, source) VALUES ('', 48, $1)`,
      [
        'Local 调拨 practice (邹城市 http://www.zoucheng.gov.cn/art/2020/11/20/art_26061_2706356.html; 白城市 ' +
          'http://xxgk.jlbc.gov.cn/zcbm/fgw_98067/gkyj/202010/t20201009_872530.html): in an emergency the request ' +
          'and approval may be by phone, the written instruction and paperwork follow within 48 h [S]',
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dispatch_rule`);
    await queryRunner.query(`DROP TABLE supplies_dispatch`);
    await queryRunner.query(`DROP TABLE supplies_request`);
  }
}
