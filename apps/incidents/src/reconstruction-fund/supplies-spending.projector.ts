import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MONEY_CONTRACTS, type MoneyBlock } from '@emergency/contracts';
import { type CloudEvent, type EventContract, type HandlerBinding } from '@emergency/events';
import type { EventProjector } from '@emergency/subgraph';
import { AllocationBalances } from './allocation-balance';

/** Whether a contract's data embeds the current money block (with reversals), not the first one. */
const embedsCurrentMoneyBlock = (contract: EventContract<unknown>): boolean => {
  const money = contract.schema.properties.money as { properties?: Record<string, unknown> } | undefined;
  return money?.properties !== undefined && 'reverses' in money.properties;
};

/** The supplies service's money events that can draw on (or refund to) this service's allocations. */
export const suppliesMoneyContracts = (
  contracts: readonly EventContract<unknown>[] = MONEY_CONTRACTS,
): EventContract<unknown>[] => contracts.filter((c) => c.domain === 'supplies' && embedsCurrentMoneyBlock(c));

/**
 * Learns what the supplies service paid out of this service's allocations (ADR 26): every supplies event whose
 * money block is DISBURSED and draws on an allocation of this service uses the origins it states of it; a refund
 * (a DISBURSED flow that reverses another) gives them back. So a return never takes back money supplies has spent,
 * as far as this service has heard. Sources naming flows other than this service's allocations are not its
 * business. Each event is applied once (the consumer records it in the same transaction).
 */
@Injectable()
export class SuppliesSpendingProjector implements EventProjector {
  readonly domains = ['supplies'];

  constructor(private readonly balances: AllocationBalances) {}

  bindings(): HandlerBinding[] {
    return suppliesMoneyContracts().map((contract) => ({
      contract,
      handle: (event, manager) => this.apply(event as CloudEvent<{ money: MoneyBlock }>, manager),
    }));
  }

  /** Applies one supplies money event. */
  async apply(event: Pick<CloudEvent<{ money: MoneyBlock }>, 'data'>, manager: EntityManager): Promise<void> {
    const { money } = event.data;
    if (money.stage !== 'DISBURSED') return;
    for (const source of money.sources) {
      // The allocation's spending lock: a return of it waits, and then sees this payment.
      if (!(await this.balances.lock(manager, source.flowId))) continue;
      const origins = source.origins.map((o) => ({
        contributionId: o.contributionId,
        amountFen: BigInt(o.amountFen),
      }));
      if (money.reverses === null) await this.balances.useStated(manager, source.flowId, origins);
      else await this.balances.giveBack(manager, source.flowId, origins);
    }
  }
}
