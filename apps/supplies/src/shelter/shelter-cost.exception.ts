import type { SHELTER_COST_KINDS } from '@emergency/contracts';
import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';
import type { ProcurementErrorCode } from '../procurement/procurement.exception';
import type { ShelterErrorCode } from './shelter.exception';

/** What a shelter's cost paid for (the kinds its event names). */
export type ShelterCostKind = (typeof SHELTER_COST_KINDS)[number];

/** What refuses a shelter cost, besides the allocation refusals it shares with procurements. */
export const ShelterCostErrorCode = defineErrorCodes('supplies/shelter-cost', {
  PayerNotRecipient: {
    code: 'SHELTER_COST_PAYER_NOT_RECIPIENT',
    meaning:
      'The payer named is not the organisation the allocations were made to: only their recipient pays from them.',
    extensions: {
      field: 'the argument at fault',
      recipientOrganisationId: 'the organisation the allocations were made to',
    },
  },
});
export type ShelterCostErrorCode = CodeOf<typeof ShelterCostErrorCode>;

export class ShelterCostException extends DomainError {
  constructor(
    code: ShelterCostErrorCode | ShelterErrorCode | ProcurementErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
