import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@emergency/auth';

export const TEST_IDENTITY_SECRET = 'test-only-gateway-identity-secret-0123456789';

export interface GraphQLResponse<T> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Test identities for each role; `regionCode` narrows an operator to a county. */
export const identities = {
  admin: (): Identity => ({ subject: 'test-admin', roles: ['admin'] }),
  operator: (regionCode?: string, organisationId?: string): Identity => ({
    subject: 'test-operator',
    roles: ['operator'],
    regionCode,
    organisationId,
  }),
  auditor: (regionCode?: string): Identity => ({ subject: 'test-auditor', roles: ['auditor'], regionCode }),
};

const servicesByUrl = new Map<string, Promise<string>>();

/** The name a subgraph answers to, from its `/health/live` (asked once per URL). */
export function subgraphServiceAt(url: string): Promise<string> {
  let service = servicesByUrl.get(url);
  if (!service) {
    service = fetch(new URL('/health/live', url)).then(async (res) => {
      const { service: name } = (await res.json()) as { service?: string };
      if (!name) throw new Error(`${url} does not say which service it is`);
      return name;
    });
    service.catch(() => servicesByUrl.delete(url)); // asked again next time
    servicesByUrl.set(url, service);
  }
  return service;
}

/**
 * Posts an operation straight to a subgraph the way the gateway would: with an identity header signed for this
 * subgraph and this body (`identity: null` sends none, to prove the subgraph refuses it). The subgraph's name is
 * asked of the subgraph unless `options.service` gives it.
 */
export async function subgraphRequest<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity | null = identities.admin(),
  secret = process.env.GATEWAY_IDENTITY_SECRET ?? TEST_IDENTITY_SECRET,
  options: { service?: string } = {},
): Promise<GraphQLResponse<T> & { status: number }> {
  const body = { query, variables };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (identity) {
    const subgraph = options.service ?? (await subgraphServiceAt(url));
    headers[IDENTITY_HEADER] = signForwardedIdentity(identity, secret, { subgraph, body });
  }
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, ...((await res.json()) as GraphQLResponse<T>) };
}

/** Returns `data` or throws with every error message, for steps that must succeed. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? 'no data')}`);
  }
  return response.data;
}
