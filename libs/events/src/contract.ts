import type { Static, TObject } from '@sinclair/typebox';

/**
 * JSON Schema (draft-07, the dialect AsyncAPI 3 embeds) of an event's `data`, built with TypeBox so that the
 * schema and the TypeScript type `T` come from one definition and cannot drift apart.
 */
export interface EventSchema<T> {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, unknown>>;
  readonly required?: readonly string[];
  /** Never present at run time: the TypeScript type of the data the schema accepts, as TypeBox declares it. */
  readonly static: T;
}

/** The TypeScript type of a contract's data, e.g. `EventData<typeof FundAllocated>`. */
export type EventData<C> = C extends EventContract<infer T> ? T : never;

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

/**
 * Defines a contract from its TypeBox schema; the data type is the schema's static type, so a publisher's payload
 * and a consumer's handler are checked against exactly what the schema validates.
 */
export function defineEvent<S extends TObject>(spec: {
  domain: string;
  name: string;
  version: number;
  description: string;
  schema: S;
}): EventContract<Static<S>> {
  const type = `${spec.domain}.${spec.name}.v${spec.version}`;
  return {
    ...spec,
    schema: spec.schema as unknown as EventSchema<Static<S>>,
    type,
    dataschema: `urn:emergency:event-schema:${type}`,
  };
}

/** Whether a value is an event contract; used to collect contracts from a module's exports. */
export function isEventContract(value: unknown): value is EventContract<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<EventContract<unknown>>;
  return (
    typeof c.domain === 'string' &&
    typeof c.name === 'string' &&
    typeof c.version === 'number' &&
    c.type === `${c.domain}.${c.name}.v${c.version}` &&
    typeof c.schema === 'object'
  );
}

/**
 * Every distinct contract among the values of the given modules' exports (`import * as m`), in export order. The
 * registry is derived this way, so a contract exported from its domain's folder is registered without a list.
 */
export function contractsExportedBy(...modules: readonly object[]): EventContract<unknown>[] {
  const found = new Set<EventContract<unknown>>();
  for (const module of modules)
    for (const value of Object.values(module)) if (isEventContract(value)) found.add(value);
  return [...found];
}

/** The topic a domain publishes on: one per producing domain and major version, keyed by aggregate id. */
export function domainTopic(domain: string, prefix = ''): string {
  return `${prefix}${domain}.events.v1`;
}

/** Where messages that cannot be handled go, with error headers, so they never block their partition. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
