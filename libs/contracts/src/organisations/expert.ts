import type { EventContract } from '@emergency/events';

export const EXPERT_CONTRACTS: EventContract<unknown>[] = [];
