import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { transformFile } from '@swc/core';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JsonLogger } from './logger';
import { Tracing, injectTraceContext, traceparentOf, withRequestRecord } from './tracing';

const run = promisify(execFile);
const parentTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = `00-${parentTraceId}-00f067aa0ba902b7-01`;

describe(Tracing.name, () => {
  it('without an endpoint, starts a new trace or continues the caller’s, and records nothing', () => {
    const sut = new Tracing({ service: 'test' });
    expect(sut.recording).toBe(false);
    const fresh = sut.startServerSpan('GET /x', ROOT_CONTEXT, {}).spanContext();
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.traceId).not.toBe(parentTraceId);
    const parent = propagation.extract(ROOT_CONTEXT, { traceparent });
    const child = sut.startServerSpan('POST /graphql', parent, {}).spanContext();
    expect(child.traceId).toBe(parentTraceId);
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe('00f067aa0ba902b7');
    expect(traceparentOf(child)).toBe(`00-${parentTraceId}-${child.spanId}-01`);
  });

  it('writes the active span into outgoing headers', () => {
    const sut = new Tracing({ service: 'test' });
    const span = sut.startServerSpan('POST /graphql', ROOT_CONTEXT, {});
    const headers: Record<string, string> = {};
    context.with(trace.setSpan(ROOT_CONTEXT, span), () => injectTraceContext(headers));
    expect(headers.traceparent).toBe(traceparentOf(span.spanContext()));
    const outside: Record<string, string> = {};
    injectTraceContext(outside);
    expect(outside).toEqual({});
  });

  // The OTLP exporter loads `http` with a dynamic import, which Jest's module sandbox does not run: the SDK is
  // exercised in a plain Node process, as the services run it.
  it('with an endpoint, exports the spans there over OTLP/HTTP', async () => {
    const received: { url: string; bytes: number }[] = [];
    const collector = createServer((req, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        received.push({ url: req.url ?? '', bytes });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((ready) => collector.listen(0, '127.0.0.1', ready));
    const dir = await mkdtemp(join(tmpdir(), 'tracing-'));
    try {
      const { code } = await transformFile(join(__dirname, 'tracing.ts'), {
        swcrc: false,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      await writeFile(join(dir, 'tracing.js'), code);
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      const script = `
        const { propagation, ROOT_CONTEXT } = require('@opentelemetry/api');
        const { Tracing } = require(${JSON.stringify(join(dir, 'tracing.js'))});
        const sut = new Tracing({ service: 'test', otlpEndpoint: ${JSON.stringify(endpoint)} });
        const parent = propagation.extract(ROOT_CONTEXT, { traceparent: ${JSON.stringify(traceparent)} });
        const span = sut.startServerSpan('POST /graphql', parent, {});
        span.end();
        sut.shutdown().then(() => console.log(JSON.stringify({ recording: sut.recording, trace: span.spanContext().traceId })));
      `;
      const { stdout } = await run(process.execPath, ['-e', script], {
        env: { PATH: process.env.PATH ?? '', NODE_PATH: join(__dirname, '../../../node_modules') },
      });
      expect(JSON.parse(stdout)).toEqual({ recording: true, trace: parentTraceId });
      expect(received).toEqual([{ url: '/v1/traces', bytes: expect.any(Number) }]);
      expect(received[0]!.bytes).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await new Promise((done) => collector.close(done));
    }
  });
});

describe(JsonLogger.name, () => {
  it('writes JSON lines with service, level and msg, and the trace and correlation ids inside a request', () => {
    const lines: string[] = [];
    const sut = new JsonLogger('incidents', 'info', (line) => lines.push(line));
    sut.entry('debug', 'below the level');
    sut.entry('info', 'outside a request', { n: 1 });
    const tracing = new Tracing({ service: 'incidents' });
    const span = tracing.startServerSpan(
      'POST /graphql',
      propagation.extract(ROOT_CONTEXT, { traceparent }),
      {},
    );
    const active = withRequestRecord(trace.setSpan(ROOT_CONTEXT, span), { correlationId: 'corr-1' });
    context.with(active, () => sut.warn('inside a request', 'SomeContext'));
    const [outside, inside, ...rest] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rest).toEqual([]);
    expect(outside).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'incidents',
      msg: 'outside a request',
      n: 1,
    });
    expect(inside).toMatchObject({
      level: 'warn',
      service: 'incidents',
      msg: 'inside a request',
      context: 'SomeContext',
      trace_id: parentTraceId,
      span_id: span.spanContext().spanId,
      correlation_id: 'corr-1',
    });
  });
});
