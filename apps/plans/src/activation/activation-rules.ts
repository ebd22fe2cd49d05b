import { regionCovers, rulesOfMostSpecificPrefix } from '@emergency/domain';
import { INCIDENT_LEVELS, PLAN_LEVELS } from '@emergency/contracts';
import type { PlanEntity, PlanLevel, PlanType } from '../plan/plan.entity';

export { INCIDENT_LEVELS };
/** An incident's grade or response level, I the highest. */
export type IncidentLevel = (typeof INCIDENT_LEVELS)[number];
/** REPORTED until a response is declared, RESPONDING while one is in force, RECOVERY once it was lifted. */
export type KnownIncidentStatus = 'REPORTED' | 'RESPONDING' | 'RECOVERY';

/** What the plans service knows of an incident from the incidents topic. */
export interface IncidentView {
  readonly regionCode: string;
  readonly category: string;
  readonly subcategory: string | null;
  readonly grade: IncidentLevel | null;
  readonly responseLevel: IncidentLevel | null;
  readonly status: KnownIncidentStatus;
}

/** A plan as matching reads it. */
export type MatchedPlan = Pick<
  PlanEntity,
  'id' | 'planType' | 'level' | 'category' | 'subcategories' | 'regionCode' | 'jointRegionCodes' | 'status'
>;

/** For a plan level, the lowest incident level at which its plans are started, in a jurisdiction. */
export interface ActivationThreshold {
  readonly regionPrefix: string;
  readonly planLevel: PlanLevel;
  readonly fromLevel: IncidentLevel;
}

/**
 * The level plans are matched against: the response level in force, else the grade while no response was lifted;
 * none once the response is lifted (plans then stand down).
 */
export function levelInForce(incident: IncidentView): IncidentLevel | null {
  if (incident.responseLevel) return incident.responseLevel;
  return incident.status === 'RECOVERY' ? null : incident.grade;
}

/** Whether `level` is `threshold` or higher (I is the highest). */
export function reaches(level: IncidentLevel, threshold: IncidentLevel): boolean {
  return INCIDENT_LEVELS.indexOf(level) <= INCIDENT_LEVELS.indexOf(threshold);
}

/**
 * Whether a plan is written for the incident's kind: it covers every category, or the incident's category with no
 * subcategories named, or names the incident's subcategory.
 */
export function coversCategory(plan: MatchedPlan, incident: Pick<IncidentView, 'category' | 'subcategory'>) {
  if (plan.category === null) return true;
  if (plan.category !== incident.category) return false;
  return (
    plan.subcategories.length === 0 ||
    (incident.subcategory !== null && plan.subcategories.includes(incident.subcategory))
  );
}

/** Whether the incident lies in the plan's region (or below it), or in one of a joint plan's parties' regions. */
export function coversRegion(plan: MatchedPlan, regionCode: string): boolean {
  if (regionCovers(plan.regionCode, regionCode)) return true;
  return plan.planType === 'JOINT' && plan.jointRegionCodes.some((code) => regionCovers(code, regionCode));
}

/** The threshold of the plan's level in the jurisdiction of the plan's region; null: plans of that level never start. */
export function thresholdOf(
  rules: readonly ActivationThreshold[],
  plan: Pick<MatchedPlan, 'regionCode' | 'level'>,
): IncidentLevel | null {
  return (
    rulesOfMostSpecificPrefix(rules, plan.regionCode).find((r) => r.planLevel === plan.level)?.fromLevel ??
    null
  );
}

/** The plans in force among `plans` that the incident, at its level in force, starts. */
export function plansToActivate<P extends MatchedPlan>(
  plans: readonly P[],
  incident: IncidentView,
  rules: readonly ActivationThreshold[],
): P[] {
  const level = levelInForce(incident);
  if (!level) return [];
  return plans.filter((plan) => {
    if (plan.status !== 'ISSUED') return false;
    if (!coversCategory(plan, incident) || !coversRegion(plan, incident.regionCode)) return false;
    const threshold = thresholdOf(rules, plan);
    return threshold !== null && reaches(level, threshold);
  });
}

/** Why an activation that no longer belongs to the set in force ends. */
export function deactivationReason(
  plan: MatchedPlan | undefined,
  incident: IncidentView,
): 'RESPONSE_LIFTED' | 'LEVEL_BELOW_THRESHOLD' | 'NO_LONGER_APPLIES' {
  if (incident.status === 'RECOVERY' && !incident.responseLevel) return 'RESPONSE_LIFTED';
  const applies =
    plan !== undefined &&
    plan.status === 'ISSUED' &&
    coversCategory(plan, incident) &&
    coversRegion(plan, incident.regionCode);
  return applies ? 'LEVEL_BELOW_THRESHOLD' : 'NO_LONGER_APPLIES';
}

/** Among plans of one level, which leads: a special plan, then a department's, a joint, an overall one, the rest. */
const TYPE_PRECEDENCE: readonly PlanType[] = [
  'SPECIAL',
  'DEPARTMENT',
  'JOINT',
  'OVERALL',
  'TOWNSHIP',
  'COMMUNITY',
  'UNIT',
];

/**
 * The activated plan whose lead organisation and command body lead the response: the highest-level plan (province
 * over prefecture over county), a special plan over an overall plan at the same level, then the first activated.
 */
export function leadingPlan<
  P extends { plan: Pick<PlanEntity, 'level' | 'planType'>; activatedAt: Date; id: string },
>(activations: readonly P[]): P | null {
  const rank = (a: P) => [
    PLAN_LEVELS.indexOf(a.plan.level),
    TYPE_PRECEDENCE.indexOf(a.plan.planType),
    a.activatedAt.getTime(),
  ];
  const sorted = [...activations].sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return sorted[0] ?? null;
}
