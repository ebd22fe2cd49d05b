import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the announcement table needs of the incidents service's money events and the ledger's flows do not keep:
 * - `announcement_contribution`: per contribution, its kind (appropriation, donation, party dues), the fiscal level
 *   and programme of an appropriation, a donation's channel and whether the donor directed it, and the receiving
 *   organisation (the stated one, else the payee of its money: the fund's managing organisation);
 * - `announcement_allocation`: per allocation, its purpose category (what the announcement's uses map from).
 * Both projected from FundContributionRecorded and FundAllocated, once per event (the event id is unique) and once
 * per contribution or allocation.
 */
export class FollowAnnouncementSources1797130000000 implements MigrationInterface {
  name = 'FollowAnnouncementSources1797130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE announcement_contribution (
        contribution_id uuid PRIMARY KEY,
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('APPROPRIATION', 'DONATION', 'PARTY_DUES')),
        fiscal_level text,
        programme text,
        channel text,
        directed boolean NOT NULL,
        receiver_organisation_id uuid,
        source_event_id uuid NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE announcement_allocation (
        allocation_id uuid PRIMARY KEY,
        fund_id uuid NOT NULL,
        incident_id uuid NOT NULL,
        purpose_category text NOT NULL,
        source_event_id uuid NOT NULL UNIQUE,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The announcement sums an incident's flows up to a cut-off.
    await queryRunner.query(`CREATE INDEX announcement_flow_incident_idx ON flow (incident_id, seq)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX announcement_flow_incident_idx`);
    await queryRunner.query(`DROP TABLE announcement_allocation`);
    await queryRunner.query(`DROP TABLE announcement_contribution`);
  }
}
