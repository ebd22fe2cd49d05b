import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ZeroReportMissed } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { addCalendarDays, chinaDateOf } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { datesFrom, periodCovers, zeroReportDueAt } from './zero-report-rules';
import { ZeroReportRepository, type MissCandidate } from './zero-report.repository';
import { ZeroReportService } from './zero-report.service';

/** How many days back the scan looks for a deadline passed without a report (it runs every few minutes). */
const LOOK_BACK_DAYS = 7;

/**
 * Marks each unit's day of a zero-reporting period whose deadline passed without a report as missed, once, and
 * publishes ZeroReportMissed in the same transaction.
 */
@Injectable()
export class ZeroReportScan extends ScheduledScan {
  protected readonly scanName = 'missed zero reports';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ZeroReportRepository,
    private readonly service: ZeroReportService,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    const today = chinaDateOf(now);
    const since = addCalendarDays(today, -LOOK_BACK_DAYS);
    return transaction(this.dataSource, async (manager) => {
      const periods = await this.repository.periodsReporting(since, today, manager);
      const rules = await this.repository.deadlineRules(manager);
      const candidates: MissCandidate[] = [];
      for (const period of periods) {
        const from = period.startsOn > since ? period.startsOn : since;
        for (const date of datesFrom(from, today)) {
          if (!periodCovers(period, date)) continue;
          for (const unit of this.service.unitsOf(period.regionCode)) {
            const dueAt = zeroReportDueAt(rules, unit, date);
            if (dueAt.getTime() < now.getTime()) {
              candidates.push({ periodId: period.id, unitRegionCode: unit, date, dueAt });
            }
          }
        }
      }
      const marked = await this.repository.markMisses(manager, candidates, now);
      const context = { correlationId: randomUUID() };
      for (const miss of marked) {
        const period = periods.find((p) => p.id === miss.periodId)!;
        await this.outbox.publish(
          manager,
          ZeroReportMissed,
          miss.periodId,
          {
            periodId: miss.periodId,
            incidentId: period.incidentId,
            unitRegionCode: miss.unitRegionCode,
            date: miss.date,
            dueAt: miss.dueAt.toISOString(),
          },
          context,
        );
      }
      return marked.length;
    });
  }
}
