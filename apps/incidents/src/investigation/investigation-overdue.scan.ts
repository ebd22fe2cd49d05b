import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  InvestigationReplyOverdue,
  InvestigationReportOverdue,
  RectificationItemOverdue,
} from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { chinaDateOf } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { InvestigationRepository } from './investigation.repository';

/**
 * Finds investigation reports not submitted by their due date, reports the government has not replied to by the
 * reply's due date (the extended one when extended) and rectification items not completed by theirs: overdue from
 * the day after the due date (China Standard Time). Marks each once and publishes InvestigationReportOverdue /
 * InvestigationReplyOverdue / RectificationItemOverdue in the same transaction.
 */
@Injectable()
export class InvestigationOverdueScan extends ScheduledScan {
  protected readonly scanName = 'overdue investigation reports, replies and rectification items';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InvestigationRepository,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    const today = chinaDateOf(now);
    const context = { correlationId: randomUUID() };
    return transaction(this.dataSource, async (manager) => {
      const reports = await this.repository.markOverdueReports(manager, today, now);
      for (const row of reports) {
        await this.outbox.publish(
          manager,
          InvestigationReportOverdue,
          row.id,
          {
            investigationId: row.id,
            incidentId: row.incident_id,
            regionCode: row.region_code,
            grade: row.grade as 'I' | 'II' | 'III' | 'IV',
            leadOrganisationId: row.lead_organisation_id,
            reportDueOn: row.report_due_on,
            detectedAt: now.toISOString(),
          },
          context,
        );
      }
      const replies = await this.repository.markOverdueReplies(manager, today, now);
      for (const row of replies) {
        await this.outbox.publish(
          manager,
          InvestigationReplyOverdue,
          row.id,
          {
            investigationId: row.id,
            incidentId: row.incident_id,
            regionCode: row.region_code,
            grade: row.grade as 'I' | 'II' | 'III' | 'IV',
            leadOrganisationId: row.lead_organisation_id,
            replyDueOn: row.reply_due_on,
            detectedAt: now.toISOString(),
          },
          context,
        );
      }
      const items = await this.repository.markOverdueItems(manager, today, now);
      for (const row of items) {
        await this.outbox.publish(
          manager,
          RectificationItemOverdue,
          row.id,
          {
            itemId: row.id,
            investigationId: row.investigation_id,
            incidentId: row.incident_id,
            regionCode: row.region_code,
            ownerOrganisationId: row.owner_organisation_id,
            dueOn: row.due_on,
            detectedAt: now.toISOString(),
          },
          context,
        );
      }
      return reports.length + replies.length + items.length;
    });
  }
}
