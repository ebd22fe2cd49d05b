import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ALL_CONTRACTS, DOMAINS } from '@emergency/contracts';
import { deadLetterTopic, domainTopic, type EventContract } from '@emergency/events';
import { repoRoot } from '../supergraph/compose';
import { eventConsumers, type EventConsumer } from './consumers';

export const ASYNCAPI_FILE = join(repoRoot(), 'infra/asyncapi/asyncapi.yaml');

const ceHeader = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  description,
  ...extra,
});

/** CloudEvents binary-mode headers every message carries (Kafka protocol binding). */
const CLOUD_EVENT_HEADERS = {
  type: 'object',
  required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_subject', 'ce_time', 'ce_correlationid'],
  properties: {
    ce_specversion: ceHeader('CloudEvents version', { const: '1.0' }),
    ce_id: ceHeader('Unique event id; consumers deduplicate on it', { format: 'uuid' }),
    ce_source: ceHeader('Producing service, e.g. /emergency/incidents'),
    ce_type: ceHeader('Event type and version, e.g. incidents.FundAllocated.v1'),
    ce_subject: ceHeader('Aggregate id; also the Kafka key'),
    ce_time: ceHeader('When the change was committed', { format: 'date-time' }),
    ce_dataschema: ceHeader('URN of the JSON Schema of the data'),
    ce_correlationid: ceHeader('Id shared by everything one request caused'),
    ce_causationid: ceHeader('Id of the event or request that caused this one'),
    ce_actorid: ceHeader('Subject of the user who made the change'),
    ce_actororganisationid: ceHeader('Organisation the user acted for'),
    'content-type': ceHeader('Always application/json', { const: 'application/json' }),
  },
};

const DLQ_HEADERS = {
  type: 'object',
  description: 'The original message headers plus these.',
  properties: {
    'dlq-original-topic': { type: 'string' },
    'dlq-original-partition': { type: 'string' },
    'dlq-original-offset': { type: 'string' },
    'dlq-consumer-group': { type: 'string' },
    'dlq-error-type': { type: 'string' },
    'dlq-error-message': { type: 'string' },
    'dlq-attempts': { type: 'string' },
    'dlq-failed-at': { type: 'string', format: 'date-time' },
  },
};

const channelId = (domain: string) => `${domain}Events`;
const messageKey = (c: EventContract<unknown>) => `${c.name}V${c.version}`;
const capitalised = (word: string) => `${word[0].toUpperCase()}${word.slice(1)}`;

/** One receive operation per consuming projector and topic it reads, listing the events it applies. */
function receiveOperations(consumers: readonly EventConsumer[]): Record<string, unknown> {
  const operations: Record<string, unknown> = {};
  for (const consumer of consumers) {
    for (const domain of DOMAINS) {
      const applied = consumer.contracts.filter((c) => c.domain === domain);
      if (applied.length === 0) continue;
      operations[`${consumer.service}${consumer.projector}Receives${capitalised(domain)}Events`] = {
        action: 'receive',
        title: `${consumer.service} (${consumer.projector}) reads ${domainTopic(domain)}`,
        summary:
          `The ${consumer.service} service applies these events once each (idempotent consumer, ` +
          `group ${consumer.groupId}); it skips the topic's other events.`,
        channel: { $ref: `#/channels/${channelId(domain)}` },
        messages: applied.map((c) => ({ $ref: `#/channels/${channelId(domain)}/messages/${messageKey(c)}` })),
      };
    }
  }
  return operations;
}

const LAST_KEYS = ['properties', 'required', 'additionalProperties', 'items'];

/**
 * A plain JSON copy of a TypeBox schema (without its symbol-keyed metadata), keys in the order a person writes
 * them: `type` first, then its keywords, then what it contains.
 */
function plainSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(plainSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const entries = Object.entries(schema).map(([key, value]) => [key, plainSchema(value)] as const);
  const rank = (key: string) =>
    key === 'type' ? 0 : LAST_KEYS.includes(key) ? 2 + LAST_KEYS.indexOf(key) : 1;
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b)));
}

function message(contract: EventContract<unknown>) {
  return {
    name: contract.name,
    title: `${contract.name} v${contract.version}`,
    summary: contract.description,
    contentType: 'application/json',
    headers: CLOUD_EVENT_HEADERS,
    payload: { ...(plainSchema(contract.schema) as object), $id: contract.dataschema },
    bindings: { kafka: { key: { type: 'string', description: 'Aggregate id (same as ce_subject)' } } },
  };
}

/** Builds the AsyncAPI 3 document of every topic, from the event contracts themselves. */
export function asyncApiDocument(consumers: readonly EventConsumer[] = eventConsumers()) {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const domain of DOMAINS) {
    const contracts = ALL_CONTRACTS.filter((c) => c.domain === domain);
    const refs = Object.fromEntries(
      contracts.map((c) => [messageKey(c), { $ref: `#/components/messages/${c.type}` }]),
    );
    for (const contract of contracts) messages[contract.type] = message(contract);
    channels[channelId(domain)] = {
      address: domainTopic(domain),
      title: `Events of the ${domain} service`,
      description: `Everything the ${domain} service publishes, keyed by aggregate id so each aggregate's events stay in order.`,
      messages: refs,
    };
    channels[`${channelId(domain)}DeadLetters`] = {
      address: deadLetterTopic(domainTopic(domain)),
      title: `Dead letters of ${domainTopic(domain)}`,
      description: 'Messages a consumer could not handle, with the error in dlq-* headers.',
      messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
    };
    operations[`publish${capitalised(domain)}Events`] = {
      action: 'send',
      summary: `The ${domain} service publishes its events (transactional outbox).`,
      channel: { $ref: `#/channels/${channelId(domain)}` },
      messages: Object.keys(refs).map((name) => ({
        $ref: `#/channels/${channelId(domain)}/messages/${name}`,
      })),
    };
  }
  Object.assign(operations, receiveOperations(consumers));
  messages.DeadLetter = {
    name: 'DeadLetter',
    summary: 'The original message, unchanged, with dlq-* headers saying why it could not be handled.',
    headers: DLQ_HEADERS,
    payload: {},
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Provincial emergency management events',
      version: '1.0.0',
      description:
        'Topics of the emergency supergraph. Every message is a CloudEvents 1.0 event in Kafka binary mode. ' +
        'Money is integer fen in decimal strings; every money event (from v2 on) carries the money block ' +
        '`money`: its stage (raised, allocated, disbursed, used), the flow it reverses if any, fund, allocation, ' +
        'project, incident, amount, currency, cash or goods in kind, payer, payee, the upstream flows it draws on ' +
        'with the contributions each is made of, and when it moved (docs/adr/0026-the-money-model.md). Send operations say who publishes each event, receive operations who consumes it. ' +
        'Generated from libs/contracts and the services’ projectors by `npm run asyncapi`; do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: {
      production: { host: 'kafka:9092', protocol: 'kafka', description: 'Apache Kafka (docker-compose.yml)' },
      local: { host: 'localhost:9092', protocol: 'kafka', description: 'Local broker started by npm start' },
    },
    channels,
    operations,
    components: { messages },
  };
}

export function asyncApiYaml(): string {
  return stringify(asyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false });
}

if (require.main === module) {
  const yaml = asyncApiYaml();
  if (process.argv.includes('--check')) {
    const current = existsSync(ASYNCAPI_FILE) ? readFileSync(ASYNCAPI_FILE, 'utf8') : '';
    if (current !== yaml) {
      process.stderr.write('infra/asyncapi/asyncapi.yaml is stale: run `npm run asyncapi`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(ASYNCAPI_FILE, yaml);
    process.stdout.write(`wrote ${ASYNCAPI_FILE}\n`);
  }
}
