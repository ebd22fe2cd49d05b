import { join } from 'node:path';
import { SUBGRAPHS, subgraphUrlVariable } from '@emergency/config';
import { TEST_USER_TOKEN_SETTINGS } from '@emergency/testing';

/**
 * The gateway's configuration for a test: the test token settings, the checked-in supergraph and every subgraph at
 * a port nothing listens on; `env` adds to it and overrides it.
 */
export function testGatewayEnv(env: Record<string, string>): Record<string, string> {
  return {
    AUTH_JWT_SECRET: TEST_USER_TOKEN_SETTINGS.secret,
    AUTH_JWT_ISSUER: TEST_USER_TOKEN_SETTINGS.issuer,
    AUTH_JWT_AUDIENCE: TEST_USER_TOKEN_SETTINGS.audience,
    SUPERGRAPH_PATH: join(__dirname, '../../../infra/supergraph/supergraph.graphql'),
    ...Object.fromEntries(
      SUBGRAPHS.map(({ name }) => [subgraphUrlVariable(name), 'http://127.0.0.1:9/graphql']),
    ),
    ...env,
  };
}
