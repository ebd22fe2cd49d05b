/** A paid contribution and what is left of it after earlier allocations. */
export interface OpenContribution {
  id: string;
  createdAt: Date;
  remainingFen: bigint;
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

/** What can still be allocated: the sum of the remainders. */
export function availableFen(open: readonly OpenContribution[]): bigint {
  return open.reduce((sum, c) => (c.remainingFen > 0n ? sum + c.remainingFen : sum), 0n);
}

/**
 * The FIFO attribution rule: an allocation of `amountFen` draws on the remainders of paid contributions, oldest
 * first, each as far as it goes. The draws are positive, never exceed a contribution's remainder and add up to
 * exactly `amountFen`. The caller checks {@link availableFen} first; asking for more is a programming error.
 */
export function attributeFifo(open: readonly OpenContribution[], amountFen: bigint): Draw[] {
  if (amountFen <= 0n) throw new RangeError(`an allocation must be positive (got ${amountFen})`);
  const draws: Draw[] = [];
  let rest = amountFen;
  for (const contribution of [...open].filter((c) => c.remainingFen > 0n).sort(fifoOrder)) {
    if (rest === 0n) break;
    const drawn = contribution.remainingFen < rest ? contribution.remainingFen : rest;
    draws.push({ contributionId: contribution.id, amountFen: drawn });
    rest -= drawn;
  }
  if (rest > 0n) {
    throw new RangeError(`cannot attribute ${amountFen} fen: only ${amountFen - rest} fen is available`);
  }
  return draws;
}
