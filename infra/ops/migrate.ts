import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { defineConfig, SUBGRAPHS, subgraphConfig, type SubgraphName } from '@emergency/config';
import { migrateServiceDatabase, type MigrationCommand, type MigrationOutcome } from '@emergency/database';
import { serviceMigrations, subgraphOptionsOf } from '@emergency/subgraph';
import { serviceEnv } from './service-env';

const USAGE = `usage: npm run migrate -- <service>                     run its pending migrations
       npm run migrate -- <service> --status            list applied and pending migrations
       npm run migrate -- <service> --revert            revert its latest migration
       npm run migrate -- <service> --revert --to <name> revert every migration applied after <name>
       npm run migrate -- <service> --revert --all      revert every migration (drops the service's tables)
services: ${SUBGRAPHS.map((s) => s.name).join(', ')}`;

export interface MigrateCommand {
  service: SubgraphName;
  command: MigrationCommand;
}

/** Reads the command line; throws with the usage text when it is not one of the forms above. */
export function parseMigrateArgs(args: string[]): MigrateCommand {
  const [service, ...rest] = args;
  const known = SUBGRAPHS.find((s) => s.name === service);
  if (!known) throw new Error(`${service ? `unknown service ${service}\n` : ''}${USAGE}`);
  const flags = rest.join(' ');
  if (flags === '') return { service: known.name, command: { action: 'up' } };
  if (flags === '--status') return { service: known.name, command: { action: 'status' } };
  if (flags === '--revert') return { service: known.name, command: { action: 'revert', last: 1 } };
  if (flags === '--revert --all') return { service: known.name, command: { action: 'revert', all: true } };
  if (rest.length === 3 && rest[0] === '--revert' && rest[1] === '--to' && /^\w+\d{13}$/.test(rest[2]))
    return { service: known.name, command: { action: 'revert', to: rest[2] } };
  throw new Error(USAGE);
}

// Each service's app module, loaded only when asked for: its `SubgraphModule.forRoot` options hold the service's
// own migrations, which `serviceMigrations` completes with the ones the runtime adds. Ops commands run from the
// repository, so they may read apps; nothing in an app reads them.
const APP_MODULES: Record<SubgraphName, () => Promise<Type<unknown>>> = {
  organisations: async () => (await import('../../apps/organisations/src/app.module')).AppModule,
  plans: async () => (await import('../../apps/plans/src/app.module')).AppModule,
  supplies: async () => (await import('../../apps/supplies/src/app.module')).AppModule,
  incidents: async () => (await import('../../apps/incidents/src/app.module')).AppModule,
  audit: async () => (await import('../../apps/audit/src/app.module')).AppModule,
};

/** Every migration of a service's schema, oldest first: the list the service runs on start. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export async function migrationsOf(service: SubgraphName): Promise<Function[]> {
  return serviceMigrations(subgraphOptionsOf(await APP_MODULES[service]()));
}

/**
 * Runs or reverts a service's migrations without starting it, under the same lock the service takes when it
 * migrates on start (docs/operations.md, Migrations). Prints what it ran or reverted and the schema's status.
 */
export async function migrate(
  { service, command }: MigrateCommand,
  env: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<MigrationOutcome> {
  const port = SUBGRAPHS.find((s) => s.name === service)?.port ?? 0;
  // Only the database variables: migrating needs no broker or secret, so a job running it needs none either.
  const { DATABASE_URL, DATABASE_SCHEMA } = subgraphConfig(service, port).specs;
  const cfg = defineConfig({ DATABASE_URL, DATABASE_SCHEMA }).load(serviceEnv(service, env));
  const outcome = await migrateServiceDatabase(
    {
      url: cfg.DATABASE_URL,
      schema: cfg.DATABASE_SCHEMA,
      applicationName: `${service}-migrate`,
      entities: [],
      migrations: await migrationsOf(service),
    },
    command,
  );
  for (const name of outcome.ran) print(`${service}: ran ${name}`);
  for (const name of outcome.reverted) print(`${service}: reverted ${name}`);
  if (command.action === 'up' && outcome.ran.length === 0) print(`${service}: no pending migrations`);
  if (command.action === 'revert' && outcome.reverted.length === 0) print(`${service}: nothing to revert`);
  const { applied, pending, unknown } = outcome.status;
  if (command.action === 'status') {
    for (const name of applied) print(`${service}: applied ${name}`);
    for (const name of pending) print(`${service}: PENDING ${name}`);
  }
  for (const name of unknown) print(`${service}: applied ${name} (not known to this version)`);
  print(
    `${service}: schema ${cfg.DATABASE_SCHEMA}, ${applied.length} applied, ${pending.length} pending` +
      (pending.length > 0 && command.action !== 'up' ? ` (npm run migrate -- ${service} runs them)` : ''),
  );
  return outcome;
}

if (require.main === module) {
  Promise.resolve()
    .then(() => migrate(parseMigrateArgs(process.argv.slice(2))))
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      const refused = (error as { code?: string }).code === 'ECONNREFUSED';
      // Under `npm start` the embedded PostgreSQL runs only while `npm start` does.
      const hint = refused ? ' (is `npm start` running, or DATABASE_URL set?)' : '';
      process.stderr.write(`${(error as Error).message}${hint}\n`);
      process.exit(1);
    });
}
