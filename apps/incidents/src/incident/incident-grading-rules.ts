import { rulesOfMostSpecificPrefix } from '@emergency/domain';
import { badInput } from '@emergency/graphql';
import { INCIDENT_SEVERITIES, type IncidentCategory, type IncidentSeverity } from './incident.entity';
import type { IncidentFigures } from './incident-figures';

/**
 * What a grading criterion measures in an incident's figures. Houses count rooms (间), collapsed and severely
 * damaged together as the relief plan counts them; the loss is in fen. EVERY_INCIDENT is 1 for any incident: a rule
 * on it with minimum 1 is the grade every incident of its category reaches at least (O493 art. 3: every accident
 * is at least 一般, IV).
 */
export const GRADING_METRICS = [
  'DEATHS',
  'DEATHS_AND_MISSING',
  'SERIOUSLY_INJURED',
  'DIRECT_LOSS_FEN',
  'RELOCATED',
  'NEEDING_RELIEF',
  'HOUSES_COLLAPSED_OR_SEVERELY_DAMAGED',
  'EVERY_INCIDENT',
] as const;
export type GradingMetric = (typeof GRADING_METRICS)[number];

/** One criterion: the incident reaches `grade` when its `metric` is `minimum` or more ("以上" includes the bound). */
export interface GradingCriterion {
  readonly grade: IncidentSeverity;
  readonly metric: GradingMetric;
  readonly minimum: bigint;
  readonly source: string;
}

export interface GradeReason extends GradingCriterion {
  readonly value: bigint;
}

export interface GradeSuggestion {
  /** The highest grade any criterion reaches; null when none does. */
  readonly grade: IncidentSeverity | null;
  /** The criteria that reach it, one per metric (the highest of that metric's), in the order of the metrics. */
  readonly reasons: readonly GradeReason[];
}

/** How severe a grade is: I (特别重大) is 4, IV (一般) is 1. */
export const gradeRank = (grade: IncidentSeverity): number => 4 - INCIDENT_SEVERITIES.indexOf(grade);

const sum = (...values: (number | null)[]): bigint | null =>
  values.every((v) => v === null) ? null : values.reduce<bigint>((total, v) => total + BigInt(v ?? 0), 0n);

/** What `metric` measures in `figures`; null when the figures do not know it. */
export function metricValue(metric: GradingMetric, figures: IncidentFigures): bigint | null {
  switch (metric) {
    case 'DEATHS':
      return sum(figures.deaths);
    case 'DEATHS_AND_MISSING':
      return sum(figures.deaths, figures.missing);
    case 'SERIOUSLY_INJURED':
      return sum(figures.seriouslyInjured);
    case 'DIRECT_LOSS_FEN':
      return figures.directLossFen;
    case 'RELOCATED':
      return sum(figures.relocated);
    case 'NEEDING_RELIEF':
      return sum(figures.needingRelief);
    case 'HOUSES_COLLAPSED_OR_SEVERELY_DAMAGED':
      return sum(figures.housesCollapsed, figures.housesSeverelyDamaged);
    case 'EVERY_INCIDENT':
      return 1n;
  }
}

/**
 * The grade `figures` suggest under `criteria`: the highest grade any criterion reaches (DOMAIN_FACTS 3.1: "a case
 * takes the highest level any criterion reaches"), with the criteria that reach it; null when none does.
 */
export function suggestGrade(
  criteria: readonly GradingCriterion[],
  figures: IncidentFigures,
): GradeSuggestion {
  const reached: GradeReason[] = [];
  for (const criterion of criteria) {
    const value = metricValue(criterion.metric, figures);
    if (value !== null && value >= criterion.minimum) reached.push({ ...criterion, value });
  }
  if (reached.length === 0) return { grade: null, reasons: [] };
  const top = Math.max(...reached.map((r) => gradeRank(r.grade)));
  const reasons = GRADING_METRICS.flatMap((metric) => {
    const atTop = reached.filter((r) => r.metric === metric && gradeRank(r.grade) === top);
    // Of a metric's criteria at that grade, the strictest one reached says the most.
    return atTop.length ? [atTop.reduce((a, b) => (b.minimum > a.minimum ? b : a))] : [];
  });
  return { grade: INCIDENT_SEVERITIES[4 - top], reasons };
}

export interface GradingRuleInput {
  grade: string;
  metric: string;
  minimum: string;
  source: string;
}

/**
 * A jurisdiction's rule set checked: each grade and metric known, each minimum a whole number above 0 (1 for
 * EVERY_INCIDENT), a source given, at most one minimum per metric and grade, and the grades ordered: for a metric, a
 * more severe grade needs a larger minimum. BAD_USER_INPUT naming `<field>.<n>.<part>` otherwise (the code of
 * `orderError` for misordered grades).
 */
export function requiredRuleSet(
  rules: readonly GradingRuleInput[],
  field: string,
  orderError: (message: string, field: string) => Error,
): GradingCriterion[] {
  const criteria = rules.map((rule, n): GradingCriterion => {
    const at = `${field}.${n}`;
    if (!(INCIDENT_SEVERITIES as readonly string[]).includes(rule.grade)) {
      throw badInput(`${at}.grade must be one of ${INCIDENT_SEVERITIES.join(', ')}`, `${at}.grade`);
    }
    if (!(GRADING_METRICS as readonly string[]).includes(rule.metric)) {
      throw badInput(`${at}.metric must be one of ${GRADING_METRICS.join(', ')}`, `${at}.metric`);
    }
    if (!/^[1-9][0-9]{0,18}$/.test(rule.minimum)) {
      throw badInput(`${at}.minimum must be a whole number above 0`, `${at}.minimum`);
    }
    const minimum = BigInt(rule.minimum);
    if (rule.metric === 'EVERY_INCIDENT' && minimum !== 1n) {
      throw badInput(`${at}.minimum must be 1 for EVERY_INCIDENT`, `${at}.minimum`);
    }
    const source = rule.source?.trim() ?? '';
    if (source.length < 1 || source.length > 500) {
      throw badInput(`${at}.source must be 1 to 500 characters`, `${at}.source`);
    }
    return { grade: rule.grade as IncidentSeverity, metric: rule.metric as GradingMetric, minimum, source };
  });
  criteria.forEach((a, n) => {
    criteria.slice(0, n).forEach((b) => {
      if (a.metric !== b.metric) return;
      const at = `${field}.${n}.minimum`;
      if (a.grade === b.grade) {
        throw orderError(`${a.metric} has two minimums for grade ${a.grade}`, at);
      }
      const moreSevere = gradeRank(a.grade) > gradeRank(b.grade);
      if (moreSevere ? a.minimum <= b.minimum : a.minimum >= b.minimum) {
        throw orderError(
          `${a.metric}: grade ${a.grade} (${a.minimum}) and grade ${b.grade} (${b.minimum}) are out of order: a more severe grade needs a larger minimum`,
          at,
        );
      }
    });
  });
  return criteria;
}

/** The end of the regrading window: `days` whole days after the incident occurred (O493 art. 20). */
export const regradingWindowEnd = (occurredAt: Date, days: number): Date =>
  new Date(occurredAt.getTime() + days * 86_400_000);

/** Where a rule applies: a region's incidents of a category (and subcategory, if it has one). */
export interface GradingScope {
  readonly regionCode: string;
  readonly category: IncidentCategory;
  readonly subcategory: string | null;
}

/** A stored rule: a criterion of a jurisdiction (region code prefix, '' national) for a category or subcategory. */
export interface GradingRule extends GradingCriterion {
  readonly regionPrefix: string;
  readonly category: string;
  readonly subcategory: string | null;
}

/** The prefixes a region's rules may come from, the longest first (421121 → 421121, 4211, 42, ''). */
export const regionPrefixes = (regionCode: string): string[] => [
  ...new Set([regionCode.slice(0, 6), regionCode.slice(0, 4), regionCode.slice(0, 2), '']),
];

/**
 * The rules in force for `scope` among `rules`: those of the longest prefix of its region that has any rule for
 * its category applying to it (the whole category's, or its subcategory's), as a whole set; a jurisdiction's set
 * replaces a wider one entirely, never criterion by criterion. Empty when none applies.
 */
export function rulesInForce<R extends GradingRule>(
  rules: readonly R[],
  scope: GradingScope,
): { regionPrefix: string | null; rules: R[] } {
  const inForce = rulesOfMostSpecificPrefix(
    rules.filter(
      (r) => r.category === scope.category && (r.subcategory === null || r.subcategory === scope.subcategory),
    ),
    scope.regionCode,
  );
  return { regionPrefix: inForce[0]?.regionPrefix ?? null, rules: inForce };
}
