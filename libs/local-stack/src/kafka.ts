import { createServer, connect, type Server, type Socket } from 'node:net';
import { Producer } from 'node-rdkafka';

export interface KafkaHandle {
  /** host:port of each mock broker. */
  brokers: string[];
  stop(): Promise<void>;
}

/**
 * Starts librdkafka's mock cluster, which speaks the Kafka wire protocol on loopback ports, inside this process
 * (through node-rdkafka). It lives until `stop()`. Data is kept in memory only. With `fixedPort`, a TCP forwarder
 * on that port leads to the first broker, so outside tools have a stable bootstrap address; clients learn the
 * brokers' real ports from metadata.
 */
export async function startMockKafka(
  opts: { brokers?: number; fixedPort?: number; onLog?: (line: string) => void } = {},
): Promise<KafkaHandle> {
  const producer = new Producer({
    'test.mock.num.brokers': opts.brokers ?? 1,
    // Never contacted: with a mock cluster librdkafka replaces it by the mock brokers' addresses.
    'bootstrap.servers': '127.0.0.1:1',
    debug: 'mock',
    'log.connection.close': false,
  } as ConstructorParameters<typeof Producer>[0]);

  const brokers = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('mock Kafka cluster did not report its brokers in 15 s')),
      15_000,
    );
    producer.on('event.log', (entry: { message?: string }) => {
      const message = entry.message ?? '';
      opts.onLog?.(message);
      const match = /bootstrap\.servers=(\S+)|replaced with (\S+)/.exec(message);
      if (match) {
        clearTimeout(timer);
        resolve((match[1] ?? match[2]).replace(/[,.]$/, '').split(','));
      }
    });
    producer.on('event.error', (error) => opts.onLog?.(`error: ${error.message}`));
    producer.connect();
  });

  let forwarder: Server | undefined;
  const sockets = new Set<Socket>();
  if (opts.fixedPort) {
    const [host, port] = brokers[0].split(':');
    forwarder = createServer((client) => {
      const upstream = connect(Number(port), host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      forwarder!.once('error', reject);
      forwarder!.listen(opts.fixedPort, '127.0.0.1', () => resolve());
    });
  }

  return {
    brokers,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      if (forwarder) await new Promise<void>((resolve) => forwarder!.close(() => resolve()));
      await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
    },
  };
}
