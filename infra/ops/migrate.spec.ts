import { Client } from 'pg';
import { SUBGRAPHS, type SubgraphName } from '@emergency/config';
import { migrateServiceDatabase, openServiceDatabase } from '@emergency/database';
import { createTestDatabase, uniqueName } from '@emergency/testing';
import { migrate, migrationsOf, parseMigrateArgs } from './migrate';

const SERVICES = SUBGRAPHS.map((s) => s.name);

/**
 * What a schema holds, as text a test can compare: tables, columns, indexes, constraints, functions, triggers,
 * sequences and types, each with its definition. The `migrations` table's rows are TypeORM's, not the schema's.
 */
async function schemaShape(client: Client, schema: string): Promise<Record<string, string[]>> {
  const rows = async (sql: string) =>
    (await client.query<{ item: string }>(sql, [schema])).rows.map((r) => r.item).sort();
  return {
    tables: await rows(
      `SELECT table_name || ' ' || table_type AS item FROM information_schema.tables WHERE table_schema = $1`,
    ),
    columns: await rows(
      `SELECT concat_ws(' ', table_name, column_name, data_type, is_nullable, column_default) AS item
         FROM information_schema.columns WHERE table_schema = $1`,
    ),
    indexes: await rows(`SELECT indexdef AS item FROM pg_indexes WHERE schemaname = $1`),
    constraints: await rows(
      `SELECT c.conrelid::regclass || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS item
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1`,
    ),
    functions: await rows(
      `SELECT p.proname || ' ' || md5(pg_get_functiondef(p.oid)) AS item
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1`,
    ),
    triggers: await rows(
      `SELECT concat_ws(' ', event_object_table, trigger_name, event_manipulation, action_statement) AS item
         FROM information_schema.triggers WHERE trigger_schema = $1`,
    ),
    sequences: await rows(
      `SELECT sequence_name AS item FROM information_schema.sequences WHERE sequence_schema = $1`,
    ),
    types: await rows(
      `SELECT t.typname AS item FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = $1 AND t.typtype IN ('e', 'd') `,
    ),
  };
}

describe('npm run migrate', () => {
  it('reads a service and an action, and refuses anything else', () => {
    expect(parseMigrateArgs(['plans'])).toEqual({ service: 'plans', command: { action: 'up' } });
    expect(parseMigrateArgs(['plans', '--status'])).toEqual({
      service: 'plans',
      command: { action: 'status' },
    });
    expect(parseMigrateArgs(['audit', '--revert'])).toEqual({
      service: 'audit',
      command: { action: 'revert', last: 1 },
    });
    expect(parseMigrateArgs(['audit', '--revert', '--all'])).toEqual({
      service: 'audit',
      command: { action: 'revert', all: true },
    });
    expect(parseMigrateArgs(['supplies', '--revert', '--to', 'CreateSupplies1763856300000'])).toEqual({
      service: 'supplies',
      command: { action: 'revert', to: 'CreateSupplies1763856300000' },
    });
    expect(() => parseMigrateArgs([])).toThrow(/usage/);
    expect(() => parseMigrateArgs(['gateway'])).toThrow(/unknown service gateway/);
    expect(() => parseMigrateArgs(['plans', '--revert', '--to'])).toThrow(/usage/);
    expect(() => parseMigrateArgs(['plans', '--down'])).toThrow(/usage/);
  });

  it('knows each service’s full list, oldest first: event tables, the service’s own, then what libs add', async () => {
    const names = async (service: SubgraphName) => (await migrationsOf(service)).map((m) => m.name);
    expect(await names('plans')).toEqual([
      'CreateEventTables1763856000000',
      'CreatePlans1763856200000',
      'CreateEventGapTable1795445000000',
      'CreateKnownOrganisations1795900000000',
      'RememberOrganisationTypes1796730500000',
      'ClassifyPlansInTheSharedTree1796900000000',
      'PlanVersionsFilingAndEvaluation1796910000000',
      'ActivatePlansByIncidents1796920000000',
      'RecordDrills1796930000000',
      'KeepTheHazardLedger1796940000000',
      'KeepTheAssessmentSheet1796950000000',
      'RememberDutyShifts1796951000000',
    ]);
    expect(await names('audit')).toEqual([
      'CreateEventTables1763856000000',
      'CreateAuditLedger1763856500000',
      'CreateEventGapTable1795445000000',
      'IndexLedgerEntriesByFlow1796500000000',
      'FollowEveryMovement1796750000000',
      'FollowGoods1797080000000',
      'FollowUpAudits1797100000000',
      'FlagAnomalies1797110000000',
      'FollowFindingsToRectification1797120000000',
      'FollowAnnouncementSources1797130000000',
      'BreakDownFundFigures1797140000000',
      'KeepContributionsAndAllocationsOnce1797150000000',
      'PostGoodsToTheLedger1797160000000',
      'KeepLotExpiryWithTheLot1797161000000',
      'CheckFundsInTheDatabase1797170000000',
      'KeepFindingStatesInTime1797171000000',
    ]);
    for (const service of SERVICES) {
      const list = await names(service);
      expect([...list].sort((a, b) => Number(a.slice(-13)) - Number(b.slice(-13)))).toEqual(list);
    }
  });

  describe('against real PostgreSQL', () => {
    let url: string;
    let admin: Client;

    beforeAll(async () => {
      url = await createTestDatabase('migrate');
      admin = new Client({ connectionString: url });
      await admin.connect();
    });

    afterAll(async () => {
      await admin.end();
    });

    it.each(SERVICES)(
      'two %s replicas starting at once on a fresh schema both start, each migration run once',
      async (service) => {
        const migrations = await migrationsOf(service);
        const schema = uniqueName(service);
        const open = () =>
          openServiceDatabase({ url, schema, applicationName: service, entities: [], migrations });
        const results = await Promise.allSettled([open(), open()]);
        for (const result of results) if (result.status === 'fulfilled') await result.value.destroy();
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual([
          'started',
          'started',
        ]);
        const applied = await admin.query<{ name: string }>(
          `SELECT name FROM ${schema}.migrations ORDER BY id`,
        );
        expect(applied.rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
      },
    );

    it.each(SERVICES)(
      'every %s migration’s down undoes its up, and up, revert all, up gives the same schema',
      async (service) => {
        const migrations = await migrationsOf(service);
        const schema = uniqueName(service);
        const env = { DATABASE_URL: url, DATABASE_SCHEMA: schema };
        const quiet = () => undefined;

        // The schema after each migration, applied one at a time: shapes[k] is the schema with the first k run,
        // shapes[0] the schema with only the migrations table TypeORM creates.
        const shapes: Record<string, string[]>[] = [];
        for (let k = 0; k <= migrations.length; k++) {
          const step = await migrateServiceDatabase(
            {
              url,
              schema,
              applicationName: 'migrate-spec',
              entities: [],
              migrations: migrations.slice(0, k),
            },
            { action: 'up' },
          );
          expect(step.ran).toEqual(migrations.slice(k - 1, k).map((m) => m.name));
          shapes.push(await schemaShape(admin, schema));
        }
        const migrated = shapes[migrations.length]!;
        expect(migrated.tables.length).toBeGreaterThan(1);

        // Reverting one at a time goes back through the same shapes.
        for (let k = migrations.length; k >= 1; k--) {
          const step = await migrate({ service, command: { action: 'revert', last: 1 } }, env, quiet);
          expect(step.reverted).toEqual([migrations[k - 1]!.name]);
          // Named, so that a failure says which migration's down is wrong.
          expect({ reverted: migrations[k - 1]!.name, schema: await schemaShape(admin, schema) }).toEqual({
            reverted: migrations[k - 1]!.name,
            schema: shapes[k - 1],
          });
        }

        // Up all, revert all, up all.
        expect((await migrate({ service, command: { action: 'up' } }, env, quiet)).ran).toHaveLength(
          migrations.length,
        );
        expect(await schemaShape(admin, schema)).toEqual(migrated);
        const all = await migrate({ service, command: { action: 'revert', all: true } }, env, quiet);
        expect(all.reverted).toEqual(migrations.map((m) => m.name).reverse());
        expect(await schemaShape(admin, schema)).toEqual(shapes[0]);
        expect(shapes[0]!.tables).toEqual(['migrations BASE TABLE']);
        await migrate({ service, command: { action: 'up' } }, env, quiet);
        expect(await schemaShape(admin, schema)).toEqual(migrated);
      },
    );
  });
});
