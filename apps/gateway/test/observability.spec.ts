import type { INestApplication } from '@nestjs/common';
import { gatewayConfig } from '@emergency/config';
import { domainTopic } from '@emergency/events';
import { startSubgraph } from '@emergency/subgraph';
import {
  eventually,
  identities,
  readTopic,
  TEST_IDENTITY_SECRET,
  userToken,
  useTestEnvironment,
  type TopicReader,
} from '@emergency/testing';
import { startGateway, type RunningGateway } from '../src/gateway';
import { MODULES } from './system';
import { testGatewayEnv } from './config';

type LogLine = Record<string, unknown> & { service?: string; msg?: string; trace_id?: string };

const REPORT = `mutation ReportFlood($input: ReportIncidentInput!) { reportIncident(input: $input) { id } }`;
const input = {
  title: 'Fu River flood, Xiaogan',
  category: 'NATURAL_DISASTER',
  severity: 'II',
  regionCode: '420900',
  occurredAt: '2026-07-06T04:30:00+08:00',
};

/** Traces, request logs and metrics through the gateway and a subgraph, at LOG_LEVEL=info. */
describe('observability through the gateway', () => {
  const lines: LogLine[] = [];
  let restoreStdout: () => void;
  let incidents: INestApplication;
  let incidentsUrl: string;
  let gateway: RunningGateway;
  let topic: TopicReader;
  let admin: string;

  beforeAll(async () => {
    // Keeps the services' JSON lines for the assertions (and out of the test output).
    const write = process.stdout.write.bind(process.stdout);
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
      const text = String(chunk);
      try {
        lines.push(JSON.parse(text) as LogLine);
        return true;
      } catch {
        return write(chunk, ...(rest as []));
      }
    });
    restoreStdout = () => spy.mockRestore();
    const prefix = await useTestEnvironment('observability', { LOG_LEVEL: 'info' });
    const running = await startSubgraph(MODULES.incidents, 'incidents', 4004, 0);
    incidents = running.app;
    incidentsUrl = running.url;
    gateway = await startGateway(
      gatewayConfig.load(
        testGatewayEnv({
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
          INCIDENTS_URL: incidentsUrl,
        }),
      ),
      0,
    );
    topic = await readTopic(domainTopic('incidents', prefix));
    admin = await userToken(identities.admin());
  }, 120_000);

  afterAll(async () => {
    await topic?.stop();
    await gateway?.stop();
    await incidents?.close();
    restoreStdout?.();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers },
      body: JSON.stringify(body),
    });

  const metricsOf = async (url: string) => (await fetch(new URL('/metrics', url))).text();
  const series = (text: string, name: string) =>
    text.split('\n').filter((line) => line.startsWith(`${name}{`));

  it('returns a trace id that the subgraph logs and the published event carries', async () => {
    const res = await post({ query: REPORT, variables: { input }, operationName: 'ReportFlood' });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { reportIncident: { id: string } } };
    const traceId = res.headers.get('x-trace-id');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));

    const subgraphLines = await eventually(async () => {
      const found = lines.filter((line) => line.service === 'incidents' && line.trace_id === traceId);
      expect(found.find((line) => line.msg === 'request')).toBeDefined();
      return found;
    });
    expect(subgraphLines.find((line) => line.msg === 'request')).toMatchObject({
      level: 'info',
      method: 'POST',
      route: '/graphql',
      status: 200,
      outcome: 'success',
      correlation_id: expect.any(String),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const gatewayLine = lines.find((line) => line.service === 'gateway' && line.trace_id === traceId);
    expect(gatewayLine).toMatchObject({
      msg: 'request',
      method: 'POST',
      route: '/graphql',
      status: 200,
      operation: 'ReportFlood',
      outcome: 'success',
      duration_ms: expect.any(Number),
    });
    expect(subgraphLines[0]?.correlation_id).toBe(gatewayLine?.correlation_id);

    const event = await eventually(async () => {
      const found = topic.messages.find((message) => message.key === data.reportIncident.id);
      expect(found).toBeDefined();
      return found!;
    });
    expect(event.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
  });

  it("continues the caller's trace when it sends a traceparent", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await post(
      { query: '{ incidents(first: 1) { edges { cursor } } }' },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-trace-id')).toBe(traceId);
    await eventually(async () =>
      expect(lines.some((line) => line.service === 'incidents' && line.trace_id === traceId)).toBe(true),
    );
  });

  it('labels GraphQL traffic by operation name and outcome', async () => {
    await post({ query: 'query IncidentList { incidents(first: 1) { edges { cursor } } }' });
    await post({ query: '{ incidents(first: 1) { edges { cursor } } }' });
    await post({ query: 'query Broken { incidents(first: 1) { nope } }' });
    await post({
      query: REPORT.replace('ReportFlood', 'ReportNowhere'),
      variables: { input: { ...input, regionCode: '990000' } },
    });
    await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Sneaky { incidents(first: 1) { edges { cursor } } }' }),
    });
    const gatewayMetrics = await metricsOf(gateway.url);
    const graphql = series(gatewayMetrics, 'graphql_operation_duration_seconds_count');
    expect(graphql).toEqual(
      expect.arrayContaining([
        expect.stringContaining('operation="IncidentList",outcome="success"'),
        expect.stringContaining('operation="(anonymous)",outcome="success"'),
        expect.stringContaining('operation="(none)",outcome="invalid"'),
        expect.stringContaining('operation="(none)",outcome="unauthenticated"'),
        expect.stringContaining('operation="ReportNowhere",outcome="refused"'),
      ]),
    );
    expect(gatewayMetrics).not.toMatch(/Broken|Sneaky/);
    expect(series(gatewayMetrics, 'http_request_duration_seconds_count')).toEqual(
      expect.arrayContaining([expect.stringContaining('route="/graphql"')]),
    );
    const subgraphGraphql = series(await metricsOf(incidentsUrl), 'graphql_operation_duration_seconds_count');
    expect(subgraphGraphql).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/operation="IncidentList__incidents__0",outcome="success"/),
      ]),
    );
  });

  it('adds no series for made-up URLs', async () => {
    for (const url of [gateway.url, incidentsUrl]) {
      await fetch(new URL('/made-up/first', url));
      const before = series(await metricsOf(url), 'http_request_duration_seconds_count');
      await fetch(new URL('/made-up/second-one', url));
      await fetch(new URL(`/made-up/${'x'.repeat(40)}?q=1`, url));
      const after = series(await metricsOf(url), 'http_request_duration_seconds_count');
      expect(after.join('\n')).not.toMatch(/made-up|xxxx/);
      expect(after.map((line) => line.replace(/ \d+$/, ''))).toEqual(
        before.map((line) => line.replace(/ \d+$/, '')),
      );
      expect(after.join('\n')).toContain('route="unmatched"');
    }
  });
});
