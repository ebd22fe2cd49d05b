import { hasRole, type Identity } from '@emergency/auth';
import type { Origin } from '@emergency/domain';
import type { KnownAllocationEntity, KnownAllocationSourceEntity } from './known-allocation.entity';

/**
 * Who may see and spend from an allocation, as far as organisations go: admins and auditors everything; a caller
 * acting for an organisation only what was allocated to it; a caller acting for none, all organisations'. The
 * caller's region limits it further (see `AllocationService.inCallersJurisdiction`).
 */
export const actsFor = (identity: Identity, organisationId: string): boolean =>
  hasRole(identity, 'admin', 'auditor') ||
  !identity.organisationId ||
  identity.organisationId === organisationId;

const positive = (fen: bigint) => (fen > 0n ? fen : 0n);

/**
 * What is left of an allocation to spend: its amount less what purchases paid net of refunds and what returns took
 * back (never below zero: a return and a purchase made at the same moment may together over-draw it).
 */
export const remainingFen = (
  allocation: Pick<KnownAllocationEntity, 'amountFen' | 'spentFen' | 'returnedFen'>,
): bigint => positive(allocation.amountFen - allocation.spentFen - allocation.returnedFen);

/** What is left of each contribution of an allocation, in the order the allocation drew them. */
export const contributionsLeft = (sources: readonly KnownAllocationSourceEntity[]): Origin[] =>
  [...sources]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({
      contributionId: s.contributionId,
      amountFen: positive(s.amountFen - s.usedFen - s.returnedFen),
    }));

/** How much of an allocation supplies knows of, has spent, has seen returned and may still spend. */
export const balanceOf = (allocation: KnownAllocationEntity) => ({
  allocation: { id: allocation.id },
  amountFen: allocation.amountFen,
  spentFen: allocation.spentFen,
  returnedFen: allocation.returnedFen,
  remainingFen: remainingFen(allocation),
});

/**
 * The contributions an allocation is made of, once each in the order first drawn, from its event's sources: each
 * source's origins (the money model), or each source as its own contribution (events before it). Null when they do
 * not add up to the allocation's amount.
 */
export function allocationContributions(
  amountFen: bigint,
  sources: readonly {
    flowId: string;
    amountFen: string;
    origins?: readonly { contributionId: string; amountFen: string }[];
  }[],
): Origin[] | null {
  const byContribution = new Map<string, bigint>();
  for (const source of sources) {
    const origins = source.origins ?? [{ contributionId: source.flowId, amountFen: source.amountFen }];
    for (const origin of origins) {
      byContribution.set(
        origin.contributionId,
        (byContribution.get(origin.contributionId) ?? 0n) + BigInt(origin.amountFen),
      );
    }
  }
  const contributions = [...byContribution].map(([contributionId, fen]) => ({
    contributionId,
    amountFen: fen,
  }));
  const total = contributions.reduce((sum, c) => sum + c.amountFen, 0n);
  return total === amountFen && contributions.every((c) => c.amountFen > 0n) ? contributions : null;
}
