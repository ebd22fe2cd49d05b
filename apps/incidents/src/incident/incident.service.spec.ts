import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@emergency/auth';
import { IncidentReported } from '@emergency/contracts';
import type { Outbox } from '@emergency/events';
import type { RequestContext } from '@emergency/graphql';
import { Clock, RegionScope, type KnownOrganisations } from '@emergency/subgraph';
import type { ReportDeadlines } from '../report/report-deadlines';
import { NO_FIGURES } from './incident-figures';
import type { IncidentEntity } from './incident.entity';
import type { IncidentRepository } from './incident.repository';
import { IncidentService, type ReportIncidentInput } from './incident.service';

const admin: Identity = { subject: 'admin', roles: ['admin'] };
const countyOperator: Identity = { subject: 'op', roles: ['operator'], regionCode: '420102' };
const auditor: Identity = { subject: 'aud', roles: ['auditor'] };
const ctxOf = (identity: Identity): RequestContext => ({
  identity,
  correlationId: 'corr-1',
  loaders: new Map(),
});

const incident = (id: string, regionCode: string): IncidentEntity => ({
  id,
  title: 'Flood',
  category: 'NATURAL_DISASTER',
  severity: 'II',
  regionCode,
  occurredAt: new Date('2026-07-06T00:00:00Z'),
  status: 'REPORTED',
  subcategory: 'FLOOD',
  reportingOrganisationId: null,
  figures: { ...NO_FIGURES },
  figuresUpdatedAt: null,
  createdAt: new Date('2026-07-06T01:00:00Z'),
});

const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';

describe('IncidentService', () => {
  const manager = { queryRunner: { isTransactionActive: true } } as unknown as EntityManager;
  let repository: jest.Mocked<Pick<IncidentRepository, 'findByIds' | 'findById' | 'list' | 'insert'>>;
  let outbox: { publish: jest.Mock };
  let service: IncidentService;

  beforeEach(() => {
    repository = {
      findByIds: jest.fn(),
      findById: jest.fn(),
      list: jest.fn().mockResolvedValue([]),
      insert: jest.fn(async (_m, row) => ({ ...row, createdAt: new Date() })),
    };
    outbox = { publish: jest.fn() };
    const dataSource = { transaction: jest.fn((fn: (m: EntityManager) => unknown) => fn(manager)) };
    service = new IncidentService(
      dataSource as unknown as DataSource,
      repository as unknown as IncidentRepository,
      outbox as unknown as Outbox,
      RegionScope.of('420000'),
      { requireActive: jest.fn() } as unknown as KnownOrganisations,
      new Clock(),
      { openFor: jest.fn() } as unknown as ReportDeadlines,
    );
  });

  const input: ReportIncidentInput = {
    title: '  Ju River flood  ',
    category: 'NATURAL_DISASTER',
    subcategory: 'FLOOD',
    severity: 'II',
    regionCode: '421100',
    occurredAt: new Date('2026-07-06T04:30:00+08:00'),
    figures: { deaths: 2, directLossFen: 150_000_000n },
  };

  describe('report', () => {
    it('stores the incident as REPORTED and publishes IncidentReported in the same transaction', async () => {
      const created = await service.report(ctxOf(admin), input);
      expect(created).toMatchObject({ title: 'Ju River flood', status: 'REPORTED', regionCode: '421100' });
      expect(outbox.publish).toHaveBeenCalledWith(
        manager,
        IncidentReported,
        created.id,
        {
          incidentId: created.id,
          title: 'Ju River flood',
          category: 'NATURAL_DISASTER',
          subcategory: 'FLOOD',
          severity: 'II',
          regionCode: '421100',
          occurredAt: '2026-07-05T20:30:00.000Z',
          reportingOrganisationId: null,
          figures: expect.objectContaining({ deaths: 2, missing: null, directLossFen: '150000000' }),
        },
        { correlationId: 'corr-1', actorId: 'admin', actorOrganisationId: undefined },
      );
    });

    it.each([
      ['an auditor', auditor, input, 'FORBIDDEN'],
      ['a blank title', admin, { ...input, title: '   ' }, 'BAD_USER_INPUT'],
      ['a malformed region code', admin, { ...input, regionCode: '42110' }, 'INVALID_REGION_CODE'],
      ['a subcategory of another category', admin, { ...input, subcategory: 'MINING' }, 'BAD_USER_INPUT'],
      ['a negative figure', admin, { ...input, figures: { missing: -1 } }, 'BAD_USER_INPUT'],
      [
        'more seriously injured than injured',
        admin,
        { ...input, figures: { injured: 2, seriouslyInjured: 3 } },
        'BAD_USER_INPUT',
      ],
      [
        'a region the system does not serve (Beijing)',
        admin,
        { ...input, regionCode: '110000' },
        'REGION_NOT_FOUND',
      ],
      ['a code that is no division', admin, { ...input, regionCode: '429999' }, 'REGION_NOT_FOUND'],
      ['a region outside the caller’s jurisdiction', countyOperator, input, 'OUTSIDE_JURISDICTION'],
      [
        'a time in the future',
        admin,
        { ...input, occurredAt: new Date(Date.now() + 3_600_000) },
        'INVALID_OCCURRED_AT',
      ],
    ])('refuses %s, writing nothing', async (_what, identity, bad, code) => {
      await expect(service.report(ctxOf(identity), bad)).rejects.toMatchObject({ extensions: { code } });
      expect(repository.insert).not.toHaveBeenCalled();
      expect(outbox.publish).not.toHaveBeenCalled();
    });
  });

  describe('get', () => {
    it('loads every incident of one request with one query', async () => {
      repository.findByIds.mockResolvedValue([incident(ID_A, '420102'), incident(ID_B, '420103')]);
      const ctx = ctxOf(admin);
      const [a, b] = await Promise.all([service.get(ctx, ID_A), service.get(ctx, ID_B)]);
      expect([a?.id, b?.id]).toEqual([ID_A, ID_B]);
      expect(repository.findByIds).toHaveBeenCalledTimes(1);
    });

    it('hides incidents outside the caller’s jurisdiction, and ids that are not UUIDs', async () => {
      repository.findByIds.mockResolvedValue([incident(ID_A, '420102'), incident(ID_B, '420103')]);
      const ctx = ctxOf(countyOperator);
      expect(await service.get(ctx, ID_A)).not.toBeNull();
      expect(await service.get(ctx, ID_B)).toBeNull();
      expect(await service.get(ctx, 'not-a-uuid')).toBeNull();
    });
  });

  describe('list', () => {
    it('narrows to the caller’s jurisdiction when it is inside the requested region', async () => {
      await service.list(ctxOf(countyOperator), { regionCode: '420000' }, {});
      expect(repository.list).toHaveBeenCalledWith(
        expect.objectContaining({ regionPrefix: '420102' }),
        expect.anything(),
      );
    });

    it('returns nothing, without querying, when the requested region is outside the jurisdiction', async () => {
      const page = await service.list(ctxOf(countyOperator), { regionCode: '420103' }, {});
      expect(page.edges).toEqual([]);
      expect(repository.list).not.toHaveBeenCalled();
    });

    it('lets an admin see the whole province and rejects a malformed region filter', async () => {
      await service.list(ctxOf(admin), { category: 'ACCIDENT' }, { first: 5 });
      expect(repository.list).toHaveBeenCalledWith(
        { regionPrefix: undefined, category: 'ACCIDENT', after: undefined },
        { limit: 5, after: undefined },
      );
      await expect(service.list(ctxOf(admin), { regionCode: 'abc' }, {})).rejects.toMatchObject({
        extensions: { code: 'INVALID_REGION_CODE' },
      });
    });

    it('rejects a cursor that does not hold an (occurredAt, id) position', async () => {
      const forged = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url');
      await expect(service.list(ctxOf(admin), {}, { after: forged })).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'after' },
      });
    });
  });
});
