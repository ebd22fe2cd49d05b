import { DomainError } from '@emergency/graphql';

/** Stable error codes of the plans service. */
export enum PlansErrorCode {
  InvalidRegionCode = 'INVALID_REGION_CODE',
  InvalidDate = 'INVALID_DATE',
  OutsideJurisdiction = 'OUTSIDE_JURISDICTION',
}

export class PlansException extends DomainError {
  constructor(code: PlansErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
