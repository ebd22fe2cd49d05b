import type { KnownDonationLineEntity } from './donation.entity';

/** A goods line with what of it allocations of goods in kind passed on (for a contribution; 0 for an allocation). */
export interface DonationLineView extends KnownDonationLineEntity {
  allocatedOnward: number;
}

/**
 * What of a goods line is left to receive: stated less received and, for a contribution, less what allocations
 * passed on of it; never below zero (an allocation may pass on goods already received by the contribution's
 * receiver before it was made).
 */
export const remainingOf = (
  line: Pick<DonationLineView, 'quantity' | 'receivedQuantity' | 'allocatedOnward'>,
): number => Math.max(0, line.quantity - line.receivedQuantity - line.allocatedOnward);
