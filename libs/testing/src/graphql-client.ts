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

/**
 * Posts an operation straight to a subgraph the way the gateway would: with a signed identity header
 * (`identity: null` sends none, to prove the subgraph refuses it).
 */
export async function subgraphRequest<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  identity: Identity | null = identities.admin(),
  secret = process.env.GATEWAY_IDENTITY_SECRET ?? TEST_IDENTITY_SECRET,
): Promise<GraphQLResponse<T> & { status: number }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (identity) headers[IDENTITY_HEADER] = await signForwardedIdentity(identity, secret);
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, ...((await res.json()) as GraphQLResponse<T>) };
}

/** Returns `data` or throws with every error message, for steps that must succeed. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) {
    throw new Error(`GraphQL errors: ${JSON.stringify(response.errors ?? 'no data')}`);
  }
  return response.data;
}
