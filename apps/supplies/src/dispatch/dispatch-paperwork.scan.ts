import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SuppliesRequestPaperworkOverdue } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { DispatchRepository } from './dispatch.repository';

/**
 * Announces once each request by phone whose paperwork was not recorded by its due instant
 * (SuppliesRequestPaperworkOverdue); each row is claimed by an UPDATE in the same transaction as its event.
 */
@Injectable()
export class DispatchPaperworkScan extends ScheduledScan {
  protected readonly scanName = 'overdue supplies request paperwork';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DispatchRepository,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    const context = { correlationId: randomUUID() };
    return transaction(this.dataSource, async (manager) => {
      const overdue = await this.repository.claimOverduePaperwork(manager, now);
      for (const request of overdue)
        await this.outbox.publish(
          manager,
          SuppliesRequestPaperworkOverdue,
          request.id,
          {
            requestId: request.id,
            requesterRegionCode: request.requesterRegionCode,
            askedRegionCode: request.askedRegionCode,
            paperworkDueAt: request.paperworkDueAt!.toISOString(),
            detectedAt: now.toISOString(),
          },
          context,
        );
      return overdue.length;
    });
  }
}
