import fc from 'fast-check';
import {
  describeContribution,
  goodsTotalFen,
  mayMove,
  maySeeContributorName,
  publishedName,
  readContribution,
  readPublicationPeriod,
  requireTransition,
  requireUndrawn,
  type ContributionInput,
} from './contribution-rules';
import { CONTRIBUTION_STATUSES } from './fund-contribution.entity';

const TODAY = '2026-07-10';
const donation: ContributionInput = {
  kind: 'DONATION',
  status: 'PAID',
  amountFen: 1000n,
  contributorName: 'Hubei Charity Federation',
  channel: 'DOMESTIC',
  paidOn: '2026-07-09',
  voucherNumber: 'HCF-0001',
};
const tents = [{ description: 'Family tent', unit: 'piece', quantity: 500, unitValueFen: 120_000n }];
const inKind: ContributionInput = {
  ...donation,
  amountFen: null,
  form: 'IN_KIND',
  goods: tents,
  valuationBasis: 'Invoice of the manufacturer',
};
const appropriation: ContributionInput = {
  kind: 'APPROPRIATION',
  status: 'COMMITTED',
  amountFen: 5_000_000n,
  contributorName: 'Ministry of Finance',
  fiscalLevel: 'CENTRAL',
  programme: 'Flood recovery',
};

const refusal = (input: ContributionInput) => {
  try {
    readContribution(input, TODAY);
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('accepted');
};

describe(readContribution.name, () => {
  it('reads a paid cash donation, an organisation unless said otherwise', () => {
    expect(readContribution(donation, TODAY)).toMatchObject({
      kind: 'DONATION',
      status: 'PAID',
      amountFen: 1000n,
      contributorType: 'ORGANISATION',
      form: 'CASH',
      goods: [],
      channel: 'DOMESTIC',
      fiscalLevel: null,
      paidOn: '2026-07-09',
      voucherNumber: 'HCF-0001',
    });
  });

  it('reads an appropriation with its level and programme', () => {
    expect(readContribution(appropriation, TODAY)).toMatchObject({
      fiscalLevel: 'CENTRAL',
      programme: 'Flood recovery',
      channel: null,
      paidOn: null,
    });
  });

  it('takes the amount of goods in kind from their lines, and accepts it when given equal', () => {
    expect(readContribution(inKind, TODAY)).toMatchObject({ amountFen: 60_000_000n, form: 'IN_KIND' });
    expect(readContribution({ ...inKind, amountFen: 60_000_000n }, TODAY).amountFen).toBe(60_000_000n);
  });

  it.each<[string, ContributionInput, string, string]>([
    [
      'fiscalLevel of an appropriation',
      { ...appropriation, fiscalLevel: null },
      'CONTRIBUTION_FIELD_REQUIRED',
      'fiscalLevel',
    ],
    [
      'fiscalLevel of a donation',
      { ...donation, fiscalLevel: 'CENTRAL' },
      'CONTRIBUTION_FIELD_NOT_ALLOWED',
      'fiscalLevel',
    ],
    [
      'programme of party dues',
      { ...appropriation, kind: 'PARTY_DUES', fiscalLevel: null },
      'CONTRIBUTION_FIELD_NOT_ALLOWED',
      'programme',
    ],
    ['channel of a donation', { ...donation, channel: null }, 'CONTRIBUTION_FIELD_REQUIRED', 'channel'],
    [
      'channel of an appropriation',
      { ...appropriation, channel: 'FOREIGN' },
      'CONTRIBUTION_FIELD_NOT_ALLOWED',
      'channel',
    ],
    [
      'direction of an appropriation',
      { ...appropriation, directedPurpose: 'SCHOOLS' },
      'CONTRIBUTION_FIELD_NOT_ALLOWED',
      'directedPurpose',
    ],
    [
      'goods in kind of an appropriation',
      { ...appropriation, form: 'IN_KIND' },
      'CONTRIBUTION_FIELD_NOT_ALLOWED',
      'form',
    ],
    ['goods of cash', { ...donation, goods: tents }, 'CONTRIBUTION_FIELD_NOT_ALLOWED', 'goods'],
    [
      'valuation of cash',
      { ...donation, valuationBasis: 'Invoice' },
      'CONTRIBUTION_FIELD_NOT_ALLOWED',
      'valuationBasis',
    ],
    ['goods lines in kind', { ...inKind, goods: [] }, 'CONTRIBUTION_FIELD_REQUIRED', 'goods'],
    [
      'valuation in kind',
      { ...inKind, valuationBasis: ' ' },
      'CONTRIBUTION_FIELD_REQUIRED',
      'valuationBasis',
    ],
    ['an amount not the lines’ total', { ...inKind, amountFen: 1n }, 'GOODS_TOTAL_MISMATCH', 'amountFen'],
    ['the amount of cash', { ...donation, amountFen: null }, 'CONTRIBUTION_FIELD_REQUIRED', 'amountFen'],
    ['a zero amount', { ...donation, amountFen: 0n }, 'INVALID_AMOUNT', 'amountFen'],
    [
      'a zero unit value',
      { ...inKind, goods: [{ ...tents[0]!, unitValueFen: 0n }] },
      'INVALID_AMOUNT',
      'goods[0].unitValueFen',
    ],
    [
      'a zero quantity',
      { ...inKind, goods: [{ ...tents[0]!, quantity: 0 }] },
      'BAD_USER_INPUT',
      'goods[0].quantity',
    ],
    ['paidOn when paid', { ...donation, paidOn: null }, 'CONTRIBUTION_FIELD_REQUIRED', 'paidOn'],
    [
      'voucherNumber when paid',
      { ...donation, voucherNumber: '' },
      'CONTRIBUTION_FIELD_REQUIRED',
      'voucherNumber',
    ],
    ['a payment day tomorrow', { ...donation, paidOn: '2026-07-11' }, 'DATE_IN_FUTURE', 'paidOn'],
    ['a payment day that is no day', { ...donation, paidOn: '2026-02-30' }, 'INVALID_DATE', 'paidOn'],
    [
      'paidOn of a pledge',
      { ...donation, status: 'PLEDGED', voucherNumber: null },
      'CONTRIBUTION_FIELD_NOT_ALLOWED',
      'paidOn',
    ],
    [
      'a voucher of a commitment',
      { ...appropriation, voucherNumber: 'X' },
      'CONTRIBUTION_FIELD_NOT_ALLOWED',
      'voucherNumber',
    ],
    ['a status recorded only by a move', { ...donation, status: 'WITHDRAWN' }, 'BAD_USER_INPUT', 'status'],
  ])('refuses %s', (_what, input, code, field) => {
    expect(refusal(input)).toMatchObject({ code, field });
  });
});

describe('a contribution’s life', () => {
  it('allows exactly the moves of the life', () => {
    const allowed = CONTRIBUTION_STATUSES.flatMap((from) =>
      CONTRIBUTION_STATUSES.filter((to) => mayMove(from, to)).map((to) => `${from}→${to}`),
    );
    expect(allowed).toEqual([
      'PLEDGED→COMMITTED',
      'PLEDGED→PAID',
      'PLEDGED→WITHDRAWN',
      'PLEDGED→CORRECTED',
      'COMMITTED→PAID',
      'COMMITTED→WITHDRAWN',
      'COMMITTED→CORRECTED',
      'PAID→CORRECTED',
    ]);
  });

  it('refuses any other with CONTRIBUTION_TRANSITION_REFUSED, naming from and to', () => {
    expect(() => requireTransition('c1', 'PAID', 'WITHDRAWN')).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({
          code: 'CONTRIBUTION_TRANSITION_REFUSED',
          id: 'c1',
          from: 'PAID',
          to: 'WITHDRAWN',
        }),
      }),
    );
  });

  it('refuses to correct a contribution drawn on or given back', () => {
    expect(() => requireUndrawn({ id: 'c1', drawnFen: 0n, returnedFen: 0n })).not.toThrow();
    for (const [drawnFen, returnedFen] of [
      [1n, 0n],
      [0n, 1n],
    ]) {
      expect(() => requireUndrawn({ id: 'c1', drawnFen, returnedFen })).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'CONTRIBUTION_ALREADY_DRAWN' }),
        }),
      );
    }
  });
});

describe('publication', () => {
  it('masks a person’s name and leaves an organisation’s', () => {
    expect(publishedName('PERSON', '张三丰')).toBe('张**');
    expect(publishedName('ORGANISATION', 'Hubei Red Cross Society')).toBe('Hubei Red Cross Society');
  });

  it('shows personal names to admins and operators of the incident’s region only', () => {
    expect(maySeeContributorName({ subject: 'a', roles: ['admin'] }, '421100')).toBe(true);
    expect(maySeeContributorName({ subject: 'o', roles: ['operator'], regionCode: '420000' }, '421100')).toBe(
      true,
    );
    expect(maySeeContributorName({ subject: 'o', roles: ['operator'], regionCode: '420900' }, '421100')).toBe(
      false,
    );
    expect(maySeeContributorName({ subject: 'u', roles: ['auditor'], regionCode: '420000' }, '421100')).toBe(
      false,
    );
    expect(maySeeContributorName(null, '421100')).toBe(false);
  });

  it('accepts a period of up to 31 days, and refuses one reversed or longer', () => {
    expect(readPublicationPeriod('2026-07-01', '2026-08-01')).toEqual({
      from: '2026-07-01',
      to: '2026-08-01',
    });
    expect(readPublicationPeriod('2026-07-01', '2026-07-01')).toEqual({
      from: '2026-07-01',
      to: '2026-07-01',
    });
    for (const [from, to] of [
      ['2026-07-02', '2026-07-01'],
      ['2026-07-01', '2026-08-02'],
    ]) {
      expect(() => readPublicationPeriod(from!, to!)).toThrow(
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'PUBLICATION_PERIOD_INVALID' }),
        }),
      );
    }
    expect(() => readPublicationPeriod('2026-13-01', '2026-07-01')).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'INVALID_DATE', field: 'from' }),
      }),
    );
  });

  it('describes a contribution in words an auditor reads', () => {
    const read = readContribution(inKind, TODAY);
    expect(describeContribution(read, 'Hubei Red Cross Society')).toBe(
      'Donation in kind from Hubei Red Cross Society: 500 × Family tent',
    );
    expect(describeContribution(readContribution(appropriation, TODAY), 'Ministry of Finance')).toBe(
      'Central appropriation from Ministry of Finance, programme Flood recovery',
    );
    expect(
      describeContribution(readContribution({ ...donation, directedPurpose: 'SCHOOLS' }, TODAY), '张**'),
    ).toBe('Donation from 张**, directed to schools');
  });
});

describe(goodsTotalFen.name, () => {
  it('is the sum of quantity × unit value, exact to the fen for any lines', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
            unitValueFen: fc.bigInt({ min: 1n, max: 10n ** 12n }),
          }),
          { minLength: 1, maxLength: 100 },
        ),
        (lines) => {
          const total = goodsTotalFen(lines);
          const read = readContribution(
            {
              ...inKind,
              goods: lines.map((l, i) => ({ ...l, description: `Item ${i}`, unit: 'piece' })),
              amountFen: total,
            },
            TODAY,
          );
          expect(read.amountFen).toBe(total);
          expect(total).toBe(lines.reduce((sum, l) => sum + BigInt(l.quantity) * l.unitValueFen, 0n));
        },
      ),
    );
  });
});
