import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const PersonErrorCode = defineErrorCodes('organisations/person', {
  InvalidPhone: {
    code: 'INVALID_PHONE_NUMBER',
    meaning: 'Not a mobile number (13812345678) or a landline with its area code (027-87654321).',
    extensions: {
      field: 'the argument at fault',
    },
  },
  InvalidIdNumber: {
    code: 'INVALID_ID_NUMBER',
    meaning: 'Not an 18-character resident identity number with a valid birth date and check character.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  DuplicateIdNumber: {
    code: 'DUPLICATE_ID_NUMBER',
    meaning: 'Another person already has this identity number.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  PersonLeft: {
    code: 'PERSON_LEFT',
    meaning: 'The person has left their organisation and takes no new posts, memberships or shifts.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type PersonErrorCode = CodeOf<typeof PersonErrorCode>;

export class PersonException extends DomainError {
  constructor(
    code: PersonErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
