import type { INestApplication, Type } from '@nestjs/common';
import { Client } from 'pg';
import type { Identity } from '@emergency/auth';
import { domainTopic } from '@emergency/events';
import { Clock, startSubgraph } from '@emergency/subgraph';
import {
  dataOf,
  identities,
  subgraphRequest,
  TEST_IDENTITY_SECRET,
  type GraphQLResponse,
} from './graphql-client';
import { createTestDatabase, testKafkaBrokers, uniqueName } from './helpers';

/** A subgraph running in the test process on a fresh database and topic prefix of the run's servers. */
export interface TestSubgraph {
  app: INestApplication;
  url: string;
  /** The service's own topic under this run's prefix. */
  topic: string;
  /** This run's topic prefix, e.g. for playing another service's events (`registerOrganisations`). */
  topicPrefix: string;
  /** A connection to the service's schema, for asserting what was (not) written. */
  db: Client;
  /** Runs an operation that must succeed as `identity` (admin by default) and returns its data. */
  call<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<T>;
  /**
   * Runs an operation and returns the whole response, errors included; `identity` null sends none, as a caller
   * that bypasses the gateway would.
   */
  request<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity | null,
  ): Promise<GraphQLResponse<T> & { status: number }>;
  /** The extensions (code, field, ...) of the first error of an operation that must fail. */
  failure(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<Record<string, unknown>>;
  /** Rows in `table` of the service's schema. */
  count(table: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Points the services this test file starts (they read `process.env` at boot) at a new database on the run's
 * PostgreSQL and a new topic prefix on its broker, named after `name`; `env` adds or overrides variables. Returns
 * the topic prefix.
 */
export async function useTestEnvironment(name: string, env: Record<string, string> = {}): Promise<string> {
  const prefix = `${uniqueName(name)}.`;
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: await createTestDatabase(name),
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    // Tests stand on the instant they choose and call a scheduled scan themselves.
    SCAN_INTERVAL_MS: '0',
    ...env,
  });
  return prefix;
}

/**
 * Starts `module` as `service` would run in production, against a new database on the run's PostgreSQL and a
 * new topic prefix on its broker; `env` adds or overrides variables (e.g. the service's own settings).
 */
export async function startTestSubgraph(
  module: Type<unknown>,
  service: string,
  defaultPort: number,
  env: Record<string, string> = {},
): Promise<TestSubgraph> {
  const prefix = await useTestEnvironment(service, env);
  const { app, url } = await startSubgraph(module, service, defaultPort, 0);
  const db = new Client({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${service}` });
  await db.connect();
  const request = <T>(
    query: string,
    variables: Record<string, unknown> = {},
    identity: Identity | null = identities.admin(),
  ) => subgraphRequest<T>(url, query, variables, identity, undefined, { service });
  return {
    app,
    url,
    topic: domainTopic(service, prefix),
    topicPrefix: prefix,
    db,
    request,
    call: async (query, variables, identity) => dataOf(await request(query, variables, identity)),
    failure: async (query, variables, identity) => {
      const res = await request(query, variables, identity);
      if (!res.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(res.data)}`);
      return { message: res.errors[0].message, ...(res.errors[0].extensions ?? {}) };
    },
    count: async (table) =>
      ((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0] as { n: number }).n,
    stop: async () => {
      await db.end();
      await app.close();
    },
  };
}

/** Stands the subgraph's clock (`Clock`) on `at` until the next call or `jest.restoreAllMocks()`. */
export function standClockAt(sut: Pick<TestSubgraph, 'app'>, at: Date): Date {
  jest.spyOn(sut.app.get(Clock), 'now').mockReturnValue(at);
  return at;
}
