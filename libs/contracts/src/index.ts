import { ContractRegistry, domainTopic, type EventContract } from '@emergency/events';
import { FundFlowRecorded } from './audit';
import {
  FundAllocated,
  FundContributionRecorded,
  IncidentReported,
  ReconstructionFundEstablished,
} from './incidents';
import { ORGANISATIONS_CONTRACTS } from './organisations';
import { PlanDrafted } from './plans';
import { ProcurementRecorded } from './supplies';

export * from './common';
export * from './organisations';
export * from './plans';
export * from './incidents';
export * from './supplies';
export * from './audit';

/** Producing domains; each publishes on `<domain>.events.v1`. */
export const DOMAINS = ['organisations', 'plans', 'supplies', 'incidents', 'audit'] as const;
export type Domain = (typeof DOMAINS)[number];

export const Topics = Object.fromEntries(DOMAINS.map((d) => [d, domainTopic(d)])) as Record<Domain, string>;

/** Every event contract the system knows, by producing domain. */
export const ALL_CONTRACTS: readonly EventContract<unknown>[] = [
  ...ORGANISATIONS_CONTRACTS,
  PlanDrafted,
  IncidentReported,
  ReconstructionFundEstablished,
  FundContributionRecorded,
  FundAllocated,
  ProcurementRecorded,
  FundFlowRecorded,
] as EventContract<unknown>[];

export function contractRegistry(): ContractRegistry {
  return new ContractRegistry(ALL_CONTRACTS);
}
