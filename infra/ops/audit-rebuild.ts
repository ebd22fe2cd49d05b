import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { SUBGRAPHS, subgraphConfig } from '@emergency/config';
import { openServiceDatabase } from '@emergency/database';
import { createKafka, domainTopic } from '@emergency/events';
import { serviceEnv } from './service-env';

const USAGE = `usage: npm run audit:rebuild -- --status   print the audit projection's totals (compare before and after)
       npm run audit:rebuild -- --yes      clear the audit's projection tables and have its consumer groups read
                                           the incidents and supplies topics again from the beginning
Stop the audit service first; start it again after --yes: it replays the topics (docs/operations.md, Rebuild).`;

export type RebuildCommand = { action: 'status' } | { action: 'rebuild' };

export function parseRebuildArgs(args: string[]): RebuildCommand {
  if (args.length === 1 && args[0] === '--status') return { action: 'status' };
  if (args.length === 1 && args[0] === '--yes') return { action: 'rebuild' };
  throw new Error(USAGE);
}

// The audit's projections, loaded when asked for: ops commands run from the repository, so they may read apps; nothing
// in an app reads them (as infra/ops/migrate.ts loads the services' modules).
const projections = async () => import('../../apps/audit/src/ledger/projections');

/** The totals a rebuild must reproduce, by name (REBUILD_CHECKS). */
export async function projectionTotals(db: Pick<DataSource, 'query'>): Promise<Record<string, string>> {
  const { REBUILD_CHECKS } = await projections();
  const totals: Record<string, string> = {};
  for (const [name, sql] of Object.entries(REBUILD_CHECKS)) {
    const rows = (await db.query(sql)) as { value: string }[];
    totals[name] = rows[0]?.value ?? '';
  }
  return totals;
}

/** What the command resets: each projector's consumer group and its topics under the deployment's prefix. */
export const rebuildGroups = async (prefix: string) =>
  (await projections()).AUDIT_PROJECTIONS.map((p) => ({
    groupId: `${prefix}audit.${p.projector}`,
    topics: p.domains.map((d) => domainTopic(d, prefix)),
  }));

/**
 * Refuses a topic that no longer holds its beginning: the replay would silently miss what retention deleted.
 * Returns each topic's partitions.
 */
async function checkRetention(kafka: Kafka, topics: string[]): Promise<Map<string, number[]>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const partitions = new Map<string, number[]>();
    for (const topic of topics) {
      if (!existing.has(topic)) {
        partitions.set(topic, []);
        continue;
      }
      const offsets = await admin.fetchTopicOffsets(topic);
      const trimmed = offsets.filter((o) => BigInt(o.low) > 0n);
      if (trimmed.length > 0) {
        throw new Error(
          `${topic} no longer holds its beginning (partition ${trimmed
            .map((o) => `${o.partition} starts at offset ${o.low}`)
            .join(', ')}): a replay would miss the deleted events and rebuild different totals. ` +
            'Rebuilding needs topics kept forever (docs/operations.md, Rebuild). Nothing was changed.',
        );
      }
      partitions.set(
        topic,
        offsets.map((o) => o.partition),
      );
    }
    return partitions;
  } finally {
    await admin.disconnect();
  }
}

/**
 * How long the rebuild waits to join one consumer group before refusing: long enough for a stopped service's member
 * to leave (its session timeout) and for joins the client retries under load, short of waiting for ever.
 */
const JOIN_TIMEOUT_MS = 120_000;

/**
 * Sets a stopped consumer group's committed offsets to the beginning of its topics: joins the group, alone, and
 * commits offset 0 of every partition. Refuses when another member (the running service) shares the group, or when
 * the group cannot be joined in time.
 */
async function rewindGroup(kafka: Kafka, groupId: string, partitions: Map<string, number[]>): Promise<void> {
  const topics = [...partitions.keys()];
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 3000,
    rebalanceTimeout: 3000,
    heartbeatInterval: 300,
  });
  let timer: NodeJS.Timeout | undefined;
  // A join can wait on a running member's rebalance, or time out and be retried by the client: past JOIN_TIMEOUT_MS
  // the group is taken to be in use, as it most likely is.
  const joined = new Promise<Record<string, number[]>>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => resolve(payload.memberAssignment));
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `consumer group ${groupId} could not be joined within ${JOIN_TIMEOUT_MS / 1000} s (another member may ` +
              'hold it): stop the audit service before rebuilding. Nothing was changed.',
          ),
        ),
      JOIN_TIMEOUT_MS,
    );
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Reads nothing: the group is only rewound.
      eachBatch: async ({ batch }) => consumer.pause([{ topic: batch.topic }]),
    });
    const assignment = await joined;
    const missing = topics.flatMap((topic) =>
      partitions
        .get(topic)!
        .filter((p) => !(assignment[topic] ?? []).includes(p))
        .map((p) => `${topic}[${p}]`),
    );
    if (missing.length > 0) {
      throw new Error(
        `consumer group ${groupId} has another member (${missing.join(', ')} assigned elsewhere): ` +
          'stop the audit service before rebuilding. Nothing was changed.',
      );
    }
    const offsets = topics.flatMap((topic) =>
      partitions.get(topic)!.map((partition) => ({ topic, partition, offset: '0' })),
    );
    if (offsets.length > 0) await consumer.commitOffsets(offsets);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

/**
 * Clears the projection tables, in one transaction: the append-only triggers are disabled around the TRUNCATE and
 * enabled again before it commits, so nothing else can write while they are off. The groups' inbox rows and
 * recorded gaps go too: every event is new to them again.
 */
export async function clearProjection(db: DataSource, groupIds: string[]): Promise<string[]> {
  const { AUDIT_PROJECTIONS } = await projections();
  const tables = AUDIT_PROJECTIONS.flatMap((p) => p.tables);
  const appendOnly = AUDIT_PROJECTIONS.flatMap((p) => p.appendOnly);
  await db.transaction(async (manager) => {
    for (const table of appendOnly) await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    await manager.query(`TRUNCATE ${tables.join(', ')}`);
    for (const table of appendOnly) await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    await manager.query(`DELETE FROM inbox WHERE consumer_group = ANY($1::text[])`, [groupIds]);
    await manager.query(`DELETE FROM event_gap WHERE consumer_group = ANY($1::text[])`, [groupIds]);
  });
  return tables;
}

/**
 * `npm run audit:rebuild`: with `--status`, prints the projection's totals; with `--yes`, checks that every topic
 * still holds its beginning, rewinds the audit's consumer groups to it, then clears the projection tables. Started
 * again, the audit service reads the topics from the beginning and records everything anew; `--status` then prints
 * the same totals. Returns the totals printed (before clearing, for `--yes`).
 */
export async function rebuildAudit(
  command: RebuildCommand,
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<Record<string, string>> {
  const port = SUBGRAPHS.find((s) => s.name === 'audit')?.port ?? 0;
  const cfg = subgraphConfig('audit', port).load(serviceEnv('audit', env));
  const db = await openServiceDatabase({
    url: cfg.DATABASE_URL,
    schema: cfg.DATABASE_SCHEMA,
    applicationName: 'audit-rebuild',
    entities: [],
    // The service migrates its own schema on start; this command only clears the projection.
    migrations: [],
  });
  try {
    const totals = await projectionTotals(db);
    for (const [name, value] of Object.entries(totals)) print(`audit: ${name}: ${value}`);
    if (command.action === 'status') return totals;
    const groups = await rebuildGroups(cfg.KAFKA_TOPIC_PREFIX);
    const kafka = createKafka({
      brokers: cfg.KAFKA_BROKERS,
      clientId: `${cfg.KAFKA_CLIENT_ID}-rebuild`,
      idempotentProducer: false,
    });
    const partitions = await checkRetention(kafka, [...new Set(groups.flatMap((g) => g.topics))]);
    for (const group of groups) {
      await rewindGroup(kafka, group.groupId, new Map(group.topics.map((t) => [t, partitions.get(t)!])));
      print(`audit: consumer group ${group.groupId} rewound to the beginning of ${group.topics.join(', ')}`);
    }
    const cleared = await clearProjection(
      db,
      groups.map((g) => g.groupId),
    );
    print(
      `audit: projection tables cleared (${cleared.join(', ')}); ` +
        'start the audit service: it replays the topics; then compare `npm run audit:rebuild -- --status`',
    );
    return totals;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => rebuildAudit(parseRebuildArgs(process.argv.slice(2))))
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    });
}
