import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@emergency/graphql';
import type { PersonEntity } from './person.entity';

/** A feature that holds people in roles which must end, or be handed over, when they leave their organisation. */
export interface PersonDepartureHandler {
  /**
   * Runs in the transaction that records `person` as LEFT, with their row locked: ends what they held and
   * publishes what ended, or throws a DomainError to refuse the departure (a leader with no successor).
   */
  onPersonLeaving(ctx: RequestContext, manager: EntityManager, person: PersonEntity): Promise<void>;
}

/**
 * Where features register for people's departures, so that leaving ends every membership, assignment and upcoming
 * shift in the same transaction, or not at all, without the person feature knowing the others.
 */
@Injectable()
export class PersonDepartures {
  private readonly handlers: PersonDepartureHandler[] = [];

  register(handler: PersonDepartureHandler): void {
    this.handlers.push(handler);
  }

  async leaving(ctx: RequestContext, manager: EntityManager, person: PersonEntity): Promise<void> {
    for (const handler of this.handlers) await handler.onPersonLeaving(ctx, manager, person);
  }
}
