import {
  ROOT_CONTEXT,
  context,
  createContextKey,
  isSpanContextValid,
  propagation,
  trace,
  SpanKind,
  TraceFlags,
  type Attributes,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { randomFillSync } from 'node:crypto';

/** Header of the W3C trace context, sent to subgraphs, written into events and returned to callers. */
export const TRACEPARENT_HEADER = 'traceparent';
/** Response header with the bare trace id, for people who paste it into a log search. */
export const TRACE_ID_HEADER = 'x-trace-id';

let registered = false;

/**
 * Makes the active trace context follow async work (AsyncLocalStorage) and read and write `traceparent`
 * (W3C Trace Context), process-wide. Always on: it costs no connection and no recording; idempotent.
 */
export function registerTraceContext(): void {
  if (registered) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  registered = true;
}

export interface TracingSettings {
  service: string;
  /**
   * `OTEL_EXPORTER_OTLP_ENDPOINT`: base URL of an OTLP/HTTP collector (spans go to `<endpoint>/v1/traces`).
   * Empty: no SDK, no recording, no connection; trace ids are still made and propagated.
   */
  otlpEndpoint?: string;
}

// Random bytes are drawn from the system a pool at a time: one call per id costs a trip into the crypto library
// for 8 or 16 bytes, on every request.
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;
const ZERO_IDS: Record<number, string> = { 8: '0'.repeat(16), 16: '0'.repeat(32) };

/** `bytes` random bytes as hex, never all zero (an invalid W3C trace or span id). */
function randomId(bytes: 8 | 16): string {
  for (;;) {
    if (randomOffset + bytes > randomPool.length) {
      randomFillSync(randomPool);
      randomOffset = 0;
    }
    const id = randomPool.toString('hex', randomOffset, randomOffset + bytes);
    randomOffset += bytes;
    if (id !== ZERO_IDS[bytes]) return id;
  }
}

/**
 * A service's tracing: with an OTLP endpoint, the OpenTelemetry SDK records spans and exports them there (and
 * nowhere else: no resource detectors, so nothing probes cloud metadata); without one, spans are not recorded but
 * every request still gets a trace id, continued from the caller's `traceparent` when it sent one.
 */
export class Tracing {
  private readonly provider?: NodeTracerProvider;

  constructor(settings: TracingSettings) {
    registerTraceContext();
    if (settings.otlpEndpoint) {
      const url = `${settings.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
      this.provider = new NodeTracerProvider({
        resource: resourceFromAttributes({ 'service.name': settings.service }),
        spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
      });
    }
  }

  /** Whether spans are recorded and exported. */
  get recording(): boolean {
    return this.provider !== undefined;
  }

  /** Starts the server span of an incoming request, as a child of the caller's context `parent`. */
  startServerSpan(name: string, parent: Context, attributes: Attributes): Span {
    if (this.provider) {
      return this.provider
        .getTracer('emergency')
        .startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    }
    const caller = trace.getSpanContext(parent);
    const continued = caller && isSpanContextValid(caller);
    const spanContext: SpanContext = {
      traceId: continued ? caller.traceId : randomId(16),
      spanId: randomId(8),
      // A new trace is marked sampled, so that a service further on that does record keeps its spans.
      traceFlags: continued ? caller.traceFlags : TraceFlags.SAMPLED,
    };
    return trace.wrapSpanContext(spanContext);
  }

  /** Flushes and stops the exporter, if any. */
  async shutdown(): Promise<void> {
    await this.provider?.shutdown();
  }

  /** Nest calls this when the application closes. */
  async onApplicationShutdown(): Promise<void> {
    await this.shutdown();
  }
}

/** `traceparent` value of a span context. */
export function traceparentOf(span: SpanContext): string {
  return `00-${span.traceId}-${span.spanId}-${(span.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** What one HTTP request found out about itself, shared by the GraphQL plugin, the log and the metrics. */
export interface RequestRecord {
  correlationId: string;
  /** The operation's name as the caller sent it, `null` for an anonymous operation. */
  operationName?: string | null;
  /** Set once a GraphQL request finished; see {@link GraphQLOutcome}. */
  outcome?: GraphQLOutcome;
}

/**
 * `success`: no error. `invalid`: refused before execution (parse, validation, limits). `unauthenticated`: no
 * valid identity. `refused`: executed, but only errors the caller caused (a domain error, FORBIDDEN, ...).
 * `failed`: an internal error.
 */
export type GraphQLOutcome = 'success' | 'invalid' | 'unauthenticated' | 'refused' | 'failed';

const REQUEST_RECORD = createContextKey('emergency.request');

/** Puts `record` into a context, for {@link currentRequest}. */
export const withRequestRecord = (ctx: Context, record: RequestRecord): Context =>
  ctx.setValue(REQUEST_RECORD, record);

/** The record of the HTTP request being served, if any. */
export function currentRequest(): RequestRecord | undefined {
  return context.active().getValue(REQUEST_RECORD) as RequestRecord | undefined;
}

/** `trace_id`, `span_id` and `correlation_id` of the work in progress, for log lines; empty outside a request. */
export function traceFields(): Record<string, string> {
  const active = context.active();
  const fields: Record<string, string> = {};
  const span = trace.getSpanContext(active);
  if (span && isSpanContextValid(span)) {
    fields.trace_id = span.traceId;
    fields.span_id = span.spanId;
  }
  const record = active.getValue(REQUEST_RECORD) as RequestRecord | undefined;
  if (record) fields.correlation_id = record.correlationId;
  return fields;
}

/**
 * Writes the active trace context (`traceparent`, and `tracestate` when there is one) into `carrier`: the headers
 * of a request to a subgraph, or of an event.
 */
export function injectTraceContext(carrier: Record<string, string>): void {
  propagation.inject(context.active(), carrier);
}

/**
 * Runs `work` inside the trace context `carrier` carries (the `traceparent` header of an event), so what it logs
 * and the events it publishes belong to the trace of the request that caused the event. Kafka header values may be
 * buffers; absent or malformed headers leave `work` outside any trace.
 */
export function withTraceContextOf<T>(
  carrier: Record<string, Buffer | string | (Buffer | string)[] | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(carrier)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return context.with(propagation.extract(ROOT_CONTEXT, text), work);
}
