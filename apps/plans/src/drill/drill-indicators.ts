import { Injectable } from '@nestjs/common';
import {
  ComplianceIndicators,
  type AssessmentPeriod,
  type ComplianceIndicator,
  type IndicatorMeasure,
} from '../assessment/compliance-indicator';
import { chinaDateOf } from '@emergency/domain';
import { drilledWithinRule, nextDrillDueBy, ruleForOrganisation } from './drill-rules';
import { DrillRepository } from './drill.repository';

/**
 * DRILLS_WITHIN_RULE: each organisation a drill rule binds owes one drill within its interval; met when its last
 * drill held as organiser by the period's last day (today, for the year under way) is within the interval then.
 */
@Injectable()
export class DrillsWithinRuleIndicator implements ComplianceIndicator {
  readonly key = 'DRILLS_WITHIN_RULE';
  readonly description =
    'Due: 1 for each organisation a drill rule binds (by its type or regime). Met: its last drill held by the period’s end (today, for the year under way) lies within the rule’s interval on that day.';

  constructor(
    private readonly repository: DrillRepository,
    indicators: ComplianceIndicators,
  ) {
    indicators.register(this);
  }

  async measure(
    organisationIds: readonly string[],
    period: AssessmentPeriod,
    now: Date,
  ): Promise<IndicatorMeasure[]> {
    if (organisationIds.length === 0) return [];
    const today = chinaDateOf(now);
    const asOf = period.to < today ? period.to : today;
    const [standings, rules] = await Promise.all([
      this.repository.organisationStandings({ ids: organisationIds }, asOf),
      this.repository.rules(),
    ]);
    const measures: IndicatorMeasure[] = [];
    for (const o of standings) {
      const rule = ruleForOrganisation(rules, o.regionCode, o.type, o.regime);
      if (!rule) continue;
      const met = drilledWithinRule(o.lastDrillOn, rule.intervalMonths, asOf);
      const reason = o.lastDrillOn
        ? `last drill ${o.lastDrillOn}, next due by ${nextDrillDueBy(o.lastDrillOn, rule.intervalMonths)} (every ${rule.intervalMonths} months)`
        : `no drill held by ${asOf} (every ${rule.intervalMonths} months)`;
      measures.push({
        organisationId: o.id,
        due: 1,
        met: met ? 1 : 0,
        unmet: met ? [] : [{ kind: 'Organisation', id: o.id, reason }],
      });
    }
    return measures;
  }
}

/**
 * DRILL_FINDINGS_CLOSED: the improvement actions an organisation owns with a deadline inside the period are due;
 * those done by their deadline are met. An open action whose deadline is today or later is not counted yet.
 */
@Injectable()
export class DrillFindingsClosedIndicator implements ComplianceIndicator {
  readonly key = 'DRILL_FINDINGS_CLOSED';
  readonly description =
    'Due: the drill improvement actions an organisation owns whose deadline falls inside the period. Met: those done on or before their deadline.';

  constructor(
    private readonly repository: DrillRepository,
    indicators: ComplianceIndicators,
  ) {
    indicators.register(this);
  }

  async measure(
    organisationIds: readonly string[],
    period: AssessmentPeriod,
    now: Date,
  ): Promise<IndicatorMeasure[]> {
    if (organisationIds.length === 0) return [];
    const today = chinaDateOf(now);
    const actions = await this.repository.actionsDueIn(organisationIds, period.from, period.to);
    const byOwner = new Map<
      string,
      { due: number; met: number; unmet: IndicatorMeasure['unmet'][number][] }
    >();
    for (const a of actions) {
      // An open action whose deadline has not passed yet is neither met nor missed.
      if (a.status === 'OPEN' && a.dueOn >= today) continue;
      const m = byOwner.get(a.ownerOrganisationId) ?? { due: 0, met: 0, unmet: [] };
      m.due += 1;
      if (a.doneOn !== null && a.doneOn <= a.dueOn) m.met += 1;
      else
        m.unmet.push({
          kind: 'ImprovementAction',
          id: a.id,
          reason: a.doneOn ? `due ${a.dueOn}, done ${a.doneOn}` : `due ${a.dueOn}, not done`,
        });
      byOwner.set(a.ownerOrganisationId, m);
    }
    return [...byOwner].map(([organisationId, m]) => ({ organisationId, ...m }));
  }
}
