import { DONATION_CHANNELS, FISCAL_LEVELS, MONEY_PURPOSES, type MoneyPurpose } from '@emergency/domain';
import { FINDING_TYPES, RECTIFICATION_STATES } from '../follow-up/follow-up';

/**
 * The announcement table of a disaster's money as the National Audit Office publishes it (DOMAIN_FACTS §4.3, from
 * the Wenchuan No.2, No.3 and 2010 No.1 and the Yushu announcements): raised by source and by receiver, spent by
 * use, the balance by status, then the problems found, recommendations, rectification and amounts recovered.
 *
 * Every figure is a cell with a stable key and a SQL predicate over the rows it sums: money cells over the
 * announcement's flow rows (one per flow; per source of a disbursed or used flow; per allocation of a split payment
 * a use draws on: see the repository's ROWS), finding
 * cells over the incident's issued findings. The sum and the drill-down use the same predicate, so the rows listed
 * under a figure add up to it.
 */

/** The uses the announcements spend money on (DOMAIN_FACTS §4.3, 拨付/使用 by use). */
export const ANNOUNCEMENT_USES = {
  EMERGENCY_RESCUE: { zh: '应急抢险', en: 'Emergency rescue' },
  RECONSTRUCTION: { zh: '灾后重建', en: 'Reconstruction' },
  WITH_FISCAL_FUNDS: { zh: '与财政资金统筹使用', en: 'Used with fiscal funds' },
  GOODS_BOUGHT: { zh: '直接购买物资', en: 'Goods bought' },
  TO_LOCALITIES: { zh: '拨付地方', en: 'Passed to localities' },
  OTHER: { zh: '其他', en: 'Other' },
} as const;
export type AnnouncementUse = keyof typeof ANNOUNCEMENT_USES;

/**
 * The system's purpose categories (an allocation's `purposeCategory`, FundAllocated v3) mapped to the
 * announcements' uses. Source: DOMAIN_FACTS §4.2 (Wenchuan 2010 No.1: spent on 应急抢险 / 灾后重建 / 与财政资金统筹)
 * and §4.3 (uses 应急抢险; 灾后重建; 与财政资金统筹; 直接购买物资; 拨付地方; 其他):
 *
 * | purpose category                                         | announcement use | why                                  |
 * | -------------------------------------------------------- | ---------------- | ------------------------------------ |
 * | EMERGENCY_RESCUE                                         | EMERGENCY_RESCUE | the same thing                       |
 * | LIVING_RELIEF                                            | EMERGENCY_RESCUE | relief of people in the emergency (抢险救灾) |
 * | SUPPLIES                                                 | GOODS_BOUGHT     | money allocated to buy goods          |
 * | HOUSING, SCHOOLS, HOSPITALS, ROADS_AND_BRIDGES, WATER, PUBLIC_FACILITIES, INDUSTRY | RECONSTRUCTION | the reconstruction categories |
 * | OTHER, or no category known (an allocation published before v3) | OTHER     | other uses approved by the government |
 *
 * WITH_FISCAL_FUNDS and TO_LOCALITIES have no purpose category: no event says that money was pooled with fiscal
 * funds or passed down to a lower government, so those rows stay zero until an event carries it.
 */
export const USE_OF_PURPOSE: Record<MoneyPurpose, AnnouncementUse> = {
  EMERGENCY_RESCUE: 'EMERGENCY_RESCUE',
  LIVING_RELIEF: 'EMERGENCY_RESCUE',
  SUPPLIES: 'GOODS_BOUGHT',
  HOUSING: 'RECONSTRUCTION',
  SCHOOLS: 'RECONSTRUCTION',
  HOSPITALS: 'RECONSTRUCTION',
  ROADS_AND_BRIDGES: 'RECONSTRUCTION',
  WATER: 'RECONSTRUCTION',
  PUBLIC_FACILITIES: 'RECONSTRUCTION',
  INDUSTRY: 'RECONSTRUCTION',
  OTHER: 'OTHER',
};

/** The purpose categories (null: none known) an announcement use covers. */
export function purposesOfUse(use: AnnouncementUse): { purposes: MoneyPurpose[]; unknown: boolean } {
  return {
    purposes: MONEY_PURPOSES.filter((p) => USE_OF_PURPOSE[p] === use),
    unknown: use === 'OTHER',
  };
}

export const ANNOUNCEMENT_SECTIONS = [
  'RAISED',
  'RECEIVER',
  'SPENT',
  'BALANCE',
  'PROBLEMS',
  'FOLLOW_UP',
] as const;
export type AnnouncementSection = (typeof ANNOUNCEMENT_SECTIONS)[number];

/** A predicate over rows with the parameters it names as `$p<n>` placeholders, numbered when the query is built. */
export interface Predicate {
  sql: string;
  params: unknown[];
}

/** A money cell: the sum over the announcement's flow rows where `where` holds, each row times `sign`. */
export interface MoneyCell {
  kind: 'MONEY';
  key: string;
  section: AnnouncementSection;
  zh: string;
  en: string;
  where: Predicate;
  /** SQL giving +1 or −1 per row (e.g. allocations count against the raised money awaiting allocation). */
  sign: string;
  /** The receiving organisation, for a receiver row. */
  organisationId?: string | null;
}

/** A finding cell: a count and an amount over the incident's issued findings where `where` holds. */
export interface FindingCell {
  kind: 'FINDING';
  key: string;
  section: AnnouncementSection;
  zh: string;
  en: string;
  where: Predicate;
  /** SQL of the amount each finding adds. */
  amount: string;
  /** SQL of the count each finding adds. */
  count: string;
}

export type Cell = MoneyCell | FindingCell;

const p = (sql: string, ...params: unknown[]): Predicate => ({ sql, params });
const money = (
  key: string,
  section: AnnouncementSection,
  zh: string,
  en: string,
  where: Predicate,
  sign = '1',
): MoneyCell => ({ kind: 'MONEY', key, section, zh, en, where, sign });

const FISCAL_LEVEL_LABELS: Record<(typeof FISCAL_LEVELS)[number], [string, string]> = {
  CENTRAL: ['中央财政', 'Central government'],
  PROVINCIAL: ['省级财政', 'Provincial government'],
  PREFECTURE: ['市级财政', 'Prefecture government'],
  COUNTY: ['县级财政', 'County government'],
};
const CHANNEL_LABELS: Record<(typeof DONATION_CHANNELS)[number], [string, string]> = {
  DOMESTIC: ['境内', 'Domestic'],
  FOREIGN: ['国外（国际组织、海外华侨）', 'Foreign (international organisations, overseas Chinese)'],
  HONG_KONG_MACAO_TAIWAN: ['港澳台', 'Hong Kong, Macao and Taiwan'],
};

/** The values found among the rows that some cells are split by: programmes, receivers, unstated attributes. */
export interface RaisedDimensions {
  programmes: (string | null)[];
  receivers: (string | null)[];
  unstatedFiscalLevel: boolean;
  unstatedChannel: boolean;
  unclassified: boolean;
}

/** The money cells of the table, in the order the announcements print them. */
export function moneyCells(d: RaisedDimensions): MoneyCell[] {
  const raised = `stage = 'RAISED'`;
  const fiscal = `${raised} AND kind = 'APPROPRIATION'`;
  const donation = `${raised} AND kind = 'DONATION'`;
  const cells: MoneyCell[] = [
    money('raised.total', 'RAISED', '筹集合计', 'Raised, total', p(raised)),
    money('raised.fiscal', 'RAISED', '财政资金', 'Fiscal funds', p(fiscal)),
    ...FISCAL_LEVELS.map((level) =>
      money(
        `raised.fiscal.level.${level}`,
        'RAISED',
        FISCAL_LEVEL_LABELS[level][0],
        FISCAL_LEVEL_LABELS[level][1],
        p(`${fiscal} AND fiscal_level = $p1`, level),
      ),
    ),
  ];
  if (d.unstatedFiscalLevel) {
    cells.push(
      money(
        'raised.fiscal.level.UNSTATED',
        'RAISED',
        '财政（级次未注明）',
        'Fiscal, level not stated',
        p(`${fiscal} AND fiscal_level IS NULL`),
      ),
    );
  }
  for (const programme of d.programmes) {
    cells.push(
      money(
        `raised.fiscal.programme.${programme ?? 'UNSTATED'}`,
        'RAISED',
        `财政项目：${programme ?? '未注明'}`,
        `Fiscal programme: ${programme ?? 'not stated'}`,
        programme === null
          ? p(`${fiscal} AND programme IS NULL`)
          : p(`${fiscal} AND programme = $p1`, programme),
      ),
    );
  }
  cells.push(
    money('raised.donation', 'RAISED', '社会捐赠', 'Donations', p(donation)),
    money(
      'raised.donation.form.CASH',
      'RAISED',
      '捐赠资金',
      'Donated cash',
      p(`${donation} AND form = 'CASH'`),
    ),
    money(
      'raised.donation.form.IN_KIND',
      'RAISED',
      '捐赠物资折款',
      'Donated goods, valued',
      p(`${donation} AND form = 'IN_KIND'`),
    ),
    money('raised.donation.intent.DIRECTED', 'RAISED', '定向捐赠', 'Directed', p(`${donation} AND directed`)),
    money(
      'raised.donation.intent.UNDIRECTED',
      'RAISED',
      '非定向捐赠',
      'Undirected',
      p(`${donation} AND NOT directed`),
    ),
    ...DONATION_CHANNELS.map((channel) =>
      money(
        `raised.donation.channel.${channel}`,
        'RAISED',
        CHANNEL_LABELS[channel][0],
        CHANNEL_LABELS[channel][1],
        p(`${donation} AND channel = $p1`, channel),
      ),
    ),
  );
  if (d.unstatedChannel) {
    cells.push(
      money(
        'raised.donation.channel.UNSTATED',
        'RAISED',
        '捐赠（渠道未注明）',
        'Donations, channel not stated',
        p(`${donation} AND channel IS NULL`),
      ),
    );
  }
  cells.push(
    money(
      'raised.partyDues',
      'RAISED',
      '特殊党费',
      'Special party dues',
      p(`${raised} AND kind = 'PARTY_DUES'`),
    ),
  );
  if (d.unclassified) {
    cells.push(
      money(
        'raised.unclassified',
        'RAISED',
        '来源未登记',
        'Source not recorded',
        p(`${raised} AND kind IS NULL`),
      ),
    );
  }
  for (const receiver of d.receivers) {
    const cell = money(
      `receiver.${receiver ?? 'UNSTATED'}`,
      'RECEIVER',
      receiver ? '接收单位' : '接收单位未注明',
      receiver ? 'Receiving organisation' : 'Receiver not stated',
      receiver === null
        ? p(`${raised} AND receiver_organisation_id IS NULL`)
        : p(`${raised} AND receiver_organisation_id = $p1::uuid`, receiver),
    );
    cells.push({ ...cell, organisationId: receiver });
  }
  const spent = (stage: 'DISBURSED' | 'USED', zh: string, en: string) => {
    const s = stage.toLowerCase();
    return [
      money(`spent.${s}`, 'SPENT', zh, en, p(`stage = '${stage}'`)),
      ...(Object.keys(ANNOUNCEMENT_USES) as AnnouncementUse[]).map((use) => {
        const { purposes, unknown } = purposesOfUse(use);
        const known = purposes.length > 0 ? `purpose_category = ANY($p1::text[])` : 'FALSE';
        const where = `stage = '${stage}' AND (${known}${unknown ? ' OR purpose_category IS NULL' : ''})`;
        return money(
          `spent.${s}.use.${use}`,
          'SPENT',
          `${zh}：${ANNOUNCEMENT_USES[use].zh}`,
          `${en}: ${ANNOUNCEMENT_USES[use].en}`,
          purposes.length > 0 ? p(where, purposes) : p(where),
        );
      }),
    ];
  };
  cells.push(...spent('DISBURSED', '已拨付', 'Disbursed'), ...spent('USED', '已使用', 'Used'));
  cells.push(
    money(
      'balance.total',
      'BALANCE',
      '结存',
      'Balance (raised − disbursed)',
      p(`stage IN ('RAISED', 'DISBURSED')`),
      `CASE stage WHEN 'RAISED' THEN 1 ELSE -1 END`,
    ),
    money(
      'balance.released',
      'BALANCE',
      '随项目进度陆续拨付',
      'Released with project progress (allocated, not yet disbursed)',
      p(`stage IN ('ALLOCATED', 'DISBURSED')`),
      `CASE stage WHEN 'ALLOCATED' THEN 1 ELSE -1 END`,
    ),
    money(
      'balance.awaitingAllocation',
      'BALANCE',
      '按规划待安排',
      'Awaiting allocation',
      p(`stage IN ('RAISED', 'ALLOCATED')`),
      `CASE stage WHEN 'RAISED' THEN 1 ELSE -1 END`,
    ),
  );
  return cells;
}

const finding = (
  key: string,
  section: AnnouncementSection,
  zh: string,
  en: string,
  where: Predicate,
  amount = 'amount_fen',
  count = '1',
): FindingCell => ({ kind: 'FINDING', key, section, zh, en, where, amount, count });

const RECTIFICATION_LABELS: Record<(typeof RECTIFICATION_STATES)[number], [string, string]> = {
  RECTIFIED: ['已整改', 'Rectified'],
  CONTINUING: ['持续整改', 'Rectification continuing'],
  NOT_RECTIFIED: ['未整改', 'Not rectified'],
};

/** The finding cells: problems by type, recommendations, rectification and amounts recovered, saved, transferred. */
export function findingCells(): FindingCell[] {
  return [
    finding('problems.total', 'PROBLEMS', '发现问题合计', 'Problems found, total', p('TRUE')),
    ...(Object.keys(FINDING_TYPES) as (keyof typeof FINDING_TYPES)[]).map((type) =>
      finding(`problems.type.${type}`, 'PROBLEMS', FINDING_TYPES[type], type, p('type = $p1', type)),
    ),
    finding(
      'recommendations.made',
      'FOLLOW_UP',
      '提出审计建议',
      'Recommendations made',
      p('recommendations > 0'),
      '0',
      'recommendations',
    ),
    finding(
      'recommendations.adopted',
      'FOLLOW_UP',
      '审计建议被采纳',
      'Recommendations adopted',
      p('adopted > 0'),
      '0',
      'adopted',
    ),
    ...RECTIFICATION_STATES.map((state) =>
      finding(
        `rectification.${state}`,
        'FOLLOW_UP',
        RECTIFICATION_LABELS[state][0],
        RECTIFICATION_LABELS[state][1],
        p('rectification_state = $p1', state),
      ),
    ),
    finding(
      'outcomes.recovered',
      'FOLLOW_UP',
      '追回资金',
      'Recovered',
      p('recovered_fen > 0'),
      'recovered_fen',
    ),
    finding('outcomes.saved', 'FOLLOW_UP', '节约资金', 'Saved', p('saved_fen > 0'), 'saved_fen'),
    finding(
      'outcomes.transferred',
      'FOLLOW_UP',
      '移送处理',
      'Transferred for handling',
      p('transferred_for_handling'),
    ),
  ];
}

/**
 * The predicate's SQL with its `$p<n>` placeholders numbered after `offset` parameters already bound. `$p1` is the
 * predicate's first parameter.
 */
export function bind(predicate: Predicate, offset: number): string {
  return predicate.sql.replace(/\$p(\d+)/g, (_, n: string) => `$${offset + Number(n)}`);
}

/** Fen as yuan with two decimals, exact for any bigint ("-1234.05"). */
export function yuanOf(fen: bigint): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** One figure as exported. */
export interface ExportedFigure {
  section: AnnouncementSection;
  key: string;
  zh: string;
  en: string;
  organisationId: string | null;
  amountFen: bigint;
  count: number | null;
}

/** The CSV columns: Chinese header with the English key in brackets. */
export const CSV_COLUMNS = [
  ['栏目', 'section'],
  ['键', 'key'],
  ['项目', 'item'],
  ['项目（英文）', 'itemEn'],
  ['单位', 'organisationId'],
  ['金额（元）', 'amountYuan'],
  ['金额（分）', 'amountFen'],
  ['笔数', 'count'],
] as const;

const csvField = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** The table as CSV (RFC 4180, CRLF): amounts in yuan with two decimals and exact in fen. */
export function toCsv(figures: ExportedFigure[]): string {
  const header = CSV_COLUMNS.map(([zh, en]) => `${zh} (${en})`);
  const lines = figures.map((f) => [
    f.section,
    f.key,
    f.zh,
    f.en,
    f.organisationId ?? '',
    yuanOf(f.amountFen),
    f.amountFen.toString(),
    f.count === null ? '' : String(f.count),
  ]);
  return [header, ...lines].map((line) => line.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Parses CSV written by {@link toCsv} (quoted fields, doubled quotes, CRLF). */
export function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r') continue;
    else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The table as JSON: the same rows, amounts as yuan strings and exact fen strings. */
export function toJson(meta: { incidentId: string; asOf: Date }, figures: ExportedFigure[]): string {
  return JSON.stringify({
    incidentId: meta.incidentId,
    asOf: meta.asOf.toISOString(),
    figures: figures.map((f) => ({
      section: f.section,
      key: f.key,
      item: f.zh,
      itemEn: f.en,
      organisationId: f.organisationId,
      amountYuan: yuanOf(f.amountFen),
      amountFen: f.amountFen.toString(),
      count: f.count,
    })),
  });
}
