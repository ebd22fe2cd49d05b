import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const RescueTeamErrorCode = defineErrorCodes('organisations/rescue-team', {
  InvalidHeadcount: {
    code: 'INVALID_HEADCOUNT',
    meaning: 'A headcount is not a whole number of at least 1.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  HeadcountBelowMembers: {
    code: 'HEADCOUNT_BELOW_MEMBERS',
    meaning:
      'The declared headcount would fall below the team’s current members, on lowering it or on adding one more.',
    extensions: {
      field: 'the argument at fault',
      headcount: 'the headcount',
      members: 'the current members',
    },
  },
  BaseRegionOutsideOrganisation: {
    code: 'BASE_REGION_OUTSIDE_ORGANISATION',
    meaning: 'The team’s base region lies outside the region of its organisation.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  Disbanded: {
    code: 'RESCUE_TEAM_DISBANDED',
    meaning: 'The team was disbanded and takes no changes.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  AlreadyMember: {
    code: 'ALREADY_TEAM_MEMBER',
    meaning: 'The person already is a current member of the team.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  NotMember: {
    code: 'NOT_TEAM_MEMBER',
    meaning: 'The person is not a current member of the team.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  CaptainAlreadyAppointed: {
    code: 'CAPTAIN_ALREADY_APPOINTED',
    meaning: 'The team already has a captain; remove the current captain first.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  MembershipOverlap: {
    code: 'MEMBERSHIP_OVERLAP',
    meaning: 'A new period in a team may not start before the person’s previous one there ended.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  LeftBeforeJoined: {
    code: 'LEFT_BEFORE_JOINED',
    meaning: 'A member’s leaving date is before their joining date.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  InvalidEquipmentQuantity: {
    code: 'INVALID_EQUIPMENT_QUANTITY',
    meaning: 'An equipment quantity is not a whole number of at least 1.',
    extensions: {
      field: 'the argument at fault',
    },
  },
  DuplicateEquipmentName: {
    code: 'DUPLICATE_EQUIPMENT_NAME',
    meaning: 'Two equipment items have the same name; give each item’s total quantity once.',
    extensions: {
      field: 'the argument at fault',
    },
  },
});
export type RescueTeamErrorCode = CodeOf<typeof RescueTeamErrorCode>;

export class RescueTeamException extends DomainError {
  constructor(
    code: RescueTeamErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}

export const headcountBelowMembers = (headcount: number, members: number, field: string) =>
  new RescueTeamException(
    RescueTeamErrorCode.HeadcountBelowMembers,
    `the headcount of ${headcount} would be below the ${members} current members; raise the headcount or remove members first`,
    { field, headcount, members },
  );

export const captainAlreadyAppointed = () =>
  new RescueTeamException(
    RescueTeamErrorCode.CaptainAlreadyAppointed,
    'the team already has a captain; remove the current captain first',
    { field: 'role' },
  );

export const alreadyMember = (person?: { name: string }) =>
  new RescueTeamException(
    RescueTeamErrorCode.AlreadyMember,
    `${person?.name ?? 'the person'} is already a current member of this team`,
    { field: 'personId' },
  );

export const duplicateEquipmentName = () =>
  new RescueTeamException(
    RescueTeamErrorCode.DuplicateEquipmentName,
    'two equipment items have the same name',
    {
      field: 'items',
    },
  );
