import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The scoring sheet of the annual assessment, per jurisdiction prefix (the longest prefix with a sheet wins, as a
 * whole). Seeded with the system's default sheet of 100 points over the obligations the plan and drill system
 * keeps; a province replaces it with the sheet it publishes.
 */
export class KeepTheAssessmentSheet1796950000000 implements MigrationInterface {
  name = 'KeepTheAssessmentSheet1796950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE assessment_sheet_item (
        region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
        key text NOT NULL CHECK (length(trim(key)) > 0),
        indicator text NOT NULL,
        title text NOT NULL CHECK (length(trim(title)) > 0),
        points integer NOT NULL CHECK (points > 0),
        basis text NOT NULL CHECK (length(trim(basis)) > 0),
        position integer NOT NULL,
        PRIMARY KEY (region_prefix, key),
        UNIQUE (region_prefix, position)
      )`);
    const sheet: [string, string, string, number, string][] = [
      [
        'PLANS_FILED',
        'PLANS_FILED_ON_TIME',
        'Plans filed within the filing period after issuance',
        15,
        'Plans are filed within 20 working days of issuance (应急预案管理办法 2024, art. 26)',
      ],
      [
        'PLANS_EVALUATED',
        'PLANS_EVALUATED_ON_TIME',
        'Plans evaluated by their evaluation date',
        15,
        'Plan makers evaluate their plans regularly (应急预案管理办法 2013, art. 24; every 3 years by default)',
      ],
      [
        'DRILLS_DONE',
        'DRILLS_WITHIN_RULE',
        'Drills held within the interval of their rule',
        20,
        'Governments, departments and units drill their plans at the frequency their regime sets (Order 708 art. 8; 应急部令第2号 art. 33)',
      ],
      [
        'FINDINGS_CLOSED',
        'DRILL_FINDINGS_CLOSED',
        'Drill improvement actions done by their deadline',
        15,
        'Problems found in drills lead to improvement and revision (Emergency Response Law art. 28)',
      ],
      [
        'HAZARDS_CLOSED',
        'HAZARDS_RECTIFIED_ON_TIME',
        'Hazards rectified and verified by their deadline',
        15,
        'Hidden dangers are registered, rectified and closed in a closed loop (Emergency Response Law art. 33; Work Safety Law art. 41)',
      ],
      [
        'REPORTS_ON_TIME',
        'REPORTS_ON_TIME',
        'Incident and zero reports made by their deadline',
        10,
        'Reports are neither late nor missed (Emergency Response Law art. 61)',
      ],
      [
        'DUTY_COVERAGE',
        'DUTY_COVERAGE',
        'Days covered by a duty officer and a leader on duty',
        10,
        '24-hour duty with a leader on duty at emergency management offices (应急值守)',
      ],
    ];
    for (const [position, [key, indicator, title, points, basis]] of sheet.entries()) {
      await queryRunner.query(
        `INSERT INTO assessment_sheet_item (region_prefix, key, indicator, title, points, basis, position)
         VALUES ('', $1, $2, $3, $4, $5, $6)`,
        [
          key,
          indicator,
          title,
          points,
          `${basis}; the system's default sheet, to be replaced by the sheet a province publishes`,
          position,
        ],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE assessment_sheet_item`);
  }
}
