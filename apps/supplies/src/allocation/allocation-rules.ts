import { hasRole, type Identity } from '@emergency/auth';
import type { KnownAllocationEntity } from './known-allocation.entity';

/**
 * Who may see and spend from an allocation, as far as organisations go: admins and auditors everything; a caller
 * acting for an organisation only what was allocated to it; a caller acting for none, all organisations'. The
 * caller's region limits it further (see `AllocationService.inCallersJurisdiction`).
 */
export const actsFor = (identity: Identity, organisationId: string): boolean =>
  hasRole(identity, 'admin', 'auditor') ||
  !identity.organisationId ||
  identity.organisationId === organisationId;

/** What is left of an allocation to spend. */
export const remainingFen = (allocation: Pick<KnownAllocationEntity, 'amountFen' | 'spentFen'>): bigint =>
  allocation.amountFen - allocation.spentFen;

/** How much of an allocation supplies knows of, has spent and may still spend (`AllocationBalance`). */
export const balanceOf = (allocation: KnownAllocationEntity) => ({
  allocation: { id: allocation.id },
  amountFen: allocation.amountFen,
  spentFen: allocation.spentFen,
  remainingFen: remainingFen(allocation),
});
