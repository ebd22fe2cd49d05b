import type { EventContract } from '@emergency/events';

export const LEADING_GROUP_CONTRACTS: EventContract<unknown>[] = [];
