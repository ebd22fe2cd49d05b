import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, signForwardedIdentity } from '@emergency/auth';
import { CORRELATION_HEADER } from '@emergency/graphql';
import { injectTraceContext } from '@emergency/observability';
import type { GatewayContext } from './identity';
import { SubgraphDataSource, type SubgraphCallSettings } from './subgraph-data-source';

/**
 * Forwards the caller's identity to one subgraph, signed for that subgraph and for the exact request sent to it,
 * so that a captured header is good for nothing else.
 */
export class IdentityForwardingDataSource extends SubgraphDataSource {
  /** The subgraph's name in the supergraph, which the subgraph checks against its own. */
  private readonly subgraph: string;

  constructor(
    url: string,
    private readonly identitySecret: string,
    settings: SubgraphCallSettings,
  ) {
    super(url, settings);
    this.subgraph = settings.name;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (!('identity' in context) || !context.identity || !request.http) return; // schema loading: no user
    // What `sendRequest` serialises next is this request without its `http` part (automatic persisted queries
    // are off); the digest is over the JSON value, so the order it writes the keys in does not matter.
    const { http, ...body } = request;
    http.headers.set(
      IDENTITY_HEADER,
      signForwardedIdentity(context.identity, this.identitySecret, { subgraph: this.subgraph, body }),
    );
    http.headers.set(CORRELATION_HEADER, context.correlationId);
    const trace: Record<string, string> = {};
    injectTraceContext(trace); // the gateway request's span is the parent of the subgraph's
    for (const [name, value] of Object.entries(trace)) http.headers.set(name, value);
  }
}
