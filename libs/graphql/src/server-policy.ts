import type { ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';

/**
 * What every Apollo server of the system shares, the gateway's and each subgraph's: in production no
 * introspection, no schema details in validation errors (without introspection, "Did you mean ...?" would still
 * spell the schema out) and no stack traces; CSRF prevention; and nothing reported to Apollo's hosted services,
 * whatever APOLLO_* variables the environment holds. Servers add their own plugins after `plugins`.
 */
export function apolloServerPolicy(production: boolean) {
  return {
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    plugins: [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()],
  };
}

// What Apollo's cache control accepts as a header a plugin set before it: a cache hint, or uncacheable.
const PARSABLE_CACHE_CONTROL = /^(max-age=\d+, (public|private)|no-store)$/;

/**
 * Apollo's cache control as it answers a schema without cache hints (`@cacheControl` is declared by no subgraph,
 * no resolver sets a hint, the default max age is 0): `cache-control: no-store` on every response, leaving a
 * header it could not parse alone; but without its work on every field (a hook per resolved field, which makes
 * Apollo wrap every resolver of the schema). With `ApolloServerPluginCacheControlDisabled()`, in its place.
 */
export function uncacheableResponses(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ response }) => {
        const existing = response.http.headers.get('cache-control');
        if (existing === undefined || PARSABLE_CACHE_CONTROL.test(existing))
          response.http.headers.set('cache-control', 'no-store');
      },
    }),
  };
}
