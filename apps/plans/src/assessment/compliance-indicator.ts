import { Global, Injectable, Module } from '@nestjs/common';

/** The year an assessment looks at, as China Standard Time dates (inclusive). */
export interface AssessmentPeriod {
  /** YYYY-MM-DD, the first day. */
  readonly from: string;
  /** YYYY-MM-DD, the last day. */
  readonly to: string;
}

/** A record an organisation fell short on, named so a reader can open it. */
export interface UnmetRecord {
  /** The record's GraphQL type: ContingencyPlan, Drill, DrillFinding, Hazard, ... */
  readonly kind: string;
  readonly id: string;
  /** Why it counts as unmet, in a sentence (“filing due 2026-03-02, not filed”). */
  readonly reason: string;
}

/** One organisation's standing on one indicator over a period: of `due` obligations, `met` were met. */
export interface IndicatorMeasure {
  readonly organisationId: string;
  readonly due: number;
  readonly met: number;
  /** The records of the obligations not met, most recent first; an indicator may give only the first 50. */
  readonly unmet: readonly UnmetRecord[];
}

/**
 * A measurable obligation of the plan and drill system (plans filed on time, drills held within their rule,
 * findings closed by their deadline, hazards rectified in time), computed from the records. Each feature that
 * keeps such records provides its indicators and registers them in {@link ComplianceIndicators}; the annual
 * assessment scores organisations by a scoring sheet that names indicators by `key`.
 */
export interface ComplianceIndicator {
  /** Stable key the scoring sheet refers to, e.g. PLANS_FILED_ON_TIME. */
  readonly key: string;
  /** What is counted as due and as met, in a sentence. */
  readonly description: string;
  /**
   * The measure of each of `organisationIds` over `period` as it stood at `now`, in one or a few statements; an
   * organisation with nothing due may be left out (it is read as 0 of 0).
   */
  measure(
    organisationIds: readonly string[],
    period: AssessmentPeriod,
    now: Date,
  ): Promise<readonly IndicatorMeasure[]>;
}

/** The indicators the features of this service register, by key. */
@Injectable()
export class ComplianceIndicators {
  private readonly byKey = new Map<string, ComplianceIndicator>();

  register(indicator: ComplianceIndicator): void {
    if (this.byKey.has(indicator.key))
      throw new Error(`compliance indicator ${indicator.key} registered twice`);
    this.byKey.set(indicator.key, indicator);
  }

  get(key: string): ComplianceIndicator | undefined {
    return this.byKey.get(key);
  }

  all(): ComplianceIndicator[] {
    return [...this.byKey.values()];
  }
}

/** Makes {@link ComplianceIndicators} one registry for every feature module of the service. */
@Global()
@Module({ providers: [ComplianceIndicators], exports: [ComplianceIndicators] })
export class ComplianceIndicatorsModule {}
