import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SubgraphConfig } from '@emergency/config';
import { JsonLogger, errorFields } from '@emergency/observability';
import { SUBGRAPH_CONFIG } from './tokens';

/**
 * The time every rule of a service that depends on "now" reads (deadlines, lateness, "overdue now"). One instance
 * per service; tests replace its `now` (`jest.spyOn(app.get(Clock), 'now')`) to stand exactly on a boundary.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Work a service does by itself as time passes: finding the deadlines that have passed and publishing their
 * events. `scan(now)` must be idempotent and safe to run on every replica at once (claim each row with an UPDATE
 * ... WHERE it is not yet marked, in the same transaction as its event). It runs every `SCAN_INTERVAL_MS` (0 turns
 * the timer off: tests call `scan` with the instant they stand on).
 */
@Injectable()
export abstract class ScheduledScan implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  @Inject(Clock) protected readonly clock!: Clock;
  @Inject(SUBGRAPH_CONFIG) private readonly config!: SubgraphConfig;
  @Inject(JsonLogger) private readonly logger!: JsonLogger;

  /** What the scan finds, for its log lines ("overdue reports"). */
  protected abstract readonly scanName: string;

  /** Handles everything that has become due at `now`; returns how many items it handled. */
  abstract scan(now: Date): Promise<number>;

  onApplicationBootstrap() {
    const interval = this.config.SCAN_INTERVAL_MS;
    if (interval === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.scan(this.clock.now())
        .then((handled) => {
          if (handled > 0) this.logger.entry('info', `${this.scanName}: ${handled} handled`);
        })
        .catch((error: unknown) =>
          this.logger.entry(
            'error',
            `${this.scanName} failed; retried at the next interval`,
            errorFields(error),
          ),
        )
        .finally(() => (this.running = undefined));
    }, interval);
    this.timer.unref();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }
}
