import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { CommonErrorCode } from './errors';

/** PostgreSQL bigint bounds: every Money value must fit the columns it is stored in. */
const MAX_FEN = 9_223_372_036_854_775_807n;
const MIN_FEN = -9_223_372_036_854_775_808n;

function toFen(value: unknown): bigint {
  if (typeof value === 'string' && /^-?(0|[1-9]\d*)$/.test(value)) {
    const fen = BigInt(value);
    if (fen >= MIN_FEN && fen <= MAX_FEN) return fen;
  }
  throw new GraphQLError(
    `Money must be a string of integer fen (1 yuan = 100 fen) within the bigint range, e.g. "5000000000"; got ${JSON.stringify(value)}`,
    { extensions: { code: CommonErrorCode.BadUserInput } },
  );
}

/**
 * An amount of CNY in integer fen, sent as a decimal string so no client or JSON parser ever turns it into a
 * float. Resolvers receive and return `bigint`.
 */
export const MoneyScalar = new GraphQLScalarType<bigint, string>({
  name: 'Money',
  description: 'An amount of CNY in integer fen (1 yuan = 100 fen), as a decimal string, e.g. "5000000000".',
  serialize(value) {
    if (typeof value === 'bigint') return value.toString();
    return toFen(typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value).toString();
  },
  parseValue: toFen,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Money literals must be strings of integer fen, e.g. "5000000000"', {
        extensions: { code: CommonErrorCode.BadUserInput },
      });
    }
    return toFen(ast.value);
  },
});

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function toDate(value: unknown): Date {
  if (typeof value === 'string' && ISO_8601.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new GraphQLError(
    `DateTime must be an ISO-8601 timestamp with a time zone, e.g. "2026-07-01T08:00:00+08:00"; got ${JSON.stringify(value)}`,
    { extensions: { code: CommonErrorCode.BadUserInput } },
  );
}

/** An instant, ISO-8601 with offset in input, UTC (`Z`) in output. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant as an ISO-8601 timestamp with time zone, e.g. "2026-07-01T08:00:00+08:00".',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    return toDate(value).toISOString();
  },
  parseValue: toDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw toDate(undefined);
    return toDate(ast.value);
  },
});

/** Resolver map entries for the scalars every subgraph declares. */
export const scalarResolvers = { Money: MoneyScalar, DateTime: DateTimeScalar };
