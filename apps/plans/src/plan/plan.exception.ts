import { DomainError, type CommonErrorCode } from '@emergency/graphql';

/**
 * A refused plan. Plans raise only shared codes (CommonErrorCode: INVALID_REGION_CODE, INVALID_DATE,
 * OUTSIDE_JURISDICTION, ...); a code of the plans' own is added with `defineErrorCodes('plans/plan', ...)` here.
 */
export class PlanException extends DomainError {
  constructor(code: CommonErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
