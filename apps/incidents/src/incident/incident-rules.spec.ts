import { CLOCK_SKEW_MS, requireOccurred } from './incident-rules';
import { IncidentException } from './incident.exception';

describe('incident rules', () => {
  const now = Date.parse('2026-07-06T04:30:00Z');

  it('accepts a time in the past, now, and within the clock skew a device may have', () => {
    for (const at of [now - 86_400_000, now, now + CLOCK_SKEW_MS]) {
      expect(requireOccurred(new Date(at), now)).toEqual(new Date(at));
    }
  });

  it('refuses a time beyond the clock skew with INVALID_OCCURRED_AT naming occurredAt', () => {
    let error: unknown;
    try {
      requireOccurred(new Date(now + CLOCK_SKEW_MS + 1), now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IncidentException);
    expect(error).toMatchObject({ extensions: { code: 'INVALID_OCCURRED_AT', field: 'occurredAt' } });
  });
});
