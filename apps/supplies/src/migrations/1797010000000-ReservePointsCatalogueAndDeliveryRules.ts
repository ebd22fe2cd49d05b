import type { MigrationInterface, QueryRunner } from 'typeorm';

const STANDARD = 'GB/T 38565-2020《应急物资分类及编码》§5.2';
const OWN = 'the system’s own code: the standard’s lower-layer code table is not known';

/** Classes of the catalogue: the standard's three top classes, and the lower layers this system introduces. */
const CLASSES: [code: string, nameZh: string, nameEn: string, official: boolean][] = [
  ['1', '基本生活保障物资', 'Basic living supplies', true],
  ['2', '应急装备及配套物资', 'Emergency equipment and supporting supplies', true],
  ['3', '工程材料与机械加工设备', 'Engineering materials and machinery', true],
  ['101', '临时住宿物资', 'Temporary shelter and bedding', false],
  ['10101', '帐篷', 'Tents', false],
  ['10102', '被服', 'Bedding and clothing', false],
  ['10103', '床具', 'Beds', false],
  ['102', '食品和饮用水', 'Food and drinking water', false],
  ['10201', '饮用水', 'Drinking water', false],
  ['10202', '食品', 'Food', false],
  ['103', '卫生防疫物资', 'Hygiene and epidemic prevention', false],
  ['10301', '个人防护', 'Personal protection', false],
  ['10302', '消杀用品', 'Disinfection', false],
  ['201', '动力照明装备', 'Power and lighting', false],
  ['20101', '发电设备', 'Generators', false],
  ['20102', '照明设备', 'Lighting', false],
  ['202', '抢险救援装备', 'Rescue equipment', false],
  ['20201', '排水设备', 'Drainage', false],
  ['20202', '水上救生器材', 'Water rescue', false],
  ['301', '工程材料', 'Engineering materials', false],
  ['30101', '防汛材料', 'Flood-fighting materials', false],
];

/** The common relief items, on codes of the system's own. */
const ITEMS: [code: string, nameZh: string, nameEn: string, unit: string, shelfLifeDays: number | null][] = [
  ['1010101', '帐篷', 'Tent', '顶', null],
  ['1010201', '棉被', 'Quilt', '床', null],
  ['1010202', '棉衣', 'Cotton-padded clothing', '件', null],
  ['1010203', '毛毯', 'Blanket', '床', null],
  ['1010301', '折叠床', 'Folding bed', '张', null],
  ['1020101', '瓶装水', 'Bottled water', '箱', 365],
  ['1020201', '方便食品', 'Instant food', '箱', 180],
  ['1030101', '口罩', 'Masks', '盒', 1095],
  ['1030201', '消毒液', 'Disinfectant', '桶', 730],
  ['2010101', '发电机', 'Generator', '台', null],
  ['2010201', '应急照明灯', 'Emergency lamp', '台', null],
  ['2020101', '排涝泵', 'Drainage pump', '台', null],
  ['2020201', '救生衣', 'Life jacket', '件', null],
  ['2020202', '冲锋舟', 'Assault boat', '艘', null],
  ['3010101', '编织袋', 'Woven sandbag', '条', null],
];

const MEM_2024 =
  'MEM press conference 2024-10-22: first batch reaches the disaster area within 6 h from county, 8 h from city and 10 h from province after the 调拨指令';
const NO_TARGET = 'no first-batch target is sourced for this level; set one per jurisdiction';
const SPEED = 'the system’s own default: 40 km/h of straight-line distance; configurable per jurisdiction';

/** The national delivery targets per reserve level. */
const RULES: [level: string, hours: number | null, source: string][] = [
  ['CENTRAL', null, NO_TARGET],
  ['PROVINCIAL', 10, MEM_2024],
  ['PREFECTURAL', 8, MEM_2024],
  ['COUNTY', 6, MEM_2024],
  ['TOWNSHIP', null, NO_TARGET],
];

/**
 * What reserve points, the catalogue and delivery estimates need beyond the foundation tables: the closing of a
 * point, the catalogue's classes (seeded with the standard's top classes and this system's lower layers), the
 * common relief items, and the delivery targets per jurisdiction prefix and reserve level.
 */
export class ReservePointsCatalogueAndDeliveryRules1797010000000 implements MigrationInterface {
  name = 'ReservePointsCatalogueAndDeliveryRules1797010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE reserve_point
        ADD COLUMN closed_reason text,
        ADD COLUMN closed_at timestamptz,
        ADD CONSTRAINT reserve_point_closed_check CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))`);
    await queryRunner.query(
      `CREATE INDEX reserve_point_owner_idx ON reserve_point (owner_organisation_id, created_at DESC, id DESC)`,
    );
    await queryRunner.query(`
      CREATE TABLE supply_class (
        code text PRIMARY KEY CHECK (code ~ '^[1-9]([0-9]{2}){0,2}$'),
        name_zh text NOT NULL CHECK (length(trim(name_zh)) > 0),
        name_en text NOT NULL CHECK (length(trim(name_en)) > 0),
        official boolean NOT NULL,
        source text NOT NULL
      )`);
    for (const [code, nameZh, nameEn, official] of CLASSES)
      await queryRunner.query(
        `INSERT INTO supply_class (code, name_zh, name_en, official, source) VALUES ($1, $2, $3, $4, $5)`,
        [code, nameZh, nameEn, official, official ? STANDARD : OWN],
      );
    for (const [code, nameZh, nameEn, unit, shelfLifeDays] of ITEMS)
      await queryRunner.query(
        `INSERT INTO supply_item (code, name_zh, name_en, unit, shelf_life_days, official)
         VALUES ($1, $2, $3, $4, $5, false)`,
        [code, nameZh, nameEn, unit, shelfLifeDays],
      );
    await queryRunner.query(`
      CREATE TABLE reserve_delivery_rule (
        region_prefix text NOT NULL CHECK (region_prefix ~ '^([0-9]{2}){0,3}$'),
        level text NOT NULL CHECK (level IN ('CENTRAL', 'PROVINCIAL', 'PREFECTURAL', 'COUNTY', 'TOWNSHIP')),
        first_batch_hours numeric(6, 2) CHECK (first_batch_hours > 0),
        road_speed_kmh numeric(6, 2) NOT NULL CHECK (road_speed_kmh > 0),
        source text NOT NULL,
        road_speed_source text NOT NULL,
        PRIMARY KEY (region_prefix, level)
      )`);
    for (const [level, hours, source] of RULES)
      await queryRunner.query(
        `INSERT INTO reserve_delivery_rule (region_prefix, level, first_batch_hours, road_speed_kmh, source, road_speed_source)
         VALUES ('', $1, $2, 40, $3, $4)`,
        [level, hours, source, SPEED],
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reserve_delivery_rule`);
    await queryRunner.query(`DELETE FROM supply_item WHERE code = ANY($1)`, [ITEMS.map(([code]) => code)]);
    await queryRunner.query(`DROP TABLE supply_class`);
    await queryRunner.query(`DROP INDEX reserve_point_owner_idx`);
    await queryRunner.query(`
      ALTER TABLE reserve_point
        DROP CONSTRAINT reserve_point_closed_check,
        DROP COLUMN closed_at,
        DROP COLUMN closed_reason`);
  }
}
