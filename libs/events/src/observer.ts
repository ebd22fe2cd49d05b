import type { DeadLetterReason } from './errors';

/** What happened to a consumed message; a small fixed set, safe as a metric label. */
export type ConsumeOutcome = 'applied' | 'duplicate' | 'ignored' | 'dead_lettered';

/** Offsets a consumer group can no longer read: the broker dropped them before the group got there. */
export interface EventGap {
  groupId: string;
  topic: string;
  partition: number;
  /** The next offset the group had to read: its committed offset, or 0 for a new group reading from the start. */
  expectedOffset: string;
  /** The first offset the broker still had (its low watermark when the group got there). */
  firstAvailableOffset: string;
}

/** How far a consumer group is behind on one partition. */
export interface ConsumerLag {
  groupId: string;
  topic: string;
  partition: number;
  /** High watermark minus the next offset the group will process (its processed or committed offset). */
  lag: number;
}

/**
 * Hooks the outbox relay and the consumers call as events flow, so that a service can count them (see
 * `EventMetrics` in the observability library) without this library depending on a metrics client. Every
 * hook is optional and must not throw.
 */
export interface EventObserver {
  published?(topic: string, type: string, count: number): void;
  consumed?(groupId: string, topic: string, type: string, outcome: ConsumeOutcome): void;
  deadLettered?(groupId: string, topic: string, reason: DeadLetterReason): void;
  gapDetected?(gap: EventGap): void;
}

/**
 * A consumer group found offsets it never read below the broker's low watermark: events it should have applied
 * are gone from the topic. The consumer stops rather than skip them silently; recovery is to republish them from
 * the producing service's outbox (`npm run events:republish`, docs/operations.md).
 */
export class EventGapError extends Error {
  override name = 'EventGapError';

  constructor(readonly gap: EventGap) {
    super(
      `consumer group ${gap.groupId} cannot read ${gap.topic} partition ${gap.partition} from offset ` +
        `${gap.expectedOffset}: the broker keeps it only from offset ${gap.firstAvailableOffset}, so ` +
        `${BigInt(gap.firstAvailableOffset) - BigInt(gap.expectedOffset)} events were never applied. Stopped. ` +
        `Republish them from the producer's outbox (npm run events:republish -- <service>), then mark the gap ` +
        `recovered (npm run events:republish -- <this service> --resolve-gaps) and restart; see docs/operations.md`,
    );
  }
}
