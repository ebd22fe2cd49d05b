import type { RequestHandler } from 'express';
import { ConfigError } from '@emergency/config';
import { CommonErrorCode } from '@emergency/graphql';

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;
// What a browser page needs to call the GraphQL endpoint: a JSON POST (or GET) with a bearer token.
const ALLOWED_HEADERS =
  'authorization, content-type, x-correlation-id, traceparent, apollo-require-preflight';
// What a page may read of the answer besides the body: the trace id to quote when reporting a problem.
const EXPOSED_HEADERS = 'x-trace-id, traceparent, x-correlation-id';

/**
 * CORS for the GraphQL endpoint: a browser page on one of `origins` may call it; every other origin gets no CORS
 * headers (so the browser keeps the answer from the page) and a refused preflight. No origin is allowed unless
 * configured. Throws a {@link ConfigError} for an entry that is not an origin, such as a URL with a path or `*`.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const bad = origins.filter((origin) => !ORIGIN.test(origin));
  if (bad.length > 0) {
    throw new ConfigError([
      `CORS_ALLOWED_ORIGINS must list origins like https://console.example.gov.cn (got ${bad.map((o) => JSON.stringify(o)).join(', ')})`,
    ]);
  }
  const allowed = new Set(origins.map((origin) => origin.toLowerCase()));
  return (req, res, next) => {
    const origin = req.header('origin');
    const preflight = req.method === 'OPTIONS' && req.header('access-control-request-method') !== undefined;
    // The common case, no Vary yet, without parsing one.
    if (res.getHeader('Vary') === undefined) res.setHeader('Vary', 'Origin');
    else res.vary('Origin');
    if (origin && allowed.has(origin.toLowerCase())) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
      if (preflight) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
    } else if (preflight) {
      res.status(403).json({
        errors: [
          {
            message: 'This origin may not call the gateway',
            extensions: { code: CommonErrorCode.Forbidden },
          },
        ],
      });
      return;
    }
    next();
  };
}
