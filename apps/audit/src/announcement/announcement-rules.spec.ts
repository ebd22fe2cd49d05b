import { MONEY_PURPOSES } from '@emergency/domain';
import { FINDING_TYPES } from '../follow-up/follow-up';
import {
  ANNOUNCEMENT_USES,
  bind,
  findingCells,
  moneyCells,
  parseCsv,
  purposesOfUse,
  toCsv,
  toJson,
  USE_OF_PURPOSE,
  yuanOf,
  type ExportedFigure,
} from './announcement-rules';

const NONE = {
  programmes: [],
  receivers: [],
  unstatedFiscalLevel: false,
  unstatedChannel: false,
  unclassified: false,
};

describe('the announcement table’s rules', () => {
  it('maps every purpose category to exactly one of the announcements’ uses, and no category is left out', () => {
    for (const purpose of MONEY_PURPOSES)
      expect(Object.keys(ANNOUNCEMENT_USES)).toContain(USE_OF_PURPOSE[purpose]);
    const covered = Object.keys(ANNOUNCEMENT_USES).flatMap((use) => purposesOfUse(use as never).purposes);
    expect(covered.sort()).toEqual([...MONEY_PURPOSES].sort());
    expect(USE_OF_PURPOSE.SCHOOLS).toBe('RECONSTRUCTION');
    expect(USE_OF_PURPOSE.SUPPLIES).toBe('GOODS_BOUGHT');
    expect(USE_OF_PURPOSE.LIVING_RELIEF).toBe('EMERGENCY_RESCUE');
    // Money of an allocation whose category is not known counts as other uses, and only there.
    expect(purposesOfUse('OTHER').unknown).toBe(true);
    expect(purposesOfUse('RECONSTRUCTION').unknown).toBe(false);
  });

  it('gives every cell a unique stable key, and binds no parameter a cell does not use', () => {
    const cells = [
      ...moneyCells({
        programmes: ['Central relief', null],
        receivers: ['00000000-0000-4000-8000-000000000001', null],
        unstatedFiscalLevel: true,
        unstatedChannel: true,
        unclassified: true,
      }),
      ...findingCells(),
    ];
    const keys = cells.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const cell of cells) {
      const used = new Set([...cell.where.sql.matchAll(/\$p(\d+)/g)].map((m) => Number(m[1])));
      expect({ key: cell.key, params: cell.where.params.length }).toEqual({
        key: cell.key,
        params: used.size,
      });
    }
    expect(keys).toEqual(
      expect.arrayContaining([
        'raised.fiscal.level.CENTRAL',
        'raised.fiscal.programme.Central relief',
        'raised.fiscal.programme.UNSTATED',
        'raised.donation.intent.DIRECTED',
        'raised.donation.channel.HONG_KONG_MACAO_TAIWAN',
        'raised.partyDues',
        'receiver.00000000-0000-4000-8000-000000000001',
        'spent.disbursed.use.WITH_FISCAL_FUNDS',
        'spent.used.use.TO_LOCALITIES',
        'balance.released',
        'balance.awaitingAllocation',
        ...Object.keys(FINDING_TYPES).map((t) => `problems.type.${t}`),
        'recommendations.adopted',
        'rectification.CONTINUING',
        'outcomes.transferred',
      ]),
    );
  });

  it('lists cells for unstated attributes, programmes and receivers only when there is money in them', () => {
    const keys = moneyCells(NONE).map((c) => c.key);
    expect(keys.some((k) => k.includes('UNSTATED') || k.startsWith('receiver.'))).toBe(false);
    expect(keys).not.toContain('raised.unclassified');
  });

  it('numbers a cell’s parameters after those already bound', () => {
    expect(bind({ sql: 'a = $p1 AND b = ANY($p2::text[]) AND c = $p1', params: [1, 2] }, 2)).toBe(
      'a = $3 AND b = ANY($4::text[]) AND c = $3',
    );
  });

  it('writes fen as yuan with two decimals, exactly, beyond what a float holds', () => {
    expect(yuanOf(0n)).toBe('0.00');
    expect(yuanOf(5n)).toBe('0.05');
    expect(yuanOf(123_456n)).toBe('1234.56');
    expect(yuanOf(-1_205n)).toBe('-12.05');
    expect(yuanOf(900_719_925_474_099_301n)).toBe('9007199254740993.01');
  });

  it('exports CSV that parses back to the same rows, quoting what needs quoting', () => {
    const figures: ExportedFigure[] = [
      {
        section: 'RAISED',
        key: 'raised.fiscal.programme.Relief, "special"',
        zh: '财政项目：Relief, "special"',
        en: 'Fiscal programme',
        organisationId: null,
        amountFen: 300_000_000_037n,
        count: null,
      },
      {
        section: 'PROBLEMS',
        key: 'problems.type.DIVERSION',
        zh: '擅自改变用途',
        en: 'DIVERSION',
        organisationId: null,
        amountFen: 12_000_000n,
        count: 2,
      },
    ];
    const [header, ...rows] = parseCsv(toCsv(figures));
    expect(header![5]).toBe('金额（元） (amountYuan)');
    expect(rows).toEqual([
      [
        'RAISED',
        'raised.fiscal.programme.Relief, "special"',
        '财政项目：Relief, "special"',
        'Fiscal programme',
        '',
        '3000000000.37',
        '300000000037',
        '',
      ],
      ['PROBLEMS', 'problems.type.DIVERSION', '擅自改变用途', 'DIVERSION', '', '120000.00', '12000000', '2'],
    ]);
    const json = JSON.parse(toJson({ incidentId: 'i', asOf: new Date('2026-10-01T00:00:00Z') }, figures)) as {
      asOf: string;
      figures: { amountFen: string; amountYuan: string; count: number | null }[];
    };
    expect(json.asOf).toBe('2026-10-01T00:00:00.000Z');
    expect(json.figures.map((f) => [f.amountYuan, f.amountFen, f.count])).toEqual([
      ['3000000000.37', '300000000037', null],
      ['120000.00', '12000000', 2],
    ]);
  });
});
