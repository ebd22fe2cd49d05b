import { DomainError } from '@emergency/graphql';

export enum PersonErrorCode {
  InvalidPhone = 'INVALID_PHONE_NUMBER',
  InvalidIdNumber = 'INVALID_ID_NUMBER',
  DuplicateIdNumber = 'DUPLICATE_ID_NUMBER',
  PersonLeft = 'PERSON_LEFT',
}

export class PersonException extends DomainError {
  constructor(code: PersonErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
