import type { IncidentStatus } from './incident.entity';
import { IncidentErrorCode, IncidentException } from './incident.exception';

/** Reports may be filed from devices whose clocks run a little ahead; anything later is a typo. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** INVALID_OCCURRED_AT when `occurredAt` lies in the future, beyond the clock skew a device may have. */
export function requireOccurred(occurredAt: Date, now: number): Date {
  if (occurredAt.getTime() > now + CLOCK_SKEW_MS) {
    throw new IncidentException(
      IncidentErrorCode.InvalidOccurredAt,
      `occurredAt ${occurredAt.toISOString()} is in the future`,
      { field: 'occurredAt' },
    );
  }
  return occurredAt;
}

/** The statuses an incident passes through, in order. */
export const INCIDENT_STATUSES = ['REPORTED', 'RESPONDING', 'RECOVERY', 'CLOSED'] as const;

/**
 * Why an incident's status changes: a response declared (to RESPONDING, from REPORTED or from RECOVERY when the
 * emergency flares up again), the response lifted (RESPONDING to RECOVERY), or a decision (`changeIncidentStatus`):
 * to RECOVERY from REPORTED (handled without a declared response), to CLOSED from REPORTED or RECOVERY. RESPONDING
 * is only ever reached by a declaration and left by lifting the response; CLOSED is final.
 */
export type StatusCause = 'DECLARED' | 'LIFTED' | 'DECIDED';

const TRANSITIONS: Record<StatusCause, Partial<Record<IncidentStatus, readonly IncidentStatus[]>>> = {
  DECLARED: { REPORTED: ['RESPONDING'], RECOVERY: ['RESPONDING'] },
  LIFTED: { RESPONDING: ['RECOVERY'] },
  DECIDED: { REPORTED: ['RECOVERY', 'CLOSED'], RECOVERY: ['CLOSED'] },
};

/** Whether `cause` may move an incident from `from` to `to`. */
export const canChangeStatus = (from: IncidentStatus, to: IncidentStatus, cause: StatusCause): boolean =>
  TRANSITIONS[cause][from]?.includes(to) ?? false;

/** INVALID_STATUS_TRANSITION naming `field` unless `cause` may move the incident from `from` to `to`. */
export function requireStatusTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  cause: StatusCause,
  field = 'status',
): void {
  if (canChangeStatus(from, to, cause)) return;
  throw new IncidentException(
    IncidentErrorCode.InvalidStatusTransition,
    `an incident cannot move from ${from} to ${to}${cause === 'DECIDED' ? ' by decision' : ''}`,
    { field, from, to },
  );
}
