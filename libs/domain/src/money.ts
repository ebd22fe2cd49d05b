// The vocabulary of reconstruction money, as the National Audit Office's announcements group it (raised by source,
// spent by use). One list each, shared by the services that record money, their events and the audit.

/** Every fund holds yuan; money events carry the currency so consumers never assume it. */
export const CURRENCY = 'CNY';

/** Where a contribution comes from: a government's budget, a social donation, or special party dues. */
export const CONTRIBUTION_KINDS = ['APPROPRIATION', 'DONATION', 'PARTY_DUES'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

/** The level of government an appropriation comes from. */
export const FISCAL_LEVELS = ['CENTRAL', 'PROVINCIAL', 'PREFECTURE', 'COUNTY'] as const;
export type FiscalLevel = (typeof FISCAL_LEVELS)[number];

/** Money paid, or goods given in kind and valued in fen. */
export const MONEY_FORMS = ['CASH', 'IN_KIND'] as const;
export type MoneyForm = (typeof MONEY_FORMS)[number];

/** Where a donation comes from: within the mainland, abroad, or Hong Kong, Macao and Taiwan. */
export const DONATION_CHANNELS = ['DOMESTIC', 'FOREIGN', 'HONG_KONG_MACAO_TAIWAN'] as const;
export type DonationChannel = (typeof DONATION_CHANNELS)[number];

/** Whether a contributor is a natural person (whose name is masked when published) or an organisation. */
export const CONTRIBUTOR_TYPES = ['PERSON', 'ORGANISATION'] as const;
export type ContributorType = (typeof CONTRIBUTOR_TYPES)[number];

/**
 * The categories of reconstruction projects: rural and urban housing, schools, hospitals, roads and bridges, water
 * works (dikes, reservoirs, supply), public facilities, and industry.
 */
export const PROJECT_CATEGORIES = [
  'HOUSING',
  'SCHOOLS',
  'HOSPITALS',
  'ROADS_AND_BRIDGES',
  'WATER',
  'PUBLIC_FACILITIES',
  'INDUSTRY',
] as const;
export type ProjectCategory = (typeof PROJECT_CATEGORIES)[number];

/**
 * What money is allocated for, and what a donor may direct it to: emergency rescue, living relief for people
 * affected, supplies bought, a category of reconstruction, or other uses approved by the government.
 */
export const MONEY_PURPOSES = [
  'EMERGENCY_RESCUE',
  'LIVING_RELIEF',
  'SUPPLIES',
  ...PROJECT_CATEGORIES,
  'OTHER',
] as const;
export type MoneyPurpose = (typeof MONEY_PURPOSES)[number];

/** An amount of one contribution's money: what a flow holds of it, draws on it or gives back to it. */
export interface Origin {
  contributionId: string;
  amountFen: bigint;
}

/**
 * `amountFen` taken from `held` in the order given (first in, first out), each holding as far as it goes: each part
 * is its holding with the amount taken of it. Null when the holdings do not cover it. Holdings of zero or less are
 * skipped; the parts are positive and add up to `amountFen`.
 */
export function takeInOrder<T extends { amountFen: bigint }>(
  held: readonly T[],
  amountFen: bigint,
): T[] | null {
  if (amountFen <= 0n) throw new RangeError(`an amount taken must be positive (got ${amountFen})`);
  const taken: T[] = [];
  let rest = amountFen;
  for (const holding of held) {
    if (rest === 0n) break;
    if (holding.amountFen <= 0n) continue;
    const part = holding.amountFen < rest ? holding.amountFen : rest;
    taken.push({ ...holding, amountFen: part });
    rest -= part;
  }
  return rest === 0n ? taken : null;
}

/** {@link takeInOrder} from the end: last in, first out, the order returns and refunds give money back in. */
export function takeLastFirst<T extends { amountFen: bigint }>(
  held: readonly T[],
  amountFen: bigint,
): T[] | null {
  return takeInOrder([...held].reverse(), amountFen);
}

/** Origins added up per contribution, each once in the order first met; contributions netting to zero or less left out. */
export function mergeByContribution(origins: readonly Origin[]): Origin[] {
  const merged = new Map<string, bigint>();
  for (const o of origins) merged.set(o.contributionId, (merged.get(o.contributionId) ?? 0n) + o.amountFen);
  return [...merged]
    .filter(([, amountFen]) => amountFen > 0n)
    .map(([contributionId, amountFen]) => ({ contributionId, amountFen }));
}

/**
 * Stretches of money drawn through allocations, grouped into one source per allocation in the order first met (those
 * of no money left out), each with its amount and its origins added up per contribution ({@link mergeByContribution}).
 */
export function byAllocation(
  stretches: readonly (Origin & { allocationId: string })[],
): { allocationId: string; amountFen: bigint; origins: Origin[] }[] {
  const groups = new Map<string, Origin[]>();
  for (const s of stretches) {
    if (s.amountFen > 0n) groups.set(s.allocationId, [...(groups.get(s.allocationId) ?? []), s]);
  }
  return [...groups].map(([allocationId, group]) => {
    const origins = mergeByContribution(group);
    return { allocationId, amountFen: totalFen(origins), origins };
  });
}

/** The sum of some origins. */
export const totalFen = (origins: readonly Pick<Origin, 'amountFen'>[]): bigint =>
  origins.reduce((sum, o) => sum + o.amountFen, 0n);
