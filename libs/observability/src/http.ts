import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { JsonLogger } from './logger';
import type { ServiceMetrics } from './metrics';
import {
  TRACE_ID_HEADER,
  TRACEPARENT_HEADER,
  traceparentOf,
  withRequestRecord,
  type RequestRecord,
  type Tracing,
} from './tracing';

/** Header carrying the correlation id from the caller through the gateway into subgraphs and events. */
export const CORRELATION_HEADER = 'x-correlation-id';
// A caller's correlation id is kept if it looks like one; anything else (too long, odd characters) is replaced.
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export interface HttpObservation {
  logger: JsonLogger;
  metrics: ServiceMetrics;
  tracing: Tracing;
}

const NO_ATTRIBUTES = Object.freeze({});

const pathOf = (req: Request) => {
  const url = req.originalUrl || req.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/**
 * Express middleware, first in the chain, for every request: continues the caller's trace (`traceparent`) or
 * starts one, returns it in `traceparent` and `x-trace-id`, keeps (or assigns) the correlation id, runs the rest
 * of the request in that context (so every log line and outgoing call carries it), and when the response is done
 * times it (`http_request_duration_seconds`, and `graphql_operation_duration_seconds` for GraphQL requests) and
 * writes one `request` log line at info level.
 */
export function observeHttp({ logger, metrics, tracing }: HttpObservation) {
  return (req: Request, res: Response, next: NextFunction) => {
    const startedAt = process.hrtime.bigint();
    const given = req.headers[CORRELATION_HEADER];
    const correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
    // What the GraphQL context reads: the id every log line of this request and every event it causes carry.
    req.headers[CORRELATION_HEADER] = correlationId;
    const method = metrics.methodLabel(req.method);
    const route = metrics.routeLabel(pathOf(req));
    // Without a `traceparent` there is nothing to continue: the propagator would find the same.
    const parent =
      req.headers[TRACEPARENT_HEADER] === undefined
        ? ROOT_CONTEXT
        : propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracing.startServerSpan(
      `${method} ${route}`,
      parent,
      tracing.recording ? { 'http.request.method': method, 'http.route': route } : NO_ATTRIBUTES,
    );
    const record: RequestRecord = { correlationId };
    const active = withRequestRecord(trace.setSpan(parent, span), record);
    const spanContext = span.spanContext();
    res.setHeader(TRACEPARENT_HEADER, traceparentOf(spanContext));
    res.setHeader(TRACE_ID_HEADER, spanContext.traceId);

    // Not bound to the request's context: the line names its trace and correlation ids itself, and nothing else
    // here reads the active context.
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const status = res.statusCode;
      metrics.httpDuration.observe({ method, route, status: String(status) }, seconds);
      if (record.outcome) metrics.observeGraphQL(record.operationName, record.outcome, seconds);
      if (tracing.recording) {
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
      if (!logger.enabled('info')) return;
      logger.entry('info', 'request', {
        trace_id: spanContext.traceId,
        span_id: spanContext.spanId,
        correlation_id: correlationId,
        method,
        route,
        status,
        duration_ms: Math.round(seconds * 1e4) / 10,
        ...(record.operationName !== undefined
          ? { operation: record.operationName?.slice(0, 128) ?? null }
          : {}),
        ...(record.outcome ? { outcome: record.outcome } : {}),
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    });
    context.with(active, next);
  };
}
