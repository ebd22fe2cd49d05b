import type { EventContract } from '@emergency/events';

export const RESCUE_TEAM_CONTRACTS: EventContract<unknown>[] = [];
