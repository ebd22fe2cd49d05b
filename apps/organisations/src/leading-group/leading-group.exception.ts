import { DomainError } from '@emergency/graphql';

export enum LeadingGroupErrorCode {
  /** The change would leave the group without its leader (组长). */
  LeaderRequired = 'LEADER_REQUIRED',
  AlreadyInRole = 'ALREADY_IN_ROLE',
  NotAMember = 'NOT_A_MEMBER',
  /** The person's organisation lies outside the region of the group's organisation. */
  MemberOutsideRegion = 'MEMBER_OUTSIDE_REGION',
  NameTaken = 'LEADING_GROUP_NAME_TAKEN',
}

export class LeadingGroupException extends DomainError {
  constructor(code: LeadingGroupErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
