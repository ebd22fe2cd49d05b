import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { ConfigError, subgraphConfig } from '@emergency/config';
import { graphqlHttpErrors } from '@emergency/graphql';
import {
  JsonLogger,
  ServiceMetrics,
  Tracing,
  errorFields,
  exitWithSupervisor,
  observeHttp,
} from '@emergency/observability';

export interface RunningSubgraph {
  app: INestApplication;
  url: string;
  port: number;
}

/**
 * Creates and starts a subgraph. Configuration is validated before anything connects, so a bad variable ends
 * the process with one clear message instead of a stack trace.
 */
export async function startSubgraph(
  module: Type<unknown>,
  service: string,
  defaultPort: number,
  port?: number,
): Promise<RunningSubgraph> {
  const cfg = subgraphConfig(service, defaultPort).load(process.env);
  const logger = new JsonLogger(service, cfg.LOG_LEVEL);
  // The body is parsed here rather than by Nest, so that a body Express cannot read (malformed JSON, over the
  // limit) is answered as a GraphQL error in JSON instead of Express's HTML page.
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger,
    bufferLogs: false,
    bodyParser: false,
  });
  // The gateway is the only caller and never sends a conditional request: no SHA-1 of every answer for an ETag.
  app.disable('etag');
  app.use(observeHttp({ logger, metrics: app.get(ServiceMetrics), tracing: app.get(Tracing) }));
  app.use(
    '/graphql',
    express.json({ limit: cfg.MAX_REQUEST_BODY_BYTES }),
    graphqlHttpErrors((error) => logger.entry('error', 'unexpected HTTP error', errorFields(error))),
  );
  // Ending by process.exit rather than by the signal again runs the exit hooks: a CPU profile (`--cpu-prof`) is
  // written then, never when a signal ends the process.
  app.enableShutdownHooks([], { useProcessExit: true });
  await app.listen(port ?? cfg.PORT, '0.0.0.0');
  const actual = (app.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${actual}/graphql`;
  logger.entry('info', 'subgraph listening', { url });
  return { app, url, port: actual };
}

/** `main.ts` of every subgraph: start, or print the configuration problem and exit 1. */
export function runSubgraph(module: Type<unknown>, service: string, defaultPort: number): void {
  exitWithSupervisor();
  startSubgraph(module, service, defaultPort).catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
    } else {
      new JsonLogger(service).error(error instanceof Error ? error : new Error(String(error)), 'bootstrap');
    }
    process.exit(1);
  });
}
