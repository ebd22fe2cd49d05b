import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { currentRequest, type GraphQLOutcome } from './tracing';

// Codes of errors that say the caller has no valid identity; they outrank any other error of the request.
const UNAUTHENTICATED = 'UNAUTHENTICATED';
const INTERNAL = 'INTERNAL_SERVER_ERROR';

function outcomeOf(
  response: GraphQLRequestContextWillSendResponse<object>['response'],
  executed: boolean,
): GraphQLOutcome {
  const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
  if (errors.length === 0) return 'success';
  const codes = errors.map((error) => error.extensions?.code);
  if (codes.includes(UNAUTHENTICATED)) return 'unauthenticated';
  if (!executed) return 'invalid';
  return codes.every((code) => typeof code === 'string' && code !== INTERNAL) ? 'refused' : 'failed';
}

/**
 * Tells the request's record (see `observeHttp`) which operation it ran and how it ended, for the request log
 * line and the `graphql_operation_duration_seconds` metric. Add it to every Apollo Server's plugins.
 */
export function graphqlObservation<TContext extends object>(): ApolloServerPlugin<TContext> {
  // The hooks do their work synchronously and answer with one settled promise: an `async` function would make a
  // promise per hook and request, each of which the trace context's async hooks would follow.
  const done = Promise.resolve();
  return {
    // The context function threw (no or bad identity): no operation was looked at.
    contextCreationDidFail: () => {
      const record = currentRequest();
      if (record) record.outcome = 'unauthenticated';
      return done;
    },
    requestDidStart: () => {
      let executed = false;
      return Promise.resolve({
        didResolveOperation: ({ operationName }) => {
          const record = currentRequest();
          if (record) record.operationName = operationName ?? null;
          return done;
        },
        executionDidStart: () => {
          executed = true;
          return done;
        },
        willSendResponse: ({ response }) => {
          const record = currentRequest();
          if (record) record.outcome = outcomeOf(response, executed);
          return done;
        },
      });
    },
  };
}
