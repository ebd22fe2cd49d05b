import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { AuthError, verifyUserToken, type Identity, type UserTokenSettings } from '@emergency/auth';
import { CommonErrorCode } from '@emergency/graphql';

export interface GatewayContext {
  identity: Identity;
  correlationId: string;
}

const unauthenticated = (message: string) =>
  new GraphQLError(message, { extensions: { code: CommonErrorCode.Unauthenticated, http: { status: 401 } } });

/** Every operation needs a valid bearer token: the supergraph has no anonymous fields. */
export async function authenticate(req: Request, settings: UserTokenSettings): Promise<Identity> {
  const header = req.headers.authorization;
  if (!header) throw unauthenticated('Missing Authorization header: send "Authorization: Bearer <token>"');
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    throw unauthenticated('Authorization header must be "Bearer <token>"');
  }
  try {
    return await verifyUserToken(token, settings);
  } catch (error) {
    throw unauthenticated(error instanceof AuthError ? error.message : 'invalid token');
  }
}
