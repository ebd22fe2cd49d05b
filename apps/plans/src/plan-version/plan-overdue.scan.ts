import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PlanEvaluationOverdue, PlanFilingOverdue } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { chinaDateOf } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { PlanVersionRepository } from './plan-version.repository';

/**
 * Finds issued plan versions not filed by their filing due date and plans in force not evaluated by their
 * evaluation due date: overdue from the day after (China Standard Time). Marks each once (an evaluation once per
 * due date) and publishes PlanFilingOverdue / PlanEvaluationOverdue in the same transaction.
 */
@Injectable()
export class PlanOverdueScan extends ScheduledScan {
  protected readonly scanName = 'plans overdue for filing or evaluation';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PlanVersionRepository,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    const today = chinaDateOf(now);
    const context = { correlationId: randomUUID() };
    return transaction(this.dataSource, async (manager) => {
      const filings = await this.repository.markOverdueFilings(manager, today, now);
      for (const row of filings) {
        await this.outbox.publish(
          manager,
          PlanFilingOverdue,
          row.plan_id,
          {
            planId: row.plan_id,
            ownerOrganisationId: row.owner_organisation_id,
            regionCode: row.region_code,
            planType: row.plan_type,
            version: row.version,
            filingDueOn: row.filing_due_on,
            detectedAt: now.toISOString(),
          },
          context,
        );
      }
      const evaluations = await this.repository.markOverdueEvaluations(manager, today, now);
      for (const row of evaluations) {
        await this.outbox.publish(
          manager,
          PlanEvaluationOverdue,
          row.id,
          {
            planId: row.id,
            ownerOrganisationId: row.owner_organisation_id,
            regionCode: row.region_code,
            planType: row.plan_type,
            evaluationDueOn: row.review_due_on,
            detectedAt: now.toISOString(),
          },
          context,
        );
      }
      return filings.length + evaluations.length;
    });
  }
}
