import { CommonErrorCode } from '@emergency/graphql';
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
