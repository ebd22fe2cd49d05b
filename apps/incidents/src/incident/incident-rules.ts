import { IncidentErrorCode, IncidentException } from './incident.exception';

/** Reports may be filed from devices whose clocks run a little ahead; anything later is a typo. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** INVALID_OCCURRED_AT when `occurredAt` lies in the future, beyond the clock skew a device may have. */
export function requireOccurred(occurredAt: Date, now = Date.now()): Date {
  if (occurredAt.getTime() > now + CLOCK_SKEW_MS) {
    throw new IncidentException(
      IncidentErrorCode.InvalidOccurredAt,
      `occurredAt ${occurredAt.toISOString()} is in the future`,
      { field: 'occurredAt' },
    );
  }
  return occurredAt;
}
