import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ScheduledScan } from '@emergency/subgraph';
import { AnomalyService } from './anomaly.service';

/**
 * Runs every enabled anomaly rule over every fund the audit knows, as time passes (idle money and goods become
 * anomalies only after their days): each new anomaly inserted once per rule and subject and announced as
 * AnomalyFlagged in the same transaction, so a rerun, or a replica running at the same time, adds nothing.
 */
@Injectable()
export class AnomalyScan extends ScheduledScan {
  protected readonly scanName = 'anomalies flagged';

  constructor(private readonly anomalies: AnomalyService) {
    super();
  }

  scan(now: Date): Promise<number> {
    return this.anomalies.flagAll(now, randomUUID());
  }
}
