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

/**
 * What a service does with its migrations at start: run the pending ones (`on-start`, under the service's
 * migration lock), or run none and refuse to start while any is pending (`skip`, when `npm run migrate` or a
 * deployment job migrates before the service starts).
 */
export type MigrationsRun = 'on-start' | 'skip';

/**
 * Creates the schema if needed, connects, and runs pending migrations under the schema's migration lock (see
 * {@link withMigrationLock}), so replicas starting at once migrate one after the other and the later ones find
 * nothing to do. With `migrationsRun: 'skip'` it runs none and throws, naming them, if any is pending.
 */
export async function openServiceDatabase(
  opts: ServiceDatabaseOptions & { migrationsRun?: MigrationsRun },
): Promise<DataSource> {
  await ensureSchema(opts.url, opts.schema);
  const dataSource = new DataSource(serviceDataSourceOptions(opts));
  await dataSource.initialize();
  try {
    if (opts.migrationsRun === 'skip') {
      const pending = (await migrationStatus(dataSource)).pending;
      if (pending.length > 0)
        throw new Error(
          `MIGRATIONS_RUN is skip and ${pending.length} migration(s) of schema ${opts.schema} are pending ` +
            `(${pending.join(', ')}); run them first (npm run migrate) or start with MIGRATIONS_RUN=on-start`,
        );
    } else {
      await withMigrationLock(opts.url, opts.schema, () => dataSource.runMigrations());
    }
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

/** Advisory lock namespace of migration runs ("MIGR"); the key within it is the schema's name. */
export const MIGRATION_LOCK_NAMESPACE = 0x4d494752;

/**
 * Runs `work` holding the session-level advisory lock of `schema`'s migrations, on a connection of its own that
 * is closed afterwards, whether `work` succeeded or not (closing a session releases its locks even when the
 * unlock cannot be sent). Advisory locks are per database, so the schema in the key keeps services that share a
 * database from waiting for each other.
 */
export async function withMigrationLock<T>(url: string, schema: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: `${schema}-migration-lock` });
  await client.connect();
  // A connection dropped while waiting or holding must not crash the process from an unhandled 'error' event;
  // the query or work in progress fails and reports it.
  client.on('error', () => undefined);
  try {
    await client.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [MIGRATION_LOCK_NAMESPACE, schema]);
    try {
      return await work();
    } finally {
      await client
        .query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [MIGRATION_LOCK_NAMESPACE, schema])
        .catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The migrations a service knows and which of them its schema has run, by class name, oldest first. */
export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Run in the schema but unknown to this code (a newer version ran them): never reverted from here. */
  unknown: string[];
}

/** Which of the data source's migrations have run in its schema; an unmigrated schema has run none. */
export async function migrationStatus(dataSource: DataSource): Promise<MigrationStatus> {
  const known = dataSource.migrations
    .map((m) => m.name ?? m.constructor.name)
    .sort((a, b) => migrationTimestamp(a) - migrationTimestamp(b));
  const table = (await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS present`)) as {
    present: boolean;
  }[];
  const ran = table[0]?.present
    ? ((await dataSource.query(`SELECT name FROM migrations ORDER BY id`)) as { name: string }[]).map(
        (r) => r.name,
      )
    : [];
  return {
    applied: ran.filter((name) => known.includes(name)),
    pending: known.filter((name) => !ran.includes(name)),
    unknown: ran.filter((name) => !known.includes(name)),
  };
}

/** What `migrateServiceDatabase` does: run every pending migration, or revert the latest, down to one, or all. */
export type MigrationCommand =
  | { action: 'up' }
  | { action: 'revert'; last: 1 }
  | { action: 'revert'; to: string }
  | { action: 'revert'; all: true }
  | { action: 'status' };

/** What a migration command ran or reverted, and the schema's status afterwards. */
export interface MigrationOutcome {
  ran: string[];
  reverted: string[];
  status: MigrationStatus;
}

/**
 * Migrates a service's schema without starting the service: runs pending migrations, or reverts the latest one,
 * every one applied after `to`, or all, each in its own transaction, under the schema's migration lock (so it
 * waits for a replica that is migrating on start, and replicas wait for it). Reverting stops at a migration this
 * code does not know rather than skip it.
 */
export async function migrateServiceDatabase(
  opts: ServiceDatabaseOptions,
  command: MigrationCommand,
): Promise<MigrationOutcome> {
  await ensureSchema(opts.url, opts.schema);
  const dataSource = new DataSource(serviceDataSourceOptions({ ...opts, poolSize: opts.poolSize ?? 2 }));
  await dataSource.initialize();
  try {
    return await withMigrationLock(opts.url, opts.schema, async () => {
      const ran: string[] = [];
      const reverted: string[] = [];
      if (command.action === 'up') {
        ran.push(...(await dataSource.runMigrations()).map((m) => m.name));
      } else if (command.action === 'revert') {
        const before = await migrationStatus(dataSource);
        if ('to' in command && !before.applied.includes(command.to))
          throw new Error(`${command.to} is not an applied migration of schema ${opts.schema}`);
        const anyRan = before.applied.length + before.unknown.length > 0;
        while (anyRan) {
          const rows = (await dataSource.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`)) as {
            name: string;
          }[];
          const latest = rows[0]?.name;
          if (!latest) break;
          if ('to' in command && latest === command.to) break;
          if (before.unknown.includes(latest))
            throw new Error(
              `the latest migration of schema ${opts.schema}, ${latest}, is not known to this version; ` +
                'revert it with the version that ran it',
            );
          await dataSource.undoLastMigration();
          reverted.push(latest);
          if ('last' in command && reverted.length >= command.last) break;
        }
      }
      return { ran, reverted, status: await migrationStatus(dataSource) };
    });
  } finally {
    await dataSource.destroy();
  }
}

/** The 13-digit JavaScript timestamp TypeORM reads from the end of a migration's class name. */
function migrationTimestamp(name: string): number {
  return Number(/\d{13}$/.exec(name)?.[0] ?? 0);
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
 * constraint error never reaches the caller as it is; any other error passes unchanged. A request's write goes
 * through `write` from `@emergency/subgraph`, which uses this and then forgets what the request's loaders held;
 * this alone is for work outside a request (a start-up data load).
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

/** A statement run often enough to be prepared: its name, unique to its text within the service, and its text. */
export interface PreparedStatement {
  name: string;
  text: string;
}

/** What `pg` answers a query config on a pool or a client with. */
interface Queryable {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `statement` with `values` as a named prepared statement and answers its rows: on the connection of
 * `manager`'s transaction when it has one, else on one of the pool's. PostgreSQL parses a named statement once per
 * connection and may keep its plan, and the driver then sends no text at all, so a statement a hot path runs for
 * every request costs less than through `manager.query` (which also builds TypeORM's result wrapper). Errors are
 * the driver's own (with `code` and `constraint`, which {@link transaction} maps as before).
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  const target = (
    runner && !runner.isReleased
      ? await runner.connect()
      : (manager.connection.driver as unknown as { master: Queryable }).master
  ) as Queryable;
  const result = await target.query({ name: statement.name, text: statement.text, values });
  return result.rows as T[];
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
