import { ContractRegistry, contractsExportedBy, domainTopic, type EventContract } from '@emergency/events';
import * as audit from './audit';
import * as incidents from './incidents';
import * as organisations from './organisations';
import * as plans from './plans';
import * as supplies from './supplies';

export * from './common';
export * from './money';
export * from './organisations';
export * from './plans';
export * from './incidents';
export * from './supplies';
export * from './audit';

/** Producing domains; each publishes on `<domain>.events.v1` and keeps its contracts in the folder of its name. */
export const DOMAINS = ['organisations', 'plans', 'supplies', 'incidents', 'audit'] as const;
export type Domain = (typeof DOMAINS)[number];

export const Topics = Object.fromEntries(DOMAINS.map((d) => [d, domainTopic(d)])) as Record<Domain, string>;

/**
 * Every event contract the system knows, every version, collected from the exports of each domain's folder: a
 * contract is registered by being exported, never by being listed.
 */
export const ALL_CONTRACTS: readonly EventContract<unknown>[] = contractsExportedBy(
  organisations,
  plans,
  incidents,
  supplies,
  audit,
).sort(
  // By domain, event and version: a stable order for the registry and the AsyncAPI document, whatever the exports.
  (a, b) =>
    DOMAINS.indexOf(a.domain as Domain) - DOMAINS.indexOf(b.domain as Domain) ||
    a.name.localeCompare(b.name) ||
    a.version - b.version,
);

/** The contracts whose data embeds the money block (`money`), every version that does. */
export const MONEY_CONTRACTS: readonly EventContract<unknown>[] = ALL_CONTRACTS.filter(
  (c) => 'money' in c.schema.properties,
);

export function contractRegistry(): ContractRegistry {
  return new ContractRegistry(ALL_CONTRACTS);
}
