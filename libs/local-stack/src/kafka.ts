import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Producer, ProducerGlobalConfig } from 'node-rdkafka';

/** A Kafka-protocol broker cluster started by {@link startMockKafka}. */
export interface KafkaHandle {
  /** `127.0.0.1:<port>` of each mock broker, usable as a kafkajs `brokers` list. */
  brokers: string[];
  /** Closes the forwarder and destroys the cluster (and every message in it); idempotent. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 15_000;
// librdkafka reports the mock brokers in one of these two lines when `debug` includes `mock`.
const BROKERS_LINE = /bootstrap\.servers=(\S+)|replaced with (\S+)/;
const BROKER = /^[\w.-]+:\d+$/;

/**
 * Starts librdkafka's mock cluster inside this process, through node-rdkafka: `brokers` (default 1) brokers
 * speaking the Kafka wire protocol on random 127.0.0.1 ports. The cluster lives as long as the producer that
 * hosts it, i.e. until `stop()`, and keeps this process alive until then. Messages live in memory only.
 *
 * What the mock does (measured with kafkajs 2.2.4): produce with any acks, consumer groups, offset commit/fetch;
 * topics are created on first produce, subscribe or metadata request (4 partitions). It has no controller, so
 * admin CreateTopics, the idempotent producer and transactions fail.
 *
 * With `fixedPort`, a TCP forwarder on 127.0.0.1:`fixedPort` leads to the first broker, giving outside tools a
 * stable bootstrap address; clients then learn the brokers' real ports from metadata.
 *
 * librdkafka's mock debug log (two lines per Kafka request) goes to `onLog`; it must stay on, because it is where
 * the brokers' addresses are announced.
 */
export async function startMockKafka(
  opts: { brokers?: number; fixedPort?: number; onLog?: (line: string) => void } = {},
): Promise<KafkaHandle> {
  const log = opts.onLog ?? (() => undefined);
  // Loaded on first use, so that importing this library does not load a native addon.
  const { Producer } = await import('node-rdkafka');
  const config: ProducerGlobalConfig & { 'test.mock.num.brokers': number } = {
    'test.mock.num.brokers': opts.brokers ?? 1,
    // Required but never contacted: librdkafka replaces it by the mock brokers' addresses.
    'bootstrap.servers': '127.0.0.1:1',
    debug: 'mock',
    'log.connection.close': false,
  };
  const producer = new Producer(config);
  producer.on('event.error', (error) => log(`error: ${error.message}`));

  let brokers: string[];
  try {
    brokers = await announcedBrokers(producer, log);
  } catch (error) {
    await disconnect(producer);
    throw error;
  }

  let forwarder: Forwarder | undefined;
  if (opts.fixedPort !== undefined) {
    try {
      forwarder = await forward(opts.fixedPort, brokers[0]);
    } catch (error) {
      await disconnect(producer);
      throw new Error(
        `Kafka forwarder cannot listen on 127.0.0.1:${opts.fixedPort}: ${(error as Error).message}`,
      );
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    brokers,
    stop: () =>
      (stopping ??= (async () => {
        await forwarder?.close();
        await disconnect(producer);
      })()),
  };
}

/** Connects the producer (which starts the cluster) and resolves with the brokers librdkafka announces. */
function announcedBrokers(producer: Producer, log: (line: string) => void): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let brokers: string[] | undefined;
    let connected = false;
    const settle = () => {
      if (brokers && connected) {
        clearTimeout(timer);
        resolve(brokers);
      }
    };
    const timer = setTimeout(
      () =>
        reject(new Error(`mock Kafka cluster did not report its brokers within ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    producer.on('event.log', (entry: { message?: unknown }) => {
      const message = String(entry.message ?? '');
      log(message);
      const match = brokers ? null : BROKERS_LINE.exec(message);
      const list = (match?.[1] ?? match?.[2])?.replace(/[,.]$/, '').split(',');
      if (list?.length && list.every((broker) => BROKER.test(broker))) {
        brokers = list;
        settle();
      }
    });
    producer.connect({}, (error) => {
      if (error) {
        clearTimeout(timer);
        reject(new Error(`mock Kafka cluster failed to start: ${error.message}`));
        return;
      }
      connected = true;
      settle();
    });
  });
}

function disconnect(producer: Producer): Promise<void> {
  return new Promise((resolve) => {
    if (!producer.isConnected()) {
      resolve();
      return;
    }
    producer.disconnect(() => resolve());
  });
}

interface Forwarder {
  close(): Promise<void>;
}

/**
 * Ties the two sockets of a relay together: either failing or closing ends the other, since a half-open relay
 * would leave its client waiting forever.
 */
export function endTogether(client: Socket, upstream: Socket): void {
  for (const [socket, other] of [
    [client, upstream],
    [upstream, client],
  ] as const) {
    socket.on('error', () => other.destroy());
    socket.on('close', () => other.destroy());
  }
}

/** Plain TCP relay from 127.0.0.1:`port` to `target` (host:port). */
async function forward(port: number, target: string): Promise<Forwarder> {
  const [host, targetPort] = target.split(':');
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(targetPort), host);
    track(client);
    track(upstream);
    endTogether(client, upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
