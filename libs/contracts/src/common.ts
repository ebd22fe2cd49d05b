import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { CURRENCY } from '@emergency/domain';

// Schema pieces shared by every domain's contracts. Each is a TypeBox schema: its JSON is what ajv validates and
// AsyncAPI documents, its static type is what publishers and consumers see.

/** Money in events: integer fen as a decimal string (JSON numbers lose precision past 2^53). */
export const amountFen = Type.String({ pattern: '^(0|[1-9][0-9]{0,18})$' });
export const uuid = Type.String({ format: 'uuid' });
export const nullableUuid = nullable({ type: 'string', format: 'uuid' });
/** GB/T 2260 administrative division code. */
export const regionCode = Type.String({ pattern: '^[0-9]{6}$' });
/** A division code at any level: GB/T 2260's 6 digits, 9 for a township, 12 for a village or community. */
export const divisionCode = Type.String({ pattern: '^[1-8][0-9]{5}([0-9]{3}){0,2}$' });
export const currency = stringEnum([CURRENCY]);
/** A calendar day, YYYY-MM-DD (RFC 3339 full-date). */
export const calendarDate = Type.String({ format: 'date' });
/** An instant, RFC 3339 date-time. */
export const dateTime = Type.String({ format: 'date-time' });
/** Required free text. */
export const text = Type.String({ minLength: 1 });
/** Optional free text: absent is null, never an empty string. */
export const nullableText = nullable({ type: 'string', minLength: 1 });

/**
 * A string from a fixed set, as `{ type: 'string', enum }` (rather than TypeBox's union of literals) so published
 * schemas keep the shape they were first published with.
 */
export function stringEnum<const V extends readonly string[]>(values: V): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values] });
}

/**
 * A string or null, as `{ type: ['string', 'null'], ... }` with the string's keywords beside it (which apply to
 * strings only), the shape every nullable field has been published with.
 */
export function nullable(schema: { type: 'string' } & Record<string, unknown>): TUnsafe<string | null> {
  return Type.Unsafe<string | null>({ ...schema, type: ['string', 'null'] });
}

/** A nullable string from a fixed set. */
export function nullableStringEnum<const V extends readonly string[]>(values: V): TUnsafe<V[number] | null> {
  return Type.Unsafe<V[number] | null>({ type: ['string', 'null'], enum: [...values, null] });
}

/** A set of values: an array without duplicates and with at least one. */
export function nonEmptySet<T extends TSchema>(items: T) {
  return Type.Array(items, { minItems: 1, uniqueItems: true });
}

/** An upstream money flow this one continues, and how much of it is drawn. */
export const flowSource = Type.Object({ flowId: uuid, amountFen }, { additionalProperties: false });
export type FlowSource = Static<typeof flowSource>;
export const flowSources = Type.Array(flowSource);
