import { CommonErrorCode } from '@emergency/graphql';
import { takeInOrder, takeLastFirst, totalFen, type Origin } from '@emergency/domain';
import { remainingFen } from '../allocation/allocation-rules';
import type { KnownAllocationEntity } from '../allocation/known-allocation.entity';
import { ProcurementErrorCode, ProcurementException } from './procurement.exception';

export const MAX_QUANTITY = 1_000_000_000;
/** Largest value of a PostgreSQL bigint. */
const MAX_FEN = 2n ** 63n - 1n;

/**
 * What a purchase of `quantity` at `unitPriceFen` costs: INVALID_QUANTITY unless the quantity is a whole number
 * from 1 to MAX_QUANTITY, INVALID_AMOUNT unless the unit price is positive and the total fits a bigint column.
 */
export function purchaseAmount(quantity: number, unitPriceFen: bigint): bigint {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
    throw new ProcurementException(
      ProcurementErrorCode.InvalidQuantity,
      `quantity must be a whole number from 1 to ${MAX_QUANTITY} (got ${quantity})`,
      { field: 'quantity' },
    );
  }
  if (unitPriceFen <= 0n) {
    throw new ProcurementException(
      CommonErrorCode.InvalidAmount,
      `unitPriceFen must be greater than zero (got ${unitPriceFen})`,
      { field: 'unitPriceFen' },
    );
  }
  const amountFen = BigInt(quantity) * unitPriceFen;
  if (amountFen > MAX_FEN) {
    throw new ProcurementException(CommonErrorCode.InvalidAmount, 'quantity × unitPriceFen is too large', {
      field: 'unitPriceFen',
    });
  }
  return amountFen;
}

/** ALLOCATION_EXCEEDED, with what is left and what was asked, unless the allocation still holds `amountFen`. */
export function requireAffordable(allocation: KnownAllocationEntity, amountFen: bigint): void {
  const remaining = remainingFen(allocation);
  if (amountFen > remaining) {
    throw new ProcurementException(
      ProcurementErrorCode.AllocationExceeded,
      `allocation ${allocation.id} has ${remaining} fen left; this purchase costs ${amountFen} fen`,
      { field: 'allocationId', remainingFen: remaining.toString(), requestedFen: amountFen.toString() },
    );
  }
}

/** What one allocation pays of a procurement. */
export interface Payment {
  allocationId: string;
  amountFen: bigint;
}

/**
 * The payments of a purchase costing `amountFen`: the whole from `allocationId`, or the split the payer stated.
 * PAYMENTS_DO_NOT_ADD_UP unless the split adds up to the amount; INVALID_AMOUNT for a payment that is not positive;
 * BAD_USER_INPUT for an empty split, an allocation named twice, or both an allocation and a split.
 */
export function paymentsOf(
  amountFen: bigint,
  allocationId: string | undefined,
  payments: readonly Payment[] | undefined,
): Payment[] {
  if (!payments) {
    if (!allocationId) throw badInput('name the allocation that pays, or the payments', 'allocationId');
    return [{ allocationId, amountFen }];
  }
  if (allocationId)
    throw badInput('name either the allocation that pays or the payments, not both', 'payments');
  if (payments.length === 0) throw badInput('payments name no allocation', 'payments');
  if (new Set(payments.map((p) => p.allocationId)).size !== payments.length) {
    throw badInput('payments name an allocation twice', 'payments');
  }
  for (const payment of payments) {
    if (payment.amountFen <= 0n) {
      throw new ProcurementException(
        CommonErrorCode.InvalidAmount,
        `a payment must be greater than zero (got ${payment.amountFen})`,
        { field: 'payments' },
      );
    }
  }
  const paymentsFen = totalFen(payments);
  if (paymentsFen !== amountFen) {
    throw new ProcurementException(
      ProcurementErrorCode.PaymentsDoNotAddUp,
      `the payments add up to ${paymentsFen} fen; the procurement costs ${amountFen} fen`,
      { field: 'payments', amountFen: amountFen.toString(), paymentsFen: paymentsFen.toString() },
    );
  }
  return [...payments];
}

const badInput = (message: string, field: string) =>
  new ProcurementException(CommonErrorCode.BadUserInput, message, { field });

/**
 * The contributions a payment of `amountFen` draws from an allocation: first in, first out, each as far as it is
 * left (`contributionsLeft`). ALLOCATION_EXCEEDED when the allocation does not hold that much.
 */
export function drawOn(
  allocation: KnownAllocationEntity,
  left: readonly Origin[],
  amountFen: bigint,
): Origin[] {
  requireAffordable(allocation, amountFen);
  const drawn = takeInOrder(left, amountFen);
  if (!drawn) {
    // The allocation's total says it holds enough but its contributions do not: it was learned before supplies
    // knew contributions, or a return over-drew it.
    const held = totalFen(left);
    throw new ProcurementException(
      ProcurementErrorCode.AllocationExceeded,
      `allocation ${allocation.id} holds ${held} fen of known contributions; this payment is ${amountFen} fen`,
      { field: 'allocationId', remainingFen: held.toString(), requestedFen: amountFen.toString() },
    );
  }
  return drawn;
}

/** What a procurement drew of one contribution from one allocation, and how much of it is still paid. */
export interface PaidOrigin {
  allocationId: string;
  contributionId: string;
  /** Still paid: drawn less refunded. */
  amountFen: bigint;
}

/**
 * What a refund of `amountFen` gives back of each contribution to each allocation: last paid first, over the
 * procurement's origins in the order it paid them (its payments in the order stated, each's contributions first in
 * first), each as far as it is still paid. Null when the procurement has not that much paid.
 */
export function giveBack(paid: readonly PaidOrigin[], amountFen: bigint): PaidOrigin[] | null {
  return takeLastFirst(paid, amountFen);
}
