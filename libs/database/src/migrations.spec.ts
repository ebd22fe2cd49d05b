import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { randomBytes } from 'node:crypto';
import { ensureDatabase } from '@emergency/local-stack';
import { MIGRATION_LOCK_NAMESPACE, migrateServiceDatabase, openServiceDatabase } from './index';

// Slow enough that two runs started together overlap inside it, as two replicas of a service starting at once do.
class CreateFirst1700000000001 implements MigrationInterface {
  name = 'CreateFirst1700000000001';
  async up(q: QueryRunner) {
    await q.query(`SELECT pg_sleep(0.3)`);
    await q.query(`CREATE TABLE first_thing (id int PRIMARY KEY)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE first_thing`);
  }
}

class CreateSecond1700000000002 implements MigrationInterface {
  name = 'CreateSecond1700000000002';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE second_thing (id int PRIMARY KEY)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE second_thing`);
  }
}

class CreateThird1700000000003 implements MigrationInterface {
  name = 'CreateThird1700000000003';
  async up(q: QueryRunner) {
    await q.query(`CREATE TABLE third_thing (id int PRIMARY KEY)`);
  }
  async down(q: QueryRunner) {
    await q.query(`DROP TABLE third_thing`);
  }
}

class Fail1700000000004 implements MigrationInterface {
  name = 'Fail1700000000004';
  async up(q: QueryRunner) {
    await q.query(`SELECT 1/0`);
  }
  async down() {}
}

// Not @emergency/testing: it builds on this lib, and a lib's tests may not close a cycle through it.
const uniqueName = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

const MIGRATIONS = [CreateFirst1700000000001, CreateSecond1700000000002, CreateThird1700000000003];

describe('service migrations', () => {
  let url: string;
  let admin: Client;

  beforeAll(async () => {
    url = await ensureDatabase(process.env.TEST_DATABASE_URL!, uniqueName('migrations'));
    admin = new Client({ connectionString: url });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
  });

  const options = (schema: string, migrations: typeof MIGRATIONS | unknown[] = MIGRATIONS) => ({
    url,
    schema,
    applicationName: 'migrations-spec',
    entities: [],
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    migrations: migrations as Function[],
  });

  const applied = async (schema: string) =>
    (await admin.query<{ name: string }>(`SELECT name FROM ${schema}.migrations ORDER BY id`)).rows.map(
      (r) => r.name,
    );

  const migrationLocksHeld = async () =>
    Number(
      (
        await admin.query<{ n: string }>(
          // pg_locks spans the cluster; other test files migrate their own databases at the same time.
          `SELECT count(*) AS n FROM pg_locks
            WHERE locktype = 'advisory' AND classid = $1::int::oid
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [MIGRATION_LOCK_NAMESPACE],
        )
      ).rows[0]!.n,
    );

  it('lets two instances starting at once on a fresh schema both start, each migration run once', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const schema = uniqueName('race');
      const results = await Promise.allSettled([
        openServiceDatabase(options(schema)),
        openServiceDatabase(options(schema)),
      ]);
      for (const result of results) if (result.status === 'fulfilled') await result.value.destroy();
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual([
        'started',
        'started',
      ]);
      expect(await applied(schema)).toEqual([
        'CreateFirst1700000000001',
        'CreateSecond1700000000002',
        'CreateThird1700000000003',
      ]);
    }
  });

  it('releases the migration lock when a migration fails, so the next run is not held up', async () => {
    const schema = uniqueName('failing');
    await expect(openServiceDatabase(options(schema, [...MIGRATIONS, Fail1700000000004]))).rejects.toThrow(
      /division by zero/,
    );
    expect(await migrationLocksHeld()).toBe(0);
    const db = await openServiceDatabase(options(schema));
    await db.destroy();
    expect(await applied(schema)).toHaveLength(3);
  });

  it('waits for a run holding the lock, then finds nothing to do', async () => {
    const schema = uniqueName('waits');
    const first = migrateServiceDatabase(options(schema), { action: 'up' });
    const second = migrateServiceDatabase(options(schema), { action: 'up' });
    const [a, b] = await Promise.all([first, second]);
    expect([a.ran.length, b.ran.length].sort()).toEqual([0, 3]);
    expect(b.status).toEqual({ applied: a.status.applied, pending: [], unknown: [] });
  });

  it('reverts the latest migration, every one after a named one, or all', async () => {
    const schema = uniqueName('revert');
    await migrateServiceDatabase(options(schema), { action: 'up' });

    const last = await migrateServiceDatabase(options(schema), { action: 'revert', last: 1 });
    expect(last.reverted).toEqual(['CreateThird1700000000003']);
    expect(last.status.pending).toEqual(['CreateThird1700000000003']);

    await migrateServiceDatabase(options(schema), { action: 'up' });
    const to = await migrateServiceDatabase(options(schema), {
      action: 'revert',
      to: 'CreateFirst1700000000001',
    });
    expect(to.reverted).toEqual(['CreateThird1700000000003', 'CreateSecond1700000000002']);
    expect(await applied(schema)).toEqual(['CreateFirst1700000000001']);

    const all = await migrateServiceDatabase(options(schema), { action: 'revert', all: true });
    expect(all.reverted).toEqual(['CreateFirst1700000000001']);
    expect(all.status).toEqual({
      applied: [],
      pending: ['CreateFirst1700000000001', 'CreateSecond1700000000002', 'CreateThird1700000000003'],
      unknown: [],
    });
    const tables = await admin.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
      [schema],
    );
    expect(tables.rows).toEqual([{ table_name: 'migrations' }]);

    const nothing = await migrateServiceDatabase(options(schema), { action: 'revert', last: 1 });
    expect(nothing.reverted).toEqual([]);
  });

  it('refuses to revert to a migration that is not applied, or past one this version does not know', async () => {
    const schema = uniqueName('unknown');
    await migrateServiceDatabase(options(schema), { action: 'up' });
    await expect(
      migrateServiceDatabase(options(schema), { action: 'revert', to: 'Nothing1700000000009' }),
    ).rejects.toThrow(/Nothing1700000000009 is not an applied migration/);

    const older = [CreateFirst1700000000001, CreateSecond1700000000002];
    await expect(
      migrateServiceDatabase(options(schema, older), { action: 'revert', last: 1 }),
    ).rejects.toThrow(/CreateThird1700000000003, is not known to this version/);
    expect(await applied(schema)).toHaveLength(3);
  });

  it('with MIGRATIONS_RUN=skip runs nothing, refuses to start while migrations are pending, starts when none are', async () => {
    const schema = uniqueName('skip');
    await expect(openServiceDatabase({ ...options(schema), migrationsRun: 'skip' })).rejects.toThrow(
      /3 migration\(s\) of schema .* are pending \(CreateFirst1700000000001, /,
    );
    expect(
      (await admin.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1`, [schema]))
        .rowCount,
    ).toBe(0);
    await migrateServiceDatabase(options(schema), { action: 'up' });
    const db = await openServiceDatabase({ ...options(schema), migrationsRun: 'skip' });
    await db.destroy();
  });
});
