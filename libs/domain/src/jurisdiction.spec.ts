import type { Identity } from '@emergency/auth';
import {
  inJurisdiction,
  jurisdictionRelation,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from './jurisdiction';
import { regionPrefix } from './regions';

const operator: Identity = {
  subject: 'u1',
  roles: ['operator'],
  regionCode: '421100',
  organisationId: 'org-1',
};
const county: Identity = { subject: 'o', roles: ['operator'], regionCode: '421121' };
const province: Identity = { subject: 'a', roles: ['auditor'] };

describe('jurisdiction', () => {
  it('derives the subtree prefix from the level of a GB/T 2260 code', () => {
    expect(regionPrefix('420000')).toBe('42');
    expect(regionPrefix('421100')).toBe('4211');
    expect(regionPrefix('421102')).toBe('421102');
  });

  it('treats township and village codes as covering only what extends them', () => {
    // 团风镇 (a township whose code ends in 100) must not widen to its prefecture.
    expect(regionPrefix('421121100')).toBe('421121100');
    expect(regionPrefix('421121100200')).toBe('421121100200');
    const township = { subject: 't', roles: ['operator' as const], regionCode: '421121100' };
    expect(inJurisdiction(township, '421121100201')).toBe(true);
    expect(inJurisdiction(township, '421121101201')).toBe(false);
    expect(inJurisdiction(operator, '421121100201')).toBe(true);
  });

  it('lets a prefecture operator act in its counties only; admins and unscoped auditors everywhere', () => {
    expect(inJurisdiction(operator, '421102')).toBe(true);
    expect(inJurisdiction(operator, '420900')).toBe(false);
    expect(inJurisdiction({ subject: 'a', roles: ['auditor'] }, '420900')).toBe(true);
    expect(inJurisdiction({ subject: 'a', roles: ['admin'], regionCode: '421100' }, '420900')).toBe(true);
  });
});

describe(visibleRegionPrefix.name, () => {
  it('narrows a wider request to the caller’s jurisdiction and keeps a narrower one', () => {
    expect(visibleRegionPrefix(county, '421100')).toBe('421121');
    expect(visibleRegionPrefix(county, '421121100')).toBe('421121100');
    expect(visibleRegionPrefix(county, undefined)).toBe('421121');
  });

  it('answers null when the request and the jurisdiction do not overlap, undefined when nothing limits', () => {
    expect(visibleRegionPrefix(county, '420900')).toBeNull();
    expect(visibleRegionPrefix(province, undefined)).toBeUndefined();
    expect(visibleRegionPrefix(province, '420000')).toBe('42');
  });
});

describe(jurisdictionRelation.name, () => {
  it('tells regions within, above and beside a county operator’s jurisdiction apart', () => {
    const tuanfeng = county;
    expect(jurisdictionRelation(tuanfeng, '421121')).toBe('WITHIN');
    expect(jurisdictionRelation(tuanfeng, '421121100')).toBe('WITHIN'); // a township of the county
    expect(jurisdictionRelation(tuanfeng, '421100')).toBe('ABOVE'); // Huanggang, the prefecture
    expect(jurisdictionRelation(tuanfeng, '420000')).toBe('ABOVE'); // Hubei
    expect(jurisdictionRelation(tuanfeng, '421122')).toBe('BESIDE'); // Hong'an, a sibling county
    expect(jurisdictionRelation(tuanfeng, '420900')).toBe('BESIDE'); // Xiaogan, another prefecture
    expect(jurisdictionRelation(tuanfeng, '420902')).toBe('BESIDE');
  });

  it('puts a township operator’s county above it, and everything within reach of a province-wide caller', () => {
    const township = { subject: 't', roles: ['operator' as const], regionCode: '421121100' };
    expect(jurisdictionRelation(township, '421121')).toBe('ABOVE');
    expect(jurisdictionRelation(township, '421121101')).toBe('BESIDE');
    expect(jurisdictionRelation(province, '421121')).toBe('WITHIN');
    expect(jurisdictionRelation({ subject: 'a', roles: ['admin'], regionCode: '421121' }, '420900')).toBe(
      'WITHIN',
    );
  });
});

describe('rulesOfMostSpecificPrefix', () => {
  const rules = [
    { id: 'national-1', regionPrefix: '' },
    { id: 'national-2', regionPrefix: '' },
    { id: 'hubei', regionPrefix: '42' },
    { id: 'tuanfeng-1', regionPrefix: '421121' },
    { id: 'tuanfeng-2', regionPrefix: '421121' },
  ];
  const ids = (regionCode: string, among = rules) =>
    rulesOfMostSpecificPrefix(among, regionCode).map((r) => r.id);

  it('takes the whole set of the longest prefix the region starts with', () => {
    expect(ids('421121')).toEqual(['tuanfeng-1', 'tuanfeng-2']);
    expect(ids('421122')).toEqual(['hubei']);
    expect(ids('110000')).toEqual(['national-1', 'national-2']);
  });

  it('is empty when no rule covers the region', () => {
    expect(ids('110000', rules.slice(2))).toEqual([]);
  });
});
