import type { EventContract } from '@emergency/events';

export const TRAINING_CONTRACTS: EventContract<unknown>[] = [];
