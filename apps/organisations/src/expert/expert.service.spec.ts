import type { DataSource, EntityManager } from 'typeorm';
import type { Outbox } from '@emergency/events';
import type { RequestContext } from '@emergency/graphql';
import type { PersonEntity } from '../person/person.entity';
import type { PersonService } from '../person/person.service';
import type { ExpertEntity } from './expert.entity';
import type { ExpertRepository } from './expert.repository';
import { ExpertService } from './expert.service';

const person = {
  id: '00000000-0000-4000-8000-000000000001',
  name: '胡建国',
  organisationId: '00000000-0000-4000-8000-000000000002',
  regionCode: '421121',
  status: 'ACTIVE',
} as PersonEntity;
const ctx: RequestContext = {
  identity: { subject: 'o', roles: ['operator'], regionCode: '421121' },
  correlationId: 'c',
  loaders: new Map(),
};
const admission = {
  personId: person.id,
  fields: ['FLOOD_CONTROL'],
  title: '教授级高级工程师',
  poolLevel: 'COUNTY' as const,
  admittedOn: '2021-04-15',
};

/** The service with its collaborators mocked: the database is replaced by what each test makes it answer. */
function setup(repository: Partial<Record<keyof ExpertRepository, jest.Mock>>) {
  const manager = {} as EntityManager;
  const outbox = { publish: jest.fn().mockResolvedValue(undefined) };
  const dataSource = {
    transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
  } as unknown as DataSource;
  const people = {
    requireActive: jest.fn().mockResolvedValue(person),
    get: jest.fn().mockResolvedValue(person),
  } as unknown as PersonService;
  const sut = new ExpertService(
    dataSource,
    repository as unknown as ExpertRepository,
    people,
    outbox as unknown as Outbox,
  );
  return { sut, outbox };
}

describe(ExpertService.name, () => {
  it('turns a lost race on the one-record-per-person index into EXPERT_EXISTS, publishing nothing', async () => {
    const violation = Object.assign(new Error('duplicate key value'), {
      code: '23505',
      constraint: 'expert_person_key',
    });
    const { sut, outbox } = setup({
      findByPerson: jest.fn().mockResolvedValue(null),
      insert: jest.fn().mockRejectedValue(violation),
    });
    await expect(sut.admit(ctx, admission)).rejects.toMatchObject({
      extensions: { code: 'EXPERT_EXISTS', field: 'personId' },
    });
    expect(outbox.publish).not.toHaveBeenCalled();
  });

  it('refuses to change a record that was withdrawn while the request was under way', async () => {
    const active = { id: '00000000-0000-4000-8000-000000000003', personId: person.id, status: 'ACTIVE' };
    const save = jest.fn();
    const { sut, outbox } = setup({
      findByIds: jest.fn().mockResolvedValue([active]),
      // Read under the row lock: another request withdrew the expert in between.
      findForUpdate: jest.fn().mockResolvedValue({
        ...active,
        status: 'WITHDRAWN',
        withdrawnOn: '2025-01-02',
        withdrawalReason: '调离',
      } as ExpertEntity),
      save,
    });
    await expect(sut.update(ctx, { id: active.id, availability: 'UNAVAILABLE' })).rejects.toMatchObject({
      extensions: { code: 'EXPERT_WITHDRAWN', field: 'id' },
    });
    expect(save).not.toHaveBeenCalled();
    expect(outbox.publish).not.toHaveBeenCalled();
  });
});
