import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ImprovementActionOverdue } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { chinaDateOf } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { DrillRepository } from './drill.repository';

/**
 * Finds improvement actions still open after their due date (from the day after, China Standard Time), marks each
 * once and publishes ImprovementActionOverdue in the same transaction.
 */
@Injectable()
export class ImprovementActionOverdueScan extends ScheduledScan {
  protected readonly scanName = 'overdue drill improvement actions';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DrillRepository,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    const context = { correlationId: randomUUID() };
    return transaction(this.dataSource, async (manager) => {
      const rows = await this.repository.markOverdueActions(manager, chinaDateOf(now), now);
      for (const row of rows)
        await this.outbox.publish(
          manager,
          ImprovementActionOverdue,
          row.id,
          {
            actionId: row.id,
            findingId: row.finding_id,
            drillId: row.drill_id,
            regionCode: row.region_code,
            ownerOrganisationId: row.owner_organisation_id,
            dueOn: row.due_on,
            detectedAt: now.toISOString(),
          },
          context,
        );
      return rows.length;
    });
  }
}
