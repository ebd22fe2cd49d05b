import { signUserToken, type Identity } from '@emergency/auth';
import type { GraphQLResponse } from './graphql-client';

export const TEST_USER_TOKEN_SETTINGS = {
  secret: 'test-only-user-token-secret-0123456789abcdef',
  issuer: 'emergency-test',
  audience: 'emergency-supergraph',
};

/** A caller token the test gateway accepts. */
export const userToken = (identity: Identity) => signUserToken(identity, TEST_USER_TOKEN_SETTINGS);

/** Posts an operation to the gateway as a frontend would. */
export async function gatewayRequest<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  extraHeaders: Record<string, string> = {},
): Promise<GraphQLResponse<T> & { status: number }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: res.status, ...((await res.json()) as GraphQLResponse<T>) };
}
