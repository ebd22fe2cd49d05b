import { ROOT_CONTEXT } from '@opentelemetry/api';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CORRELATION_HEADER, observeHttp } from './http';
import { JsonLogger, type LogLevel } from './logger';
import { ServiceMetrics } from './metrics';
import { Tracing } from './tracing';

const parentTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${parentTraceId}-00f067aa0ba902b7-01`;

async function serve(level: LogLevel) {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger('incidents', level, (line) => lines.push(JSON.parse(line)));
  const metrics = new ServiceMetrics('incidents');
  const app = express();
  app.use(observeHttp({ logger, metrics, tracing: new Tracing({ service: 'incidents' }) }));
  app.get('/health/live', async (_req, res) => {
    await new Promise((done) => setImmediate(done));
    logger.entry('warn', 'inside the handler');
    res.json({ ok: true });
  });
  const server = await new Promise<Server>((ready) => {
    const started: Server = app.listen(0, '127.0.0.1', () => ready(started));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The request line is written when the response closes, just after the client has read it.
  const requestLine = async () => {
    for (let i = 0; i < 100 && !lines.some((line) => line.msg === 'request'); i++) {
      await new Promise((done) => setTimeout(done, 5));
    }
    return lines.find((line) => line.msg === 'request');
  };
  return { lines, metrics, url, server, requestLine };
}

describe(observeHttp.name, () => {
  let running: Server | undefined;
  afterEach(async () => {
    await new Promise((done) => running?.close(done));
    running = undefined;
  });

  it('continues the caller’s trace into the response headers, the handler’s lines and the request line', async () => {
    const { lines, url, server, requestLine } = await serve('info');
    running = server;
    const res = await fetch(`${url}/health/live`, {
      headers: { traceparent, [CORRELATION_HEADER]: 'corr-1' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-trace-id')).toBe(parentTraceId);
    const [, traceId, spanId] = res.headers.get('traceparent')!.split('-');
    expect(traceId).toBe(parentTraceId);
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    const line = await requestLine();
    expect(line).toEqual({
      level: 'info',
      time: expect.any(String),
      service: 'incidents',
      trace_id: parentTraceId,
      span_id: spanId,
      correlation_id: 'corr-1',
      method: 'GET',
      route: '/health/live',
      status: 200,
      duration_ms: expect.any(Number),
      msg: 'request',
    });
    expect(Object.keys(line!).slice(0, 6)).toEqual([
      'level',
      'time',
      'service',
      'trace_id',
      'span_id',
      'correlation_id',
    ]);
    expect(lines.find((l) => l.msg === 'inside the handler')).toMatchObject({
      trace_id: parentTraceId,
      span_id: spanId,
      correlation_id: 'corr-1',
    });
  });

  it('starts a new trace without a traceparent, and records the request in the metrics', async () => {
    const { url, server, requestLine, metrics } = await serve('info');
    running = server;
    const res = await fetch(`${url}/health/live`);
    const traceId = res.headers.get('x-trace-id');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe(parentTraceId);
    expect(res.headers.get('traceparent')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const line = await requestLine();
    expect(line).toMatchObject({
      trace_id: traceId,
      correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(await metrics.registry.metrics()).toContain(
      'http_request_duration_seconds_count{service="incidents",method="GET",route="/health/live",status="200"} 1',
    );
  });

  it('writes no request line when the level is above info, and still times the request', async () => {
    const { lines, url, server, metrics } = await serve('warn');
    running = server;
    const res = await fetch(`${url}/health/live`);
    expect(res.headers.get('x-trace-id')).toMatch(/^[0-9a-f]{32}$/);
    for (let i = 0; i < 100 && !(await metrics.registry.metrics()).includes('status="200"'); i++) {
      await new Promise((done) => setTimeout(done, 5));
    }
    expect(await metrics.registry.metrics()).toContain('status="200"');
    expect(lines.map((line) => line.msg)).toEqual(['inside the handler']);
  });
});

describe(`${Tracing.name} without an endpoint`, () => {
  it('gives every request its own valid trace and span ids, across many requests', () => {
    const sut = new Tracing({ service: 'test' });
    const ids = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const { traceId, spanId } = sut.startServerSpan('GET /x', ROOT_CONTEXT, {}).spanContext();
      expect(traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
      expect(spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
      ids.add(traceId).add(spanId);
    }
    expect(ids.size).toBe(2000);
  });
});
