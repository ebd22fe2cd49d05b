import type { TypedDocumentString } from './generated/graphql';

/** A GraphQL error as the gateway returns it: its message and the stable code of the error catalogue. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const TOKEN_KEY = 'console.token';

/** The signed-in caller's token, kept for the browser tab only. */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  signIn: (token: string) => sessionStorage.setItem(TOKEN_KEY, token.trim()),
  signOut: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** What the token says of its holder (read, not verified: the gateway verifies it on every request). */
export interface Caller {
  name: string;
  roles: string[];
  regionCode: string | null;
  expiresAt: Date | null;
}

export function callerOf(token: string): Caller | null {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as {
      name?: string;
      sub?: string;
      roles?: string[];
      regionCode?: string;
      exp?: number;
    };
    return {
      name: claims.name ?? claims.sub ?? '',
      roles: claims.roles ?? [],
      regionCode: claims.regionCode ?? null,
      expiresAt: claims.exp ? new Date(claims.exp * 1000) : null,
    };
  } catch {
    return null;
  }
}

/** The gateway's GraphQL endpoint: the console's own origin, where its server passes `/graphql` on. */
const ENDPOINT = '/graphql';

/** Runs one of the console's operations as the signed-in caller; throws a GatewayError on any GraphQL error. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const token = session.token();
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json().catch(() => null)) as {
    data?: TResult;
    errors?: { message: string; extensions?: { code?: string } }[];
  } | null;
  if (!body) throw new GatewayError(`${response.status} ${response.statusText}`, undefined);
  const error = body.errors?.[0];
  if (error) throw new GatewayError(error.message, error.extensions?.code);
  return body.data as TResult;
}
