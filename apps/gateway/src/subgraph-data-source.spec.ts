import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonLogger, ServiceMetrics } from '@emergency/observability';
import { GatewayMetrics } from './gateway-metrics';
import { SubgraphDataSource } from './subgraph-data-source';

type Options = Parameters<SubgraphDataSource['process']>[0];

describe(SubgraphDataSource.name, () => {
  let server: Server;
  let received = 0;
  let sut: SubgraphDataSource;

  beforeAll(async () => {
    server = createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => {
        setTimeout(() => {
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ data: { incidents: { edges: [{ node: { id: '1' } }] } } }));
        }, 50);
      });
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    sut = new SubgraphDataSource(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {
      name: 'incidents',
      timeoutMs: 5000,
      connections: 4,
      deduplicate: true,
      logger: new JsonLogger('gateway', 'error'),
      metrics: new GatewayMetrics(new ServiceMetrics('gateway')),
    });
  });

  afterAll(async () => {
    await sut.close();
    await new Promise((done) => server.close(done));
  });

  const query = (): Options =>
    ({
      kind: 'incoming operation',
      request: { query: '{ incidents { edges { node { id } } } }', variables: {} },
      context: { identity: { subject: 'admin', roles: ['admin'] }, correlationId: 'c' },
      incomingRequestContext: { operation: { operation: 'query' } },
    }) as unknown as Options;

  it('gives each fetch sharing one answer its own copy, which the gateway may change freely', async () => {
    received = 0;
    const [first, second] = await Promise.all([sut.process(query()), sut.process(query())]);
    expect(received).toBe(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    (first.data as { incidents: { edges: { node: { id: string } }[] } }).incidents.edges[0].node.id =
      'changed';
    expect(second.data).toEqual({ incidents: { edges: [{ node: { id: '1' } }] } });
  });
});
