import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

/** What refuses an item added to or changed in the supply catalogue. */
export const CatalogueErrorCode = defineErrorCodes('supplies/catalogue', {
  SupplyCodeInvalid: {
    code: 'SUPPLY_CODE_INVALID',
    meaning:
      'The code is not on GB/T 38565-2020’s structure: 7 digits (1 + 2 + 2 + 2), layer 1 is 1, 2 or 3, layers 2 to 4 ' +
      'run 01 to 99, and below a catch-all layer (99) the next is 99 too.',
    extensions: { field: 'the argument at fault' },
  },
  SupplyClassUnknown: {
    code: 'SUPPLY_CLASS_UNKNOWN',
    meaning:
      'The code’s class is not in the catalogue: its 5-digit small class (or, under a catch-all layer, the parent of ' +
      'that layer) must exist.',
    extensions: { field: 'the argument at fault', classCode: 'the class the code needs' },
  },
  SupplyCodeTaken: {
    code: 'SUPPLY_CODE_TAKEN',
    meaning: 'The catalogue has an item with this code already.',
    extensions: { field: 'the argument at fault' },
  },
  SupplyItemNotFound: {
    code: 'SUPPLY_ITEM_NOT_FOUND',
    meaning: 'The catalogue has no item with this code.',
    extensions: { field: 'the argument at fault' },
  },
  InvalidShelfLife: {
    code: 'SUPPLY_SHELF_LIFE_INVALID',
    meaning: 'A shelf life is a whole number of days from 1 to 36,500, or null for goods that do not expire.',
    extensions: { field: 'the argument at fault' },
  },
});
export type CatalogueErrorCode = CodeOf<typeof CatalogueErrorCode>;

export class CatalogueException extends DomainError {
  constructor(
    code: CatalogueErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
