import type { DataSource, EntityManager } from 'typeorm';
import { transaction } from './index';

const failingWith = (error: unknown) =>
  ({ transaction: () => Promise.reject(error) }) as unknown as DataSource;

describe(transaction.name, () => {
  it('returns what the work returns, inside the data source’s transaction', async () => {
    const manager = {} as EntityManager;
    const dataSource = {
      transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
    } as unknown as DataSource;
    await expect(transaction(dataSource, async (m) => (m === manager ? 'inside' : 'outside'))).resolves.toBe(
      'inside',
    );
  });

  it('turns a violation of a named constraint into its domain error', async () => {
    const violation = Object.assign(new Error('duplicate key value'), {
      code: '23505',
      constraint: 'person_id_number_key',
    });
    const domain = new Error('another person already has this identity number');
    await expect(
      transaction(failingWith(violation), async () => undefined, { person_id_number_key: () => domain }),
    ).rejects.toBe(domain);
  });

  it('lets other constraints and other errors through unchanged', async () => {
    const other = Object.assign(new Error('duplicate key value'), { constraint: 'something_else' });
    const reset = Object.assign(new Error('connection reset'), { code: '08006' });
    const violations = {
      person_id_number_key: () => new Error('never'),
      constructor: () => new Error('never'),
    };
    await expect(transaction(failingWith(other), async () => undefined, violations)).rejects.toBe(other);
    await expect(transaction(failingWith(reset), async () => undefined, violations)).rejects.toBe(reset);
    const named = Object.assign(new Error('x'), { constraint: 'toString' });
    await expect(transaction(failingWith(named), async () => undefined, {})).rejects.toBe(named);
  });
});
