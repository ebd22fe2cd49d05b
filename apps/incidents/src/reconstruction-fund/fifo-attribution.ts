import { takeInOrder, type MoneyPurpose } from '@emergency/domain';

/** A paid cash contribution, what is left of it after earlier allocations, and its donor's direction if any. */
export interface OpenContribution {
  id: string;
  createdAt: Date;
  remainingFen: bigint;
  /** The purpose the donor directed it to; null or absent when not directed to one. */
  directedPurpose?: MoneyPurpose | null;
  /** The recipient organisation the donor directed it to; null or absent when not directed to one. */
  directedOrganisationId?: string | null;
}

/** What an allocation is for and to whom: what a contribution's direction is matched against. */
export interface AllocationTarget {
  purposeCategory: MoneyPurpose;
  organisationId: string;
}

/** The part of an allocation drawn from one contribution. */
export interface Draw {
  contributionId: string;
  amountFen: bigint;
}

/** Oldest first: by creation time, then id (UUIDs in lower case, as PostgreSQL returns them). */
export function fifoOrder(
  a: Pick<OpenContribution, 'id' | 'createdAt'>,
  b: Pick<OpenContribution, 'id' | 'createdAt'>,
) {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether the donor directed the contribution at all (to a purpose, a recipient or both). */
export const isDirected = (c: OpenContribution): boolean =>
  (c.directedPurpose ?? null) !== null || (c.directedOrganisationId ?? null) !== null;

/** Whether a directed contribution is directed to `target`: every direction it names matches. */
export const directedTo = (c: OpenContribution, target: AllocationTarget): boolean =>
  isDirected(c) &&
  (c.directedPurpose ?? null) === (c.directedPurpose ? target.purposeCategory : null) &&
  (c.directedOrganisationId ?? null) === (c.directedOrganisationId ? target.organisationId : null);

/**
 * The contributions an allocation to `target` may draw on, in the order it draws them (ADR 26): those directed to
 * it, oldest first, then the undirected ones, oldest first. Money directed elsewhere is never among them; without
 * a target only undirected money is.
 */
export function drawOrder(open: readonly OpenContribution[], target?: AllocationTarget): OpenContribution[] {
  const left = open.filter((c) => c.remainingFen > 0n);
  const directed = target ? left.filter((c) => directedTo(c, target)).sort(fifoOrder) : [];
  return [...directed, ...left.filter((c) => !isDirected(c)).sort(fifoOrder)];
}

/** What an allocation to `target` can still draw: the remainders of the contributions it may draw on. */
export function availableFen(open: readonly OpenContribution[], target?: AllocationTarget): bigint {
  return drawOrder(open, target).reduce((sum, c) => sum + c.remainingFen, 0n);
}

/** What is left of money directed to other purposes or recipients than `target`'s. */
export function directedElsewhereFen(open: readonly OpenContribution[], target: AllocationTarget): bigint {
  return open
    .filter((c) => c.remainingFen > 0n && isDirected(c) && !directedTo(c, target))
    .reduce((sum, c) => sum + c.remainingFen, 0n);
}

/**
 * The attribution rule of a cash allocation (ADR 26): it draws on the remainders of paid contributions in
 * {@link drawOrder} (money directed to it first, then undirected money, each oldest first), each as far as it goes.
 * The draws are positive, never exceed a contribution's remainder, never touch money directed elsewhere and add up
 * to exactly `amountFen`. The caller checks {@link availableFen} first; asking for more is a programming error.
 */
export function attributeFifo(
  open: readonly OpenContribution[],
  amountFen: bigint,
  target?: AllocationTarget,
): Draw[] {
  if (amountFen <= 0n) throw new RangeError(`an allocation must be positive (got ${amountFen})`);
  const draws = takeInOrder(
    drawOrder(open, target).map((c) => ({ contributionId: c.id, amountFen: c.remainingFen })),
    amountFen,
  );
  if (!draws) {
    const available = availableFen(open, target);
    throw new RangeError(`cannot attribute ${amountFen} fen: only ${available} fen is available`);
  }
  return draws;
}
