import { takeLastFirst, totalFen, type MoneyPurpose, type Origin } from '@emergency/domain';
import type { AllocationItemEntity } from './allocation-item.entity';
import type { GoodsWanted } from './allocation-balance';
import type { ContributionItemEntity } from './contribution-item.entity';
import { directedTo, isDirected, type AllocationTarget } from './fifo-attribution';
import type { FundContributionEntity } from './fund-contribution.entity';
import type { ProjectStatus } from '../reconstruction-project/reconstruction-project.entity';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';
import {
  ReconstructionProjectErrorCode,
  ReconstructionProjectException,
} from '../reconstruction-project/reconstruction-project.exception';

/** A line of goods taken from another line (a contribution's or an allocation's), at its unit value. */
export interface GoodsTaken {
  /** The position of the line taken from. */
  from: number;
  description: string;
  unit: string;
  quantity: number;
  unitValueFen: bigint;
  amountFen: bigint;
}

/** What a line has left to give: how many, of what, at what value. */
export interface GoodsHeld {
  position: number;
  description: string;
  unit: string;
  left: number;
  unitValueFen: bigint;
}

/** The goods lines taken, or the first wanted line the held lines do not cover and how many of it they had. */
export type GoodsTaking = { taken: GoodsTaken[] } | { short: GoodsWanted; availableQuantity: number };

/** Takes each wanted line from the held lines of the same item and unit, in the order given, each as far as it goes. */
export function takeGoodsFrom(held: readonly GoodsHeld[], wanted: readonly GoodsWanted[]): GoodsTaking {
  const left = new Map(held.map((h) => [h.position, h.left]));
  const taken: GoodsTaken[] = [];
  for (const want of wanted) {
    let rest = want.quantity;
    for (const line of held) {
      if (rest === 0) break;
      if (line.description !== want.description || line.unit !== want.unit) continue;
      const take = Math.min(rest, left.get(line.position)!);
      if (take <= 0) continue;
      left.set(line.position, left.get(line.position)! - take);
      taken.push({
        from: line.position,
        description: line.description,
        unit: line.unit,
        quantity: take,
        unitValueFen: line.unitValueFen,
        amountFen: BigInt(take) * line.unitValueFen,
      });
      rest -= take;
    }
    if (rest > 0) return { short: want, availableQuantity: want.quantity - rest };
  }
  return { taken };
}

/** {@link takeGoodsFrom}, or GOODS_NOT_AVAILABLE (naming the item and how many are left) when it falls short. */
export function takeGoods(
  held: readonly GoodsHeld[],
  wanted: readonly GoodsWanted[],
  field: string,
): GoodsTaken[] {
  const taking = takeGoodsFrom(held, wanted);
  if ('taken' in taking) return taking.taken;
  const { short: want, availableQuantity } = taking;
  throw new ReconstructionFundException(
    ReconstructionFundErrorCode.GoodsNotAvailable,
    `only ${availableQuantity} ${want.unit} of ${want.description} are left; ${want.quantity} were asked for`,
    { field, description: want.description, unit: want.unit, availableQuantity },
  );
}

/** What a contribution's goods lines have left to allocate, in their order. */
export const contributionGoodsHeld = (items: readonly ContributionItemEntity[]): GoodsHeld[] =>
  items.map((i) => ({
    position: i.position,
    description: i.description,
    unit: i.unit,
    left: i.quantity - i.allocatedQuantity,
    unitValueFen: i.unitValueFen,
  }));

/** What an allocation's goods lines have left (neither handed on nor returned), in the order given. */
export const allocationGoodsHeld = (items: readonly AllocationItemEntity[]): GoodsHeld[] =>
  items.map((i) => ({
    position: i.position,
    description: i.description,
    unit: i.unit,
    left: i.quantity - i.usedQuantity - i.returnedQuantity,
    unitValueFen: i.unitValueFen,
  }));

/** {@link allocationGoodsHeld}, last first: returns take them so. */
export const allocationGoodsHeldLastFirst = (items: readonly AllocationItemEntity[]): GoodsHeld[] =>
  allocationGoodsHeld([...items].sort((a, b) => b.position - a.position));

/**
 * The contribution an in-kind allocation names: a PAID contribution of goods of the fund (CONTRIBUTION_NOT_IN_KIND
 * otherwise), not directed elsewhere (DIRECTED_MONEY_ELSEWHERE).
 */
export function requireGoodsFor(
  contribution: FundContributionEntity | null,
  fundId: string,
  contributionId: string,
  target: AllocationTarget,
): FundContributionEntity {
  if (
    !contribution ||
    contribution.fundId !== fundId ||
    contribution.status !== 'PAID' ||
    contribution.form !== 'IN_KIND'
  ) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.ContributionNotInKind,
      `contribution ${contributionId} is not a paid contribution of goods in kind to fund ${fundId}`,
      { field: 'goods.contributionId', contributionId },
    );
  }
  const open = {
    id: contribution.id,
    createdAt: contribution.createdAt,
    remainingFen: contribution.amountFen - contribution.drawnFen - contribution.returnedFen,
    directedPurpose: contribution.directedPurpose,
    directedOrganisationId: contribution.directedOrganisationId,
  };
  if (isDirected(open) && !directedTo(open, target)) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.DirectedMoneyElsewhere,
      `contribution ${contributionId} is directed by its donor to another purpose or recipient`,
      { field: 'goods.contributionId', contributionId },
    );
  }
  return contribution;
}

/** What an allocation to a project needs of it: of the fund, not settled, of the allocation's purpose category. */
export function requireProjectFor(
  project: { fundId: string; status: ProjectStatus; category: string } | null,
  projectId: string,
  fundId: string,
  purposeCategory: MoneyPurpose,
): void {
  if (!project || project.fundId !== fundId) {
    throw new ReconstructionProjectException(
      ReconstructionProjectErrorCode.ProjectNotFound,
      `reconstruction project ${projectId} is not a project of fund ${fundId}`,
      { field: 'projectId', id: projectId },
    );
  }
  if (project.status === 'SETTLED') {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.ProjectSettled,
      `reconstruction project ${projectId} has settled its final account`,
      { field: 'projectId', id: projectId },
    );
  }
  if (project.category !== purposeCategory) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.AllocationPurposeMismatch,
      `an allocation to project ${projectId} is for its category ${project.category}, not ${purposeCategory}`,
      { field: 'purposeCategory', projectCategory: project.category },
    );
  }
}

/**
 * The money a return gives back: `amountFen` (all that is unspent when null, a revocation) of the allocation's
 * holdings, last drawn first. NOTHING_TO_RETURN when nothing is unspent; RETURN_EXCEEDS_UNSPENT above it.
 */
export function takeReturn(
  allocationId: string,
  holdings: readonly Origin[],
  amountFen: bigint | null,
): Origin[] {
  const unspentFen = totalFen(holdings);
  if (unspentFen === 0n) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.NothingToReturn,
      `allocation ${allocationId} has nothing unspent to return`,
      { field: 'allocationId', id: allocationId },
    );
  }
  const wanted = amountFen ?? unspentFen;
  const taken = wanted <= unspentFen ? takeLastFirst(holdings, wanted) : null;
  if (!taken) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.ReturnExceedsUnspent,
      `allocation ${allocationId} has ${unspentFen} fen unspent; ${wanted} fen was asked back`,
      { field: 'amountFen', unspentFen: unspentFen.toString() },
    );
  }
  return taken;
}

/** INSUFFICIENT_FUNDS: what this allocation may draw does not cover it; money directed elsewhere is told apart. */
export function insufficientFunds(
  fundId: string,
  availableFen: bigint,
  requestedFen: bigint,
  directedElsewhereFen: bigint,
): ReconstructionFundException {
  return new ReconstructionFundException(
    ReconstructionFundErrorCode.InsufficientFunds,
    `fund ${fundId} has ${availableFen} fen of paid money left to allocate to this purpose and recipient ` +
      `(${directedElsewhereFen} fen more is directed elsewhere); ${requestedFen} fen was requested`,
    {
      field: 'amountFen',
      availableFen: availableFen.toString(),
      requestedFen: requestedFen.toString(),
      directedElsewhereFen: directedElsewhereFen.toString(),
    },
  );
}
