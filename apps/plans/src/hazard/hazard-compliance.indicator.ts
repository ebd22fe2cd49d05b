import { Injectable } from '@nestjs/common';
import { chinaDateOf } from '@emergency/domain';
import {
  ComplianceIndicators,
  type AssessmentPeriod,
  type ComplianceIndicator,
  type IndicatorMeasure,
  type UnmetRecord,
} from '../assessment/compliance-indicator';
import { HazardRepository } from './hazard.repository';
import { rectificationOnTime } from './hazard-rules';

/** HAZARDS_RECTIFIED_ON_TIME: the responsible unit's hazards verified as rectified by their deadline. */
@Injectable()
export class HazardsRectifiedOnTime implements ComplianceIndicator {
  readonly key = 'HAZARDS_RECTIFIED_ON_TIME';
  readonly description =
    'Due: the hazards an organisation is responsible for whose rectification deadline fell in the period, or ' +
    'that were still unverified past an earlier deadline at its end; met: those verified (and so closable) on or ' +
    'before their deadline, as last changed.';

  constructor(
    private readonly repository: HazardRepository,
    indicators: ComplianceIndicators,
  ) {
    indicators.register(this);
  }

  async measure(
    organisationIds: readonly string[],
    period: AssessmentPeriod,
    now: Date,
  ): Promise<readonly IndicatorMeasure[]> {
    if (organisationIds.length === 0) return [];
    const today = chinaDateOf(now);
    const hazards = await this.repository.withDeadlinesOf(organisationIds, period.to);
    const byOrganisation = new Map<string, { due: number; met: number; unmet: UnmetRecord[] }>();
    for (const hazard of hazards) {
      // A verification dated after `now` had not happened as the measure stood at `now`.
      const verifiedOn = hazard.verifiedOn !== null && hazard.verifiedOn <= today ? hazard.verifiedOn : null;
      const { due, met } = rectificationOnTime({ deadline: hazard.deadline, verifiedOn }, period);
      if (!due) continue;
      const measure = byOrganisation.get(hazard.responsibleOrganisationId) ?? { due: 0, met: 0, unmet: [] };
      measure.due += 1;
      if (met) measure.met += 1;
      else
        measure.unmet.push({
          kind: 'Hazard',
          id: hazard.id,
          reason: verifiedOn
            ? `rectification due ${hazard.deadline}, verified ${verifiedOn}`
            : `rectification due ${hazard.deadline}, not verified`,
        });
      byOrganisation.set(hazard.responsibleOrganisationId, measure);
    }
    return [...byOrganisation].map(([organisationId, m]) => ({ organisationId, ...m }));
  }
}
