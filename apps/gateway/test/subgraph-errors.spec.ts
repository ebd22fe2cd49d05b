import { SUBGRAPHS } from '@emergency/config';
import { gatewayRequest, subgraphRequest } from '@emergency/testing';
import { startPartialSystem, type TestSystem } from './system';

const FUND = '00000000-0000-4000-8000-0000000000f1';

const RECORD_CONTRIBUTION = `mutation ($amount: Money!) {
  recordFundContribution(input: {
    fundId: "${FUND}", kind: DONATION, status: PAID, amountFen: $amount, contributorName: "Red Cross"
  }) { id }
}`;
const REPORT_INCIDENT = `mutation ($title: String!, $at: DateTime!) {
  reportIncident(input: { title: $title, category: ACCIDENT, severity: IV, regionCode: "421100", occurredAt: $at }) {
    id
  }
}`;

/** Nothing about where the subgraphs run or what they are called may reach a caller. */
function expectNoInternals(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|https?:\/\//);
  expect(text).not.toMatch(/serviceName|"response"/);
  for (const { name } of SUBGRAPHS) expect(text).not.toContain(`"${name}"`);
}

/** How a subgraph's refusal of a caller's input reaches the caller through the gateway. */
describe('subgraph errors through the gateway', () => {
  let system: TestSystem;
  let subgraphUrl: string;

  beforeAll(async () => {
    system = await startPartialSystem(['incidents']);
    subgraphUrl = system.subgraphUrls.incidents ?? '';
  }, 120_000);

  afterAll(() => system?.stop());

  it.each([['1.5'], ['1e3'], ['abc'], ['9223372036854775808'], ['-9223372036854775809']])(
    'a Money value of %s is BAD_USER_INPUT naming the variable and the reason',
    async (amount) => {
      const res = await gatewayRequest(system.gateway.url, RECORD_CONTRIBUTION, { amount }, system.admin);
      expect(res.status).toBe(400); // refused by the gateway itself: no subgraph was called
      expect(res.errors).toHaveLength(1);
      const [error] = res.errors ?? [];
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.message).toContain('$amount');
      expect(error.message).toContain('Money must be a string of integer fen');
      expectNoInternals(res);
    },
  );

  it('a DateTime of "yesterday" is BAD_USER_INPUT naming the variable and the reason', async () => {
    const res = await gatewayRequest(
      system.gateway.url,
      REPORT_INCIDENT,
      { title: 'Flood', at: 'yesterday' },
      system.admin,
    );
    expect(res.status).toBe(400);
    const [error] = res.errors ?? [];
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('$at');
    expect(error.message).toContain('DateTime must be an ISO-8601 timestamp');
    expectNoInternals(res);
  });

  it('a variable of the wrong built-in type is BAD_USER_INPUT naming the variable', async () => {
    const res = await gatewayRequest(
      system.gateway.url,
      'query ($n: Int) { incidents(first: $n) { edges { node { id } } } }',
      { n: 'abc' },
      system.admin,
    );
    const [error] = res.errors ?? [];
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toContain('$n');
    expectNoInternals(res);
  });

  it('a bad Money literal is refused by the gateway with its reason', async () => {
    const res = await gatewayRequest(
      system.gateway.url,
      RECORD_CONTRIBUTION.replace('($amount: Money!) ', '').replace('$amount', '"1.5"'),
      {},
      system.admin,
    );
    expect(res.status).toBe(400);
    const [error] = res.errors ?? [];
    expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toContain('Money must be a string of integer fen');
    expectNoInternals(res);
  });

  it('a 200 KB title is refused by the rule on titles, not by a body limit', async () => {
    const res = await gatewayRequest(
      system.gateway.url,
      REPORT_INCIDENT,
      { title: 'x'.repeat(200 * 1024), at: '2026-07-01T08:00:00+08:00' },
      system.admin,
    );
    const [error] = res.errors ?? [];
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.field).toBe('title');
    expect(error.message).toBe('title must have 1 to 200 characters');
    expectNoInternals(res);
  });

  it('a subgraph answers malformed JSON with a GraphQL JSON error, without a stack trace', async () => {
    const res = await fetch(subgraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(js|ts):\d+|node_modules/);
  });

  it('a subgraph answers a body over its limit with a GraphQL JSON error (413)', async () => {
    const res = await fetch(subgraphUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(20 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a subgraph accepts every body the gateway accepts', async () => {
    const res = await subgraphRequest(subgraphUrl, '{ __typename }', { pad: 'x'.repeat(1000 * 1024) });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ __typename: 'Query' });
  });
});

/** A subgraph in production mode keeps its schema to itself, even to a caller holding a valid identity. */
describe('subgraph errors in production mode', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startPartialSystem(['incidents'], { NODE_ENV: 'production' });
  }, 120_000);

  afterAll(() => system?.stop());

  it('gives no "Did you mean" suggestions', async () => {
    const res = await subgraphRequest(
      system.subgraphUrls.incidents ?? '',
      '{ incident { id } incidnts { id } }',
    );
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(res.errors)).not.toMatch(/did you mean|"incidents"/i);
  });
});
