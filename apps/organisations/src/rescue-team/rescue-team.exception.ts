import { DomainError } from '@emergency/graphql';

export enum RescueTeamErrorCode {
  InvalidHeadcount = 'INVALID_HEADCOUNT',
  /** The declared headcount would fall below the current members: on lowering it, or on adding one more. */
  HeadcountBelowMembers = 'HEADCOUNT_BELOW_MEMBERS',
  BaseRegionOutsideOrganisation = 'BASE_REGION_OUTSIDE_ORGANISATION',
  Disbanded = 'RESCUE_TEAM_DISBANDED',
  AlreadyMember = 'ALREADY_TEAM_MEMBER',
  NotMember = 'NOT_TEAM_MEMBER',
  CaptainAlreadyAppointed = 'CAPTAIN_ALREADY_APPOINTED',
  /** A new period in a team may not start before the person's previous one there ended. */
  MembershipOverlap = 'MEMBERSHIP_OVERLAP',
  LeftBeforeJoined = 'LEFT_BEFORE_JOINED',
  InvalidEquipmentQuantity = 'INVALID_EQUIPMENT_QUANTITY',
  DuplicateEquipmentName = 'DUPLICATE_EQUIPMENT_NAME',
}

export class RescueTeamException extends DomainError {
  constructor(code: RescueTeamErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
