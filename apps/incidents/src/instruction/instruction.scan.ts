import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InstructionFeedbackOverdue } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { InstructionRepository } from './instruction.repository';

/**
 * Marks each assignment of a leader instruction past its feedback deadline (after any extension granted) without
 * final feedback, once, and publishes InstructionFeedbackOverdue in the same transaction.
 */
@Injectable()
export class InstructionOverdueScan extends ScheduledScan {
  protected readonly scanName = 'overdue instruction feedback';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InstructionRepository,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  scan(now: Date): Promise<number> {
    return transaction(this.dataSource, async (manager) => {
      const marked = await this.repository.markOverdue(manager, now);
      const context = { correlationId: randomUUID() };
      for (const a of marked) {
        await this.outbox.publish(
          manager,
          InstructionFeedbackOverdue,
          a.incidentId,
          {
            instructionId: a.instructionId,
            assignmentId: a.id,
            incidentId: a.incidentId,
            organisationId: a.organisationId,
            regionCode: a.regionCode,
            feedbackDueAt: a.dueAt.toISOString(),
          },
          context,
        );
      }
      return marked.length;
    });
  }
}
