import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';

/**
 * Hands resolver errors to Apollo unchanged. Nest would otherwise log every thrown error with its stack,
 * including expected ones like FORBIDDEN; Apollo's `formatError` already logs the unexpected ones once.
 */
@Catch()
export class GraphQLErrorPassthroughFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
