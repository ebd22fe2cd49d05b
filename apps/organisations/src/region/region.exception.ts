import { DomainError, type CommonErrorCode } from '@emergency/graphql';

/** A refused region code: INVALID_REGION_CODE or REGION_NOT_FOUND, both shared by every service. */
export class RegionException extends DomainError {
  constructor(code: CommonErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
