import { DomainError } from '@emergency/graphql';

export enum RegionErrorCode {
  InvalidRegionCode = 'INVALID_REGION_CODE',
  RegionNotFound = 'REGION_NOT_FOUND',
}

export class RegionException extends DomainError {
  constructor(code: RegionErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
