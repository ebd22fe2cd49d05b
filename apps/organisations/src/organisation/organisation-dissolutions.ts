import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganisationEntity } from './organisation.entity';

/** A feature whose records keep an organisation in use (its people, its rescue teams, its upcoming duty). */
export interface DissolutionBlocker {
  /**
   * Runs in the transaction that dissolves `organisation`, with its row locked: how many of this feature's records
   * still need it, by name (e.g. `{ activeRescueTeams: 2 }`); zero or nothing when none.
   */
  stillInUse(manager: EntityManager, organisation: OrganisationEntity): Promise<Record<string, number>>;
}

/** Where features register what must be ended or moved before an organisation can be dissolved. */
@Injectable()
export class OrganisationDissolutions {
  private readonly blockers: DissolutionBlocker[] = [];

  register(blocker: DissolutionBlocker): void {
    this.blockers.push(blocker);
  }

  /** Everything that still uses `organisation`, by name; empty when it may be dissolved. */
  async stillInUse(
    manager: EntityManager,
    organisation: OrganisationEntity,
  ): Promise<Record<string, number>> {
    const uses: Record<string, number> = {};
    for (const blocker of this.blockers) {
      for (const [name, count] of Object.entries(await blocker.stillInUse(manager, organisation))) {
        if (count > 0) uses[name] = (uses[name] ?? 0) + count;
      }
    }
    return uses;
  }
}
