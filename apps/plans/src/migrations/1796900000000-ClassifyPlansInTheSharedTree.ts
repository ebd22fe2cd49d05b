import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A plan gains its type, its place in the plan hierarchy, the organisation that leads its response, and what it
 * covers in the shared emergency category tree instead of one of seven themes. Existing plans are mapped: a
 * GENERAL plan becomes an overall plan (a township plan where its level is a township's), each theme a special
 * plan for the subcategories it named.
 */
export class ClassifyPlansInTheSharedTree1796900000000 implements MigrationInterface {
  name = 'ClassifyPlansInTheSharedTree1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE contingency_plan
        ADD COLUMN plan_type text,
        ADD COLUMN subcategories text[] NOT NULL DEFAULT '{}',
        ADD COLUMN parent_plan_id uuid REFERENCES contingency_plan (id),
        ADD COLUMN lead_organisation_id uuid,
        ADD COLUMN command_body text CHECK (length(trim(command_body)) > 0),
        ADD COLUMN joint_region_codes text[] NOT NULL DEFAULT '{}',
        ALTER COLUMN category DROP NOT NULL,
        ALTER COLUMN review_due_on DROP NOT NULL`);
    await queryRunner.query(`
      UPDATE contingency_plan SET
        plan_type = CASE WHEN category <> 'GENERAL' THEN 'SPECIAL'
                         WHEN level = 'TOWNSHIP' THEN 'TOWNSHIP' ELSE 'OVERALL' END,
        subcategories = CASE category
          WHEN 'FLOOD_CONTROL' THEN '{FLOOD,DROUGHT}'::text[]
          WHEN 'EARTHQUAKE' THEN '{EARTHQUAKE}'::text[]
          WHEN 'GEOLOGICAL_HAZARD' THEN '{COLLAPSE,LANDSLIDE,DEBRIS_FLOW}'::text[]
          WHEN 'FOREST_FIRE' THEN '{FOREST_AND_GRASSLAND_FIRE}'::text[]
          WHEN 'HAZARDOUS_CHEMICALS' THEN '{HAZARDOUS_CHEMICALS}'::text[]
          ELSE '{}'::text[] END,
        category = CASE category
          WHEN 'GENERAL' THEN NULL
          WHEN 'HAZARDOUS_CHEMICALS' THEN 'ACCIDENT'
          WHEN 'PUBLIC_HEALTH' THEN 'PUBLIC_HEALTH'
          ELSE 'NATURAL_DISASTER' END,
        lead_organisation_id = owner_organisation_id`);
    await queryRunner.query(`
      ALTER TABLE contingency_plan
        ALTER COLUMN plan_type SET NOT NULL,
        ALTER COLUMN lead_organisation_id SET NOT NULL,
        ADD CONSTRAINT contingency_plan_overall_covers_all
          CHECK (plan_type <> 'OVERALL' OR (category IS NULL AND subcategories = '{}')),
        ADD CONSTRAINT contingency_plan_joint_regions
          CHECK ((plan_type = 'JOINT') = (joint_region_codes <> '{}'))`);
    await queryRunner.query(
      `CREATE INDEX contingency_plan_region_idx ON contingency_plan (region_code text_pattern_ops, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX contingency_plan_parent_idx ON contingency_plan (parent_plan_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX contingency_plan_parent_idx`);
    await queryRunner.query(`DROP INDEX contingency_plan_region_idx`);
    await queryRunner.query(`
      UPDATE contingency_plan SET category = CASE
        WHEN category IS NULL THEN 'GENERAL'
        WHEN category = 'ACCIDENT' THEN 'HAZARDOUS_CHEMICALS'
        WHEN category = 'PUBLIC_HEALTH' THEN 'PUBLIC_HEALTH'
        WHEN 'EARTHQUAKE' = ANY (subcategories) THEN 'EARTHQUAKE'
        WHEN 'LANDSLIDE' = ANY (subcategories) THEN 'GEOLOGICAL_HAZARD'
        WHEN 'FOREST_AND_GRASSLAND_FIRE' = ANY (subcategories) THEN 'FOREST_FIRE'
        WHEN category = 'NATURAL_DISASTER' THEN 'FLOOD_CONTROL'
        ELSE 'GENERAL' END,
        review_due_on = COALESCE(review_due_on, (created_at + interval '3 years')::date)`);
    await queryRunner.query(`
      ALTER TABLE contingency_plan
        DROP CONSTRAINT contingency_plan_joint_regions,
        DROP CONSTRAINT contingency_plan_overall_covers_all,
        DROP COLUMN joint_region_codes,
        DROP COLUMN command_body,
        DROP COLUMN lead_organisation_id,
        DROP COLUMN parent_plan_id,
        DROP COLUMN subcategories,
        DROP COLUMN plan_type,
        ALTER COLUMN category SET NOT NULL,
        ALTER COLUMN review_due_on SET NOT NULL`);
  }
}
