import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An incident's place in the emergency category tree (its subcategory: for natural disasters the hazard type of
 * the disaster statistics system), the organisation that reported it, and its figures as last reported (deaths,
 * missing, injured, people relocated or needing relief, houses, direct loss in fen, affected area). The reports
 * that change the figures keep their history; these columns hold the current values, null until reported.
 */
export class ClassifyIncidentsAndKeepFigures1796800000000 implements MigrationInterface {
  name = 'ClassifyIncidentsAndKeepFigures1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incident
      ADD COLUMN subcategory text,
      ADD COLUMN reporting_organisation_id uuid,
      ADD COLUMN deaths integer CHECK (deaths >= 0),
      ADD COLUMN missing integer CHECK (missing >= 0),
      ADD COLUMN injured integer CHECK (injured >= 0),
      ADD COLUMN seriously_injured integer CHECK (seriously_injured >= 0),
      ADD COLUMN relocated integer CHECK (relocated >= 0),
      ADD COLUMN needing_relief integer CHECK (needing_relief >= 0),
      ADD COLUMN houses_collapsed integer CHECK (houses_collapsed >= 0),
      ADD COLUMN houses_severely_damaged integer CHECK (houses_severely_damaged >= 0),
      ADD COLUMN houses_damaged integer CHECK (houses_damaged >= 0),
      ADD COLUMN direct_loss_fen bigint CHECK (direct_loss_fen >= 0),
      ADD COLUMN affected_area_hectares integer CHECK (affected_area_hectares >= 0),
      ADD COLUMN figures_updated_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE incident
      DROP COLUMN subcategory, DROP COLUMN reporting_organisation_id, DROP COLUMN deaths, DROP COLUMN missing,
      DROP COLUMN injured, DROP COLUMN seriously_injured, DROP COLUMN relocated, DROP COLUMN needing_relief,
      DROP COLUMN houses_collapsed, DROP COLUMN houses_severely_damaged, DROP COLUMN houses_damaged,
      DROP COLUMN direct_loss_fen, DROP COLUMN affected_area_hectares, DROP COLUMN figures_updated_at`);
  }
}
