import {
  hazardOverdue,
  latestOrdinaryDeadline,
  nextHazardStatus,
  rectificationOnTime,
  retainUntil,
} from './hazard-rules';

describe('nextHazardStatus', () => {
  it('walks the closed loop found, registered, rectifying, verified, closed', () => {
    expect(nextHazardStatus('FOUND', 'REGISTER', 'MAJOR')).toBe('REGISTERED');
    expect(nextHazardStatus('REGISTERED', 'PLAN', 'MAJOR')).toBe('RECTIFYING');
    expect(nextHazardStatus('RECTIFYING', 'PASS', 'MAJOR')).toBe('VERIFIED');
    expect(nextHazardStatus('VERIFIED', 'CLOSE', 'MAJOR')).toBe('CLOSED');
  });

  it('sends a failed verification back to rectification', () => {
    expect(nextHazardStatus('RECTIFYING', 'FAIL', 'ORDINARY')).toBe('RECTIFYING');
    expect(nextHazardStatus('FOUND', 'FAIL', 'ORDINARY')).toBeNull();
  });

  it('lets only an ordinary hazard be verified on the spot, straight from FOUND', () => {
    expect(nextHazardStatus('FOUND', 'PASS', 'ORDINARY')).toBe('VERIFIED');
    expect(nextHazardStatus('FOUND', 'PASS', 'MAJOR')).toBeNull();
    expect(nextHazardStatus('REGISTERED', 'PASS', 'ORDINARY')).toBeNull();
  });

  it('closes only after verification and changes a deadline only while rectifying', () => {
    for (const status of ['FOUND', 'REGISTERED', 'RECTIFYING', 'CLOSED'] as const)
      expect(nextHazardStatus(status, 'CLOSE', 'ORDINARY')).toBeNull();
    expect(nextHazardStatus('RECTIFYING', 'CHANGE_DEADLINE', 'MAJOR')).toBe('RECTIFYING');
    expect(nextHazardStatus('VERIFIED', 'CHANGE_DEADLINE', 'MAJOR')).toBeNull();
  });
});

describe('hazardOverdue', () => {
  const rectifying = { deadline: '2026-09-30', verifiedOn: null };

  it('is on time on the deadline itself and overdue from the day after', () => {
    expect(hazardOverdue(rectifying, '2026-09-30')).toBe(false);
    expect(hazardOverdue(rectifying, '2026-10-01')).toBe(true);
  });

  it('is overdue until the day of a late verification, never after it, and never without a deadline', () => {
    const late = { ...rectifying, verifiedOn: '2026-10-09' };
    expect(hazardOverdue(late, '2026-10-08')).toBe(true);
    expect(hazardOverdue(late, '2026-10-09')).toBe(false);
    expect(hazardOverdue({ ...rectifying, verifiedOn: '2026-09-30' }, '2026-12-01')).toBe(false);
    expect(hazardOverdue({ deadline: null, verifiedOn: null }, '2026-12-01')).toBe(false);
  });
});

describe('latestOrdinaryDeadline', () => {
  it('counts calendar days from the finding, holidays included, and has no limit without a rule', () => {
    expect(latestOrdinaryDeadline('2026-09-30', 10)).toBe('2026-10-10');
    expect(latestOrdinaryDeadline('2026-09-30', null)).toBeNull();
  });
});

describe('retainUntil', () => {
  it('keeps a record the rule’s years from its closing, 28 February for a 29th', () => {
    expect(retainUntil('2026-10-08', 2)).toBe('2028-10-08');
    expect(retainUntil('2028-02-29', 5)).toBe('2033-02-28');
    expect(retainUntil('2028-02-29', 4)).toBe('2032-02-29');
  });
});

describe('rectificationOnTime', () => {
  const year = { from: '2026-01-01', to: '2026-12-31' };

  it('meets a deadline in the period when verified on or before it', () => {
    expect(rectificationOnTime({ deadline: '2026-06-30', verifiedOn: '2026-06-30' }, year)).toEqual({
      due: true,
      met: true,
    });
    expect(rectificationOnTime({ deadline: '2026-06-30', verifiedOn: '2026-07-01' }, year)).toEqual({
      due: true,
      met: false,
    });
    expect(rectificationOnTime({ deadline: '2026-06-30', verifiedOn: null }, year)).toEqual({
      due: true,
      met: false,
    });
  });

  it('counts an earlier deadline only while the hazard is still unverified at the period’s end', () => {
    expect(rectificationOnTime({ deadline: '2025-12-31', verifiedOn: null }, year)).toEqual({
      due: true,
      met: false,
    });
    expect(rectificationOnTime({ deadline: '2025-12-31', verifiedOn: '2026-02-01' }, year).due).toBe(false);
    expect(rectificationOnTime({ deadline: '2025-12-31', verifiedOn: '2027-01-01' }, year).due).toBe(true);
  });

  it('leaves out a deadline after the period and a hazard without one', () => {
    expect(rectificationOnTime({ deadline: '2027-01-01', verifiedOn: null }, year).due).toBe(false);
    expect(rectificationOnTime({ deadline: null, verifiedOn: '2026-03-01' }, year).due).toBe(false);
  });
});
