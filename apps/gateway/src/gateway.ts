import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { SUBGRAPHS, subgraphUrlVariable, type GatewayConfig } from '@emergency/config';
import { CORRELATION_HEADER, formatError } from '@emergency/graphql';
import {
  JsonLogger,
  ServiceMetrics,
  Tracing,
  errorFields,
  graphqlObservation,
  healthHandlers,
  observeHttp,
} from '@emergency/observability';
import { IdentityForwardingDataSource } from './forwarding';
import { authenticate, type GatewayContext } from './identity';
import { aliasLimit, depthLimit } from './limits';

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts the gateway on the checked-in supergraph, with subgraph URLs taken from configuration. */
export async function startGateway(cfg: GatewayConfig, port = cfg.PORT): Promise<RunningGateway> {
  const production = cfg.NODE_ENV === 'production';
  const logger = new JsonLogger('gateway', cfg.LOG_LEVEL);
  const metrics = new ServiceMetrics('gateway');
  const tracing = new Tracing({ service: 'gateway', otlpEndpoint: cfg.OTEL_EXPORTER_OTLP_ENDPOINT });
  const urls = new Map<string, string>(SUBGRAPHS.map(({ name }) => [name, cfg[subgraphUrlVariable(name)]]));
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(resolve(cfg.SUPERGRAPH_PATH), 'utf8'),
    buildService: ({ name, url }) => {
      const target = urls.get(name) ?? url;
      if (!target) throw new Error(`No URL configured for subgraph ${name}`);
      return new IdentityForwardingDataSource(target, name, cfg.GATEWAY_IDENTITY_SECRET);
    },
    logger: {
      debug: (m) => logger.entry('debug', String(m)),
      info: (m) => logger.entry('info', String(m)),
      warn: (m) => logger.entry('warn', String(m)),
      error: (m) => logger.entry('error', String(m)),
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    plugins: [graphqlObservation<GatewayContext>()],
    parseOptions: { maxTokens: cfg.MAX_QUERY_TOKENS },
    validationRules: [depthLimit(cfg.MAX_QUERY_DEPTH), aliasLimit(cfg.MAX_QUERY_ALIASES)],
    formatError: formatError(production, (error) =>
      logger.entry('error', 'unexpected gateway error', errorFields(error)),
    ),
  });
  await server.start();

  const app = express();
  app.disable('x-powered-by');
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
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req }) => ({
        identity: await authenticate(req, {
          secret: cfg.AUTH_JWT_SECRET,
          issuer: cfg.AUTH_JWT_ISSUER,
          audience: cfg.AUTH_JWT_AUDIENCE,
        }),
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
      await tracing.shutdown();
    },
  };
}
