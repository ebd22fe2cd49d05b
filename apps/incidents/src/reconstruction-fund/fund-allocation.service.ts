import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { FundAllocatedV2Contract } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  entityRef,
  CommonErrorCode,
  eventContext,
  loadById,
  loaderKey,
  loadGroup,
  loadPage,
  notFound,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { KnownOrganisations, type ActiveOrganisation, write } from '@emergency/subgraph';
import { readPage, readTimeKey, createdAtKey, type PageArgs } from '@emergency/paging';
import type { AllocationSourceEntity } from './allocation-source.entity';
import type { FundAllocationEntity } from './fund-allocation.entity';
import { FundAllocationRepository } from './fund-allocation.repository';
import {
  CURRENCY,
  requireAvailable,
  requirePositive,
  requireRecipientWithin,
} from './reconstruction-fund-rules';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import { ReconstructionFundException } from './reconstruction-fund.exception';
import { ReconstructionFundService, TOTALS } from './reconstruction-fund.service';

export interface AllocateFundInput {
  fundId: string;
  organisationId: string;
  amountFen: bigint;
  purpose: string;
}

const ALLOCATIONS = loaderKey<FundAllocationEntity>('FundAllocation');
const SOURCES = loaderKey<AllocationSourceEntity[]>('AllocationSources');
const ALLOCATIONS_OF_FUND = loaderKey<FundAllocationEntity[]>('ReconstructionFund.allocations');

/** The money drawn from a fund: allocations, each attributed FIFO to the paid contributions it draws on. */
@Injectable()
export class FundAllocationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FundAllocationRepository,
    private readonly funds: ReconstructionFundService,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
  ) {}

  async getAllocation(ctx: RequestContext, id: string): Promise<FundAllocationEntity | null> {
    return this.funds.ofVisibleFund(ctx, await this.load(ctx, id));
  }

  /** `_entities`: null when hidden from the caller; NOT_FOUND when nothing has the id. */
  async allocationReference(ctx: RequestContext, id: string): Promise<FundAllocationEntity | null> {
    const allocation = await this.load(ctx, id);
    if (!allocation) throw notFound('FundAllocation', id);
    return this.funds.ofVisibleFund(ctx, allocation);
  }

  private load(ctx: RequestContext, id: string): Promise<FundAllocationEntity | null> {
    return loadById(ctx, ALLOCATIONS, (ids) => this.repository.findAllocationsByIds(ids), id);
  }

  /** A fund's allocations; the first page of every fund in the request is loaded in one statement. */
  async allocations(ctx: RequestContext, fund: ReconstructionFundEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, ALLOCATIONS_OF_FUND, page, fund.id, {
      firstPages: (fundIds, limit) => this.repository.firstAllocations(fundIds, limit),
      parentOf: (a) => a.fundId,
      nextPage: () => this.repository.listAllocations(fund.id, page, readTimeKey(page)),
    });
    return toConnection(rows, page, createdAtKey);
  }

  /** Where an allocation's money came from, oldest contribution first; batched over the request's allocations. */
  async sources(ctx: RequestContext, allocation: FundAllocationEntity): Promise<AllocationSourceEntity[]> {
    return loadGroup(
      ctx,
      SOURCES,
      (allocationIds) => this.repository.findSourcesByAllocationIds(allocationIds),
      (s) => s.allocationId,
      allocation.id,
    );
  }

  recipientOrganisation(allocation: FundAllocationEntity) {
    return entityRef('Organisation', allocation.organisationId);
  }

  /**
   * A recipient the fund may pass money to: an organisation this service knows, not dissolved, within the
   * jurisdiction of the fund's managing organisation ({@link requireRecipientWithin}). Both are read in one statement.
   */
  private async requireRecipient(
    fund: ReconstructionFundEntity,
    recipientId: string,
  ): Promise<ActiveOrganisation> {
    const [recipientStanding, manager] = await this.organisations.standings([
      recipientId,
      fund.managingOrganisationId,
    ]);
    const recipient = this.organisations.active(recipientStanding, 'organisationId');
    if (manager.status === 'UNKNOWN') {
      throw new ReconstructionFundException(
        CommonErrorCode.OrganisationUnknown,
        `the managing organisation ${fund.managingOrganisationId} of fund ${fund.id} is not known to incidents, ` +
          `so its jurisdiction cannot be checked`,
        { field: 'fundId', organisationId: fund.managingOrganisationId },
      );
    }
    requireRecipientWithin(manager, recipient);
    return recipient;
  }

  /**
   * Allocates part of a fund, attributing it FIFO to the paid contributions' remainders. The fund's allocation lock
   * is taken first, in its own statement, so concurrent allocations of one fund run one after the other and the
   * statement that draws reads every earlier one: together they never exceed what was paid. Contributions do not
   * wait for it (docs/adr/0024-allocations-alone-take-the-fund-lock.md).
   */
  async allocate(ctx: RequestContext, input: AllocateFundInput): Promise<FundAllocationEntity> {
    requireWriter(ctx);
    requirePositive(input.amountFen);
    const organisationId = requiredUuid(input.organisationId, 'organisationId');
    const purpose = requiredText(input.purpose, 'purpose', 500);
    // Jurisdiction and the recipient are checked before the transaction: they read through other connections.
    const fund = await this.funds.requireFund(ctx, input.fundId);
    await this.requireRecipient(fund, organisationId);
    const change = async (manager: EntityManager) => {
      await this.funds.lockForAllocation(manager, fund.id);
      const outcome = await this.repository.allocateFifo(manager, {
        id: randomUUID(),
        fundId: fund.id,
        organisationId,
        projectId: null,
        form: 'CASH',
        amountFen: input.amountFen,
        returnedFen: 0n,
        purposeCategory: 'OTHER',
        purpose,
      });
      if (!outcome.allocated) {
        requireAvailable(fund.id, outcome.availableFen, input.amountFen);
        throw new Error(`allocation of ${input.amountFen} fen from fund ${fund.id} was not covered`);
      }
      const { allocated: created, draws } = outcome;
      await this.outbox.publish(
        manager,
        FundAllocatedV2Contract,
        fund.id,
        {
          allocationId: created.id,
          purpose,
          money: {
            flowId: created.id,
            stage: 'ALLOCATED',
            fundId: fund.id,
            allocationId: created.id,
            incidentId: fund.incidentId,
            amountFen: created.amountFen.toString(),
            currency: CURRENCY,
            payer: { organisationId: fund.managingOrganisationId, name: null },
            payee: { organisationId, name: null },
            sources: draws.map((d) => ({ flowId: d.contributionId, amountFen: d.amountFen.toString() })),
            description: purpose,
            occurredAt: new Date().toISOString(),
          },
        },
        eventContext(ctx),
      );
      return created;
    };
    return write(ctx, this.dataSource, change, {
      forgets: [{ key: TOTALS, ids: [fund.id] }],
    });
  }
}
