import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ReportDeadlinePassed } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { ReportDeadlines } from './report-deadlines';
import { ReportRepository } from './report.repository';

/**
 * Opens the day's fixed-time follow-ups of every responding incident, then marks each obligation whose deadline
 * has passed unmet as overdue (once) and publishes ReportDeadlinePassed for it in the same transaction. A report
 * due at an instant is still on time at that instant: an obligation passes once `now` lies after it.
 */
@Injectable()
export class ReportDeadlineScan extends ScheduledScan {
  protected readonly scanName = 'overdue reports';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReportRepository,
    private readonly deadlines: ReportDeadlines,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    return transaction(this.dataSource, async (manager) => {
      for (const incident of await this.repository.responding(manager)) {
        await this.deadlines.openFollowUps(manager, incident, now);
      }
      const passed = await this.repository.markOverdue(manager, now);
      const context = { correlationId: randomUUID() };
      for (const d of passed) {
        await this.outbox.publish(
          manager,
          ReportDeadlinePassed,
          d.incidentId,
          {
            deadlineId: d.id,
            incidentId: d.incidentId,
            regionCode: d.regionCode,
            category: d.category,
            kind: d.kind,
            level: d.level,
            channel: d.channel,
            dueAt: d.dueAt.toISOString(),
            reportingRegion: d.reportingRegion,
          },
          context,
        );
      }
      return passed.length;
    });
  }
}
