import { Type } from '@sinclair/typebox';
import type { EntityManager } from 'typeorm';
import { moneyBlock, moneyBlockV1, uuid, type MoneyBlock } from '@emergency/contracts';
import type { Origin } from '@emergency/domain';
import { defineEvent } from '@emergency/events';
import type { AllocationBalances } from './allocation-balance';
import { SuppliesSpendingProjector, suppliesMoneyContracts } from './supplies-spending.projector';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const contract = (domain: string, name: string, money: typeof moneyBlock | typeof moneyBlockV1) =>
  defineEvent({
    domain,
    name,
    version: 1,
    description: 'a test event',
    schema: Type.Object({ paymentId: uuid, money }),
  });

describe(SuppliesSpendingProjector.name, () => {
  const manager = {} as EntityManager;
  let balances: jest.Mocked<Pick<AllocationBalances, 'lock' | 'useStated' | 'giveBack'>>;
  let sut: SuppliesSpendingProjector;

  beforeEach(() => {
    balances = {
      lock: jest.fn(async (_m: EntityManager, allocationId: string) => allocationId !== id(99)),
      useStated: jest.fn(async (_m: EntityManager, _a: string, _o: readonly Origin[]) => undefined),
      giveBack: jest.fn(async (_m: EntityManager, _a: string, _o: readonly Origin[]) => undefined),
    };
    sut = new SuppliesSpendingProjector(balances as unknown as AllocationBalances);
  });

  const event = (stage: MoneyBlock['stage'], reverses: string | null) => ({
    data: {
      money: {
        stage,
        reverses,
        sources: [
          { flowId: id(1), amountFen: '70', origins: [{ contributionId: id(11), amountFen: '70' }] },
          { flowId: id(99), amountFen: '5', origins: [{ contributionId: id(12), amountFen: '5' }] },
        ],
      } as MoneyBlock,
    },
  });

  it('reads the supplies events that embed the current money block, and no other', () => {
    const paid = contract('supplies', 'SupplierPaid', moneyBlock);
    const old = contract('supplies', 'SupplierPaidOld', moneyBlockV1);
    const ours = contract('incidents', 'Paid', moneyBlock);
    expect(suppliesMoneyContracts([paid, old, ours])).toEqual([paid]);
    expect(sut.domains).toEqual(['supplies']);
  });

  it('uses what a payment states of each of this service’s allocations, after locking it, and skips other flows', async () => {
    await sut.apply(event('DISBURSED', null), manager);
    expect(balances.lock).toHaveBeenCalledWith(manager, id(1));
    expect(balances.useStated).toHaveBeenCalledTimes(1);
    expect(balances.useStated).toHaveBeenCalledWith(manager, id(1), [
      { contributionId: id(11), amountFen: 70n },
    ]);
    expect(balances.giveBack).not.toHaveBeenCalled();
  });

  it('gives a refund back to the allocations it names', async () => {
    await sut.apply(event('DISBURSED', id(50)), manager);
    expect(balances.giveBack).toHaveBeenCalledWith(manager, id(1), [
      { contributionId: id(11), amountFen: 70n },
    ]);
    expect(balances.useStated).not.toHaveBeenCalled();
  });

  it('moves nothing for money that is not disbursed', async () => {
    await sut.apply(event('USED', null), manager);
    expect(balances.lock).not.toHaveBeenCalled();
  });
});
