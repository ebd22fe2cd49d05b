import { DomainError } from '@emergency/graphql';

export enum GridErrorCode {
  NotAVillage = 'NOT_A_VILLAGE',
  PersonOutsideArea = 'PERSON_OUTSIDE_AREA',
  AlreadyAssigned = 'ALREADY_ASSIGNED',
  AssignmentEnded = 'ASSIGNMENT_ENDED',
  StartInFuture = 'START_IN_FUTURE',
}

export class GridException extends DomainError {
  constructor(code: GridErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
