import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayConfig } from '@emergency/config';
import { gatewayRequest, identities, userToken } from '@emergency/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { testGatewayEnv } from './config';

const CONSOLE = 'http://localhost:3000';

/** The gateway as a developer runs it: an explorer that works offline, and the configured origins allowed. */
describe('gateway in development mode', () => {
  let sut: RunningGateway;
  let base: string;

  beforeAll(async () => {
    sut = await startGateway(
      gatewayConfig.load(
        testGatewayEnv({
          NODE_ENV: 'development',
          LOG_LEVEL: 'error',
          CORS_ALLOWED_ORIGINS: CONSOLE,
        }),
      ),
      0,
    );
    base = sut.url.replace('/graphql', '');
  });

  afterAll(() => sut.stop());

  it('serves a GraphiQL explorer whose page and style load nothing from outside the gateway', async () => {
    const res = await fetch(sut.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).not.toMatch(/https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i);
    const assets = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(
      expect.arrayContaining(['/explorer/graphiql.min.js', '/explorer/react.production.min.js']),
    );
    for (const asset of assets) {
      const served = await fetch(`${base}${asset}`);
      expect(served.status).toBe(200);
      const body = await served.text();
      expect(body.length).toBeGreaterThan(asset.endsWith('start.js') ? 100 : 10_000);
      if (asset.endsWith('.css')) expect(body).not.toMatch(/@import|url\(\s*['"]?(https?:)?\/\//);
    }
  });

  it('still answers operations on the same URL', async () => {
    const res = await fetch(sut.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await userToken(identities.admin())}`,
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers a preflight from a configured origin, and lets its page read the answer', async () => {
    const preflight = await fetch(sut.url, {
      method: 'OPTIONS',
      headers: {
        origin: CONSOLE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization.*content-type/);

    const res = await fetch(sut.url, {
      method: 'POST',
      headers: {
        origin: CONSOLE,
        'content-type': 'application/json',
        authorization: `Bearer ${await userToken(identities.admin())}`,
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('refuses a preflight from any other origin', async () => {
    const preflight = await fetch(sut.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3001', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses to start with an entry that is not an origin', async () => {
    await expect(
      startGateway(gatewayConfig.load({ NODE_ENV: 'development', CORS_ALLOWED_ORIGINS: '*' }), 0),
    ).rejects.toThrow(/CORS_ALLOWED_ORIGINS must list origins/);
  });
});

/** Subgraphs that hang or answer something other than GraphQL, behind a gateway with a short timeout. */
describe('gateway in front of a failing subgraph', () => {
  let sut: RunningGateway;
  let hanging: Server;
  let broken: Server;
  let refusing: Server;
  let token: string;

  const listen = (handler: RequestListener) =>
    new Promise<Server>((ready) => {
      const server = createServer(handler);
      server.listen(0, '127.0.0.1', () => ready(server));
    });
  const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  beforeAll(async () => {
    hanging = await listen(() => undefined); // reads the request, never answers
    broken = await listen((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway at 10.0.0.7</html>');
    });
    // What a subgraph answers when its own validation refuses a request: a 400 with GraphQL errors.
    refusing = await listen((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          errors: [
            {
              message: 'Variable "$first" got invalid value "x"; Int cannot represent non-integer value: "x"',
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        }),
      );
    });
    sut = await startGateway(
      gatewayConfig.load(
        testGatewayEnv({
          NODE_ENV: 'development',
          LOG_LEVEL: 'error',
          SUBGRAPH_TIMEOUT_MS: '300',
          ORGANISATIONS_URL: urlOf(hanging),
          PLANS_URL: urlOf(refusing),
          INCIDENTS_URL: urlOf(broken),
        }),
      ),
      0,
    );
    token = await userToken(identities.admin());
  });

  afterAll(async () => {
    await sut.stop();
    hanging.closeAllConnections();
    await Promise.all([hanging, broken, refusing].map((s) => new Promise((done) => s.close(done))));
  });

  it('gives up on a subgraph after SUBGRAPH_TIMEOUT_MS, saying so without naming it', async () => {
    const started = Date.now();
    const res = await gatewayRequest(sut.url, '{ organisations { edges { node { id } } } }', {}, token);
    expect(Date.now() - started).toBeLessThan(5000); // a safety bound: without the timeout it never answers
    expect(res.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.errors?.[0].message).toMatch(/did not answer within 300 ms/);
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|organisations"|serviceName/);
  });

  it("relays a subgraph's GraphQL errors sent with a 400 as its own, not as an HTTP failure", async () => {
    const res = await gatewayRequest(sut.url, '{ contingencyPlans { edges { node { id } } } }', {}, token);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toBe(
      'Variable "$first" got invalid value "x"; Int cannot represent non-integer value: "x"',
    );
    expect(JSON.stringify(res)).not.toMatch(/127\.0\.0\.1|400: Bad Request|"response"|serviceName|plans"/);
  });

  it('reports a subgraph answering an HTML error page as unavailable, without its body', async () => {
    const res = await gatewayRequest(sut.url, '{ incidents { edges { node { id } } } }', {}, token);
    expect(res.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(res)).not.toMatch(/10\.0\.0\.7|html|502|127\.0\.0\.1|serviceName/i);
  });
});
