export * from './first-rows';
import { Client } from 'pg';
import {
  DataSource,
  type DataSourceOptions,
  type EntityManager,
  type MixedList,
  type EntitySchema,
  type ValueTransformer,
} from 'typeorm';

/** Maps a PostgreSQL bigint column to a JS bigint, so money in fen is never squeezed through a float. */
export const bigintColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) =>
    value === null || value === undefined ? value : value.toString(),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

export interface ServiceDatabaseOptions {
  url: string;
  /** The service's own schema; every unqualified table name resolves into it. */
  schema: string;
  applicationName: string;
  poolSize?: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** TypeORM options for a service that owns one schema and migrates it itself. */
export function serviceDataSourceOptions(opts: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    applicationName: opts.applicationName,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    // Each migration in its own transaction: a failing one leaves the schema at the last good version.
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: {
      max: opts.poolSize ?? 10,
      // Raw SQL in migrations and repositories uses unqualified names; they land in the service's schema.
      options: `-c search_path=${opts.schema}`,
    },
  };
}

/** Creates the schema if needed, connects, and runs pending migrations. */
export async function openServiceDatabase(opts: ServiceDatabaseOptions): Promise<DataSource> {
  await ensureSchema(opts.url, opts.schema);
  const dataSource = new DataSource(serviceDataSourceOptions(opts));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/**
 * Creates the schema unless it exists, tolerant of two instances of a service starting at once. An existing schema
 * is left alone without asking for CREATE on the database, so a role that was given only its own schema
 * (infra/postgres/init.sql) starts too.
 */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Invalid schema name ${JSON.stringify(schema)}`);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const existing = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema]);
    if (existing.rowCount) return;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } catch (error) {
    // 23505/42P06: a concurrent CREATE SCHEMA won the race; the schema exists, which is all we need.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` in one transaction. A violation of a constraint named in `violations` (a unique index behind a check
 * the service made first, and lost a race on) is rethrown as the domain error its function makes, so a database
 * constraint error never reaches the caller as it is; any other error passes unchanged.
 */
export async function transaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  violations: Readonly<Record<string, () => Error>> = {},
): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    const constraint = (error as { constraint?: unknown }).constraint;
    if (typeof constraint === 'string' && Object.hasOwn(violations, constraint))
      throw violations[constraint]!();
    throw error;
  }
}

/**
 * Waits for, then holds until the transaction ends, the advisory lock on `key` (an id, a code) within
 * `namespace` (a constant per kind of thing locked) and the service's schema: for serialising changes that no
 * single row stands for, such as every shift of one person or the coverage of one village.
 */
export async function lockKey(manager: EntityManager, namespace: number, key: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || ':' || $2))`, [
    namespace,
    key,
  ]);
}
