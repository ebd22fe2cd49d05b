import { regionCovers } from '@emergency/domain';
import type { DispatchLine, RequestLine } from './dispatch.entity';

const HOUR_MS = 3_600_000;

/**
 * Whether `askedRegionCode` is a level a request may go up to from `requesterRegionCode`: a prefecture or a
 * province strictly above it.
 */
export function isHigherLevel(requesterRegionCode: string, askedRegionCode: string): boolean {
  if (askedRegionCode === requesterRegionCode) return false;
  if (!askedRegionCode.endsWith('00')) return false; // a county asks nobody below a prefecture
  return regionCovers(askedRegionCode, requesterRegionCode);
}

/** When the paperwork of a request made by phone at `requestedAt` is due: `hours` later. */
export function paperworkDueAt(requestedAt: Date, hours: number): Date {
  return new Date(requestedAt.getTime() + hours * HOUR_MS);
}

/** Whether paperwork recorded at `recordedAt` is late: after its due instant (exactly on it is on time). */
export function paperworkLate(dueAt: Date, recordedAt: Date): boolean {
  return recordedAt.getTime() > dueAt.getTime();
}

/** Hours from dispatch to receipt, rounded to two places. */
export function deliveryHours(dispatchedAt: Date, receivedAt: Date): number {
  return Math.round(((receivedAt.getTime() - dispatchedAt.getTime()) / HOUR_MS) * 100) / 100;
}

/** Late when over the first-batch target; never late without a target. */
export function deliveredLate(hours: number, targetHours: number | null): boolean {
  return targetHours !== null && hours > targetHours;
}

/** Per item of the request or the instruction: what was asked, what is given, and how much less it is. */
export function againstRequest(requested: readonly RequestLine[], instructed: readonly DispatchLine[]) {
  const items = [...new Set([...requested.map((l) => l.itemCode), ...instructed.map((l) => l.itemCode)])];
  return items.map((itemCode) => {
    const requestedQuantity = requested
      .filter((l) => l.itemCode === itemCode)
      .reduce((sum, l) => sum + l.quantity, 0);
    const instructedQuantity = instructed
      .filter((l) => l.itemCode === itemCode)
      .reduce((sum, l) => sum + l.quantity, 0);
    return {
      itemCode,
      requestedQuantity,
      instructedQuantity,
      shortOfRequest: Math.max(0, requestedQuantity - instructedQuantity),
    };
  });
}

/** A lot a line may take goods from. */
export interface AvailableLot {
  id: string;
  quantityOnHand: number;
  expiresOn: string | null;
  receivedOn: string;
}

/**
 * The soonest-expiring lots first (lots without an expiry last, then the oldest received): what to take of each to
 * make `quantity`, or null when the lots do not hold it.
 */
export function firstExpiringFirst(
  lots: readonly AvailableLot[],
  quantity: number,
): { lotId: string; quantity: number }[] | null {
  const ordered = [...lots].sort(
    (a, b) =>
      (a.expiresOn ?? '9999-12-31').localeCompare(b.expiresOn ?? '9999-12-31') ||
      a.receivedOn.localeCompare(b.receivedOn) ||
      a.id.localeCompare(b.id),
  );
  const taken: { lotId: string; quantity: number }[] = [];
  let left = quantity;
  for (const lot of ordered) {
    if (left === 0) break;
    const take = Math.min(left, lot.quantityOnHand);
    if (take > 0) taken.push({ lotId: lot.id, quantity: take });
    left -= take;
  }
  return left === 0 ? taken : null;
}
