import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  FundAllocated,
  FundAllocationReturned,
  FundContributionReturned,
  type GoodsLine,
  type MoneyBlock,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  entityRef,
  CommonErrorCode,
  DomainError,
  eventContext,
  loadById,
  loaderKey,
  loadGroup,
  loadPage,
  notFound,
  requiredText,
  requiredUuid,
  requireActingFor,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  CURRENCY,
  MONEY_PURPOSES,
  type MoneyForm,
  type MoneyPurpose,
  type Origin,
  totalFen,
} from '@emergency/domain';
import { KnownOrganisations, type ActiveOrganisation, write } from '@emergency/subgraph';
import { readPage, readTimeKey, createdAtKey, type PageArgs } from '@emergency/paging';
import { AllocationBalances, type GoodsWanted } from './allocation-balance';
import type { AllocationItemEntity } from './allocation-item.entity';
import type {
  AllocationReturnEntity,
  AllocationReturnSourceEntity,
  ReturnDestination,
} from './allocation-return.entity';
import {
  allocationGoodsHeldLastFirst,
  contributionGoodsHeld,
  insufficientFunds,
  requireGoodsFor,
  requireProjectFor,
  takeGoods,
  takeReturn,
  type GoodsTaken,
} from './allocation-rules';
import type { AllocationSourceEntity } from './allocation-source.entity';
import type { Draw } from './fifo-attribution';
import type { FundAllocationEntity } from './fund-allocation.entity';
import { FundAllocationRepository } from './fund-allocation.repository';
import type { FundContributionEntity } from './fund-contribution.entity';
import { requirePositive, requireRecipientWithin } from './reconstruction-fund-rules';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';
import { ReconstructionFundService, TOTALS } from './reconstruction-fund.service';

export interface AllocateFundInput {
  fundId: string;
  /** The recipient organisation; exactly one of it and `projectId`. */
  organisationId?: string | null;
  /** The reconstruction project, whose owner organisation receives the money. */
  projectId?: string | null;
  /** Cash: required. Goods in kind: optional, and then the goods' value. */
  amountFen?: bigint | null;
  purposeCategory: MoneyPurpose;
  purpose: string;
  form?: MoneyForm | null;
  goods?: { contributionId: string; lines: GoodsWanted[] } | null;
}

export interface ReturnAllocationInput {
  allocationId: string;
  /** Cash: required. Goods in kind: optional, and then the returned lines' value. */
  amountFen?: bigint | null;
  /** Goods in kind: the lines returned. */
  lines?: GoodsWanted[] | null;
  destination: ReturnDestination;
  reason: string;
}

/** A return as the GraphQL type reads it: its row and what of each contribution it gave back. */
export type AllocationReturn = AllocationReturnEntity;

const ALLOCATIONS = loaderKey<FundAllocationEntity>('FundAllocation');
const SOURCES = loaderKey<AllocationSourceEntity[]>('AllocationSources');
const ALLOCATIONS_OF_FUND = loaderKey<FundAllocationEntity[]>('ReconstructionFund.allocations');
const ITEMS = loaderKey<AllocationItemEntity[]>('AllocationItems');
const RETURNS = loaderKey<AllocationReturnEntity[]>('AllocationReturns');
const RETURN_SOURCES = loaderKey<AllocationReturnSourceEntity[]>('AllocationReturnSources');

/** The money drawn from a fund: allocations, each attributed FIFO to the paid contributions it draws on. */
@Injectable()
export class FundAllocationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FundAllocationRepository,
    private readonly funds: ReconstructionFundService,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
    private readonly balances: AllocationBalances,
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
    field: string,
  ): Promise<ActiveOrganisation> {
    const [recipientStanding, manager] = await this.organisations.standings([
      recipientId,
      fund.managingOrganisationId,
    ]);
    const recipient = this.organisations.active(recipientStanding, field);
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

  /** An in-kind allocation's goods lines, in their order; empty for cash. Batched over the request's allocations. */
  goods(ctx: RequestContext, allocation: FundAllocationEntity): Promise<AllocationItemEntity[]> {
    if (allocation.form === 'CASH') return Promise.resolve([]);
    return loadGroup(
      ctx,
      ITEMS,
      (allocationIds) => this.repository.findItemsByAllocationIds(allocationIds),
      (i) => i.allocationId,
      allocation.id,
    );
  }

  /** Paid out of the allocation (disbursed), here or by another service as far as this one has heard. */
  async usedFen(ctx: RequestContext, allocation: FundAllocationEntity): Promise<bigint> {
    return totalFen((await this.sources(ctx, allocation)).map((s) => ({ amountFen: s.usedFen })));
  }

  /** Drawn less paid out and returned: what may still be paid out or returned. */
  async unspentFen(ctx: RequestContext, allocation: FundAllocationEntity): Promise<bigint> {
    return allocation.amountFen - allocation.returnedFen - (await this.usedFen(ctx, allocation));
  }

  /** The allocation's returns, oldest first; batched over the request's allocations. */
  returns(ctx: RequestContext, allocation: FundAllocationEntity): Promise<AllocationReturnEntity[]> {
    return loadGroup(
      ctx,
      RETURNS,
      (allocationIds) => this.repository.findReturnsByAllocationIds(allocationIds),
      (r) => r.allocationId,
      allocation.id,
    );
  }

  /** What of each contribution a return gave back, in the order it took them; batched over the request. */
  returnSources(ctx: RequestContext, given: AllocationReturnEntity): Promise<AllocationReturnSourceEntity[]> {
    return loadGroup(
      ctx,
      RETURN_SOURCES,
      (returnIds) => this.repository.findReturnSourcesByReturnIds(returnIds),
      (s) => s.returnId,
      given.id,
    );
  }

  /** The allocation a return gave back from (visible, as the return was read through it or its mutation). */
  returnedFrom(ctx: RequestContext, given: AllocationReturnEntity): Promise<FundAllocationEntity | null> {
    return this.getAllocation(ctx, given.allocationId);
  }

  /**
   * Allocates part of a fund to an organisation or a reconstruction project (whose owner receives it), for a
   * purpose. Cash draws on the fund's paid cash contributions, those directed to it first, then undirected ones,
   * each oldest first (ADR 26); goods in kind pass on lines of one in-kind contribution at their unit values. The
   * fund's allocation lock is taken first, in its own statement, so concurrent allocations and returns of one fund
   * run one after the other and what is drawn reads every earlier one: together they never exceed what was paid.
   * Contributions do not wait for it (docs/adr/0024-allocations-alone-take-the-fund-lock.md).
   */
  async allocate(ctx: RequestContext, input: AllocateFundInput): Promise<FundAllocationEntity> {
    requireWriter(ctx);
    const form: MoneyForm = input.form ?? 'CASH';
    const purpose = requiredText(input.purpose, 'purpose', 500);
    const purposeCategory = input.purposeCategory;
    if (!MONEY_PURPOSES.includes(purposeCategory)) {
      throw new ReconstructionFundException(
        CommonErrorCode.BadUserInput,
        `purposeCategory must be one of ${MONEY_PURPOSES.join(', ')}`,
        { field: 'purposeCategory' },
      );
    }
    const goods = form === 'IN_KIND' ? this.requireGoodsInput(input) : null;
    if (form === 'CASH') {
      if (input.goods) throw formMismatch('goods', 'an allocation of cash names no goods');
      if (input.amountFen === null || input.amountFen === undefined)
        throw formMismatch('amountFen', 'an allocation of cash names its amount');
      requirePositive(input.amountFen);
    } else if (input.amountFen !== null && input.amountFen !== undefined) {
      requirePositive(input.amountFen);
    }
    if (!input.organisationId === !input.projectId) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.AllocationRecipientRequired,
        'an allocation names exactly one of organisationId and projectId',
        { field: input.projectId ? 'projectId' : 'organisationId' },
      );
    }
    const projectId = input.projectId ? requiredUuid(input.projectId, 'projectId') : null;
    // Jurisdiction and the recipient are checked before the transaction: they read through other connections.
    const fund = await this.funds.requireFund(ctx, input.fundId);
    requireActingFor(
      ctx,
      [fund.managingOrganisationId],
      `the money of fund ${fund.id} is allocated by its managing organisation`,
    );
    let organisationId: string;
    if (projectId) {
      const project = await this.repository.findProject(projectId);
      requireProjectFor(project, projectId, fund.id, purposeCategory);
      organisationId = project!.ownerOrganisationId;
    } else {
      organisationId = requiredUuid(input.organisationId!, 'organisationId');
    }
    await this.requireRecipient(fund, organisationId, projectId ? 'projectId' : 'organisationId');
    const target = { purposeCategory, organisationId };

    const change = async (manager: EntityManager) => {
      await this.funds.lockForAllocation(manager, fund.id);
      if (projectId) {
        // Held until commit: the project cannot settle while money is being allocated to it.
        requireProjectFor(
          await this.repository.holdProject(manager, projectId),
          projectId,
          fund.id,
          purposeCategory,
        );
      }
      const allocation = {
        id: randomUUID(),
        fundId: fund.id,
        organisationId,
        projectId,
        form,
        amountFen: input.amountFen ?? 0n,
        returnedFen: 0n,
        purposeCategory,
        purpose,
      };
      let created: FundAllocationEntity;
      let draws: Draw[];
      let lines: GoodsTaken[] = [];
      let valuationBasis: string | null = null;
      if (goods) {
        const contribution = requireGoodsFor(
          await this.repository.findContribution(manager, goods.contributionId, true),
          fund.id,
          goods.contributionId,
          target,
        );
        lines = takeGoods(
          contributionGoodsHeld(await this.repository.contributionItems(manager, contribution.id)),
          goods.lines,
          'goods.lines',
        );
        const valueFen = totalFen(lines);
        if (input.amountFen && input.amountFen !== valueFen) {
          throw formMismatch('amountFen', `the goods are worth ${valueFen} fen, not ${input.amountFen}`);
        }
        valuationBasis = contribution.valuationBasis;
        created = await this.repository.allocateGoods(
          manager,
          { ...allocation, amountFen: valueFen },
          contribution.id,
          lines.map((l, position) => ({
            position,
            contributionId: contribution.id,
            contributionPosition: l.from,
            description: l.description,
            unit: l.unit,
            quantity: l.quantity,
            unitValueFen: l.unitValueFen,
          })),
        );
        draws = [{ contributionId: contribution.id, amountFen: valueFen }];
      } else {
        const outcome = await this.repository.allocateFifo(manager, allocation);
        if (!outcome.allocated) {
          throw insufficientFunds(
            fund.id,
            outcome.availableFen,
            allocation.amountFen,
            await this.repository.directedElsewhereFen(manager, fund.id, purposeCategory, organisationId),
          );
        }
        created = outcome.allocated;
        draws = outcome.draws;
      }
      await this.outbox.publish(
        manager,
        FundAllocated,
        fund.id,
        {
          allocationId: created.id,
          purposeCategory,
          purpose,
          money: {
            flowId: created.id,
            stage: 'ALLOCATED',
            reverses: null,
            fundId: fund.id,
            allocationId: created.id,
            projectId,
            incidentId: fund.incidentId,
            amountFen: created.amountFen.toString(),
            currency: CURRENCY,
            form,
            goods: lines.map(goodsLine),
            valuationBasis,
            payer: { organisationId: fund.managingOrganisationId, name: null },
            payee: { organisationId, name: null },
            sources: draws.map(sourceOf),
            description: purpose,
            occurredAt: new Date().toISOString(),
          },
        },
        eventContext(ctx),
      );
      return created;
    };
    return write(ctx, this.dataSource, change, { forgets: [{ key: TOTALS, ids: [fund.id] }] });
  }

  private requireGoodsInput(input: AllocateFundInput): { contributionId: string; lines: GoodsWanted[] } {
    if (!input.goods || input.goods.lines.length === 0)
      throw formMismatch('goods', 'an allocation of goods in kind names the goods it passes on');
    return {
      contributionId: requiredUuid(input.goods.contributionId, 'goods.contributionId'),
      lines: input.goods.lines.map((l) => wantedLine(l, 'goods.lines')),
    };
  }

  /** Revokes an allocation: all that is unspent of it goes back to the fund. */
  revoke(ctx: RequestContext, allocationId: string, reason: string): Promise<AllocationReturnEntity> {
    return this.giveBack(ctx, { allocationId, destination: 'FUND', reason }, true);
  }

  /**
   * Returns unspent money (or goods) of an allocation to the fund (which may allocate it again) or to the
   * contributors it came from, last drawn first (ADR 26). The fund's managing organisation or the recipient may
   * return. The allocation's spending lock is taken first, then the fund's allocation lock, always in that order
   * (payments from the allocation take only the first; allocations only the second), so what is unspent cannot
   * change under the return and what the fund may allocate again is read by the next allocation.
   */
  returnAllocation(ctx: RequestContext, input: ReturnAllocationInput): Promise<AllocationReturnEntity> {
    return this.giveBack(ctx, input, false);
  }

  private async giveBack(
    ctx: RequestContext,
    input: ReturnAllocationInput,
    revoked: boolean,
  ): Promise<AllocationReturnEntity> {
    requireWriter(ctx);
    const allocationId = requiredUuid(input.allocationId, 'allocationId');
    const reason = requiredText(input.reason, 'reason', 500);
    const amountFen = revoked ? null : (input.amountFen ?? null);
    if (amountFen !== null) requirePositive(amountFen);
    const wanted = revoked ? null : (input.lines?.map((l) => wantedLine(l, 'lines')) ?? null);
    const [found] = await this.repository.findAllocationsByIds([allocationId]);
    const fund = found ? await this.writableFund(ctx, found.fundId) : null;
    if (!found || !fund) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.AllocationNotFound,
        `allocation ${allocationId} does not exist or is outside your jurisdiction`,
        { field: 'allocationId', id: allocationId },
      );
    }
    requireActingFor(
      ctx,
      [fund.managingOrganisationId, found.organisationId],
      `allocation ${allocationId} is returned by the fund's managing organisation or its recipient`,
    );
    if (found.form === 'CASH' && !revoked && (amountFen === null || wanted)) {
      throw formMismatch(wanted ? 'lines' : 'amountFen', 'a return of cash names its amount and no goods');
    }
    if (found.form === 'IN_KIND' && !revoked && !wanted) {
      throw formMismatch('lines', 'a return of goods in kind names the lines returned');
    }

    const change = async (manager: EntityManager) => {
      await this.balances.lock(manager, allocationId);
      await this.funds.lockForAllocation(manager, fund.id);
      const allocation = (await this.balances.find(manager, allocationId))!;
      const holdings = await this.balances.holdings(manager, allocationId);
      let lines: GoodsTaken[] = [];
      let items: AllocationItemEntity[] = [];
      let asked = amountFen;
      if (allocation.form === 'IN_KIND') {
        items = await this.repository.allocationItems(manager, allocationId);
        const held = allocationGoodsHeldLastFirst(items);
        const all = held.filter((h) => h.left > 0).map((h) => ({ ...h, quantity: h.left }));
        lines = takeGoods(held, wanted ?? all, 'lines');
        if (lines.length === 0) takeReturn(allocationId, [], null);
        const valueFen = totalFen(lines);
        if (amountFen !== null && amountFen !== valueFen) {
          throw formMismatch('amountFen', `the goods returned are worth ${valueFen} fen, not ${amountFen}`);
        }
        asked = valueFen;
      }
      const origins = takeReturn(allocationId, holdings, asked);
      const given = await this.repository.recordReturn(
        manager,
        {
          id: randomUUID(),
          allocationId,
          amountFen: totalFen(origins),
          destination: input.destination,
          reason,
          revoked,
        },
        origins,
        lines.map((l) => {
          const item = items.find((i) => i.position === l.from)!;
          return {
            allocationPosition: l.from,
            contributionId: item.contributionId,
            contributionPosition: item.contributionPosition,
            description: l.description,
            unit: l.unit,
            quantity: l.quantity,
            unitValueFen: l.unitValueFen,
            // Goods given back to their donor are no longer the fund's to allocate.
            toFund: input.destination === 'FUND',
          };
        }),
      );
      const contributions = await Promise.all(
        origins.map(async (o) => (await this.repository.findContribution(manager, o.contributionId))!),
      );
      await this.publishReturn(ctx, manager, fund, allocation, given, origins, lines, contributions);
      return given;
    };
    return write(ctx, this.dataSource, change, { forgets: [{ key: TOTALS, ids: [fund.id] }] });
  }

  /** The fund for a write: visible to the caller by its incident's region, else null. */
  private async writableFund(ctx: RequestContext, fundId: string): Promise<ReconstructionFundEntity | null> {
    try {
      return await this.funds.requireFund(ctx, fundId);
    } catch (error) {
      if (error instanceof DomainError && error.code === ReconstructionFundErrorCode.FundNotFound)
        return null;
      throw error;
    }
  }

  /** FundAllocationReturned, and for money given back to its contributors a FundContributionReturned each. */
  private async publishReturn(
    ctx: RequestContext,
    manager: EntityManager,
    fund: ReconstructionFundEntity,
    allocation: FundAllocationEntity,
    given: AllocationReturnEntity,
    origins: readonly Origin[],
    lines: readonly GoodsTaken[],
    contributions: readonly FundContributionEntity[],
  ): Promise<void> {
    const fundManager = { organisationId: fund.managingOrganisationId, name: null };
    const occurredAt = new Date().toISOString();
    const valuationBasis = allocation.form === 'IN_KIND' ? (contributions[0]?.valuationBasis ?? null) : null;
    const common = {
      fundId: fund.id,
      allocationId: allocation.id,
      projectId: allocation.projectId,
      incidentId: fund.incidentId,
      currency: CURRENCY,
      form: allocation.form,
      valuationBasis,
      occurredAt,
    } satisfies Partial<MoneyBlock>;
    await this.outbox.publish(
      manager,
      FundAllocationReturned,
      fund.id,
      {
        returnId: given.id,
        allocationId: allocation.id,
        destination: given.destination,
        reason: given.reason,
        revoked: given.revoked,
        money: {
          ...common,
          flowId: given.id,
          stage: 'ALLOCATED',
          reverses: allocation.id,
          amountFen: given.amountFen.toString(),
          goods: lines.map(goodsLine),
          payer: { organisationId: allocation.organisationId, name: null },
          payee: fundManager,
          sources: origins.map(sourceOf),
          description: `${given.revoked ? 'Revocation' : 'Return'} of allocation "${allocation.purpose}": ${given.reason}`,
        },
      },
      eventContext(ctx),
    );
    if (given.destination !== 'CONTRIBUTOR') return;
    for (const [i, origin] of origins.entries()) {
      const contribution = contributions[i];
      await this.outbox.publish(
        manager,
        FundContributionReturned,
        fund.id,
        {
          contributionId: contribution.id,
          returnId: given.id,
          allocationId: allocation.id,
          reason: given.reason,
          money: {
            ...common,
            allocationId: null,
            projectId: null,
            flowId: randomUUID(),
            stage: 'RAISED',
            reverses: contribution.id,
            amountFen: origin.amountFen.toString(),
            goods: lines.filter(() => contribution.form === 'IN_KIND').map(goodsLine),
            payer: fundManager,
            payee: { organisationId: contribution.payerOrganisationId, name: contribution.contributorName },
            sources: [],
            description: `Returned to ${contribution.contributorName}: ${given.reason}`,
          },
        },
        eventContext(ctx),
      );
    }
  }
}

/** ALLOCATION_FORM_MISMATCH at `field`. */
const formMismatch = (field: string, message: string) =>
  new ReconstructionFundException(ReconstructionFundErrorCode.AllocationFormMismatch, message, { field });

/** A wanted goods line, its texts trimmed and its quantity positive. */
function wantedLine(line: GoodsWanted, field: string): GoodsWanted {
  if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
    throw new ReconstructionFundException(
      CommonErrorCode.BadUserInput,
      `${field}: quantity must be positive`,
      {
        field,
      },
    );
  }
  return {
    description: requiredText(line.description, `${field}.description`, 200),
    unit: requiredText(line.unit, `${field}.unit`, 20),
    quantity: line.quantity,
  };
}

/** One contribution drawn on (or given back to) as a money source: the contribution is its flow and its origin. */
const sourceOf = (d: Draw | Origin) => ({
  flowId: d.contributionId,
  amountFen: d.amountFen.toString(),
  origins: [{ contributionId: d.contributionId, amountFen: d.amountFen.toString() }],
});

const goodsLine = (l: GoodsTaken): GoodsLine => ({
  description: l.description,
  unit: l.unit,
  quantity: l.quantity,
  unitValueFen: l.unitValueFen.toString(),
  amountFen: l.amountFen.toString(),
});
