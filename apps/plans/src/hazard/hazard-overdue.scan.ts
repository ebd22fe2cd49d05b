import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { HazardRectificationOverdue } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { chinaDateOf } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { HazardRepository } from './hazard.repository';

/**
 * Finds hazards still being rectified after their deadline (overdue from the day after it, China Standard Time),
 * marks each once per deadline and publishes HazardRectificationOverdue in the same transaction.
 */
@Injectable()
export class HazardOverdueScan extends ScheduledScan {
  protected readonly scanName = 'hazards past their rectification deadline';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: HazardRepository,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    const today = chinaDateOf(now);
    const context = { correlationId: randomUUID() };
    return transaction(this.dataSource, async (manager) => {
      const rows = await this.repository.markOverdue(manager, today, now);
      for (const row of rows) {
        await this.outbox.publish(
          manager,
          HazardRectificationOverdue,
          row.id,
          {
            hazardId: row.id,
            regionCode: row.region_code,
            level: row.level,
            responsibleOrganisationId: row.responsible_organisation_id,
            supervisingOrganisationId: row.supervising_organisation_id,
            deadline: row.deadline,
            detectedAt: now.toISOString(),
          },
          context,
        );
      }
      return rows.length;
    });
  }
}
