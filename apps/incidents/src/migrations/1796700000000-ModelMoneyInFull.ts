import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CONTRIBUTION_KINDS,
  CONTRIBUTOR_TYPES,
  DONATION_CHANNELS,
  FISCAL_LEVELS,
  MONEY_FORMS,
  MONEY_PURPOSES,
  PROJECT_CATEGORIES,
} from '@emergency/domain';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * The money model of docs/adr/0026-the-money-model.md in the incidents service's tables:
 *
 * - a contribution's source as the audit announcements group it (kind, fiscal level and programme, form, channel,
 *   contributor type, receiving organisation), its direction by the donor, its payment (date and voucher), the
 *   contribution it corrects, what has been given back to its contributor, and its goods when given in kind;
 * - an allocation's form, purpose and project, and what of it has been returned;
 * - per allocation and contribution, the order the allocation drew them in and what of each has since been used
 *   (paid out, here or by another service) or returned; per in-kind allocation, its goods lines.
 *
 * The checks hold the money rules in the database too: nothing is used or returned beyond what was drawn.
 */
export class ModelMoneyInFull1796700000000 implements MigrationInterface {
  name = 'ModelMoneyInFull1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`ALTER TABLE fund_contribution DROP CONSTRAINT fund_contribution_kind_check,
               ADD CONSTRAINT fund_contribution_kind_check CHECK (kind IN (${list(CONTRIBUTION_KINDS)}))`);
    await q(`ALTER TABLE fund_contribution DROP CONSTRAINT fund_contribution_status_check,
               ADD CONSTRAINT fund_contribution_status_check
                 CHECK (status IN ('PLEDGED', 'COMMITTED', 'PAID', 'WITHDRAWN', 'CORRECTED'))`);
    await q(`ALTER TABLE fund_contribution
               ADD COLUMN fiscal_level text CHECK (fiscal_level IN (${list(FISCAL_LEVELS)})),
               ADD COLUMN programme text CHECK (length(trim(programme)) BETWEEN 1 AND 200),
               ADD COLUMN form text NOT NULL DEFAULT 'CASH' CHECK (form IN (${list(MONEY_FORMS)})),
               ADD COLUMN valuation_basis text CHECK (length(trim(valuation_basis)) BETWEEN 1 AND 500),
               ADD COLUMN channel text CHECK (channel IN (${list(DONATION_CHANNELS)})),
               ADD COLUMN contributor_type text NOT NULL DEFAULT 'ORGANISATION'
                 CHECK (contributor_type IN (${list(CONTRIBUTOR_TYPES)})),
               ADD COLUMN receiving_organisation_id uuid,
               ADD COLUMN directed_purpose text CHECK (directed_purpose IN (${list(MONEY_PURPOSES)})),
               ADD COLUMN directed_organisation_id uuid,
               ADD COLUMN paid_on date,
               ADD COLUMN voucher_number text CHECK (length(trim(voucher_number)) BETWEEN 1 AND 100),
               ADD COLUMN corrects_id uuid UNIQUE REFERENCES fund_contribution (id),
               ADD COLUMN returned_fen bigint NOT NULL DEFAULT 0,
               ADD CONSTRAINT fund_contribution_returned_check
                 CHECK (returned_fen >= 0 AND drawn_fen + returned_fen <= amount_fen),
               ADD CONSTRAINT fund_contribution_in_kind_check
                 CHECK ((form = 'IN_KIND') = (valuation_basis IS NOT NULL))`);
    // Contributions paid before payments were recorded count as paid the day they were recorded.
    await q(`UPDATE fund_contribution SET paid_on = (created_at AT TIME ZONE 'Asia/Shanghai')::date
             WHERE status = 'PAID'`);
    await q(`ALTER TABLE fund_contribution
               ADD CONSTRAINT fund_contribution_paid_check CHECK (status <> 'PAID' OR paid_on IS NOT NULL)`);
    await q(`
      CREATE TABLE contribution_item (
        contribution_id uuid NOT NULL REFERENCES fund_contribution (id),
        position smallint NOT NULL CHECK (position >= 0),
        description text NOT NULL CHECK (length(trim(description)) BETWEEN 1 AND 200),
        unit text NOT NULL CHECK (length(trim(unit)) BETWEEN 1 AND 20),
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_value_fen bigint NOT NULL CHECK (unit_value_fen > 0),
        allocated_quantity integer NOT NULL DEFAULT 0 CHECK (allocated_quantity BETWEEN 0 AND quantity),
        PRIMARY KEY (contribution_id, position)
      )`);

    // A reconstruction project of a fund; its contracts, progress and payments are the project feature's tables.
    await q(`
      CREATE TABLE reconstruction_project (
        id uuid PRIMARY KEY,
        fund_id uuid NOT NULL REFERENCES reconstruction_fund (id),
        name text NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 200),
        category text NOT NULL CHECK (category IN (${list(PROJECT_CATEGORIES)})),
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        owner_organisation_id uuid NOT NULL,
        planned_investment_fen bigint NOT NULL CHECK (planned_investment_fen > 0),
        status text NOT NULL DEFAULT 'PLANNED'
          CHECK (status IN ('PLANNED', 'STARTED', 'COMPLETED', 'ACCEPTED', 'SETTLED')),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q(
      `CREATE INDEX reconstruction_project_fund_idx ON reconstruction_project (fund_id, created_at, id)`,
    );
    await q(`ALTER TABLE fund_allocation
               ADD COLUMN form text NOT NULL DEFAULT 'CASH' CHECK (form IN (${list(MONEY_FORMS)})),
               ADD COLUMN purpose_category text NOT NULL DEFAULT 'OTHER'
                 CHECK (purpose_category IN (${list(MONEY_PURPOSES)})),
               ADD COLUMN project_id uuid REFERENCES reconstruction_project (id),
               ADD COLUMN returned_fen bigint NOT NULL DEFAULT 0,
               ADD CONSTRAINT fund_allocation_returned_check CHECK (returned_fen BETWEEN 0 AND amount_fen)`);

    await q(`ALTER TABLE allocation_source
               ADD COLUMN position smallint,
               ADD COLUMN used_fen bigint NOT NULL DEFAULT 0,
               ADD COLUMN returned_fen bigint NOT NULL DEFAULT 0,
               ADD CONSTRAINT allocation_source_balance_check
                 CHECK (used_fen >= 0 AND returned_fen >= 0 AND used_fen + returned_fen <= amount_fen)`);
    // The order allocations so far drew in: their contributions oldest first.
    await q(`UPDATE allocation_source s SET position = o.position
             FROM (SELECT s2.allocation_id, s2.contribution_id,
                          row_number() OVER (PARTITION BY s2.allocation_id ORDER BY c.created_at, c.id) - 1 AS position
                   FROM allocation_source s2 JOIN fund_contribution c ON c.id = s2.contribution_id) o
             WHERE o.allocation_id = s.allocation_id AND o.contribution_id = s.contribution_id`);
    await q(`ALTER TABLE allocation_source ALTER COLUMN position SET NOT NULL,
               ADD CONSTRAINT allocation_source_position_key UNIQUE (allocation_id, position)`);
    await q(`
      CREATE TABLE allocation_item (
        allocation_id uuid NOT NULL REFERENCES fund_allocation (id),
        position smallint NOT NULL CHECK (position >= 0),
        contribution_id uuid NOT NULL,
        contribution_position smallint NOT NULL,
        description text NOT NULL,
        unit text NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        unit_value_fen bigint NOT NULL CHECK (unit_value_fen > 0),
        used_quantity integer NOT NULL DEFAULT 0,
        returned_quantity integer NOT NULL DEFAULT 0,
        PRIMARY KEY (allocation_id, position),
        FOREIGN KEY (contribution_id, contribution_position) REFERENCES contribution_item (contribution_id, position),
        CHECK (used_quantity >= 0 AND returned_quantity >= 0 AND used_quantity + returned_quantity <= quantity)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TABLE allocation_item`);
    await q(
      `ALTER TABLE allocation_source DROP COLUMN position, DROP COLUMN used_fen, DROP COLUMN returned_fen`,
    );
    await q(`ALTER TABLE fund_allocation DROP COLUMN form, DROP COLUMN purpose_category, DROP COLUMN project_id,
               DROP COLUMN returned_fen`);
    await q(`DROP TABLE reconstruction_project`);
    await q(`DROP TABLE contribution_item`);
    await q(`ALTER TABLE fund_contribution
               DROP COLUMN fiscal_level, DROP COLUMN programme, DROP COLUMN form, DROP COLUMN valuation_basis,
               DROP COLUMN channel, DROP COLUMN contributor_type, DROP COLUMN receiving_organisation_id,
               DROP COLUMN directed_purpose, DROP COLUMN directed_organisation_id, DROP COLUMN paid_on,
               DROP COLUMN voucher_number, DROP COLUMN corrects_id, DROP COLUMN returned_fen`);
    await q(`ALTER TABLE fund_contribution DROP CONSTRAINT fund_contribution_status_check,
               ADD CONSTRAINT fund_contribution_status_check CHECK (status IN ('PLEDGED', 'COMMITTED', 'PAID'))`);
    await q(`ALTER TABLE fund_contribution DROP CONSTRAINT fund_contribution_kind_check,
               ADD CONSTRAINT fund_contribution_kind_check CHECK (kind IN ('APPROPRIATION', 'DONATION'))`);
  }
}
