import type { INestApplication } from '@nestjs/common';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDENTITY_HEADER, signForwardedIdentity } from '@emergency/auth';
import { gatewayConfig } from '@emergency/config';
import { startSubgraph } from '@emergency/subgraph';
import {
  dataOf,
  gatewayRequest,
  identities,
  TEST_IDENTITY_SECRET,
  userToken,
  useTestEnvironment,
} from '@emergency/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { MODULES } from './system';
import { testGatewayEnv } from './config';

interface Captured {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP hop between the gateway and a subgraph that keeps a copy of every request: the eavesdropper. */
async function capturingProxy(target: string): Promise<{ url: string; seen: Captured[]; server: Server }> {
  const seen: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ headers: req.headers, body });
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([name]) => !['host', 'content-length', 'connection'].includes(name),
        ),
      ) as Record<string, string>;
      fetch(target, { method: 'POST', headers, body })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(await answer.text());
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, seen, server };
}

/** A header captured between the gateway and a subgraph is good for that one request and nothing else. */
describe('identity forwarded by the gateway', () => {
  let incidents: INestApplication;
  let plans: INestApplication;
  let incidentsUrl: string;
  let plansUrl: string;
  let proxy: Awaited<ReturnType<typeof capturingProxy>>;
  let gateway: RunningGateway;
  let admin: string;

  beforeAll(async () => {
    await useTestEnvironment('forwarding');
    const runningIncidents = await startSubgraph(MODULES.incidents, 'incidents', 4004, 0);
    const runningPlans = await startSubgraph(MODULES.plans, 'plans', 4002, 0);
    incidents = runningIncidents.app;
    plans = runningPlans.app;
    incidentsUrl = runningIncidents.url;
    plansUrl = runningPlans.url;
    proxy = await capturingProxy(incidentsUrl);
    gateway = await startGateway(
      gatewayConfig.load(
        testGatewayEnv({
          NODE_ENV: 'test',
          LOG_LEVEL: 'warn',
          GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
          INCIDENTS_URL: proxy.url,
          PLANS_URL: plansUrl,
        }),
      ),
      0,
    );
    admin = await userToken(identities.admin());
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await new Promise((done) => proxy?.server.close(done));
    await incidents?.close();
    await plans?.close();
  });

  const post = async (url: string, headers: IncomingHttpHeaders, body: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [IDENTITY_HEADER]: String(headers[IDENTITY_HEADER]),
      },
      body,
    });
    return {
      status: res.status,
      ...((await res.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      }),
    };
  };

  /** Sends a query through the gateway and returns what the gateway sent the incidents subgraph for it. */
  const capture = async (): Promise<Captured> => {
    const before = proxy.seen.length;
    dataOf(await gatewayRequest(gateway.url, '{ incidents(first: 1) { edges { cursor } } }', {}, admin));
    expect(proxy.seen.length).toBe(before + 1);
    return proxy.seen[before]!;
  };

  it('lets the request it was made for through', async () => {
    const captured = await capture();
    expect(captured.headers[IDENTITY_HEADER]).toBeTruthy();
  });

  it('refuses the captured header with another body (UNAUTHENTICATED), and writes nothing', async () => {
    const { headers } = await capture();
    const mutation = JSON.stringify({
      query: `mutation { reportIncident(input: { title: "Forged", category: NATURAL_DISASTER, severity: I,
        regionCode: "421100", occurredAt: "2026-07-06T04:30:00+08:00" }) { id } }`,
    });
    const res = await post(incidentsUrl, headers, mutation);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toMatch(/another request/);
    expect(res.data ?? null).toBeNull();
    const list = dataOf(
      await gatewayRequest<{ incidents: { edges: unknown[] } }>(
        gateway.url,
        '{ incidents(first: 5) { edges { cursor } } }',
        {},
        admin,
      ),
    );
    expect(list.incidents.edges).toHaveLength(0);
  });

  it('refuses the captured header at another subgraph (UNAUTHENTICATED)', async () => {
    const { headers } = await capture();
    const res = await post(
      plansUrl,
      headers,
      JSON.stringify({ query: '{ contingencyPlans(first: 1) { edges { cursor } } }' }),
    );
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toMatch(/another subgraph/);
  });

  it('refuses a GET request, whose operation is in the URL, even with a fresh identity for its body', async () => {
    const body = JSON.stringify({ query: '{ incidents(first: 1) { edges { cursor } } }' });
    const token = signForwardedIdentity(identities.admin(), TEST_IDENTITY_SECRET, {
      subgraph: 'incidents',
      body: JSON.parse(body) as unknown,
    });
    const query = encodeURIComponent('{ incidents(first: 5) { edges { node { id title } } } }');
    const answer = await new Promise<{ status: number; text: string }>((done, fail) => {
      const req = request(`${incidentsUrl}?query=${query}`, {
        method: 'GET',
        headers: {
          'apollo-require-preflight': 'true',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [IDENTITY_HEADER]: token,
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', fail);
      req.end(body);
    });
    const parsed = JSON.parse(answer.text) as {
      data?: unknown;
      errors?: { extensions?: { code?: string } }[];
    };
    expect(answer.status).toBe(401);
    expect(parsed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(parsed.data ?? null).toBeNull();
  });

  it('refuses the captured request replayed as it was (UNAUTHENTICATED)', async () => {
    const { headers, body } = await capture();
    const res = await post(incidentsUrl, headers, body);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.errors?.[0]?.message).toMatch(/already used/);
  });
});
