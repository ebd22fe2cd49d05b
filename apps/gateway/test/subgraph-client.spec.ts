import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayConfig } from '@emergency/config';
import { gatewayRequest, identities, userToken } from '@emergency/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { testGatewayEnv } from './config';

const INCIDENTS = '{ incidents(first: 2) { edges { node { id title } } } }';
const INCIDENTS_DATA = {
  incidents: {
    edges: [
      { node: { id: '00000000-0000-4000-8000-000000000001', title: 'Flood' } },
      { node: { id: '00000000-0000-4000-8000-000000000002', title: 'Landslide' } },
    ],
  },
};
const REPORT = `mutation { reportIncident(input: {
  title: "Flood", category: ACCIDENT, severity: IV, regionCode: "421100", occurredAt: "2026-01-01T00:00:00Z"
}) { id } }`;

/**
 * An incidents subgraph that holds every request until the test releases them, so that the test decides which
 * fetches are in flight together, and counts what reaches it.
 */
async function holdingSubgraph() {
  const held: { body: string; res: ServerResponse }[] = [];
  let received = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received++;
      held.push({ body: Buffer.concat(chunks).toString('utf8'), res });
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received: () => received,
    reset: () => {
      received = 0;
    },
    release: () => {
      for (const { body, res } of held.splice(0)) {
        const { query } = JSON.parse(body) as { query: string };
        const data = query.startsWith('mutation')
          ? { reportIncident: { id: '00000000-0000-4000-8000-000000000009' } }
          : INCIDENTS_DATA;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
      }
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(done));
    },
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((next) => setTimeout(next, 10));
  }
}

const metricValue = async (url: string, name: string, labels = '') => {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
};
const merged = (url: string) =>
  metricValue(url, 'gateway_subgraph_fetches_merged_total', 'subgraph="incidents"');

/** The gateway's client to its subgraphs: identical fetches in flight merged, for one caller's queries only. */
describe('subgraph fetches in flight', () => {
  let subgraph: Awaited<ReturnType<typeof holdingSubgraph>>;
  let deduplicating: RunningGateway;
  let sendingEach: RunningGateway;

  const start = (env: Record<string, string>) =>
    startGateway(
      gatewayConfig.load(
        testGatewayEnv({
          NODE_ENV: 'development',
          LOG_LEVEL: 'error',
          INCIDENTS_URL: subgraph.url,
          ...env,
        }),
      ),
      0,
    );

  beforeAll(async () => {
    subgraph = await holdingSubgraph();
    deduplicating = await start({});
    sendingEach = await start({ GATEWAY_DEDUPLICATE_INFLIGHT: 'false' });
  });

  afterEach(() => {
    subgraph.release();
    subgraph.reset();
  });

  afterAll(async () => {
    await Promise.all([deduplicating?.stop(), sendingEach?.stop()]);
    await subgraph?.close();
  });

  it("sends one caller's identical queries once while the first is in flight, and answers each in full", async () => {
    const before = await merged(deduplicating.url);
    // Two tokens of the same caller: the same claims, so the same caller.
    const tokens = [await userToken(identities.admin()), await userToken(identities.admin())];
    const answers = [0, 1, 2, 3].map((i) => gatewayRequest(deduplicating.url, INCIDENTS, {}, tokens[i % 2]));
    await until(async () => (await merged(deduplicating.url)) - before === 3, 'three fetches were merged');
    expect(subgraph.received()).toBe(1);
    subgraph.release();
    for (const answer of await Promise.all(answers)) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(INCIDENTS_DATA);
    }
    // Once answered, the same query is sent again.
    const again = gatewayRequest(deduplicating.url, INCIDENTS, {}, tokens[0]);
    await until(() => subgraph.received() === 2, 'the next query reached the subgraph');
    subgraph.release();
    expect((await again).data).toEqual(INCIDENTS_DATA);
  });

  it('never merges the fetches of callers whose claims differ in anything', async () => {
    const before = await merged(deduplicating.url);
    const callers = [
      identities.admin(),
      { ...identities.admin(), roles: ['admin' as const, 'auditor' as const] },
      { ...identities.admin(), regionCode: '421100' },
      identities.operator('421100'),
      identities.operator('421100', '00000000-0000-4000-8000-00000000000a'),
    ];
    const tokens = await Promise.all(callers.map((caller) => userToken(caller)));
    const answers = tokens.map((token) => gatewayRequest(deduplicating.url, INCIDENTS, {}, token));
    await until(() => subgraph.received() === callers.length, 'every caller reached the subgraph');
    subgraph.release();
    for (const answer of await Promise.all(answers)) expect(answer.data).toEqual(INCIDENTS_DATA);
    expect((await merged(deduplicating.url)) - before).toBe(0);
  });

  it('never merges mutations, even identical ones of one caller', async () => {
    const before = await merged(deduplicating.url);
    const token = await userToken(identities.admin());
    const answers = [0, 1, 2].map(() => gatewayRequest(deduplicating.url, REPORT, {}, token));
    await until(() => subgraph.received() === 3, 'every mutation reached the subgraph');
    subgraph.release();
    for (const answer of await Promise.all(answers)) expect(answer.errors).toBeUndefined();
    expect((await merged(deduplicating.url)) - before).toBe(0);
  });

  it('sends every fetch when GATEWAY_DEDUPLICATE_INFLIGHT is false', async () => {
    const token = await userToken(identities.admin());
    const answers = [0, 1, 2].map(() => gatewayRequest(sendingEach.url, INCIDENTS, {}, token));
    await until(() => subgraph.received() === 3, 'every query reached the subgraph');
    subgraph.release();
    for (const answer of await Promise.all(answers)) expect(answer.data).toEqual(INCIDENTS_DATA);
    expect(await merged(sendingEach.url)).toBe(0);
  });

  it('reports the query-plan cache: a plan built once, then reused', async () => {
    const token = await userToken(identities.admin());
    const query = '{ incidents(first: 1) { edges { node { id } } } }';
    const hits = () => metricValue(sendingEach.url, 'gateway_query_plan_cache_hits_total');
    const misses = () => metricValue(sendingEach.url, 'gateway_query_plan_cache_misses_total');
    const [hitsBefore, missesBefore] = [await hits(), await misses()];
    for (let i = 1; i <= 3; i++) {
      const answer = gatewayRequest(sendingEach.url, query, {}, token);
      await until(() => subgraph.received() === i, 'the query reached the subgraph');
      subgraph.release();
      await answer;
    }
    expect((await misses()) - missesBefore).toBe(1);
    expect((await hits()) - hitsBefore).toBe(2);
    expect(await metricValue(sendingEach.url, 'gateway_query_plan_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(await metricValue(sendingEach.url, 'gateway_query_plan_cache_bytes')).toBeGreaterThan(0);
  });
});
