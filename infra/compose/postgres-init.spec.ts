import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SUBGRAPHS } from '@emergency/config';
import { openServiceDatabase } from '@emergency/database';
import { CreateEventTables1763856000000 } from '@emergency/events';
import { createTestDatabase, uniqueName } from '@emergency/testing';

/**
 * infra/postgres/init.sql, run as docker-compose runs it, on the test PostgreSQL. Roles are server-wide, so this
 * run's roles get a unique suffix; everything else is the file as it is.
 */
describe('infra/postgres/init.sql', () => {
  const suffix = uniqueName('r').slice(2);
  const role = (service: string) => `${service}_${suffix}`;
  let databaseUrl: string;
  let admin: Client;

  const urlOf = (service: string) => {
    const url = new URL(databaseUrl);
    url.username = role(service);
    url.password = `${service}-dev-password`;
    return url.toString();
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('init_sql');
    admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    const sql = readFileSync(join(__dirname, '../postgres/init.sql'), 'utf8').replace(
      /\b(CREATE ROLE|AUTHORIZATION|ALTER ROLE) (\w+)/g,
      (_match, keyword: string, name: string) => `${keyword} ${role(name)}`,
    );
    await admin.query(sql);
  });

  afterAll(async () => {
    for (const { name } of SUBGRAPHS) {
      await admin.query(`DROP OWNED BY ${role(name)} CASCADE`);
      await admin.query(`DROP ROLE ${role(name)}`);
    }
    await admin.end();
  });

  it('gives every subgraph a role that migrates its own schema', async () => {
    for (const { name } of SUBGRAPHS) {
      const dataSource = await openServiceDatabase({
        url: urlOf(name),
        schema: name,
        applicationName: name,
        entities: [],
        migrations: [CreateEventTables1763856000000],
      });
      const [{ schema }] = (await dataSource.query(
        `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'outbox'
         AND table_schema = $1`,
        [name],
      )) as { schema: string }[];
      expect(schema).toBe(name);
      await dataSource.destroy();
    }
  });

  it('keeps each role out of the other services’ schemas and out of public', async () => {
    const client = new Client({ connectionString: urlOf('audit') });
    await client.connect();
    try {
      await expect(client.query(`SELECT count(*) FROM incidents.outbox`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query(`CREATE TABLE incidents.intruder (id int)`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query(`CREATE TABLE public.intruder (id int)`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(client.query(`CREATE SCHEMA elsewhere`)).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
