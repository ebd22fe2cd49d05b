import { Injectable } from '@nestjs/common';
import { chinaDateOf } from '@emergency/domain';
import {
  ComplianceIndicators,
  type AssessmentPeriod,
  type ComplianceIndicator,
  type IndicatorMeasure,
  type UnmetRecord,
} from '../assessment/compliance-indicator';
import { evaluationStanding, filingStanding, type Standing } from './plan-version-rules';
import { PlanVersionRepository, type ObligationRow } from './plan-version.repository';

/** Counts each owner's obligations by their standing; an owner with nothing due is left out. */
function measureRows(
  rows: readonly ObligationRow[],
  standingOf: (row: ObligationRow) => Standing,
  reasonOf: (row: ObligationRow) => string,
): IndicatorMeasure[] {
  const byOwner = new Map<string, { due: number; met: number; unmet: UnmetRecord[] }>();
  for (const row of rows) {
    const standing = standingOf(row);
    if (standing === null) continue;
    const owner = byOwner.get(row.owner_organisation_id) ?? { due: 0, met: 0, unmet: [] };
    owner.due += 1;
    if (standing === 'MET') owner.met += 1;
    else owner.unmet.push({ kind: 'ContingencyPlan', id: row.plan_id, reason: reasonOf(row) });
    byOwner.set(row.owner_organisation_id, owner);
  }
  return [...byOwner].map(([organisationId, m]) => ({ organisationId, ...m }));
}

/** PLANS_FILED_ON_TIME: issued plans whose filing deadline falls in the period, filed by it. */
@Injectable()
export class PlansFiledOnTime implements ComplianceIndicator {
  readonly key = 'PLANS_FILED_ON_TIME';
  readonly description =
    'Due: each version of a plan the organisation owns whose filing (备案) deadline falls in the period and has been reached; met: filed on or before that deadline.';

  constructor(
    private readonly repository: PlanVersionRepository,
    indicators: ComplianceIndicators,
  ) {
    indicators.register(this);
  }

  async measure(organisationIds: readonly string[], period: AssessmentPeriod, now: Date) {
    const today = chinaDateOf(now);
    const rows = await this.repository.filingObligations(organisationIds, period.from, period.to);
    return measureRows(
      rows,
      (r) => filingStanding(r.due_on, r.done_on, period, today),
      (r) => (r.done_on ? `filing due ${r.due_on}, filed ${r.done_on}` : `filing due ${r.due_on}, not filed`),
    );
  }
}

/** PLANS_EVALUATED_ON_TIME: evaluations due in the period (or overdue at its end), done by their due date. */
@Injectable()
export class PlansEvaluatedOnTime implements ComplianceIndicator {
  readonly key = 'PLANS_EVALUATED_ON_TIME';
  readonly description =
    'Due: each evaluation of a plan the organisation owns that fell due in the period (once its date is reached) or was overdue at its end; met: evaluated on or before its due date.';

  constructor(
    private readonly repository: PlanVersionRepository,
    indicators: ComplianceIndicators,
  ) {
    indicators.register(this);
  }

  async measure(organisationIds: readonly string[], period: AssessmentPeriod, now: Date) {
    const today = chinaDateOf(now);
    const rows = await this.repository.evaluationObligations(organisationIds, period.to);
    return measureRows(
      rows,
      (r) => evaluationStanding(r.due_on, r.done_on, period, today),
      (r) =>
        r.done_on
          ? `evaluation due ${r.due_on}, evaluated ${r.done_on}`
          : `evaluation due ${r.due_on}, not evaluated`,
    );
  }
}
