import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { regionCovers } from '@emergency/auth';
import { FundAllocated, FundContributionRecorded, ReconstructionFundEstablished } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  badInput,
  eventContext,
  loadById,
  loadPage,
  loader,
  loadGroup,
  notFound,
  readPage,
  readTimeKey,
  requiredText,
  requiredUuid,
  requireWriter,
  timeKeyOf,
  toConnection,
  type PageArgs,
  type RequestContext,
  CommonErrorCode,
} from '@emergency/graphql';
import { KnownOrganisations, type ActiveOrganisation, write } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';
import { IncidentService } from '../incident/incident.service';
import type { AllocationSourceEntity } from './allocation-source.entity';
import { attributeFifo, availableFen } from './fifo-attribution';
import type { FundAllocationEntity } from './fund-allocation.entity';
import {
  CONTRIBUTION_KINDS,
  CONTRIBUTION_STATUSES,
  type ContributionKind,
  type ContributionStatus,
  type FundContributionEntity,
} from './fund-contribution.entity';
import { FundRepository, type FundTotals } from './reconstruction-fund.repository';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';

export interface EstablishReconstructionFundInput {
  incidentId: string;
  name: string;
  managingOrganisationId: string;
}

export interface RecordFundContributionInput {
  fundId: string;
  kind: ContributionKind;
  status: ContributionStatus;
  /** Parsed by the Money scalar. */
  amountFen: bigint;
  contributorName: string;
  payerOrganisationId?: string | null;
}

export interface AllocateFundInput {
  fundId: string;
  organisationId: string;
  amountFen: bigint;
  purpose: string;
}

const CURRENCY = 'CNY';
// Request-scoped loader names; the money totals and an incident's fund list are forgotten after a write.
const FUNDS = loaderKey<ReconstructionFundEntity>('ReconstructionFund');
const FUNDS_BY_INCIDENT = loaderKey<ReconstructionFundEntity[]>('ReconstructionFundsByIncident');
const TOTALS = loaderKey<FundTotals>('ReconstructionFundTotals');
const CONTRIBUTIONS = loaderKey<FundContributionEntity>('FundContribution');
const ALLOCATIONS = loaderKey<FundAllocationEntity>('FundAllocation');
const SOURCES = loaderKey<AllocationSourceEntity[]>('AllocationSources');
const CONTRIBUTIONS_OF_FUND = loaderKey<FundContributionEntity[]>('ReconstructionFund.contributions');
const ALLOCATIONS_OF_FUND = loaderKey<FundAllocationEntity[]>('ReconstructionFund.allocations');

const createdKey = (row: { createdAt: Date; id: string }) => timeKeyOf(row.createdAt, row.id);

function requirePositive(amountFen: bigint): void {
  if (amountFen <= 0n) {
    throw new ReconstructionFundException(
      CommonErrorCode.InvalidAmount,
      `amountFen must be greater than zero (got ${amountFen})`,
      { field: 'amountFen' },
    );
  }
}

const organisationRef = (id: string) => ({ __typename: 'Organisation' as const, id });

@Injectable()
export class FundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FundRepository,
    private readonly incidents: IncidentService,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
  ) {}

  // Reads. A fund and everything in it is visible exactly when its incident is.

  async getFund(ctx: RequestContext, id: string): Promise<ReconstructionFundEntity | null> {
    const fund = await loadById(ctx, FUNDS, (ids) => this.repository.findFundsByIds(ids), id);
    return fund && (await this.incidents.get(ctx, fund.incidentId)) ? fund : null;
  }

  // References from other subgraphs (`_entities`): null when hidden from the caller, as root fields answer;
  // NOT_FOUND when nothing has the id, so the gateway reports the dangling reference at the field holding it.

  async fundReference(ctx: RequestContext, id: string): Promise<ReconstructionFundEntity | null> {
    const fund = await loadById(ctx, FUNDS, (ids) => this.repository.findFundsByIds(ids), id);
    if (!fund) throw notFound('ReconstructionFund', id);
    return (await this.incidents.get(ctx, fund.incidentId)) ? fund : null;
  }

  async contributionReference(ctx: RequestContext, id: string): Promise<FundContributionEntity | null> {
    const contribution = await loadById(
      ctx,
      CONTRIBUTIONS,
      (ids) => this.repository.findContributionsByIds(ids),
      id,
    );
    if (!contribution) throw notFound('FundContribution', id);
    return (await this.getFund(ctx, contribution.fundId)) ? contribution : null;
  }

  async allocationReference(ctx: RequestContext, id: string): Promise<FundAllocationEntity | null> {
    const allocation = await loadById(
      ctx,
      ALLOCATIONS,
      (ids) => this.repository.findAllocationsByIds(ids),
      id,
    );
    if (!allocation) throw notFound('FundAllocation', id);
    return (await this.getFund(ctx, allocation.fundId)) ? allocation : null;
  }

  /** {@link getFund}, or FUND_NOT_FOUND (which also covers funds outside the caller's jurisdiction). */
  async requireFund(ctx: RequestContext, id: string): Promise<ReconstructionFundEntity> {
    const fund = await this.getFund(ctx, id);
    if (!fund) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.FundNotFound,
        `reconstruction fund ${id} does not exist or is outside your jurisdiction`,
        { field: 'fundId', id },
      );
    }
    return fund;
  }

  /** The funds of an incident the caller already sees; batched over every incident in the request. */
  async fundsOf(ctx: RequestContext, incident: IncidentEntity): Promise<ReconstructionFundEntity[]> {
    return loadGroup(
      ctx,
      FUNDS_BY_INCIDENT,
      (incidentIds) => this.repository.findFundsByIncidentIds(incidentIds),
      (f) => f.incidentId,
      incident.id,
    );
  }

  /** Pledged, raised and allocated totals; one query for every fund in the request. */
  async totals(ctx: RequestContext, fund: ReconstructionFundEntity): Promise<FundTotals> {
    const totals = await loader(
      ctx,
      TOTALS,
      (ids) => this.repository.totals(ids),
      (t) => t.fundId,
    ).load(fund.id);
    return totals ?? { fundId: fund.id, pledgedFen: 0n, raisedFen: 0n, allocatedFen: 0n };
  }

  /** A fund's contributions; the first page of every fund in the request is loaded in one statement. */
  async contributions(ctx: RequestContext, fund: ReconstructionFundEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, CONTRIBUTIONS_OF_FUND, page, fund.id, {
      firstPages: (fundIds, limit) => this.repository.firstContributions(fundIds, limit),
      parentOf: (c) => c.fundId,
      nextPage: () => this.repository.listContributions(fund.id, page, readTimeKey(page)),
    });
    return toConnection(rows, page, createdKey);
  }

  /** A fund's allocations; the first page of every fund in the request is loaded in one statement. */
  async allocations(ctx: RequestContext, fund: ReconstructionFundEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, ALLOCATIONS_OF_FUND, page, fund.id, {
      firstPages: (fundIds, limit) => this.repository.firstAllocations(fundIds, limit),
      parentOf: (a) => a.fundId,
      nextPage: () => this.repository.listAllocations(fund.id, page, readTimeKey(page)),
    });
    return toConnection(rows, page, createdKey);
  }

  async getContribution(ctx: RequestContext, id: string): Promise<FundContributionEntity | null> {
    const contribution = await loadById(
      ctx,
      CONTRIBUTIONS,
      (ids) => this.repository.findContributionsByIds(ids),
      id,
    );
    return contribution && (await this.getFund(ctx, contribution.fundId)) ? contribution : null;
  }

  async getAllocation(ctx: RequestContext, id: string): Promise<FundAllocationEntity | null> {
    const allocation = await loadById(
      ctx,
      ALLOCATIONS,
      (ids) => this.repository.findAllocationsByIds(ids),
      id,
    );
    return allocation && (await this.getFund(ctx, allocation.fundId)) ? allocation : null;
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

  managingOrganisation(fund: ReconstructionFundEntity) {
    return organisationRef(fund.managingOrganisationId);
  }

  payerOrganisation(contribution: FundContributionEntity) {
    return contribution.payerOrganisationId ? organisationRef(contribution.payerOrganisationId) : null;
  }

  recipientOrganisation(allocation: FundAllocationEntity) {
    return organisationRef(allocation.organisationId);
  }

  // Writes

  /**
   * The rule for a recipient: an organisation this service knows, not dissolved, whose region lies within the
   * jurisdiction of the fund's managing organisation (its region or below). A provincial fund may pass money to any
   * organisation of the province; a prefecture's only to its own prefecture's.
   */
  private async requireRecipient(
    fund: ReconstructionFundEntity,
    recipientId: string,
  ): Promise<ActiveOrganisation> {
    const recipient = await this.organisations.requireActive(recipientId, 'organisationId');
    const manager = await this.organisations.standing(fund.managingOrganisationId);
    if (manager.status === 'UNKNOWN') {
      throw new ReconstructionFundException(
        CommonErrorCode.OrganisationUnknown,
        `the managing organisation ${fund.managingOrganisationId} of fund ${fund.id} is not known to incidents, ` +
          `so its jurisdiction cannot be checked`,
        { field: 'fundId', organisationId: fund.managingOrganisationId },
      );
    }
    if (!regionCovers(manager.regionCode, recipient.regionCode)) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.RecipientOutsideJurisdiction,
        `${recipient.name} (region ${recipient.regionCode}) is outside the jurisdiction of the fund's managing ` +
          `organisation ${manager.name} (region ${manager.regionCode})`,
        { field: 'organisationId', organisationId: recipient.id },
      );
    }
    return recipient;
  }

  private async lockFund(manager: EntityManager, id: string): Promise<ReconstructionFundEntity> {
    const fund = await this.repository.lockFund(manager, id);
    if (!fund) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.FundNotFound,
        `reconstruction fund ${id} does not exist`,
        {
          field: 'fundId',
          id,
        },
      );
    }
    return fund;
  }

  async establish(
    ctx: RequestContext,
    input: EstablishReconstructionFundInput,
  ): Promise<ReconstructionFundEntity> {
    requireWriter(ctx);
    const name = requiredText(input.name, 'name', 200);
    const managingOrganisationId = requiredUuid(input.managingOrganisationId, 'managingOrganisationId');
    const incident = await this.incidents.require(ctx, input.incidentId);
    await this.organisations.requireActive(managingOrganisationId, 'managingOrganisationId');
    const change = async (manager: EntityManager) => {
      const created = await this.repository.insertFund(manager, {
        id: randomUUID(),
        incidentId: incident.id,
        name,
        managingOrganisationId,
      });
      await this.outbox.publish(
        manager,
        ReconstructionFundEstablished,
        created.id,
        { fundId: created.id, incidentId: incident.id, name, managingOrganisationId, currency: CURRENCY },
        eventContext(ctx),
      );
      return created;
    };
    const fund = await write(ctx, this.dataSource, change, {
      forgets: [{ key: FUNDS_BY_INCIDENT, ids: [incident.id] }],
    });
    return fund;
  }

  async recordContribution(
    ctx: RequestContext,
    input: RecordFundContributionInput,
  ): Promise<FundContributionEntity> {
    requireWriter(ctx);
    requirePositive(input.amountFen);
    if (!CONTRIBUTION_KINDS.includes(input.kind))
      throw badInput(`unknown contribution kind ${input.kind}`, 'kind');
    if (!CONTRIBUTION_STATUSES.includes(input.status)) {
      throw badInput(`unknown contribution status ${input.status}`, 'status');
    }
    const contributorName = requiredText(input.contributorName, 'contributorName', 200);
    const payerOrganisationId = input.payerOrganisationId
      ? requiredUuid(input.payerOrganisationId, 'payerOrganisationId')
      : null;
    const visible = await this.requireFund(ctx, input.fundId);
    if (payerOrganisationId)
      await this.organisations.requireActive(payerOrganisationId, 'payerOrganisationId');
    const change = async (manager: EntityManager) => {
      // Serialises the fund's money changes, so its events reach the outbox (and the topic) in commit order.
      const fund = await this.lockFund(manager, visible.id);
      const created = await this.repository.insertContribution(manager, {
        id: randomUUID(),
        fundId: fund.id,
        kind: input.kind,
        status: input.status,
        amountFen: input.amountFen,
        contributorName,
        payerOrganisationId,
      });
      await this.outbox.publish(
        manager,
        FundContributionRecorded,
        fund.id,
        {
          contributionId: created.id,
          kind: created.kind,
          status: created.status,
          money: {
            flowId: created.id,
            // A pledge or commitment is a promise: the money moves (is raised) only when it is paid.
            stage: created.status === 'PAID' ? 'RAISED' : 'PLEDGED',
            fundId: fund.id,
            allocationId: null,
            incidentId: fund.incidentId,
            amountFen: created.amountFen.toString(),
            currency: CURRENCY,
            payer: { organisationId: payerOrganisationId, name: contributorName },
            payee: { organisationId: fund.managingOrganisationId, name: null },
            sources: [],
            description: `${created.kind === 'APPROPRIATION' ? 'Appropriation' : 'Donation'} from ${contributorName}`,
            occurredAt: new Date().toISOString(),
          },
        },
        eventContext(ctx),
      );
      return created;
    };
    const contribution = await write(ctx, this.dataSource, change, {
      forgets: [{ key: TOTALS, ids: [visible.id] }],
    });
    return contribution;
  }

  /**
   * Allocates part of a fund, attributing it FIFO to the paid contributions' remainders. The fund row is locked
   * first, so concurrent allocations of one fund run one after the other and never together exceed what was paid.
   */
  async allocate(ctx: RequestContext, input: AllocateFundInput): Promise<FundAllocationEntity> {
    requireWriter(ctx);
    requirePositive(input.amountFen);
    const organisationId = requiredUuid(input.organisationId, 'organisationId');
    const purpose = requiredText(input.purpose, 'purpose', 500);
    // Jurisdiction and the recipient are checked before the transaction: they read through other connections.
    const visible = await this.requireFund(ctx, input.fundId);
    await this.requireRecipient(visible, organisationId);
    const change = async (manager: EntityManager) => {
      const fund = await this.lockFund(manager, visible.id);
      const open = await this.repository.openContributions(manager, fund.id);
      const available = availableFen(open);
      if (input.amountFen > available) {
        throw new ReconstructionFundException(
          ReconstructionFundErrorCode.InsufficientFunds,
          `fund ${fund.id} has ${available} fen of paid money left to allocate; ${input.amountFen} fen was requested`,
          {
            field: 'amountFen',
            availableFen: available.toString(),
            requestedFen: input.amountFen.toString(),
          },
        );
      }
      const draws = attributeFifo(open, input.amountFen);
      const created = await this.repository.insertAllocation(
        manager,
        { id: randomUUID(), fundId: fund.id, organisationId, amountFen: input.amountFen, purpose },
        draws,
      );
      await this.outbox.publish(
        manager,
        FundAllocated,
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
    const allocation = await write(ctx, this.dataSource, change, {
      forgets: [{ key: TOTALS, ids: [visible.id] }],
    });
    return allocation;
  }
}
