import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@emergency/auth';
import { FundAllocated, FundContributionRecorded, ReconstructionFundEstablished } from '@emergency/contracts';
import type { Outbox } from '@emergency/events';
import type { RequestContext } from '@emergency/graphql';
import { KnownOrganisations, type KnownOrganisationEntity, type SubgraphOptions } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import { IncidentErrorCode, IncidentException } from '../incident/incident.exception';
import type { IncidentService } from '../incident/incident.service';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';
import { attributeFifo, availableFen } from './fifo-attribution';
import { AllocationBalances } from './allocation-balance';
import type { FundAllocationEntity } from './fund-allocation.entity';
import type { FundAllocationRepository } from './fund-allocation.repository';
import { FundAllocationService, type AllocateFundInput } from './fund-allocation.service';
import type { FundContributionRepository } from './fund-contribution.repository';
import { FundContributionService, type RecordFundContributionInput } from './fund-contribution.service';
import type { ReconstructionFundRepository } from './reconstruction-fund.repository';
import { ReconstructionFundService } from './reconstruction-fund.service';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const INCIDENT = uuid(1);
const FUND = uuid(2);
const MANAGER_ORG = uuid(3);
const RECIPIENT_ORG = uuid(4);
const OTHER_PREFECTURE_ORG = uuid(5);
const DISSOLVED_ORG = uuid(6);
const C1 = uuid(11);
const C2 = uuid(12);

const admin: Identity = { subject: 'admin', roles: ['admin'] };
const auditor: Identity = { subject: 'aud', roles: ['auditor'] };
const ctxOf = (identity: Identity = admin): RequestContext => ({
  identity,
  correlationId: 'corr',
  loaders: new Map(),
});

const incident = { id: INCIDENT, regionCode: '421100' } as IncidentEntity;
const fund: ReconstructionFundEntity = {
  id: FUND,
  incidentId: INCIDENT,
  name: 'Flood fund',
  managingOrganisationId: MANAGER_ORG,
  createdAt: new Date('2026-07-07T00:00:00Z'),
};

const known = (id: string, regionCode: string, dissolvedAt: Date | null = null): KnownOrganisationEntity => ({
  id,
  name: `organisation ${id.slice(-2)}`,
  regionCode,
  status: dissolvedAt ? 'DISSOLVED' : 'ACTIVE',
  dissolvedAt,
  updatedAt: new Date(),
});
/** The incidents service's projection of the organisations topic. */
const KNOWN = new Map(
  [
    known(MANAGER_ORG, '421100'), // Huanggang
    known(RECIPIENT_ORG, '421121'), // Tuanfeng county, in Huanggang
    known(OTHER_PREFECTURE_ORG, '420902'), // Xiaogan
    known(DISSOLVED_ORG, '421122', new Date('2026-07-01T00:00:00Z')),
  ].map((o) => [o.id, o]),
);

/** The repositories of the fund, its contributions and its allocations, as one mock. */
type FundRepositories = Pick<ReconstructionFundRepository, keyof ReconstructionFundRepository> &
  Pick<FundContributionRepository, keyof FundContributionRepository> &
  Pick<FundAllocationRepository, keyof FundAllocationRepository>;

describe('the reconstruction fund services', () => {
  const steps: string[] = [];
  const manager = { queryRunner: { isTransactionActive: true } } as unknown as EntityManager;
  let repository: jest.Mocked<FundRepositories>;
  let incidents: { get: jest.Mock; require: jest.Mock };
  let outbox: { publish: jest.Mock };
  /** The `known_organisation` table, as the pool that `KnownOrganisations` reads it through answers. */
  let projectionPool: { query: (config: { values: [string[]] }) => Promise<{ rows: object[] }> };
  let funds: ReconstructionFundService;
  let contributions: FundContributionService;
  let allocations: FundAllocationService;

  beforeEach(() => {
    steps.length = 0;
    repository = {
      findFundsByIds: jest.fn().mockResolvedValue([fund]),
      findFundWithIncidentRegion: jest
        .fn()
        .mockResolvedValue({ fund, incidentRegionCode: incident.regionCode }),
      lockForAllocation: jest.fn(async () => (steps.push('lock'), true)),
      // The statement that draws, as the FIFO rule it implements, over two paid contributions with money left.
      allocateFifo: jest.fn(async (_m, row: Omit<FundAllocationEntity, 'createdAt'>) => {
        steps.push('draw and insert');
        const open = [
          { id: C2, createdAt: new Date('2026-07-09T00:00:00Z'), remainingFen: 700n },
          { id: C1, createdAt: new Date('2026-07-08T00:00:00Z'), remainingFen: 300n },
        ];
        const available = availableFen(open);
        if (available < row.amountFen) return { allocated: null, availableFen: available };
        return { allocated: { ...row, createdAt: new Date() }, draws: attributeFifo(open, row.amountFen) };
      }),
      directedElsewhereFen: jest.fn(async () => 0n),
      insertFund: jest.fn(async (_m, row) => ({ ...row, createdAt: new Date() })),
      insertContribution: jest.fn(
        async (_m, row) => (steps.push('insert'), { ...row, createdAt: new Date() }),
      ),
    } as unknown as jest.Mocked<FundRepositories>;
    incidents = {
      get: jest.fn().mockResolvedValue(incident),
      require: jest.fn().mockResolvedValue(incident),
    };
    outbox = { publish: jest.fn(async () => steps.push('publish')) };
    const dataSource = { transaction: jest.fn((fn: (m: EntityManager) => unknown) => fn(manager)) };
    projectionPool = {
      query: async ({ values: [ids] }) => ({
        rows: ids.flatMap((id) => {
          const row = KNOWN.get(id);
          return row ? [{ ...row, region_code: row.regionCode, dissolved_at: row.dissolvedAt }] : [];
        }),
      }),
    };
    const projection = { manager: { connection: { driver: { master: projectionPool } } } };
    const organisations = new KnownOrganisations(
      projection as unknown as DataSource,
      { service: 'incidents' } as SubgraphOptions,
    );
    const db = dataSource as unknown as DataSource;
    const bus = outbox as unknown as Outbox;
    funds = new ReconstructionFundService(
      db,
      repository as unknown as ReconstructionFundRepository,
      incidents as unknown as IncidentService,
      bus,
      organisations,
    );
    contributions = new FundContributionService(
      db,
      repository as unknown as FundContributionRepository,
      funds,
      incidents as unknown as IncidentService,
      bus,
      organisations,
    );
    allocations = new FundAllocationService(
      db,
      repository as unknown as FundAllocationRepository,
      funds,
      bus,
      organisations,
      new AllocationBalances(),
    );
  });

  const allocation: AllocateFundInput = {
    fundId: FUND,
    organisationId: RECIPIENT_ORG,
    amountFen: 500n,
    purposeCategory: 'SUPPLIES',
    purpose: 'Tents',
  };

  describe(`${FundAllocationService.name}.allocate`, () => {
    it('locks the fund, attributes FIFO and publishes FundAllocated with its sources', async () => {
      const created = await allocations.allocate(ctxOf(), allocation);
      expect(steps).toEqual(['lock', 'draw and insert', 'publish']);
      expect(repository.allocateFifo).toHaveBeenCalledWith(
        manager,
        expect.objectContaining({ id: created.id, fundId: FUND, amountFen: 500n, purpose: 'Tents' }),
      );
      expect(outbox.publish).toHaveBeenCalledWith(
        manager,
        FundAllocated,
        FUND,
        {
          allocationId: created.id,
          purposeCategory: 'SUPPLIES',
          purpose: 'Tents',
          money: {
            flowId: created.id,
            stage: 'ALLOCATED',
            reverses: null,
            fundId: FUND,
            allocationId: created.id,
            projectId: null,
            incidentId: INCIDENT,
            amountFen: '500',
            currency: 'CNY',
            form: 'CASH',
            goods: [],
            valuationBasis: null,
            payer: { organisationId: MANAGER_ORG, name: null },
            payee: { organisationId: RECIPIENT_ORG, name: null },
            sources: [
              { flowId: C1, amountFen: '300', origins: [{ contributionId: C1, amountFen: '300' }] },
              { flowId: C2, amountFen: '200', origins: [{ contributionId: C2, amountFen: '200' }] },
            ],
            description: 'Tents',
            occurredAt: expect.any(String),
          },
        },
        expect.objectContaining({ correlationId: 'corr' }),
      );
    });

    it('lets an operator of the incident’s region allocate, reading the fund and both organisations once', async () => {
      const huanggang: Identity = { subject: 'op', roles: ['operator'], regionCode: '421100' };
      const knownQuery = jest.spyOn(projectionPool, 'query');
      await expect(allocations.allocate(ctxOf(huanggang), allocation)).resolves.toMatchObject({
        fundId: FUND,
      });
      expect(repository.findFundWithIncidentRegion).toHaveBeenCalledTimes(1);
      expect(knownQuery).toHaveBeenCalledTimes(1);
      expect(knownQuery).toHaveBeenCalledWith(
        expect.objectContaining({ values: [[RECIPIENT_ORG, MANAGER_ORG]] }),
      );
    });

    it('refuses more than is available with INSUFFICIENT_FUNDS, writing and publishing nothing', async () => {
      const error = await allocations
        .allocate(ctxOf(), { ...allocation, amountFen: 1001n })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReconstructionFundException);
      expect(error).toMatchObject({
        code: ReconstructionFundErrorCode.InsufficientFunds,
        extensions: { availableFen: '1000', requestedFen: '1001', directedElsewhereFen: '0' },
      });
      expect(outbox.publish).not.toHaveBeenCalled();
    });

    it.each([
      ['zero', { amountFen: 0n }, 'INVALID_AMOUNT'],
      ['a negative amount', { amountFen: -5n }, 'INVALID_AMOUNT'],
      ['a recipient that is not a UUID', { organisationId: 'county' }, 'BAD_USER_INPUT'],
      ['an empty purpose', { purpose: ' ' }, 'BAD_USER_INPUT'],
    ])('refuses %s before touching the fund', async (_what, change, code) => {
      await expect(allocations.allocate(ctxOf(), { ...allocation, ...change })).rejects.toMatchObject({
        extensions: { code },
      });
      expect(repository.lockForAllocation).not.toHaveBeenCalled();
    });

    it.each([
      ['an unknown recipient', uuid(77), 'ORGANISATION_UNKNOWN'],
      ['a dissolved recipient', DISSOLVED_ORG, 'ORGANISATION_DISSOLVED'],
      [
        'a recipient outside the managing organisation’s region',
        OTHER_PREFECTURE_ORG,
        'RECIPIENT_OUTSIDE_JURISDICTION',
      ],
    ])('refuses %s before touching the fund', async (_what, organisationId, code) => {
      await expect(allocations.allocate(ctxOf(), { ...allocation, organisationId })).rejects.toMatchObject({
        extensions: { code, field: 'organisationId', organisationId },
      });
      expect(repository.lockForAllocation).not.toHaveBeenCalled();
      expect(outbox.publish).not.toHaveBeenCalled();
    });

    it('refuses to allocate from a fund whose managing organisation was never registered', async () => {
      repository.findFundWithIncidentRegion.mockResolvedValue({
        fund: { ...fund, managingOrganisationId: uuid(78) },
        incidentRegionCode: incident.regionCode,
      });
      await expect(allocations.allocate(ctxOf(), allocation)).rejects.toMatchObject({
        extensions: { code: 'ORGANISATION_UNKNOWN', field: 'fundId', organisationId: uuid(78) },
      });
      expect(repository.lockForAllocation).not.toHaveBeenCalled();
    });

    it('refuses an auditor with FORBIDDEN', async () => {
      await expect(allocations.allocate(ctxOf(auditor), allocation)).rejects.toMatchObject({
        extensions: { code: 'FORBIDDEN' },
      });
    });

    it('answers FUND_NOT_FOUND for a fund whose incident is outside the caller’s jurisdiction', async () => {
      const xiaogan: Identity = { subject: 'op', roles: ['operator'], regionCode: '420900' };
      await expect(allocations.allocate(ctxOf(xiaogan), allocation)).rejects.toMatchObject({
        extensions: { code: 'FUND_NOT_FOUND' },
      });
      expect(repository.lockForAllocation).not.toHaveBeenCalled();
    });
  });

  describe(`${FundContributionService.name}.recordContribution`, () => {
    const input: RecordFundContributionInput = {
      fundId: FUND,
      kind: 'DONATION',
      status: 'PAID',
      amountFen: 10n ** 15n,
      contributorName: ' Donor ',
      payerOrganisationId: null,
      channel: 'DOMESTIC',
      paidOn: '2026-07-08',
      voucherNumber: 'V-1',
    };

    it('publishes FundContributionRecorded with the exact amount, paid to the managing organisation', async () => {
      const created = await contributions.recordContribution(ctxOf(), input);
      expect(steps).toEqual(['insert', 'publish']);
      expect(outbox.publish).toHaveBeenCalledWith(
        manager,
        FundContributionRecorded,
        FUND,
        expect.objectContaining({
          contributionId: created.id,
          kind: 'DONATION',
          status: 'PAID',
          channel: 'DOMESTIC',
          paidOn: '2026-07-08',
          voucherNumber: 'V-1',
          correctsId: null,
          money: {
            flowId: created.id,
            stage: 'RAISED',
            reverses: null,
            fundId: FUND,
            allocationId: null,
            projectId: null,
            incidentId: INCIDENT,
            amountFen: '1000000000000000',
            currency: 'CNY',
            form: 'CASH',
            goods: [],
            valuationBasis: null,
            payer: { organisationId: null, name: 'Donor' },
            payee: { organisationId: MANAGER_ORG, name: null },
            sources: [],
            description: 'Donation from Donor',
            occurredAt: expect.any(String),
          },
        }),
        expect.anything(),
      );
    });

    it.each([
      [uuid(77), 'ORGANISATION_UNKNOWN'],
      [DISSOLVED_ORG, 'ORGANISATION_DISSOLVED'],
    ])('refuses payer %s with %s, writing nothing', async (payerOrganisationId, code) => {
      await expect(
        contributions.recordContribution(ctxOf(), { ...input, payerOrganisationId }),
      ).rejects.toMatchObject({ extensions: { code, field: 'payerOrganisationId' } });
      expect(repository.insertContribution).not.toHaveBeenCalled();
      expect(outbox.publish).not.toHaveBeenCalled();
    });

    it('refuses a non-positive amount with INVALID_AMOUNT', async () => {
      await expect(
        contributions.recordContribution(ctxOf(), { ...input, amountFen: 0n }),
      ).rejects.toMatchObject({
        extensions: { code: 'INVALID_AMOUNT', field: 'amountFen' },
      });
      expect(outbox.publish).not.toHaveBeenCalled();
    });
  });

  describe(`${ReconstructionFundService.name}.establish`, () => {
    it('publishes ReconstructionFundEstablished for a visible incident', async () => {
      const created = await funds.establish(ctxOf(), {
        incidentId: INCIDENT,
        name: 'Flood fund',
        managingOrganisationId: MANAGER_ORG,
      });
      expect(outbox.publish).toHaveBeenCalledWith(
        manager,
        ReconstructionFundEstablished,
        created.id,
        {
          fundId: created.id,
          incidentId: INCIDENT,
          name: 'Flood fund',
          managingOrganisationId: MANAGER_ORG,
          currency: 'CNY',
        },
        expect.anything(),
      );
    });

    it.each([
      [uuid(77), 'ORGANISATION_UNKNOWN'],
      [DISSOLVED_ORG, 'ORGANISATION_DISSOLVED'],
    ])('refuses managing organisation %s with %s, writing nothing', async (managingOrganisationId, code) => {
      await expect(
        funds.establish(ctxOf(), { incidentId: INCIDENT, name: 'X', managingOrganisationId }),
      ).rejects.toMatchObject({ extensions: { code, field: 'managingOrganisationId' } });
      expect(repository.insertFund).not.toHaveBeenCalled();
      expect(outbox.publish).not.toHaveBeenCalled();
    });

    it('passes on INCIDENT_NOT_FOUND and writes nothing', async () => {
      incidents.require.mockRejectedValue(
        new IncidentException(IncidentErrorCode.IncidentNotFound, 'no such incident', {
          field: 'incidentId',
        }),
      );
      await expect(
        funds.establish(ctxOf(), { incidentId: uuid(99), name: 'X', managingOrganisationId: MANAGER_ORG }),
      ).rejects.toMatchObject({ extensions: { code: 'INCIDENT_NOT_FOUND' } });
      expect(repository.insertFund).not.toHaveBeenCalled();
    });
  });
});
