import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { isScalarType, type GraphQLSchema } from 'graphql';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SUBGRAPHS, subgraphUrlVariable, type GatewayConfig } from '@emergency/config';
import {
  CORRELATION_HEADER,
  DateTimeScalar,
  apolloServerPolicy,
  MoneyScalar,
  formatError,
  graphqlHttpErrors,
} from '@emergency/graphql';
import {
  JsonLogger,
  ServiceMetrics,
  Tracing,
  errorFields,
  graphqlObservation,
  healthHandlers,
  observeHttp,
} from '@emergency/observability';
import { cors } from './cors';
import { explorerAssets, explorerPage } from './explorer';
import { IdentityForwardingDataSource } from './forwarding';
import { GatewayMetrics } from './gateway-metrics';
import { userTokenAuthenticator, type GatewayContext } from './identity';
import { operationLimitsMiddleware, operationLimitsPlugin } from './limits';
import { ObservedQueryPlanCache } from './query-plan-cache';

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * `@apollo/gateway` 2.x, unless this variable is set, starts a metrics exporter that sends usage data to Apollo
 * and, to describe the host, probes the AWS, Azure, GCP and Alibaba metadata addresses. It reads the variable in
 * `new ApolloGateway`, and offers no option instead; the gateway sets it itself so that no deployment can forget
 * it. A system that must send nothing anywhere it was not configured to cannot leave this to a variable.
 */
function disableApolloTelemetry() {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}

/**
 * The supergraph declares Money and DateTime but carries no code for them, so the gateway would accept any value
 * and leave the subgraph to refuse it. Giving the API schema the subgraphs' own parsers refuses a bad value
 * (Money "1.5", DateTime "yesterday") here, as BAD_USER_INPUT with its reason, before any subgraph is called.
 * Only input parsing is taken: results are serialized by the subgraphs and passed on as they are.
 */
function checkScalarsAtTheEdge(schema: GraphQLSchema) {
  for (const scalar of [MoneyScalar, DateTimeScalar]) {
    const type = schema.getType(scalar.name);
    if (!isScalarType(type)) continue;
    type.parseValue = scalar.parseValue;
    type.parseLiteral = scalar.parseLiteral;
  }
}

/** Starts the gateway on the checked-in supergraph, with subgraph URLs taken from configuration. */
export async function startGateway(cfg: GatewayConfig, port = cfg.PORT): Promise<RunningGateway> {
  const production = cfg.NODE_ENV === 'production';
  const logger = new JsonLogger('gateway', cfg.LOG_LEVEL);
  const metrics = new ServiceMetrics('gateway');
  const gatewayMetrics = new GatewayMetrics(metrics);
  const tracing = new Tracing({ service: 'gateway', otlpEndpoint: cfg.OTEL_EXPORTER_OTLP_ENDPOINT });
  const allowOrigins = cors(cfg.CORS_ALLOWED_ORIGINS);
  const urls = new Map<string, string>(SUBGRAPHS.map(({ name }) => [name, cfg[subgraphUrlVariable(name)]]));
  disableApolloTelemetry();
  const dataSources: IdentityForwardingDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(resolve(cfg.SUPERGRAPH_PATH), 'utf8'),
    buildService: ({ name, url }) => {
      const target = urls.get(name) ?? url;
      if (!target) throw new Error(`No URL configured for subgraph ${name}`);
      const dataSource = new IdentityForwardingDataSource(target, cfg.GATEWAY_IDENTITY_SECRET, {
        name,
        timeoutMs: cfg.SUBGRAPH_TIMEOUT_MS,
        connections: cfg.SUBGRAPH_CONNECTIONS,
        deduplicate: cfg.GATEWAY_DEDUPLICATE_INFLIGHT,
        logger,
        metrics: gatewayMetrics,
      });
      dataSources.push(dataSource);
      return dataSource;
    },
    queryPlannerConfig: {
      cache: new ObservedQueryPlanCache(cfg.QUERY_PLAN_CACHE_MIB * 2 ** 20, gatewayMetrics),
    },
    logger: {
      debug: (m) => logger.entry('debug', String(m)),
      info: (m) => logger.entry('info', String(m)),
      warn: (m) => logger.entry('warn', String(m)),
      error: (m) => logger.entry('error', String(m)),
    },
  });
  const authenticate = userTokenAuthenticator({
    secret: cfg.AUTH_JWT_SECRET,
    issuer: cfg.AUTH_JWT_ISSUER,
    audience: cfg.AUTH_JWT_AUDIENCE,
  });
  const policy = apolloServerPolicy(production);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    ...policy,
    parseOptions: { maxTokens: cfg.MAX_QUERY_TOKENS },
    plugins: [
      ...policy.plugins,
      graphqlObservation<GatewayContext>(),
      operationLimitsPlugin(cfg),
      // Apollo's landing page loads its explorer from Apollo's CDN; ours is served from node_modules.
      ApolloServerPluginLandingPageDisabled(),
    ],
    formatError: formatError(production, (error) =>
      logger.entry('error', 'unexpected gateway error', errorFields(error)),
    ),
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    checkScalarsAtTheEdge(loaded);
    apiSchema = loaded;
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
  // An ETag is a SHA-1 of every answer's body, for a conditional GET no caller of a GraphQL POST makes.
  app.disable('etag');
  app.use(observeHttp({ logger, metrics, tracing }));
  const health = healthHandlers(() => [
    {
      name: 'supergraph',
      check: async () => {
        await server.assertStarted('readiness');
      },
    },
  ]);
  app.get('/health/live', health.live);
  app.get('/health/ready', health.ready);
  app.get('/metrics', (req, res) => void metrics.expose(req, res));
  if (!production) app.use('/explorer', explorerAssets());
  app.use(
    '/graphql',
    allowOrigins,
    ...(production ? [] : [explorerPage()]),
    express.json({ limit: cfg.MAX_REQUEST_BODY_BYTES }),
    graphqlHttpErrors((error) => logger.entry('error', 'unexpected gateway error', errorFields(error))),
    operationLimitsMiddleware(() => apiSchema, cfg, cfg.MAX_QUERY_TOKENS),
    expressMiddleware(server, {
      context: async ({ req }) => ({
        identity: await authenticate(req),
        correlationId: req.header(CORRELATION_HEADER) ?? randomUUID(),
      }),
    }),
  );

  const http: Server = await new Promise((ready) => {
    const listening = app.listen(port, '0.0.0.0', () => ready(listening));
  });
  const actual = (http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${actual}/graphql`;
  logger.entry('info', 'gateway listening', { url });
  return {
    url,
    port: actual,
    stop: async () => {
      await server.stop();
      await new Promise<void>((done) => http.close(() => done()));
      await Promise.all(dataSources.map((dataSource) => dataSource.close()));
      await tracing.shutdown();
    },
  };
}
