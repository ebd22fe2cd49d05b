import type { DataSource, EntityManager } from 'typeorm';
import type { Outbox } from '@emergency/events';
import type { RequestContext } from '@emergency/graphql';
import type { PersonEntity } from '../person/person.entity';
import type { PersonDepartureHandler, PersonDepartures } from '../person/person-departures';
import type { PersonService } from '../person/person.service';
import type { RegionEntity } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import type { GridAssignmentEntity } from './grid-assignment.entity';
import type { GridRepository } from './grid.repository';
import { GridService, LEFT_ORGANISATION } from './grid.service';

const village: RegionEntity = {
  code: '421121100201',
  name: '临江铺村民委员会',
  level: 'VILLAGE',
  parentCode: '421121100',
};
const person = {
  id: '00000000-0000-4000-8000-000000000001',
  name: '周敏',
  organisationId: '00000000-0000-4000-8000-000000000002',
  regionCode: '421121100',
  status: 'ACTIVE',
} as PersonEntity;
const ctx: RequestContext = {
  identity: { subject: 'o', roles: ['operator'], regionCode: '421121' },
  correlationId: 'c',
  loaders: new Map(),
};
const input = { personId: person.id, villageCode: village.code, role: 'INFORMATION_OFFICER' as const };

/** The service with its collaborators mocked: the database is replaced by what each test makes it answer. */
function setup(
  insert: (manager: EntityManager, row: unknown) => Promise<unknown> = (_m, row) => Promise.resolve(row),
) {
  const manager = {} as EntityManager;
  const repository = {
    lockVillage: jest.fn().mockResolvedValue(undefined),
    currentVillagesOf: jest.fn().mockResolvedValue([]),
    findCurrentOfPersonForUpdate: jest.fn().mockResolvedValue([]),
    save: jest.fn((_m: EntityManager, row: unknown) => Promise.resolve(row)),
    findCurrent: jest.fn().mockResolvedValue(null),
    insert: jest.fn(insert),
    villageHasInformationOfficer: jest.fn().mockResolvedValue(true),
  };
  const outbox = { publish: jest.fn().mockResolvedValue(undefined) };
  const dataSource = {
    transaction: (work: (m: EntityManager) => Promise<unknown>) => work(manager),
  } as unknown as DataSource;
  const regions = { require: jest.fn().mockResolvedValue(village) } as unknown as RegionService;
  const people = {
    requireActive: jest.fn().mockResolvedValue(person),
    holdActive: jest.fn().mockResolvedValue(undefined),
  };
  const handlers: PersonDepartureHandler[] = [];
  const departures = { register: (h: PersonDepartureHandler) => handlers.push(h) };
  const sut = new GridService(
    dataSource,
    repository as unknown as GridRepository,
    regions,
    people as unknown as PersonService,
    outbox as unknown as Outbox,
    departures as unknown as PersonDepartures,
  );
  sut.onModuleInit();
  const leaving = (who: PersonEntity) => handlers[0]!.onPersonLeaving(ctx, manager, who);
  return { sut, repository, people, outbox, leaving };
}

describe(GridService.name, () => {
  it('turns a lost race on the current-assignment index into ALREADY_ASSIGNED, publishing nothing', async () => {
    const violation = Object.assign(new Error('duplicate key value'), {
      code: '23505',
      constraint: 'grid_assignment_current_key',
    });
    const { sut, outbox } = setup(() => Promise.reject(violation));
    await expect(sut.assign(ctx, input)).rejects.toMatchObject({
      extensions: { code: 'ALREADY_ASSIGNED', field: 'personId' },
    });
    expect(outbox.publish).not.toHaveBeenCalled();
  });

  it('lets any other database error through unchanged', async () => {
    const other = Object.assign(new Error('connection reset'), { code: '08006' });
    const { sut } = setup(() => Promise.reject(other));
    await expect(sut.assign(ctx, input)).rejects.toBe(other);
  });

  it('takes the village lock before looking for a current assignment', async () => {
    const { sut, repository } = setup((_manager, row) => Promise.resolve(row));
    await sut.assign(ctx, input);
    expect(repository.lockVillage.mock.invocationCallOrder[0]).toBeLessThan(
      repository.findCurrent.mock.invocationCallOrder[0]!,
    );
  });

  it('locks the person before the village, as a departure does, and refuses someone who left meanwhile', async () => {
    const { sut, repository, people, outbox } = setup();
    await sut.assign(ctx, input);
    expect(people.holdActive).toHaveBeenCalledWith(expect.anything(), [person], expect.any(Function));
    expect(people.holdActive.mock.invocationCallOrder[0]).toBeLessThan(
      repository.lockVillage.mock.invocationCallOrder[0]!,
    );
    people.holdActive.mockRejectedValue(
      Object.assign(new Error('left'), { extensions: { code: 'PERSON_LEFT', field: 'personId' } }),
    );
    repository.insert.mockClear();
    outbox.publish.mockClear();
    await expect(sut.assign(ctx, input)).rejects.toMatchObject({
      extensions: { code: 'PERSON_LEFT', field: 'personId' },
    });
    expect(repository.insert).not.toHaveBeenCalled();
    expect(outbox.publish).not.toHaveBeenCalled();
  });

  it('on a departure, locks each village once in code order, then ends what is still current under the locks', async () => {
    const { repository, outbox, leaving } = setup();
    repository.currentVillagesOf.mockResolvedValue(['421121101201', '421121100202', '421121100201']);
    const current = ['421121100201', '421121100202'].map(
      (villageCode, i) =>
        ({
          id: `00000000-0000-4000-8000-00000000001${i}`,
          personId: person.id,
          villageCode,
          role: 'INFORMATION_OFFICER',
          startedAt: new Date('2024-03-01T00:00:00Z'),
          endedAt: null,
          endReason: null,
        }) as GridAssignmentEntity,
    );
    repository.findCurrentOfPersonForUpdate.mockResolvedValue(current);
    await leaving({ ...person, status: 'LEFT' });

    expect(repository.lockVillage.mock.calls.map(([, code]) => code)).toEqual([
      '421121100201',
      '421121100202',
      '421121101201',
    ]);
    const lastLock = Math.max(...repository.lockVillage.mock.invocationCallOrder);
    expect(repository.findCurrentOfPersonForUpdate.mock.invocationCallOrder[0]).toBeGreaterThan(lastLock);
    expect(current.map((a) => a.endReason)).toEqual([LEFT_ORGANISATION, LEFT_ORGANISATION]);
    expect(outbox.publish.mock.calls.map(([, , key, data]) => [key, data.reason])).toEqual(
      current.map((a) => [a.id, LEFT_ORGANISATION]),
    );
  });

  it('records a start a few seconds ahead of the server clock as now, and refuses one further ahead', async () => {
    const { sut } = setup((_manager, row) => Promise.resolve(row));
    const before = Date.now();
    const recorded = await sut.assign(ctx, { ...input, startedAt: new Date(Date.now() + 10_000) });
    expect(recorded.startedAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(recorded.startedAt.getTime()).toBeGreaterThanOrEqual(before);
    await expect(
      sut.assign(ctx, { ...input, startedAt: new Date(Date.now() + 3_600_000) }),
    ).rejects.toMatchObject({ extensions: { code: 'START_IN_FUTURE', field: 'startedAt' } });
  });
});
