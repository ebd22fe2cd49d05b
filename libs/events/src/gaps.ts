import type { DataSource } from 'typeorm';

/** A gap a consumer group of this service found and stopped at (see `IdempotentConsumer`). */
export interface RecordedGap {
  consumerGroup: string;
  topic: string;
  partition: number;
  expectedOffset: string;
  firstAvailableOffset: string;
  detectedAt: Date;
  resolvedAt: Date | null;
}

/** The gaps the service's consumers recorded, newest first. */
export async function recordedGaps(dataSource: DataSource): Promise<RecordedGap[]> {
  const rows = (await dataSource.query(
    `SELECT consumer_group, topic, kafka_partition, expected_offset, first_available_offset, detected_at,
            resolved_at
       FROM event_gap ORDER BY detected_at DESC`,
  )) as {
    consumer_group: string;
    topic: string;
    kafka_partition: number;
    expected_offset: string;
    first_available_offset: string;
    detected_at: Date;
    resolved_at: Date | null;
  }[];
  return rows.map((row) => ({
    consumerGroup: row.consumer_group,
    topic: row.topic,
    partition: row.kafka_partition,
    expectedOffset: String(row.expected_offset),
    firstAvailableOffset: String(row.first_available_offset),
    detectedAt: row.detected_at,
    resolvedAt: row.resolved_at,
  }));
}

/**
 * Marks the service's open gaps resolved, so that its consumers pass them on their next start. Only for after
 * the missing events were republished from the producers' outboxes: a resolved gap is read past, not refilled.
 * Returns how many gaps were open.
 */
export async function resolveEventGaps(dataSource: DataSource): Promise<number> {
  const rows = (await dataSource.query(
    `UPDATE event_gap SET resolved_at = now() WHERE resolved_at IS NULL RETURNING consumer_group`,
  )) as [unknown[], number] | unknown[];
  return (Array.isArray(rows[0]) ? (rows[0] as unknown[]) : (rows as unknown[])).length;
}
