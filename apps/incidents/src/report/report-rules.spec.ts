import fc from 'fast-check';
import { NO_FIGURES } from '../incident/incident-figures';
import {
  figureJumps,
  followUpsOn,
  minutesLate,
  obligationsMet,
  obligationsOnLifting,
  obligationsOnOccurrence,
  placeInChain,
  regionAt,
  relaysOnReport,
  reportingRegion,
  requiredReportedAt,
  requiredSkip,
  requireExplanation,
  rulesFor,
  rulesInForce,
  withinSupplementaryWindow,
  type Rule,
} from './report-rules';
import type { ReportKind, ReportLevel } from './report.entity';

const cst = (at: string) => new Date(`${at}:00+08:00`);
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (
      (error as { code?: string; extensions?: { code?: string } }).code ??
      (error as { extensions: { code: string } }).extensions?.code
    );
  }
  return undefined;
};

const rule = (overrides: Partial<Rule>): Rule => ({
  id: 'r',
  regionPrefix: '',
  category: 'ACCIDENT',
  subcategory: null,
  grades: ['I', 'II', 'III', 'IV'],
  kind: 'INITIAL',
  channel: null,
  hop: 'UNIT_TO_COUNTY',
  anchor: 'OCCURRED',
  level: 'COUNTY',
  withinMinutes: 60,
  withinWorkingDays: null,
  fixedTimes: [],
  ...overrides,
});

const incident = {
  regionCode: '421121',
  category: 'ACCIDENT' as const,
  subcategory: 'ROAD_TRAFFIC',
  severity: 'III' as const,
  occurredAt: cst('2026-07-06T10:00'),
};

const link = (kind: ReportKind, toLevel: ReportLevel = 'COUNTY', skippedLevels: ReportLevel[] = []) => ({
  kind,
  toLevel,
  skippedLevels,
});

describe('placeInChain', () => {
  it('takes one initial report per level first, then numbers the follow-ups', () => {
    expect(placeInChain([], 'INITIAL', 'COUNTY')).toEqual({ number: null });
    const chain = [link('INITIAL'), link('FOLLOW_UP')];
    expect(placeInChain(chain, 'FOLLOW_UP', 'COUNTY')).toEqual({ number: 2 });
    expect(placeInChain(chain, 'INITIAL', 'PREFECTURE')).toEqual({ number: null });
  });

  it('refuses a second initial report to a level reached, anything before the initial one, a second verified one and anything but a supplementary one after the final one', () => {
    expect(codeOf(() => placeInChain([link('INITIAL')], 'INITIAL', 'COUNTY'))).toBe('INITIAL_REPORT_EXISTS');
    expect(
      codeOf(() => placeInChain([link('INITIAL', 'PROVINCE', ['PREFECTURE'])], 'INITIAL', 'PREFECTURE')),
    ).toBe('INITIAL_REPORT_EXISTS');
    for (const kind of ['FOLLOW_UP', 'VERIFIED', 'SUPPLEMENTARY', 'FINAL'] as const) {
      expect(codeOf(() => placeInChain([], kind, 'COUNTY'))).toBe('INITIAL_REPORT_MISSING');
    }
    expect(codeOf(() => placeInChain([link('INITIAL'), link('VERIFIED')], 'VERIFIED', 'COUNTY'))).toBe(
      'VERIFIED_REPORT_EXISTS',
    );
    const closed = [link('INITIAL'), link('FINAL')];
    expect(codeOf(() => placeInChain(closed, 'FOLLOW_UP', 'COUNTY'))).toBe('REPORT_CHAIN_CLOSED');
    expect(placeInChain(closed, 'SUPPLEMENTARY', 'COUNTY')).toEqual({ number: null });
  });

  it('numbers the n-th follow-up n, whatever comes between', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<ReportKind>('FOLLOW_UP', 'SUPPLEMENTARY')), (kinds) => {
        const chain = [link('INITIAL'), ...kinds.map((k) => link(k))];
        const follows = kinds.filter((k) => k === 'FOLLOW_UP').length;
        expect(placeInChain(chain, 'FOLLOW_UP', 'COUNTY').number).toBe(follows + 1);
      }),
    );
  });
});

describe('requiredReportedAt', () => {
  const now = cst('2026-07-06T12:00');
  it('is now when not given, the given instant between the occurrence and now', () => {
    expect(requiredReportedAt(undefined, now, incident.occurredAt)).toBe(now);
    expect(requiredReportedAt(incident.occurredAt, now, incident.occurredAt)).toEqual(incident.occurredAt);
    expect(requiredReportedAt(now, now, incident.occurredAt)).toEqual(now);
  });
  it('refuses the future and before the occurrence', () => {
    expect(codeOf(() => requiredReportedAt(new Date(now.getTime() + 1), now, incident.occurredAt))).toBe(
      'REPORTED_AT_IN_FUTURE',
    );
    expect(
      codeOf(() => requiredReportedAt(new Date(incident.occurredAt.getTime() - 1), now, incident.occurredAt)),
    ).toBe('REPORTED_BEFORE_OCCURRENCE');
  });
});

describe('requiredSkip', () => {
  it('keeps skipped levels below the target, lowest first, with a reason', () => {
    expect(requiredSkip('PROVINCE', ['PREFECTURE', 'COUNTY', 'COUNTY'], 'why')).toEqual([
      'COUNTY',
      'PREFECTURE',
    ]);
    expect(requiredSkip('PROVINCE', [], null)).toEqual([]);
    expect(codeOf(() => requiredSkip('PROVINCE', ['COUNTY'], null))).toBe('SKIP_REASON_REQUIRED');
    expect(codeOf(() => requiredSkip('PREFECTURE', ['PREFECTURE'], 'why'))).toBe('SKIPPED_LEVEL_NOT_BELOW');
  });
});

describe('figure jumps', () => {
  it('flags casualty counts more than doubled from a non-zero count', () => {
    const before = { ...NO_FIGURES, deaths: 2, injured: 0 };
    expect(figureJumps(before, { ...NO_FIGURES, deaths: 4 })).toEqual([]);
    expect(figureJumps(before, { ...NO_FIGURES, deaths: 5, injured: 30 })).toEqual(['deaths']);
    expect(codeOf(() => requireExplanation(before, { ...NO_FIGURES, deaths: 5 }, null))).toBe(
      'EXPLANATION_REQUIRED',
    );
    expect(() => requireExplanation(before, { ...NO_FIGURES, deaths: 5 }, 'hospital deaths')).not.toThrow();
  });

  it('never flags a count at most double', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 2e6 }), (a, b) => {
        const jumped = figureJumps({ ...NO_FIGURES, missing: a }, { ...NO_FIGURES, missing: b }).length > 0;
        expect(jumped).toBe(b > 2 * a);
      }),
    );
  });
});

describe('minutesLate', () => {
  const due = cst('2026-07-06T11:00');
  it('is 0 exactly on the deadline, 1 a minute (or any part of one) later', () => {
    expect(minutesLate(due, due)).toBe(0);
    expect(minutesLate(due, new Date(due.getTime() - 60_000))).toBe(0);
    expect(minutesLate(due, new Date(due.getTime() + 60_000))).toBe(1);
    expect(minutesLate(due, new Date(due.getTime() + 1))).toBe(1);
    expect(minutesLate(due, new Date(due.getTime() + 60_001))).toBe(2);
  });
});

describe('regions and levels', () => {
  it('names the region at a level and the region that reports to it', () => {
    expect(regionAt('421121', 'PREFECTURE')).toBe('421100');
    expect(regionAt('421121', 'NATIONAL')).toBe('420000');
    expect(reportingRegion('421121', 'COUNTY')).toBe('421121');
    expect(reportingRegion('421121', 'PROVINCE')).toBe('421100');
    expect(reportingRegion('421121', 'NATIONAL')).toBe('420000');
  });
});

describe('rules in force', () => {
  const rules = [
    rule({ id: 'national', regionPrefix: '' }),
    rule({ id: 'hubei', regionPrefix: '42' }),
    rule({ id: 'hubei-fire', regionPrefix: '42', category: 'NATURAL_DISASTER' }),
    rule({ id: 'yichang', regionPrefix: '4205', category: 'NATURAL_DISASTER' }),
  ];
  it('takes the longest prefix with rules for the category', () => {
    expect(rulesInForce(rules, '421121', 'ACCIDENT').map((r) => r.id)).toEqual(['hubei']);
    expect(rulesInForce(rules, '420502', 'ACCIDENT').map((r) => r.id)).toEqual(['hubei']);
    expect(rulesInForce(rules, '420502', 'NATURAL_DISASTER').map((r) => r.id)).toEqual(['yichang']);
    expect(rulesInForce(rules, '110000', 'ACCIDENT').map((r) => r.id)).toEqual(['national']);
    expect(rulesInForce(rules, '110000', 'PUBLIC_HEALTH')).toEqual([]);
  });

  it('keeps the grade’s rules, a subcategory’s own replacing the category’s of the same kind and hop', () => {
    const windows = [
      rule({ id: 'thirty', kind: 'SUPPLEMENTARY', hop: 'SUPPLEMENTARY_WINDOW', withinMinutes: 30 * 1440 }),
      rule({
        id: 'seven',
        kind: 'SUPPLEMENTARY',
        hop: 'SUPPLEMENTARY_WINDOW',
        subcategory: 'ROAD_TRAFFIC',
        withinMinutes: 7 * 1440,
      }),
      rule({ id: 'grave', grades: ['I', 'II'] }),
    ];
    expect(rulesFor(windows, incident).map((r) => r.id)).toEqual(['seven']);
    expect(rulesFor(windows, { ...incident, subcategory: 'FIRE', severity: 'I' }).map((r) => r.id)).toEqual([
      'thirty',
      'grave',
    ]);
    const at = (days: number) => new Date(incident.occurredAt.getTime() + days * 86_400_000);
    expect(withinSupplementaryWindow(rulesFor(windows, incident), incident.occurredAt, at(7))).toBe(true);
    expect(withinSupplementaryWindow(rulesFor(windows, incident), incident.occurredAt, at(7.001))).toBe(
      false,
    );
    expect(withinSupplementaryWindow([], incident.occurredAt, at(1))).toBeNull();
  });
});

describe('obligations', () => {
  it('owes the first report counted from the occurrence', () => {
    expect(obligationsOnOccurrence([rule({})], incident)).toEqual([
      expect.objectContaining({
        kind: 'INITIAL',
        level: 'COUNTY',
        dueAt: cst('2026-07-06T11:00'),
        reportingRegion: '421121',
      }),
    ]);
  });

  it('relays one level up from the level received, up to the rule’s highest level', () => {
    const relay = rule({
      hop: 'EACH_LEVEL_UP',
      anchor: 'RECEIVED_BELOW',
      level: 'PROVINCE',
      withinMinutes: 120,
    });
    const at = cst('2026-07-06T11:00');
    expect(relaysOnReport([relay], '421121', 'INITIAL', 'COUNTY', at)).toEqual([
      expect.objectContaining({
        level: 'PREFECTURE',
        dueAt: cst('2026-07-06T13:00'),
        reportingRegion: '421121',
      }),
    ]);
    expect(relaysOnReport([relay], '421121', 'INITIAL', 'PREFECTURE', at)).toEqual([
      expect.objectContaining({ level: 'PROVINCE', reportingRegion: '421100' }),
    ]);
    expect(relaysOnReport([relay], '421121', 'INITIAL', 'PROVINCE', at)).toEqual([]);
    expect(relaysOnReport([relay], '421121', 'FOLLOW_UP', 'COUNTY', at)).toEqual([]);
  });

  it('owes the verified report at the end of the 2nd working day after the lifting, across National Day 2026', () => {
    const verified = rule({
      kind: 'VERIFIED',
      hop: 'AFTER_RESPONSE',
      anchor: 'RESPONSE_LIFTED',
      level: 'PREFECTURE',
      withinMinutes: null,
      withinWorkingDays: 2,
    });
    const [owed] = obligationsOnLifting([verified], '421100', cst('2026-09-30T18:00'));
    expect(owed.dueAt).toEqual(new Date('2026-10-09T15:59:59.999Z'));
    // Friday 9 October + 2 working days: Saturday 10 October is worked, then Monday 12.
    const [later] = obligationsOnLifting([verified], '421100', cst('2026-10-09T09:00'));
    expect(later.dueAt).toEqual(new Date('2026-10-12T15:59:59.999Z'));
  });

  it('owes the day’s fixed-time follow-ups after the occurrence', () => {
    const daily = rule({
      kind: 'FOLLOW_UP',
      hop: 'FIXED_TIMES',
      anchor: 'FIXED_TIME',
      level: 'PROVINCE',
      withinMinutes: null,
      fixedTimes: ['08:00', '17:00'],
    });
    expect(followUpsOn([daily], incident, cst('2026-07-06T12:00')).map((o) => o.dueAt)).toEqual([
      cst('2026-07-06T17:00'),
    ]);
    expect(followUpsOn([daily], incident, cst('2026-07-07T07:00')).map((o) => o.dueAt)).toEqual([
      cst('2026-07-07T08:00'),
      cst('2026-07-07T17:00'),
    ]);
  });

  it('meets the earliest open obligation of the kind per level and channel, skipped levels included', () => {
    const open = [
      {
        id: 'phone',
        kind: 'INITIAL' as const,
        channel: 'PHONE' as const,
        level: 'PROVINCE' as const,
        dueAt: cst('2026-07-06T10:15'),
      },
      {
        id: 'written',
        kind: 'INITIAL' as const,
        channel: 'WRITTEN' as const,
        level: 'PROVINCE' as const,
        dueAt: cst('2026-07-06T10:35'),
      },
      {
        id: 'county',
        kind: 'INITIAL' as const,
        channel: null,
        level: 'COUNTY' as const,
        dueAt: cst('2026-07-06T11:00'),
      },
      {
        id: 'f2',
        kind: 'FOLLOW_UP' as const,
        channel: null,
        level: 'PROVINCE' as const,
        dueAt: cst('2026-07-06T17:00'),
      },
      {
        id: 'f1',
        kind: 'FOLLOW_UP' as const,
        channel: null,
        level: 'PROVINCE' as const,
        dueAt: cst('2026-07-06T08:00'),
      },
    ];
    const ids = (report: Parameters<typeof obligationsMet>[1]) =>
      obligationsMet(open, report).map((o) => o.id);
    expect(
      ids({ kind: 'INITIAL', channel: 'PHONE', toLevel: 'PROVINCE', skippedLevels: ['COUNTY'] }),
    ).toEqual(['phone', 'county']);
    expect(ids({ kind: 'INITIAL', channel: 'WRITTEN', toLevel: 'PROVINCE', skippedLevels: [] })).toEqual([
      'written',
    ]);
    expect(ids({ kind: 'FOLLOW_UP', channel: 'SYSTEM', toLevel: 'PROVINCE', skippedLevels: [] })).toEqual([
      'f1',
    ]);
    expect(ids({ kind: 'FOLLOW_UP', channel: 'SYSTEM', toLevel: 'PREFECTURE', skippedLevels: [] })).toEqual(
      [],
    );
  });
});
