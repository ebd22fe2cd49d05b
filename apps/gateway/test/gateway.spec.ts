import { gatewayConfig } from '@emergency/config';
import { gatewayRequest, identities, userToken } from '@emergency/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { testGatewayEnv } from './config';

/** The gateway alone, in production mode, with every subgraph unreachable. */
describe('gateway in production mode', () => {
  let sut: RunningGateway;
  let token: string;

  beforeAll(async () => {
    sut = await startGateway(
      gatewayConfig.load(
        testGatewayEnv({
          NODE_ENV: 'production',
          LOG_LEVEL: 'error',
          GATEWAY_IDENTITY_SECRET: 'production-test-identity-secret-0123456789',
          // Configured on purpose, to prove that other origins stay refused.
          CORS_ALLOWED_ORIGINS: 'https://console.emergency.example',
        }),
      ),
      0,
    );
    token = await userToken(identities.admin());
  });

  afterAll(() => sut.stop());

  it('refuses to start without its secrets', () => {
    expect(() => gatewayConfig.load({ NODE_ENV: 'production' })).toThrow(
      /AUTH_JWT_SECRET is required in production/,
    );
  });

  it('does not answer introspection', async () => {
    const res = await gatewayRequest(sut.url, '{ __schema { types { name } } }', {}, token);
    expect(res.errors?.[0].message).toMatch(/introspection is not allowed/i);
  });

  it('hides stack traces and internals when a subgraph fails', async () => {
    const res = await gatewayRequest(sut.url, '{ organisations { edges { node { id } } } }', {}, token);
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const error of res.errors ?? []) {
      expect(error.extensions?.stacktrace).toBeUndefined();
      expect(JSON.stringify(error)).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('blocks simple cross-site requests (CSRF prevention)', async () => {
    const res = await fetch(
      `${sut.url}?query=${encodeURIComponent('{ organisations { edges { node { id } } } }')}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  it('gives no "Did you mean" suggestions that would reveal the schema', async () => {
    const res = await gatewayRequest(sut.url, '{ incident { id } organisation { nam } }', {}, token);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.errors)).not.toMatch(/did you mean/i);
    expect(JSON.stringify(res.errors)).not.toMatch(/incidents|"name"/);
  });

  it('answers malformed JSON with a GraphQL JSON error and no stack trace', async () => {
    const res = await fetch(sut.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{"query": "{ __typename }",',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(js|ts):\d+|node_modules/);
  });

  it('answers a body over the limit with a GraphQL JSON error (413)', async () => {
    const res = await fetch(sut.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('allows no other origin by default (a preflight gets no CORS headers)', async () => {
    const res = await fetch(sut.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('serves no explorer page', async () => {
    const res = await fetch(sut.url, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.text()).not.toMatch(/<html|graphiql|sandbox/i);
    const asset = await fetch(sut.url.replace('/graphql', '/explorer/graphiql.min.js'));
    expect(asset.status).toBe(404);
  });

  it('answers health and metrics without a token', async () => {
    const base = sut.url.replace('/graphql', '');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/http_request_duration_seconds/);
  });
});
