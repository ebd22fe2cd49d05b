import type { SubgraphName } from '@emergency/config';

/**
 * A service's own variables for an ops command, as `npm start` gives them when they are not set: its database
 * (`<SERVICE>_DATABASE_URL`, `DATABASE_URL`, else the embedded PostgreSQL on `PG_PORT`) and Kafka (`KAFKA_BROKERS`,
 * else the local broker's fixed `KAFKA_PORT`). Elsewhere, run the command with the service's deployment environment.
 */
export function serviceEnv(service: SubgraphName, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    DATABASE_URL:
      env[`${service.toUpperCase()}_DATABASE_URL`] ??
      env.DATABASE_URL ??
      `postgres://postgres:postgres@127.0.0.1:${env.PG_PORT ?? 5433}/emergency`,
    KAFKA_BROKERS: env.KAFKA_BROKERS ?? `127.0.0.1:${env.KAFKA_PORT ?? 9092}`,
  };
}
