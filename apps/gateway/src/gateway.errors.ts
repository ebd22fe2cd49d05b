import { defineErrorCodes, type CodeOf } from '@emergency/graphql';

/** The codes only the gateway answers with; it relays every subgraph's codes as they are. */
export const GatewayErrorCode = defineErrorCodes('gateway', {
  OperationLimitExceeded: {
    code: 'OPERATION_LIMIT_EXCEEDED',
    meaning:
      'The operation is larger than the gateway allows (depth, aliases, directives, repeated fields or cost), HTTP ' +
      '400; nothing was executed. Split it or ask for less.',
    extensions: {
      limit:
        'which limit: MAX_QUERY_DEPTH, MAX_QUERY_ALIASES, MAX_QUERY_DIRECTIVES, MAX_QUERY_FIELD_REPEATS or MAX_QUERY_COST',
      max: 'the limit',
      actual: 'what the operation has',
    },
  },
  ServiceUnavailable: {
    code: 'SERVICE_UNAVAILABLE',
    meaning:
      'A service the operation needs did not answer in time or could not be reached; the fields it owns are null. ' +
      'Retry later.',
  },
});
export type GatewayErrorCode = CodeOf<typeof GatewayErrorCode>;
