import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  SHELTER_COST_KINDS,
  ShelterCostPaid,
  ShelterCostRefunded,
  type MoneyBlock,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  CommonErrorCode,
  eventContext,
  loadGroup,
  loaderKey,
  oneOf,
  optionalUuid,
  pastOrToday,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { byAllocation, CURRENCY, inJurisdiction } from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { AllocationService, KNOWN_ALLOCATIONS } from '../allocation/allocation.service';
import { giveBack, paymentsOf, type PaidOrigin } from '../procurement/procurement-rules';
import { actsFor } from '../allocation/allocation-rules';
import type {
  ShelterCostEntity,
  ShelterCostOriginEntity,
  ShelterCostPaymentEntity,
} from './shelter-cost.entity';
import { ShelterCostErrorCode, ShelterCostException, type ShelterCostKind } from './shelter-cost.exception';
import { ShelterCostRepository } from './shelter-cost.repository';
import { ShelterErrorCode } from './shelter.exception';
import { ShelterEntity } from './shelter.entity';

export interface PayShelterCostInput {
  shelterId: string;
  kind: ShelterCostKind;
  description: string;
  contractorName: string;
  payerOrganisationId: string;
  /** Parsed by the Money scalar. */
  amountFen: bigint;
  paidOn: string;
  /** The one allocation that pays; absent when `allocations` splits it. */
  allocationId?: string | null;
  /** The split stated by the payer: how much each allocation pays. */
  allocations?: { allocationId: string; amountFen: bigint }[] | null;
}

export interface RefundShelterCostInput {
  costId: string;
  amountFen: bigint;
  reason: string;
}

/** A payment as `ShelterCost.payments` shows it: with the contributions it drew on. */
export interface ShelterCostPaymentView extends ShelterCostPaymentEntity {
  origins: ShelterCostOriginEntity[];
}

const PAYMENTS = loaderKey<ShelterCostPaymentEntity[]>('ShelterCost.payments');
const ORIGINS = loaderKey<ShelterCostOriginEntity[]>('ShelterCost.payments.origins');
const COSTS = loaderKey<ShelterCostEntity>('ShelterCost');
const recordedKey = (c: ShelterCostEntity) => timeKeyOf(c.recordedAt, c.id);

/**
 * Shelter construction and upgrade costs paid to contractors from fund allocations, as procurements are: each
 * payment draws on its allocation's contributions first in, first out, and is a DISBURSED money flow.
 */
@Injectable()
export class ShelterCostService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ShelterCostRepository,
    private readonly allocations: AllocationService,
    private readonly outbox: Outbox,
  ) {}

  /** A shelter's costs, newest first; `shelter` was resolved for the caller, so within its jurisdiction. */
  async ofShelter(shelter: ShelterEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await this.repository.ofShelter(shelter.id, page, readTimeKey(page));
    return toConnection(rows, page, recordedKey);
  }

  /** The payments of a cost in the order stated, each with the contributions it drew on. */
  async paymentsOf(ctx: RequestContext, costId: string): Promise<ShelterCostPaymentView[]> {
    const [payments, origins] = await Promise.all([
      loadGroup(
        ctx,
        PAYMENTS,
        (ids) => this.repository.paymentsOf(ids),
        (p) => p.costId,
        costId,
      ),
      loadGroup(
        ctx,
        ORIGINS,
        (ids) => this.repository.originsOf(ids),
        (o) => o.costId,
        costId,
      ),
    ]);
    return payments.map((p) => ({ ...p, origins: origins.filter((o) => o.allocationId === p.allocationId) }));
  }

  async pay(ctx: RequestContext, input: PayShelterCostInput): Promise<ShelterCostEntity> {
    requireWriter(ctx);
    const shelterId = requiredUuid(input.shelterId, 'shelterId');
    const kind = oneOf(SHELTER_COST_KINDS, input.kind, 'kind');
    const description = requiredText(input.description, 'description', 500);
    const contractorName = requiredText(input.contractorName, 'contractorName', 200);
    const payerOrganisationId = requiredUuid(input.payerOrganisationId, 'payerOrganisationId');
    const paidOn = pastOrToday(input.paidOn, 'paidOn');
    if (input.amountFen <= 0n) {
      throw new ShelterCostException(
        CommonErrorCode.InvalidAmount,
        `amountFen must be greater than zero (got ${input.amountFen})`,
        { field: 'amountFen' },
      );
    }
    const allocationId = optionalUuid(input.allocationId, 'allocationId');
    const stated = input.allocations?.map((p, i) => ({
      allocationId: requiredUuid(p.allocationId, `allocations.${i}.allocationId`),
      amountFen: p.amountFen,
    }));
    const payments = paymentsOf(input.amountFen, allocationId, stated);
    const field = stated ? 'allocations' : 'allocationId';

    const change = async (manager: EntityManager) => {
      const shelter = await manager.getRepository(ShelterEntity).findOne({ where: { id: shelterId } });
      if (!shelter || !inJurisdiction(ctx.identity, shelter.regionCode)) {
        throw new ShelterCostException(
          ShelterErrorCode.ShelterNotFound,
          `shelter ${shelterId} does not exist or is outside your jurisdiction`,
          { field: 'shelterId', id: shelterId },
        );
      }
      const { payer, allocations, drawn } = await this.allocations.spend(ctx, manager, payments, field);
      if (payer !== payerOrganisationId) {
        throw new ShelterCostException(
          ShelterCostErrorCode.PayerNotRecipient,
          `the allocations were made to organisation ${payer}, which alone pays from them`,
          { field: 'payerOrganisationId', recipientOrganisationId: payer },
        );
      }
      const [first] = allocations;
      const cost = await this.repository.insert(
        manager,
        {
          id: randomUUID(),
          shelterId: shelter.id,
          kind,
          description,
          contractorName,
          payerOrganisationId: payer,
          allocationId: payments.length === 1 ? first.id : null,
          fundId: first.fundId,
          incidentId: first.incidentId,
          amountFen: input.amountFen,
          refundedFen: 0n,
          paidOn,
        },
        drawn,
      );
      await this.outbox.publish(
        manager,
        ShelterCostPaid,
        cost.fundId,
        {
          costId: cost.id,
          shelterId: shelter.id,
          regionCode: shelter.regionCode,
          kind,
          paidOn,
          payments: payments.map((p) => ({
            allocationId: p.allocationId,
            amountFen: p.amountFen.toString(),
          })),
          money: moneyOf(cost, {
            flowId: cost.id,
            reverses: null,
            amountFen: cost.amountFen,
            parts: drawn.flatMap((d) => d.origins),
            description: `Shelter ${kind === 'CONSTRUCTION' ? 'construction' : 'upgrade'}: ${shelter.name} (${description})`,
          }),
        },
        eventContext(ctx),
      );
      return cost;
    };
    return write(ctx, this.dataSource, change, {
      forgets: [{ key: KNOWN_ALLOCATIONS, ids: payments.map((p) => p.allocationId) }],
    });
  }

  /**
   * Money a contractor gave back of a shelter cost: returned to its allocations last paid first, as a DISBURSED flow
   * reversing the payment.
   */
  async refund(ctx: RequestContext, input: RefundShelterCostInput): Promise<ShelterCostEntity> {
    requireWriter(ctx);
    const costId = requiredUuid(input.costId, 'costId');
    const reason = requiredText(input.reason, 'reason', 500);
    if (input.amountFen <= 0n) {
      throw new ShelterCostException(
        CommonErrorCode.InvalidAmount,
        `amountFen must be greater than zero (got ${input.amountFen})`,
        { field: 'amountFen' },
      );
    }
    const change = async (manager: EntityManager) => {
      const cost = await this.repository.lock(manager, costId);
      const shelter = cost
        ? await manager.getRepository(ShelterEntity).findOne({ where: { id: cost.shelterId } })
        : null;
      if (
        !cost ||
        !shelter ||
        !inJurisdiction(ctx.identity, shelter.regionCode) ||
        !actsFor(ctx.identity, cost.payerOrganisationId)
      ) {
        throw new ShelterCostException(CommonErrorCode.NotFound, `no shelter cost ${costId}`, {
          id: costId,
          field: 'costId',
        });
      }
      const net = cost.amountFen - cost.refundedFen;
      const parts =
        input.amountFen <= net
          ? giveBack(await this.repository.paidOrigins(manager, cost.id), input.amountFen)
          : null;
      if (!parts) {
        throw new ShelterCostException(
          CommonErrorCode.RefundExceedsPaid,
          `shelter cost ${cost.id} has paid ${net} fen net of refunds; the refund is ${input.amountFen} fen`,
          { field: 'amountFen', paidFen: net.toString(), requestedFen: input.amountFen.toString() },
        );
      }
      const sources = byAllocation(parts);
      await this.allocations.lockForSpending(
        manager,
        sources.map((s) => s.allocationId),
      );
      for (const source of sources) {
        await this.allocations.addSpending(
          manager,
          source.allocationId,
          source.origins.map((o) => ({ ...o, amountFen: -o.amountFen })),
        );
      }
      const refund = await this.repository.insertRefund(
        manager,
        { id: randomUUID(), costId: cost.id, amountFen: input.amountFen, reason },
        parts,
      );
      await this.outbox.publish(
        manager,
        ShelterCostRefunded,
        cost.fundId,
        {
          refundId: refund.id,
          costId: cost.id,
          shelterId: cost.shelterId,
          reason,
          money: {
            ...moneyOf(cost, {
              flowId: refund.id,
              reverses: cost.id,
              amountFen: input.amountFen,
              parts,
              description: `Refunded: ${cost.description} (${reason})`,
            }),
            // The contractor pays the money back to the organisation that paid it.
            payer: { organisationId: null, name: cost.contractorName },
            payee: { organisationId: cost.payerOrganisationId, name: null },
          },
        },
        eventContext(ctx),
      );
      return cost.id;
    };
    const id = await write(ctx, this.dataSource, change, {
      forgets: [COSTS, KNOWN_ALLOCATIONS, PAYMENTS, ORIGINS],
    });
    return (await this.repository.findByIds([id]))[0];
  }
}

/** A shelter cost's money block: paid by its payer to its contractor, in cash, from the allocations of `parts`. */
function moneyOf(
  cost: ShelterCostEntity,
  flow: {
    flowId: string;
    reverses: string | null;
    amountFen: bigint;
    parts: readonly PaidOrigin[];
    description: string;
  },
): MoneyBlock {
  return {
    flowId: flow.flowId,
    stage: 'DISBURSED',
    reverses: flow.reverses,
    fundId: cost.fundId,
    allocationId: cost.allocationId,
    projectId: null,
    incidentId: cost.incidentId,
    amountFen: flow.amountFen.toString(),
    currency: CURRENCY,
    form: 'CASH',
    goods: [],
    valuationBasis: null,
    payer: { organisationId: cost.payerOrganisationId, name: null },
    payee: { organisationId: null, name: cost.contractorName },
    sources: byAllocation(flow.parts).map((s) => ({
      flowId: s.allocationId,
      amountFen: s.amountFen.toString(),
      origins: s.origins.map((o) => ({
        contributionId: o.contributionId,
        amountFen: o.amountFen.toString(),
      })),
    })),
    description: flow.description,
    occurredAt: new Date().toISOString(),
  };
}
