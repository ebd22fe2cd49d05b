import { join } from 'node:path';
import { gatewayConfig, SUBGRAPHS, subgraphUrlVariable } from '@emergency/config';
import { identities, TEST_USER_TOKEN_SETTINGS, userToken } from '@emergency/testing';
import { startGateway, type RunningGateway } from '../src/gateway';

const CONSOLE = 'http://localhost:3000';

/** The gateway as a developer runs it: an explorer that works offline, and the configured origins allowed. */
describe('gateway in development mode', () => {
  let sut: RunningGateway;
  let base: string;

  beforeAll(async () => {
    sut = await startGateway(
      gatewayConfig.load({
        NODE_ENV: 'development',
        LOG_LEVEL: 'error',
        AUTH_JWT_SECRET: TEST_USER_TOKEN_SETTINGS.secret,
        AUTH_JWT_ISSUER: TEST_USER_TOKEN_SETTINGS.issuer,
        AUTH_JWT_AUDIENCE: TEST_USER_TOKEN_SETTINGS.audience,
        SUPERGRAPH_PATH: join(__dirname, '../../../infra/supergraph/supergraph.graphql'),
        CORS_ALLOWED_ORIGINS: CONSOLE,
        ...Object.fromEntries(
          SUBGRAPHS.map(({ name }) => [subgraphUrlVariable(name), 'http://127.0.0.1:9/graphql']),
        ),
      }),
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
