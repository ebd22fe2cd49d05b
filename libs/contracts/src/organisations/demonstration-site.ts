import type { EventContract } from '@emergency/events';

export const DEMONSTRATION_SITE_CONTRACTS: EventContract<unknown>[] = [];
