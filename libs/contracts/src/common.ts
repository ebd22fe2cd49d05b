import type { EventSchema } from '@emergency/events';

/** Money in events: integer fen as a decimal string (JSON numbers lose precision past 2^53). */
export const amountFen = { type: 'string', pattern: '^(0|[1-9][0-9]{0,18})$' } as const;
export const uuid = { type: 'string', format: 'uuid' } as const;
export const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;
/** GB/T 2260 administrative division code. */
export const regionCode = { type: 'string', pattern: '^[0-9]{6}$' } as const;
/** A division code at any level: GB/T 2260's 6 digits, 9 for a township, 12 for a village or community. */
export const divisionCode = { type: 'string', pattern: '^[1-8][0-9]{5}([0-9]{3}){0,2}$' } as const;
export const currency = { type: 'string', enum: ['CNY'] } as const;
/** A calendar day, YYYY-MM-DD (RFC 3339 full-date). */
export const calendarDate = { type: 'string', format: 'date' } as const;
/** Optional free text: absent is null, never an empty string. */
export const nullableText = { type: ['string', 'null'], minLength: 1 } as const;

/** An upstream money flow this one continues, and how much of it is drawn. */
export interface FlowSource {
  flowId: string;
  amountFen: string;
}

export const flowSources: EventSchema<FlowSource[]> = {
  type: 'array',
  items: {
    type: 'object',
    properties: { flowId: uuid, amountFen },
    required: ['flowId', 'amountFen'],
    additionalProperties: false,
  },
};
