import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { endTogether } from '@emergency/local-stack';

/** A Kafka-aware TCP proxy in front of a broker cluster, whose connections can be refused at will. */
export interface BrokerProxy {
  /** `127.0.0.1:<port>` of the proxy of each broker, in the order of the targets: give these to the services. */
  readonly brokers: string[];
  /** Makes every broker unreachable: listeners closed (connections refused) and open connections destroyed. */
  refuse(): Promise<void>;
  /** Listens again on the same ports. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

// Kafka API keys whose responses carry broker addresses (Metadata, FindCoordinator).
const METADATA = 3;
const FIND_COORDINATOR = 10;

/**
 * Starts one listener per broker of `targets` (`host:port`), each relaying to its broker. Clients learn the
 * brokers' addresses from Metadata and FindCoordinator responses, not from their bootstrap list, so a plain
 * relay would be bypassed after the first request: the proxy rewrites every target port in those responses to
 * its own port for that broker. Only the port changes, never a length, so frames stay valid in every version.
 */
export async function startBrokerProxy(targets: string[]): Promise<BrokerProxy> {
  const relays = targets.map((target) => {
    const [host, port] = target.split(':');
    return { host, port: Number(port), server: undefined as Server | undefined, listenPort: 0 };
  });
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const rewrite = (frame: Buffer) => {
    for (const relay of relays) {
      const pattern = Buffer.alloc(relay.host.length + 4);
      pattern.write(relay.host, 0, 'latin1');
      pattern.writeInt32BE(relay.port, relay.host.length);
      for (let at = frame.indexOf(pattern); at >= 0; at = frame.indexOf(pattern, at + pattern.length)) {
        frame.writeInt32BE(relay.listenPort, at + relay.host.length);
      }
    }
    return frame;
  };

  const serve = (relay: (typeof relays)[number]) => (client: Socket) => {
    const upstream = connect(relay.port, relay.host);
    track(client);
    track(upstream);
    endTogether(client, upstream);
    // Requests pass through untouched; their headers tell which responses carry broker addresses.
    const addressResponses = new Set<number>();
    let requests = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      requests = Buffer.concat([requests, chunk]);
      while (requests.length >= 4 && requests.length >= 4 + requests.readInt32BE(0)) {
        const size = requests.readInt32BE(0);
        const apiKey = requests.readInt16BE(4);
        if (apiKey === METADATA || apiKey === FIND_COORDINATOR) addressResponses.add(requests.readInt32BE(8));
        requests = requests.subarray(4 + size);
      }
    });
    let responses = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      responses = Buffer.concat([responses, chunk]);
      while (responses.length >= 4 && responses.length >= 4 + responses.readInt32BE(0)) {
        const frame = Buffer.from(responses.subarray(0, 4 + responses.readInt32BE(0)));
        responses = responses.subarray(frame.length);
        const correlationId = frame.readInt32BE(4);
        const carriesAddresses = addressResponses.delete(correlationId);
        client.write(carriesAddresses ? rewrite(frame) : frame);
      }
    });
  };

  const listen = (relay: (typeof relays)[number]) =>
    new Promise<void>((resolve, reject) => {
      const server = createServer(serve(relay));
      server.once('error', reject);
      server.listen(relay.listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        relay.server = server;
        relay.listenPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });

  const unlisten = () =>
    Promise.all(
      relays.map(
        (relay) =>
          new Promise<void>((resolve) => {
            const server = relay.server;
            relay.server = undefined;
            if (!server) return resolve();
            server.close(() => resolve());
            for (const socket of sockets) socket.destroy();
          }),
      ),
    ).then(() => undefined);

  for (const relay of relays) await listen(relay);
  return {
    brokers: relays.map((relay) => `127.0.0.1:${relay.listenPort}`),
    refuse: unlisten,
    restore: async () => {
      for (const relay of relays) if (!relay.server) await listen(relay);
    },
    close: unlisten,
  };
}
