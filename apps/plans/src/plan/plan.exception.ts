import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const PlanErrorCode = defineErrorCodes('plans/plan', {
  PlanNotFound: {
    code: 'PLAN_NOT_FOUND',
    meaning: 'The contingency plan an argument names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the plan id' },
  },
  PlanTypeMismatch: {
    code: 'PLAN_TYPE_MISMATCH',
    meaning:
      'A plan’s type does not fit what it was given: an overall plan is made by a government at county level or above and covers every category; a special plan covers one category; a township plan is made at township level, a village or community plan at village level; only a joint plan names other regions, and it names at least one.',
    extensions: { field: 'the argument at fault', planType: 'the plan type given' },
  },
  PlanParentOutsideRegion: {
    code: 'PLAN_PARENT_OUTSIDE_REGION',
    meaning:
      'The higher plan a plan implements must be made for the plan’s own region or a region above it, and must not be retired.',
    extensions: {
      field: 'the argument at fault',
      parentPlanId: 'the higher plan',
      parentRegionCode: 'its region',
    },
  },
});
export type PlanErrorCode = CodeOf<typeof PlanErrorCode>;

export class PlanException extends DomainError {
  constructor(code: PlanErrorCode | CommonErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
