import type { INestApplication } from '@nestjs/common';
import { gatewayConfig, SUBGRAPHS, subgraphUrlVariable, type SubgraphName } from '@emergency/config';
import { startSubgraph } from '@emergency/subgraph';
import {
  dataOf,
  gatewayRequest,
  identities,
  TEST_IDENTITY_SECRET,
  userToken,
  useTestEnvironment,
} from '@emergency/testing';
import { AppModule as AuditModule } from '../../audit/src/app.module';
import { AppModule as IncidentsModule } from '../../incidents/src/app.module';
import { AppModule as OrganisationsModule } from '../../organisations/src/app.module';
import { AppModule as PlansModule } from '../../plans/src/app.module';
import { AppModule as SuppliesModule } from '../../supplies/src/app.module';
import { startGateway, type RunningGateway } from '../src/gateway';
import { testGatewayEnv } from './config';

/** Each subgraph's root module, for tests that start only some of them. */
export const MODULES = {
  organisations: OrganisationsModule,
  plans: PlansModule,
  supplies: SuppliesModule,
  incidents: IncidentsModule,
  audit: AuditModule,
};

/** The whole system in one test process: five subgraphs on one new database (a schema each), the broker, the gateway. */
export interface TestSystem {
  gateway: RunningGateway;
  /** Where each started subgraph answers (for requests that bypass the gateway). */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** An admin caller token. */
  admin: string;
  /** Runs an operation through the gateway that must succeed (as admin unless another token is given). */
  call<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  stop(): Promise<void>;
}

/** Starts the system as `npm start` runs it, with `env` added (e.g. a smaller REGION_DATA_SCOPE). */
export function startSystem(env: Record<string, string> = {}): Promise<TestSystem> {
  return startPartialSystem(
    SUBGRAPHS.map(({ name }) => name),
    env,
  );
}

/**
 * Starts only the subgraphs in `names` behind the gateway; the others' URLs point at a closed loopback port, so
 * operations on them fail as when a service is down. `gatewayEnv` adds or overrides the gateway's variables.
 */
export async function startPartialSystem(
  names: readonly SubgraphName[],
  env: Record<string, string> = {},
  gatewayEnv: Record<string, string> = {},
): Promise<TestSystem> {
  await useTestEnvironment('e2e', env);
  const apps: INestApplication[] = [];
  const urls: Record<string, string> = {};
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const { name, port } of SUBGRAPHS) {
    if (!names.includes(name)) {
      urls[subgraphUrlVariable(name)] = 'http://127.0.0.1:9/graphql';
      continue;
    }
    const running = await startSubgraph(MODULES[name], name, port, 0);
    apps.push(running.app);
    urls[subgraphUrlVariable(name)] = running.url;
    subgraphUrls[name] = running.url;
  }
  const gateway = await startGateway(
    gatewayConfig.load(
      testGatewayEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
        ...urls,
        ...gatewayEnv,
      }),
    ),
    0,
  );
  const admin = await userToken(identities.admin());
  return {
    gateway,
    subgraphUrls,
    admin,
    call: async (query, variables = {}, token = admin) =>
      dataOf(await gatewayRequest(gateway.url, query, variables, token)),
    stop: async () => {
      await gateway.stop();
      await Promise.all(apps.map((app) => app.close()));
    },
  };
}
