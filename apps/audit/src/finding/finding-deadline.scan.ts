import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditDeadlinePassed } from '@emergency/contracts';
import { transaction } from '@emergency/database';
import { chinaDateOf } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import { ScheduledScan } from '@emergency/subgraph';
import { FindingRepository, type PassedDeadline } from './finding.repository';

type DeadlineKind = 'RESPONSE' | 'PROBLEM_LIST' | 'RECTIFICATION_LIST' | 'RECTIFICATION_ITEM';

/**
 * Finds the deadlines of findings' follow-up passed with their step not done (from the day after each, China
 * Standard Time): the written response (silence from then on counts as no objection, SJTL art. 39, recorded on the
 * finding), the problem list, the rectification list and each rectification item neither rectified nor continuing.
 * Each is claimed once and announced with AuditDeadlinePassed in the same transaction.
 */
@Injectable()
export class FindingDeadlineScan extends ScheduledScan {
  protected readonly scanName = 'audit findings past a follow-up deadline';

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FindingRepository,
    private readonly outbox: Outbox,
  ) {
    super();
  }

  async scan(now: Date): Promise<number> {
    const today = chinaDateOf(now);
    const context = { correlationId: randomUUID() };
    return transaction(this.dataSource, async (manager) => {
      const passed: [DeadlineKind, PassedDeadline[]][] = [
        ['RESPONSE', await this.repository.claimPassedResponses(manager, today, now)],
        ['PROBLEM_LIST', await this.repository.claimPassedProblemLists(manager, today, now)],
        ['RECTIFICATION_LIST', await this.repository.claimPassedRectificationLists(manager, today, now)],
        ['RECTIFICATION_ITEM', await this.repository.claimPassedItems(manager, today, now)],
      ];
      let handled = 0;
      for (const [kind, rows] of passed)
        for (const row of rows) {
          await this.outbox.publish(
            manager,
            AuditDeadlinePassed,
            row.findingId,
            { kind, ...row, detectedAt: now.toISOString() },
            context,
          );
          handled += 1;
        }
      return handled;
    });
  }
}
