/**
 * JSON Schema (draft-07, the dialect AsyncAPI 3 embeds) of an event's `data`. The type parameter documents which
 * TypeScript shape the schema describes; each contract's tests validate sample data against both.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export type EventSchema<T> = Readonly<Record<string, unknown>>;

/**
 * One versioned event type: the CloudEvents `type`, the topic it travels on and the JSON Schema its data must
 * satisfy on publish and on consume. A breaking change is a new contract with `version + 1`, never an edit.
 */
export interface EventContract<T> {
  /** Producing domain, e.g. `incidents`; also picks the topic. */
  readonly domain: string;
  /** Past-tense event name, e.g. `FundAllocated`. */
  readonly name: string;
  readonly version: number;
  /** CloudEvents `type`: `<domain>.<name>.v<version>`. */
  readonly type: string;
  /** CloudEvents `dataschema`. */
  readonly dataschema: string;
  readonly description: string;
  readonly schema: EventSchema<T>;
}

export function defineEvent<T>(spec: {
  domain: string;
  name: string;
  version: number;
  description: string;
  schema: EventSchema<T>;
}): EventContract<T> {
  const type = `${spec.domain}.${spec.name}.v${spec.version}`;
  return { ...spec, type, dataschema: `urn:emergency:event-schema:${type}` };
}

/** The topic a domain publishes on: one per producing domain and major version, keyed by aggregate id. */
export function domainTopic(domain: string, prefix = ''): string {
  return `${prefix}${domain}.events.v1`;
}

/** Where messages that cannot be handled go, with error headers, so they never block their partition. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
