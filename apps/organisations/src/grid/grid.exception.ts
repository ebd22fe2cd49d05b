import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const GridErrorCode = defineErrorCodes('organisations/grid', {
  NotAVillage: {
    code: 'NOT_A_VILLAGE',
    meaning: 'The region code is not a village or community (12 digits).',
    extensions: {
      field: 'the argument at fault',
    },
  },
  PersonOutsideArea: {
    code: 'PERSON_OUTSIDE_AREA',
    meaning: 'The person’s organisation does not cover the village.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AlreadyAssigned: {
    code: 'ALREADY_ASSIGNED',
    meaning: 'The person already holds this role for the village.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AssignmentEnded: {
    code: 'ASSIGNMENT_ENDED',
    meaning: 'The assignment has already ended.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  StartInFuture: {
    code: 'START_IN_FUTURE',
    meaning: 'An assignment’s start date is in the future.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type GridErrorCode = CodeOf<typeof GridErrorCode>;

export class GridException extends DomainError {
  constructor(code: GridErrorCode | CommonErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
