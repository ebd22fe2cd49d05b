import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ensureDatabase } from '@emergency/local-stack';
import { openServiceDatabase, preparedQuery, transaction, type PreparedStatement } from './index';

const uniqueName = (prefix: string) => `${prefix}_${randomBytes(5).toString('hex')}`;

const INSERT: PreparedStatement = {
  name: 'prepared_spec_insert',
  text: `INSERT INTO thing (id, label) VALUES ($1, $2) RETURNING id, label`,
};
const READ: PreparedStatement = { name: 'prepared_spec_read', text: `SELECT label FROM thing WHERE id = $1` };
const SESSION: PreparedStatement = {
  name: 'prepared_spec_session',
  text: `SELECT pg_backend_pid() AS pid, (SELECT count(*) FROM pg_prepared_statements WHERE name = 'prepared_spec_read')::int AS prepared`,
};

describe(preparedQuery.name, () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = await ensureDatabase(process.env.TEST_DATABASE_URL!, uniqueName('prepared'));
    dataSource = await openServiceDatabase({
      url,
      schema: 'prepared_spec',
      applicationName: 'prepared-spec',
      poolSize: 1,
      entities: [],
      migrations: [],
    });
    await dataSource.query(`CREATE TABLE thing (id int PRIMARY KEY, label text NOT NULL)`);
  });

  afterAll(async () => {
    await dataSource.destroy();
  });

  it('answers the rows, on the transaction’s connection inside one, where its uncommitted rows are seen', async () => {
    const seen = await transaction(dataSource, async (manager) => {
      const inserted = await preparedQuery<{ id: number; label: string }>(manager, INSERT, [1, 'one']);
      expect(inserted).toEqual([{ id: 1, label: 'one' }]);
      return preparedQuery<{ label: string }>(manager, READ, [1]);
    });
    expect(seen).toEqual([{ label: 'one' }]);
    await expect(preparedQuery(dataSource.manager, READ, [2])).resolves.toEqual([]);
  });

  it('keeps the statement prepared on its connection and runs it again with other values', async () => {
    await preparedQuery(dataSource.manager, INSERT, [3, 'three']);
    await expect(preparedQuery(dataSource.manager, READ, [3])).resolves.toEqual([{ label: 'three' }]);
    const [session] = await preparedQuery<{ prepared: number }>(dataSource.manager, SESSION, []);
    expect(session.prepared).toBe(1);
  });

  it('rolls the transaction back on an error, which keeps the driver’s code and constraint', async () => {
    const error = await transaction(dataSource, async (manager) => {
      await preparedQuery(manager, INSERT, [5, 'five']);
      await preparedQuery(manager, INSERT, [5, 'again']);
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: '23505', constraint: 'thing_pkey' });
    await expect(preparedQuery(dataSource.manager, READ, [5])).resolves.toEqual([]);
  });
});
