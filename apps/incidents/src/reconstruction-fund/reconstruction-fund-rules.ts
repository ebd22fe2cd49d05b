import { CommonErrorCode } from '@emergency/graphql';
import { regionCovers } from '@emergency/domain';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';

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
