import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import { buildHTTPExecutor, type AsyncFetchFn } from '@graphql-tools/executor-http';
import {
  AuthError,
  IDENTITY_HEADER,
  signForwardedIdentity,
  verifyUserToken,
  type Identity,
  type UserTokenSettings,
} from '@emergency/auth';
import { SUBGRAPHS, gatewayConfig, subgraphUrlVariable } from '@emergency/config';
import { CORRELATION_HEADER, unauthenticated } from '@emergency/graphql';
import { exitWithSupervisor } from '@emergency/observability';

/**
 * Hive Gateway (`@graphql-hive/gateway-runtime` with the router runtime, the Rust query planner) on the checked-in
 * supergraph and the started system's subgraphs: the gateway the benchmark compares ours with. It is for the
 * benchmark only, never part of the system. Run as `node dist/infra/bench/hive-gateway.js <dedup-on|dedup-off>`
 * (the argument names the process in the benchmark's CPU columns) with the gateway's configuration
 * (`<SUBGRAPH>_URL`, `PORT`, the token and identity secrets).
 *
 * So that it does the same security work as ours, it verifies each caller's bearer token as our gateway does
 * ({@link verifyUserToken}, the same settings) and sends every subgraph request with the identity signed for that
 * subgraph and that body, and the correlation header, as `apps/gateway/src/forwarding.ts` does.
 *
 * `dedup-on` keeps Hive's default, merging identical subgraph queries in flight; their key is the URL, the body and
 * the headers set before the merge, which here carry the caller's subject, so two callers' requests never merge
 * (the identity itself is signed per request sent, after the merge). `dedup-off` sends every request.
 */

export const HIVE_MODES = ['dedup-on', 'dedup-off'] as const;
export type HiveMode = (typeof HIVE_MODES)[number];

/** Names the caller in the subgraph request before Hive merges identical ones, so callers are never merged. */
const CALLER_HEADER = 'x-emergency-caller';
/** Hive's readiness path. */
export const HIVE_READY_PATH = '/readiness';

interface HiveContext {
  identity?: Identity;
  correlationId?: string;
}

/** The caller's identity from `Authorization: Bearer <token>`, checked as our gateway checks it. */
async function authenticate(header: string | null, settings: UserTokenSettings): Promise<Identity> {
  if (!header) throw unauthenticated('Missing Authorization header: send "Authorization: Bearer <token>"');
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw unauthenticated('Authorization header must be "Bearer <token>"');
  }
  try {
    return await verifyUserToken(token, settings);
  } catch (error) {
    throw unauthenticated(error instanceof AuthError ? error.message : 'invalid token');
  }
}

/**
 * The gateway's security work as a Hive plugin: the caller authenticated once per request; each subgraph request
 * (after Hive's merge of identical ones) signed for its subgraph and its JSON body.
 */
export function identityPlugin(
  settings: UserTokenSettings,
  identitySecret: string,
  subgraphByUrl: ReadonlyMap<string, string>,
): GatewayPlugin<HiveContext> {
  return {
    onContextBuilding: async ({ context, extendContext }) => {
      const headers = context.request.headers;
      extendContext({
        identity: await authenticate(headers.get('authorization'), settings),
        correlationId: headers.get(CORRELATION_HEADER) ?? randomUUID(),
      });
    },
    onFetch: ({ url, options, setOptions, context }) => {
      const subgraph = subgraphByUrl.get(url);
      if (!subgraph || !('identity' in context) || !context.identity) return;
      const body: unknown = typeof options.body === 'string' ? JSON.parse(options.body) : undefined;
      setOptions({
        ...options,
        headers: {
          ...(options.headers as Record<string, string>),
          [IDENTITY_HEADER]: signForwardedIdentity(context.identity, identitySecret, { subgraph, body }),
          [CORRELATION_HEADER]: context.correlationId ?? randomUUID(),
        },
      });
    },
  };
}

export function startHiveGateway(mode: HiveMode, env: NodeJS.ProcessEnv = process.env) {
  const cfg = gatewayConfig.load(env);
  const urls = new Map<string, string>(SUBGRAPHS.map(({ name }) => [name, cfg[subgraphUrlVariable(name)]]));
  const subgraphByUrl = new Map([...urls].map(([name, url]) => [url, name]));
  const runtime = createGatewayRuntime<HiveContext>({
    supergraph: readFileSync(resolve(cfg.SUPERGRAPH_PATH), 'utf8'),
    unifiedGraphHandler,
    logging: 'error',
    landingPage: false,
    graphiql: false,
    transports: {
      // Hive's own HTTP transport is a thin layer over this executor: the subgraph's URL, Hive's fetch (through
      // the plugins' onFetch) and, here, the merge of identical queries in flight on or off.
      http: {
        getSubgraphExecutor: ({ subgraphName, fetch }) => {
          const endpoint = urls.get(subgraphName);
          if (!endpoint) throw new Error(`the supergraph's subgraph ${subgraphName} is not one of ours`);
          return buildHTTPExecutor({
            endpoint,
            fetch: fetch as unknown as AsyncFetchFn,
            deduplicateInflightRequests: mode === 'dedup-on',
            headers: (request): Record<string, string> => {
              const identity = (request?.context as HiveContext | undefined)?.identity;
              return identity ? { [CALLER_HEADER]: identity.subject } : {};
            },
          });
        },
      },
    },
    plugins: () => [
      identityPlugin(
        { secret: cfg.AUTH_JWT_SECRET, issuer: cfg.AUTH_JWT_ISSUER, audience: cfg.AUTH_JWT_AUDIENCE },
        cfg.GATEWAY_IDENTITY_SECRET,
        subgraphByUrl,
      ),
    ],
  });
  const server = createServer(runtime);
  server.listen(cfg.PORT, '127.0.0.1');
  return { server, runtime };
}

if (require.main === module) {
  exitWithSupervisor(); // a benchmark system killed outright takes it along
  // Hive adds an abort listener per subgraph request to one signal: under 20 connections it passes Node's warning
  // threshold of 10 at once, and the warning would fill the benchmark's output.
  setMaxListeners(0);
  const mode = process.argv[2] as HiveMode;
  if (!HIVE_MODES.includes(mode)) {
    process.stderr.write(`usage: hive-gateway.js <${HIVE_MODES.join('|')}>\n`);
    process.exit(2);
  }
  const { server, runtime } = startHiveGateway(mode);
  const stop = () => {
    server.close();
    void Promise.resolve(runtime[Symbol.asyncDispose]()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
