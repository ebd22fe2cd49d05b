import { canChangeStatus, CLOCK_SKEW_MS, requireOccurred, requireStatusTransition } from './incident-rules';
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

describe('incident status transitions', () => {
  const statuses = ['REPORTED', 'RESPONDING', 'RECOVERY', 'CLOSED'] as const;
  const allowed = {
    DECLARED: ['REPORTED>RESPONDING', 'RECOVERY>RESPONDING'],
    LIFTED: ['RESPONDING>RECOVERY'],
    DECIDED: ['REPORTED>RECOVERY', 'REPORTED>CLOSED', 'RECOVERY>CLOSED'],
  } as const;

  it('allows exactly the moves of the lifecycle for each cause', () => {
    for (const cause of ['DECLARED', 'LIFTED', 'DECIDED'] as const) {
      const moves = statuses.flatMap((from) =>
        statuses.filter((to) => canChangeStatus(from, to, cause)).map((to) => `${from}>${to}`),
      );
      expect(moves).toEqual(allowed[cause]);
    }
  });

  it('refuses any other move with INVALID_STATUS_TRANSITION naming the status', () => {
    for (const [from, to] of [
      ['REPORTED', 'RESPONDING'],
      ['RESPONDING', 'CLOSED'],
      ['RESPONDING', 'RECOVERY'],
      ['CLOSED', 'RECOVERY'],
      ['RECOVERY', 'RECOVERY'],
    ] as const) {
      expect(() => requireStatusTransition(from, to, 'DECIDED')).toThrow(IncidentException);
      try {
        requireStatusTransition(from, to, 'DECIDED');
      } catch (e) {
        expect(e).toMatchObject({
          extensions: { code: 'INVALID_STATUS_TRANSITION', field: 'status', from, to },
        });
      }
    }
    expect(() => requireStatusTransition('RECOVERY', 'CLOSED', 'DECIDED')).not.toThrow();
  });
});
