import type { EventContract } from '@emergency/events';

export const DUTY_CONTRACTS: EventContract<unknown>[] = [];
