/** A contribution's part of what paid for goods, in fen. */
export interface ContributionShare {
  contributionId: string;
  fundId: string;
  amountFen: bigint;
}

/**
 * Splits `targetFen` over `sources` in proportion to their amounts, exact to the fen, by the largest-remainder
 * method: each source gets the whole fen of its exact share, and the fen left over go one each to the sources with
 * the largest remainders (the earlier source first on a tie). The shares add up to the target; each is within one
 * fen of its exact share, and no larger than its source when the target is no larger than the sources' total.
 * Sources of no amount and shares of none are left out; the order is the sources'. Empty when there is nothing to
 * split or nothing to split it over.
 */
export function apportion<T extends { amountFen: bigint }>(targetFen: bigint, sources: readonly T[]): T[] {
  const weighed = sources.filter((s) => s.amountFen > 0n);
  const total = weighed.reduce((sum, s) => sum + s.amountFen, 0n);
  if (targetFen <= 0n || total === 0n) return [];
  const parts = weighed.map((s, i) => ({
    i,
    whole: (targetFen * s.amountFen) / total,
    remainder: (targetFen * s.amountFen) % total,
  }));
  let left = targetFen - parts.reduce((sum, p) => sum + p.whole, 0n);
  const byRemainder = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1,
  );
  for (const p of byRemainder) {
    if (left === 0n) break;
    p.whole += 1n;
    left -= 1n;
  }
  return parts.filter((p) => p.whole > 0n).map((p) => ({ ...weighed[p.i]!, amountFen: p.whole }));
}

/** What a lot's trace needs to say who paid for it. */
export interface PaidByFacts {
  origin: {
    sourceKind: string;
    contributionId: string | null;
    fundId: string | null;
  };
  /** The origin lot's value when received, in fen. */
  originValueFen: bigint;
  /** The lot's own value when made (received, arrived or transferred in), in fen. */
  lotValueFen: bigint;
  /** For a PURCHASE origin: what each contribution paid of the procurement, net of refunds, in a stable order. */
  procurementOrigins: readonly ContributionShare[];
}

/**
 * The contributions that paid for a lot, adding up to its value: for a PURCHASE origin, what the procurement drew
 * from each contribution apportioned to the origin's value; for a DONATION, its contribution; none for an INITIAL
 * lot or one whose origin the audit does not know. A lot made from another (a transfer, an arrival) has its origin's
 * shares apportioned again to its own value.
 */
export function paidBy(facts: PaidByFacts): ContributionShare[] {
  const { origin } = facts;
  let shares: ContributionShare[] = [];
  if (origin.sourceKind === 'PURCHASE') shares = apportion(facts.originValueFen, facts.procurementOrigins);
  else if (
    origin.sourceKind === 'DONATION' &&
    origin.contributionId &&
    origin.fundId &&
    facts.originValueFen > 0n
  )
    shares = [
      { contributionId: origin.contributionId, fundId: origin.fundId, amountFen: facts.originValueFen },
    ];
  return facts.lotValueFen === facts.originValueFen ? shares : apportion(facts.lotValueFen, shares);
}
