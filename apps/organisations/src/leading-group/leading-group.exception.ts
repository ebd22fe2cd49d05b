import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const LeadingGroupErrorCode = defineErrorCodes('organisations/leading-group', {
  LeaderRequired: {
    code: 'LEADER_REQUIRED',
    meaning:
      'The change would leave a leading group without its leader (组长): appoint the successor as LEADER first.',
    extensions: {
      field: 'the argument at fault',
      leadingGroupIds: 'on a departure, the groups the person leads',
      leadingGroupNames: 'their names',
    },
  },
  AlreadyInRole: {
    code: 'ALREADY_IN_ROLE',
    meaning: 'The person already holds this role in the group.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  NotAMember: {
    code: 'NOT_A_MEMBER',
    meaning: 'The person is not a current member of the group.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  MemberOutsideRegion: {
    code: 'MEMBER_OUTSIDE_REGION',
    meaning: 'The person’s organisation lies outside the region of the group’s organisation.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  NameTaken: {
    code: 'LEADING_GROUP_NAME_TAKEN',
    meaning: 'The organisation already has a leading group of this name.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type LeadingGroupErrorCode = CodeOf<typeof LeadingGroupErrorCode>;

export class LeadingGroupException extends DomainError {
  constructor(
    code: LeadingGroupErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
