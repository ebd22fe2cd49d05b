import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The region of each incident, projected from IncidentReported: an allocation and what it bought lie in the
 * jurisdiction of the incident its fund serves, as in the incidents and audit services. Incidents reported before
 * this migration are learned by replaying the incidents topic (events supplies had no handler for were never
 * marked as handled, so a replay applies them).
 */
export class RememberIncidentRegions1796300000000 implements MigrationInterface {
  name = 'RememberIncidentRegions1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE known_incident (
        id uuid PRIMARY KEY,
        region_code text NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
        source_event_id uuid NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE known_incident`);
  }
}
