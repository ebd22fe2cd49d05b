import { addCalendarDays } from '@emergency/domain';
import type { IssueKind } from './stock.entity';

/**
 * The lot's balance after a movement of `delta` (signed), or null when it would go below zero: the one rule every
 * movement passes, under the lot's row lock.
 */
export function nextBalance(onHand: number, delta: number): number | null {
  const next = onHand + delta;
  return next < 0 ? null : next;
}

/** The value of a movement in fen: its signed quantity × the lot's unit value. */
export const movementValue = (quantity: number, unitValueFen: bigint): bigint =>
  BigInt(quantity) * unitValueFen;

/** A lot's expiry: as given, else its receipt plus the item's shelf life, else none. */
export function expiryOf(
  receivedOn: string,
  given: string | null,
  shelfLifeDays: number | null,
): string | null {
  if (given) return given;
  return shelfLifeDays === null ? null : addCalendarDays(receivedOn, shelfLifeDays);
}

/** What an issue must name: DISPATCH an incident, USE a shelter or a household distribution, WRITE_OFF a reason. */
export function missingIssueReference(
  kind: IssueKind,
  refs: {
    incidentId: string | null;
    shelterId: string | null;
    distributionReference: string | null;
    reason: string | null;
  },
): { field: string; message: string } | null {
  if (kind === 'DISPATCH' && !refs.incidentId)
    return { field: 'incidentId', message: 'a dispatch names the incident it goes to' };
  if (kind === 'USE' && !refs.shelterId && !refs.distributionReference)
    return { field: 'shelterId', message: 'a use names the shelter or the household distribution' };
  if (kind === 'WRITE_OFF' && !refs.reason)
    return { field: 'reason', message: 'a write-off gives its reason' };
  return null;
}

/** One step of a lot's life as the journal sees it: a signed quantity. */
export interface LotStep {
  delta: number;
}

/**
 * Replays movements on a lot starting empty, refusing each that would take it below zero as the service does:
 * the balance after, the journal accepted, and how many were refused.
 */
export function replay(steps: readonly LotStep[]): { balance: number; journal: number[]; refused: number } {
  let balance = 0;
  const journal: number[] = [];
  let refused = 0;
  for (const step of steps) {
    const next = nextBalance(balance, step.delta);
    if (next === null) {
      refused += 1;
      continue;
    }
    balance = next;
    journal.push(step.delta);
  }
  return { balance, journal, refused };
}
