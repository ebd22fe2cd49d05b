import type { EventSchema } from '@emergency/events';

/** Money in events: integer fen as a decimal string (JSON numbers lose precision past 2^53). */
export const amountFen = { type: 'string', pattern: '^(0|[1-9][0-9]{0,18})$' } as const;
export const uuid = { type: 'string', format: 'uuid' } as const;
export const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;
/** GB/T 2260 administrative division code. */
export const regionCode = { type: 'string', pattern: '^[0-9]{6}$' } as const;
export const currency = { type: 'string', enum: ['CNY'] } as const;

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
