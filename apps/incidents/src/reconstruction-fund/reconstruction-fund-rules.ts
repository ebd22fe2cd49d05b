import { CommonErrorCode } from '@emergency/graphql';
import { regionCovers } from '@emergency/domain';
import type { ContributionKind, ContributionStatus } from './fund-contribution.entity';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';

/** Every fund holds yuan; events carry the currency so consumers never assume it. */
export const CURRENCY = 'CNY';

/** INVALID_AMOUNT unless `amountFen` is greater than zero. */
export function requirePositive(amountFen: bigint): void {
  if (amountFen <= 0n) {
    throw new ReconstructionFundException(
      CommonErrorCode.InvalidAmount,
      `amountFen must be greater than zero (got ${amountFen})`,
      { field: 'amountFen' },
    );
  }
}

/** INSUFFICIENT_FUNDS when an allocation asks for more than the fund's paid money has left. */
export function requireAvailable(fundId: string, availableFen: bigint, requestedFen: bigint): void {
  if (requestedFen > availableFen) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.InsufficientFunds,
      `fund ${fundId} has ${availableFen} fen of paid money left to allocate; ${requestedFen} fen was requested`,
      {
        field: 'amountFen',
        availableFen: availableFen.toString(),
        requestedFen: requestedFen.toString(),
      },
    );
  }
}

/** What can still be allocated from a fund's totals: raised (paid) less allocated. */
export const availableOf = (totals: { raisedFen: bigint; allocatedFen: bigint }): bigint =>
  totals.raisedFen - totals.allocatedFen;

/** What the rules need of an organisation: its name for messages and its region. */
export interface RegionalOrganisation {
  name: string;
  regionCode: string;
}

/**
 * The rule for a recipient: its region lies within the jurisdiction of the fund's managing organisation (its region
 * or below). A provincial fund may pass money to any organisation of the province; a prefecture's only to its own
 * prefecture's. RECIPIENT_OUTSIDE_JURISDICTION otherwise.
 */
export function requireRecipientWithin(
  manager: RegionalOrganisation,
  recipient: RegionalOrganisation & { id: string },
): void {
  if (!regionCovers(manager.regionCode, recipient.regionCode)) {
    throw new ReconstructionFundException(
      ReconstructionFundErrorCode.RecipientOutsideJurisdiction,
      `${recipient.name} (region ${recipient.regionCode}) is outside the jurisdiction of the fund's managing ` +
        `organisation ${manager.name} (region ${manager.regionCode})`,
      { field: 'organisationId', organisationId: recipient.id },
    );
  }
}

/** A pledge or commitment is a promise: the money moves (is raised) only when it is paid. */
export const contributionStage = (status: ContributionStatus): 'RAISED' | 'PLEDGED' =>
  status === 'PAID' ? 'RAISED' : 'PLEDGED';

/** How a contribution reads in the money trail. */
export const contributionDescription = (kind: ContributionKind, contributorName: string): string =>
  `${kind === 'APPROPRIATION' ? 'Appropriation' : 'Donation'} from ${contributorName}`;
