import { randomUUID } from 'node:crypto';
import type { IHeaders, Message } from 'kafkajs';
import type { EventContract } from './contract';

/** Who and what caused an event; carried from the GraphQL request into every event it produces. */
export interface EventContext {
  correlationId: string;
  causationId?: string;
  actorId?: string;
  actorOrganisationId?: string;
}

/** A CloudEvents 1.0 event with this project's extension attributes (lower-case, as the spec requires). */
export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  correlationid: string;
  causationid?: string;
  actorid?: string;
  actororganisationid?: string;
  data: T;
}

const ATTRIBUTES = [
  'specversion',
  'id',
  'source',
  'type',
  'subject',
  'time',
  'dataschema',
  'correlationid',
  'causationid',
  'actorid',
  'actororganisationid',
] as const;

export function newEvent<T>(
  contract: EventContract<T>,
  source: string,
  subject: string,
  data: T,
  context: EventContext,
): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type: contract.type,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: contract.dataschema,
    correlationid: context.correlationId,
    ...(context.causationId ? { causationid: context.causationId } : {}),
    ...(context.actorId ? { actorid: context.actorId } : {}),
    ...(context.actorOrganisationId ? { actororganisationid: context.actorOrganisationId } : {}),
    data,
  };
}

/** CloudEvents Kafka protocol binding, binary mode: attributes in `ce_` headers, data as the value, subject as key. */
export function toKafkaMessage(event: CloudEvent): Message {
  const headers: IHeaders = { 'content-type': event.datacontenttype };
  for (const name of ATTRIBUTES) {
    const value = event[name];
    if (value !== undefined) headers[`ce_${name}`] = value;
  }
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value === undefined ? undefined : value.toString();
}

/** Reads a binary-mode CloudEvent back from a Kafka message; throws {@link MalformedEventError} if it is not one. */
export function fromKafkaMessage(message: { headers?: IHeaders; value: Buffer | null }): CloudEvent {
  const attrs: Record<string, string> = {};
  for (const name of ATTRIBUTES) {
    const value = headerText(message.headers, `ce_${name}`);
    if (value !== undefined) attrs[name] = value;
  }
  for (const required of ['specversion', 'id', 'source', 'type', 'subject', 'time', 'correlationid']) {
    if (!attrs[required]) throw new MalformedEventError(`missing CloudEvents attribute ce_${required}`);
  }
  if (attrs.specversion !== '1.0') {
    throw new MalformedEventError(`unsupported specversion ${attrs.specversion}`);
  }
  if (!message.value) throw new MalformedEventError('event has no data');
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString('utf8'));
  } catch {
    throw new MalformedEventError('event data is not valid JSON');
  }
  return {
    ...(attrs as unknown as Omit<CloudEvent, 'data' | 'datacontenttype'>),
    specversion: '1.0',
    datacontenttype: 'application/json',
    data,
  };
}
