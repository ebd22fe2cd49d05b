import { SUBGRAPHS, subgraphConfig, type SubgraphName } from '@emergency/config';
import { openServiceDatabase } from '@emergency/database';
import {
  OutboxRelay,
  createKafka,
  createProducer,
  recordedGaps,
  requeueOutbox,
  resolveEventGaps,
} from '@emergency/events';
import { serviceEnv } from './service-env';

const USAGE = `usage: npm run events:republish -- <service> [--since <ISO time>]   republish the service's outbox
       npm run events:republish -- <service> --gaps                    list gaps its consumers stopped at
       npm run events:republish -- <service> --resolve-gaps            let its consumers pass them
services: ${SUBGRAPHS.map((s) => s.name).join(', ')}`;

export type RepublishCommand =
  | { service: SubgraphName; action: 'republish'; since?: Date }
  | { service: SubgraphName; action: 'gaps' }
  | { service: SubgraphName; action: 'resolve-gaps' };

/** Reads the command line; throws with the usage text when it is not one of the three forms. */
export function parseRepublishArgs(args: string[]): RepublishCommand {
  const [service, ...rest] = args;
  const known = SUBGRAPHS.find((s) => s.name === service);
  if (!known) throw new Error(`${service ? `unknown service ${service}\n` : ''}${USAGE}`);
  if (rest.length === 1 && (rest[0] === '--gaps' || rest[0] === '--resolve-gaps')) {
    return rest[0] === '--gaps'
      ? { service: known.name, action: 'gaps' }
      : { service: known.name, action: 'resolve-gaps' };
  }
  if (rest.length === 0) return { service: known.name, action: 'republish' };
  if (rest.length === 2 && rest[0] === '--since') {
    const since = new Date(rest[1]);
    if (Number.isNaN(since.getTime())) throw new Error(`--since must be an ISO 8601 time\n${USAGE}`);
    return { service: known.name, action: 'republish', since };
  }
  throw new Error(USAGE);
}

/**
 * Recovery from events a topic lost (docs/operations.md): queues a service's already-sent outbox events again
 * and publishes them, or lists and resolves the gaps its consumers stopped at. Prints what it did.
 */
export async function republish(
  command: RepublishCommand,
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const { service } = command;
  const port = SUBGRAPHS.find((s) => s.name === service)?.port ?? 0;
  const cfg = subgraphConfig(service, port).load(serviceEnv(service, env));
  const dataSource = await openServiceDatabase({
    url: cfg.DATABASE_URL,
    schema: cfg.DATABASE_SCHEMA,
    applicationName: `${service}-events-republish`,
    entities: [],
    // The service migrates its own schema on start; this command only reads and updates its event tables.
    migrations: [],
  });
  try {
    if (command.action === 'gaps') {
      const gaps = await recordedGaps(dataSource);
      if (gaps.length === 0) print(`${service}: no gaps recorded`);
      for (const g of gaps) {
        print(
          `${service}: ${g.resolvedAt ? 'resolved' : 'OPEN    '} ${g.consumerGroup} ${g.topic}[${g.partition}] ` +
            `offsets ${g.expectedOffset}..${BigInt(g.firstAvailableOffset) - 1n} lost, detected ` +
            g.detectedAt.toISOString(),
        );
      }
      return;
    }
    if (command.action === 'resolve-gaps') {
      const resolved = await resolveEventGaps(dataSource);
      print(
        `${service}: ${resolved} open gap(s) marked resolved; restart the service to resume its consumers`,
      );
      return;
    }
    const queued = await requeueOutbox(dataSource, { since: command.since });
    const since = command.since ? ` written since ${command.since.toISOString()}` : '';
    print(`${service}: ${queued} event(s)${since} queued again in the outbox`);
    const producer = createProducer(
      createKafka({
        brokers: cfg.KAFKA_BROKERS,
        clientId: `${cfg.KAFKA_CLIENT_ID}-republish`,
        idempotentProducer: cfg.KAFKA_IDEMPOTENT_PRODUCER,
      }),
      { idempotentProducer: cfg.KAFKA_IDEMPOTENT_PRODUCER },
    );
    await producer.connect();
    try {
      // The running service's relay may take some of them first (one relay holds the lock at a time): either
      // way each is sent once more, in outbox order.
      const sent = await new OutboxRelay(dataSource, producer, { pollIntervalMs: 100 }).flush();
      print(`${service}: ${sent} event(s) published by this command`);
    } finally {
      await producer.disconnect();
    }
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  Promise.resolve()
    .then(() => republish(parseRepublishArgs(process.argv.slice(2))))
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    });
}
