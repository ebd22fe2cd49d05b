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
