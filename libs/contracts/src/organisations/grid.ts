import type { EventContract } from '@emergency/events';

export const GRID_CONTRACTS: EventContract<unknown>[] = [];
