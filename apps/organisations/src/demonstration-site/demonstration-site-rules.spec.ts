import fc from 'fast-check';
import { INSPECTION_RESULTS } from './demonstration-site-inspection.entity';
import { DEMONSTRATION_SITE_STATUSES } from './demonstration-site.entity';
import {
  addDays,
  applyInspection,
  checkRectificationDue,
  isInspectionOverdue,
  overdueCutoff,
  statusAfterInspection,
  type InspectedSite,
} from './demonstration-site-rules';

const TODAY = '2026-03-15';
const site = (changes: Partial<InspectedSite> = {}): InspectedSite => ({
  status: 'DESIGNATED',
  designatedOn: '2024-05-12',
  revokedOn: null,
  lastInspectedOn: null,
  ...changes,
});

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    const { extensions } = error as { extensions: { code: string; field?: string } };
    return { code: extensions.code, field: extensions.field };
  }
  throw new Error('expected a refusal');
};

describe(addDays.name, () => {
  it('crosses months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2026-03-15', -365)).toBe('2025-03-15');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe(statusAfterInspection.name, () => {
  it.each([
    ['PASSED', 'DESIGNATED'],
    ['RECTIFICATION_REQUIRED', 'UNDER_RECTIFICATION'],
    ['FAILED', 'REVOKED'],
  ] as const)('moves a site inspected %s to %s', (result, status) => {
    expect(statusAfterInspection(result)).toBe(status);
  });
});

describe(applyInspection.name, () => {
  it('restores a site under rectification that passes, and records the day', () => {
    expect(
      applyInspection(
        site({ status: 'UNDER_RECTIFICATION', lastInspectedOn: '2025-09-01' }),
        '2025-12-01',
        'PASSED',
        TODAY,
      ),
    ).toEqual(site({ status: 'DESIGNATED', lastInspectedOn: '2025-12-01' }));
  });

  it('revokes a failing site on the inspection day', () => {
    expect(applyInspection(site(), '2025-06-30', 'FAILED', TODAY)).toEqual(
      site({ status: 'REVOKED', revokedOn: '2025-06-30', lastInspectedOn: '2025-06-30' }),
    );
  });

  it('takes a second inspection on the latest inspection day, and one on the designation day or today', () => {
    expect(
      applyInspection(site({ lastInspectedOn: '2025-06-30' }), '2025-06-30', 'PASSED', TODAY).status,
    ).toBe('DESIGNATED');
    expect(applyInspection(site(), '2024-05-12', 'PASSED', TODAY).lastInspectedOn).toBe('2024-05-12');
    expect(applyInspection(site(), TODAY, 'PASSED', TODAY).lastInspectedOn).toBe(TODAY);
  });

  it.each([
    [
      'a revoked site',
      site({ status: 'REVOKED', revokedOn: '2025-01-02' }),
      '2025-06-30',
      'SITE_REVOKED',
      'siteId',
    ],
    ['a day in the future', site(), '2026-03-16', 'DATE_IN_FUTURE', 'inspectedOn'],
    ['a day before the designation', site(), '2024-05-11', 'INSPECTED_BEFORE_DESIGNATION', 'inspectedOn'],
    [
      'a day before the latest inspection',
      site({ lastInspectedOn: '2025-06-30' }),
      '2025-06-29',
      'INSPECTED_BEFORE_LATEST_INSPECTION',
      'inspectedOn',
    ],
  ])('refuses %s', (_label, before, inspectedOn, code, field) => {
    expect(refusal(() => applyInspection(before, inspectedOn, 'PASSED', TODAY))).toEqual({ code, field });
  });

  it('leaves every site in the result’s status, revoked exactly when it failed, never reopening a revoked one', () => {
    const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2024-05-12', n));
    fc.assert(
      fc.property(
        fc.constantFrom(...DEMONSTRATION_SITE_STATUSES),
        fc.option(day, { nil: null }),
        day,
        fc.constantFrom(...INSPECTION_RESULTS),
        (status, lastInspectedOn, inspectedOn, result) => {
          const before = site({
            status,
            lastInspectedOn,
            revokedOn: status === 'REVOKED' ? '2024-06-01' : null,
          });
          let after: InspectedSite | undefined;
          try {
            after = applyInspection(before, inspectedOn, result, TODAY);
          } catch {
            // refused: checked below
          }
          const allowed =
            status !== 'REVOKED' &&
            inspectedOn <= TODAY &&
            (!lastInspectedOn || inspectedOn >= lastInspectedOn);
          expect(after !== undefined).toBe(allowed);
          if (!after) return;
          expect(after.status).toBe(statusAfterInspection(result));
          expect(after.revokedOn).toBe(result === 'FAILED' ? inspectedOn : null);
          expect(after.lastInspectedOn).toBe(inspectedOn);
        },
      ),
    );
  });
});

describe(checkRectificationDue.name, () => {
  it('requires a deadline after the inspection for RECTIFICATION_REQUIRED, and nothing otherwise', () => {
    expect(checkRectificationDue('RECTIFICATION_REQUIRED', '2025-06-30', '2025-07-01')).toBe('2025-07-01');
    expect(checkRectificationDue('PASSED', '2025-06-30', null)).toBeNull();
    expect(checkRectificationDue('FAILED', '2025-06-30', undefined)).toBeNull();
  });

  it.each([
    ['no deadline for RECTIFICATION_REQUIRED', 'RECTIFICATION_REQUIRED', null, 'RECTIFICATION_DUE_REQUIRED'],
    [
      'a deadline on the inspection day',
      'RECTIFICATION_REQUIRED',
      '2025-06-30',
      'RECTIFICATION_DUE_NOT_AFTER_INSPECTION',
    ],
    ['a deadline that is no date', 'RECTIFICATION_REQUIRED', '2025-06-31', 'INVALID_DATE'],
    ['a deadline for a PASSED result', 'PASSED', '2025-07-30', 'RECTIFICATION_DUE_NOT_ALLOWED'],
    ['a deadline for a FAILED result', 'FAILED', '2025-07-30', 'RECTIFICATION_DUE_NOT_ALLOWED'],
  ] as const)('refuses %s', (_label, result, due, code) => {
    expect(refusal(() => checkRectificationDue(result, '2025-06-30', due))).toEqual({
      code,
      field: 'rectificationDueOn',
    });
  });
});

describe(isInspectionOverdue.name, () => {
  it('counts the first year from the designation', () => {
    const site = { status: 'DESIGNATED' as const, lastInspectedOn: null };
    expect(isInspectionOverdue({ ...site, designatedOn: '2025-03-15' }, TODAY)).toBe(false);
    expect(isInspectionOverdue({ ...site, designatedOn: '2025-03-14' }, TODAY)).toBe(true);
  });

  it('is overdue from the 366th day after the last inspection', () => {
    expect(
      isInspectionOverdue(
        { status: 'DESIGNATED', designatedOn: '2000-01-01', lastInspectedOn: '2025-03-15' },
        TODAY,
      ),
    ).toBe(false);
    expect(
      isInspectionOverdue(
        { status: 'DESIGNATED', designatedOn: '2000-01-01', lastInspectedOn: '2025-03-14' },
        TODAY,
      ),
    ).toBe(true);
    expect(
      isInspectionOverdue(
        { status: 'UNDER_RECTIFICATION', designatedOn: '2000-01-01', lastInspectedOn: '2024-01-01' },
        TODAY,
      ),
    ).toBe(true);
  });

  it('never counts a revoked site as overdue', () => {
    expect(
      isInspectionOverdue({ status: 'REVOKED', designatedOn: '2000-01-01', lastInspectedOn: null }, TODAY),
    ).toBe(false);
    expect(
      isInspectionOverdue(
        { status: 'REVOKED', designatedOn: '2000-01-01', lastInspectedOn: '2020-01-01' },
        TODAY,
      ),
    ).toBe(false);
  });

  it('agrees with counting the days since the last inspection, whatever today is', () => {
    const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 800 }), (t, age) => {
        const today = addDays('2020-01-01', t);
        const last = addDays(today, -age);
        expect(dayNumber(today) - dayNumber(last)).toBe(age);
        expect(
          isInspectionOverdue(
            { status: 'DESIGNATED', designatedOn: '2000-01-01', lastInspectedOn: last },
            today,
          ),
        ).toBe(age > 365);
        expect(last < overdueCutoff(today)).toBe(age > 365);
      }),
    );
  });
});
