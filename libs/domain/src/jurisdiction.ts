import { hasRole, type Identity } from '@emergency/auth';
import { regionCovers, regionPrefix } from './regions';

/** Whether `regionCode` lies in the caller's jurisdiction (its region or below); no region means province-wide. */
export function inJurisdiction(identity: Identity, regionCode: string): boolean {
  if (!identity.regionCode || hasRole(identity, 'admin')) return true;
  return regionCovers(identity.regionCode, regionCode);
}

/** The region prefix the caller is limited to, or undefined when province-wide (as `inJurisdiction`). */
export function jurisdictionPrefix(identity: Identity): string | undefined {
  return identity.regionCode && !hasRole(identity, 'admin') ? regionPrefix(identity.regionCode) : undefined;
}

/**
 * The code prefix a list filtered by `requestedCode` may show this caller: the narrower of the requested region's
 * subtree and the caller's jurisdiction; undefined for "everywhere"; null when the two do not overlap, so the
 * answer is empty.
 */
export function visibleRegionPrefix(
  identity: Identity,
  requestedCode?: string | null,
): string | undefined | null {
  const requested = requestedCode ? regionPrefix(requestedCode) : undefined;
  const own = jurisdictionPrefix(identity);
  if (!requested || !own) return requested ?? own;
  if (requested.startsWith(own)) return requested;
  return own.startsWith(requested) ? own : null;
}

/**
 * Where `regionCode` lies from the caller's point of view: `WITHIN` its jurisdiction (its region or below, or
 * anywhere for a province-wide caller or an admin), `ABOVE` it (a region containing the caller's: the
 * governments and offices the caller reports to) or `BESIDE` it (neither: a sibling county, another prefecture).
 * Data above and beside a jurisdiction is hidden unless a type's policy says otherwise (docs/access.md).
 */
export type JurisdictionRelation = 'WITHIN' | 'ABOVE' | 'BESIDE';

export function jurisdictionRelation(identity: Identity, regionCode: string): JurisdictionRelation {
  if (inJurisdiction(identity, regionCode)) return 'WITHIN';
  return identity.regionCode && regionCovers(regionCode, identity.regionCode) ? 'ABOVE' : 'BESIDE';
}

/**
 * The rules a region is bound by when jurisdictions keep their own (grading thresholds, report deadlines, ...):
 * those of the longest region-code prefix ('' national, '42', '4211', '421121') that `regionCode` starts with and
 * that has any rule among `rules`, as a whole set. Empty when none covers it.
 */
export function rulesOfMostSpecificPrefix<R extends { readonly regionPrefix: string }>(
  rules: readonly R[],
  regionCode: string,
): R[] {
  const covering = rules.filter((r) => regionCode.startsWith(r.regionPrefix));
  const longest = Math.max(-1, ...covering.map((r) => r.regionPrefix.length));
  return covering.filter((r) => r.regionPrefix.length === longest);
}
