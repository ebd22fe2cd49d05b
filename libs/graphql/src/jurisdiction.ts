import { inJurisdiction } from '@emergency/domain';
import type { RequestContext } from './context';
import { CommonErrorCode, DomainError } from './errors';

/** OUTSIDE_JURISDICTION naming `field`, unless the caller may act in `regionCode`. */
export function requireJurisdiction(ctx: RequestContext, regionCode: string, field: string): void {
  if (!inJurisdiction(ctx.identity, regionCode)) {
    throw new DomainError(
      CommonErrorCode.OutsideJurisdiction,
      `region ${regionCode} is outside your jurisdiction`,
      {
        field,
      },
    );
  }
}
