import dns from 'node:dns';
import net from 'node:net';
import { gatewayRequest } from '@emergency/testing';
import { startPartialSystem } from './system';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+|localhost)$/;

/** Where `socket.connect(...)` was asked to go, whichever of its call forms was used. */
function targetOf(args: unknown[]): string {
  const first: unknown = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; port?: number; path?: string };
    if (options.path) return `unix:${options.path}`;
    return `${options.host ?? 'localhost'}:${options.port ?? ''}`;
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return `unix:${first}`;
  return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${String(first)}`;
}

/**
 * A government emergency system sends nothing anywhere it was not configured to. Every TCP connection and DNS
 * lookup the process makes while a subgraph and the gateway start, serve and stop is recorded; in tests the
 * configured addresses are all loopback, so any other target is a call home (Apollo's usage metrics, cloud
 * metadata probes, ...).
 */
describe('starting and serving without calling home', () => {
  const connections: string[] = [];
  const lookups: string[] = [];
  const originalConnect = net.Socket.prototype.connect;
  const originalLookup = dns.lookup;
  const originalPromisesLookup = dns.promises.lookup;

  beforeAll(() => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      connections.push(targetOf(args));
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    dns.lookup = function (hostname: string, ...rest: unknown[]) {
      lookups.push(hostname);
      return (originalLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
    } as typeof dns.lookup;
    dns.promises.lookup = function (hostname: string, ...rest: unknown[]) {
      lookups.push(hostname);
      return (originalPromisesLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
    } as typeof dns.promises.lookup;
  });

  afterAll(() => {
    net.Socket.prototype.connect = originalConnect;
    dns.lookup = originalLookup;
    dns.promises.lookup = originalPromisesLookup;
  });

  it('connects to and looks up nothing but the configured (loopback) addresses', async () => {
    // Whatever a deployer's environment says, the gateway must not send telemetry.
    delete process.env.APOLLO_TELEMETRY_DISABLED;
    const system = await startPartialSystem(['incidents']);
    try {
      for (const query of ['{ incidents(first: 5) { edges { node { id } } } }', '{ __typename }']) {
        const res = await gatewayRequest(system.gateway.url, query, {}, system.admin);
        expect(res.errors).toBeUndefined();
      }
      // Cloud resource detectors and exporters start in the background: give them time to try.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    } finally {
      await system.stop();
    }
    expect(connections.length).toBeGreaterThan(0); // the recording works: the test itself connected
    const elsewhere = connections.filter((target) => {
      if (target.startsWith('unix:')) return false;
      return !LOOPBACK.test(target.slice(0, target.lastIndexOf(':')).replace(/^\[|\]$/g, ''));
    });
    expect(elsewhere).toEqual([]);
    expect(lookups.filter((host) => !LOOPBACK.test(host) && net.isIP(host) === 0)).toEqual([]);
  });
});
