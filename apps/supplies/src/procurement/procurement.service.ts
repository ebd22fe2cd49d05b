import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole } from '@emergency/auth';
import { ProcurementRecorded } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  eventContext,
  loadById,
  loaderKey,
  loadPage,
  optionalUuid,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { KnownOrganisations, write } from '@emergency/subgraph';
import { jurisdictionPrefix } from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { AllocationService, KNOWN_ALLOCATIONS } from '../allocation/allocation.service';
import { actsFor, balanceOf } from '../allocation/allocation-rules';
import { purchaseAmount, requireAffordable } from './procurement-rules';
import type { ProcurementEntity } from './procurement.entity';
import { ProcurementErrorCode, ProcurementException } from './procurement.exception';
import { ProcurementRepository, type ProcurementQuery } from './procurement.repository';

export interface RecordProcurementInput {
  allocationId: string;
  supplierName: string;
  itemDescription: string;
  quantity: number;
  /** Parsed by the Money scalar. */
  unitPriceFen: bigint;
}

export interface ProcurementFilter {
  allocationId?: string | null;
  fundId?: string | null;
  incidentId?: string | null;
}

const CURRENCY = 'CNY';
const PROCUREMENTS = loaderKey<ProcurementEntity>('Procurement');
const PROCUREMENTS_OF_ALLOCATION = loaderKey<ProcurementEntity[]>('FundAllocation.procurements');

const recordedKey = (p: ProcurementEntity) => timeKeyOf(p.recordedAt, p.id);

@Injectable()
export class ProcurementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProcurementRepository,
    private readonly allocations: AllocationService,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<ProcurementEntity | null> {
    const procurement = await loadById(ctx, PROCUREMENTS, (ids) => this.repository.findByIds(ids), id);
    if (!procurement) return null;
    return (await this.allocations.maySee(ctx, procurement.incidentId, procurement.payerOrganisationId))
      ? procurement
      : null;
  }

  async list(ctx: RequestContext, filter: ProcurementFilter, args: PageArgs) {
    const page = readPage(args);
    const allocationId = optionalUuid(filter.allocationId, 'filter.allocationId');
    const query: ProcurementQuery = {
      allocationIds: allocationId ? [allocationId] : undefined,
      fundId: optionalUuid(filter.fundId, 'filter.fundId'),
      incidentId: optionalUuid(filter.incidentId, 'filter.incidentId'),
      regionPrefix: jurisdictionPrefix(ctx.identity),
    };
    const { identity } = ctx;
    if (!hasRole(identity, 'admin', 'auditor') && identity.organisationId) {
      query.payerOrganisationId = identity.organisationId;
    }
    const rows = await this.repository.list(query, page, readTimeKey(page));
    return toConnection(rows, page, recordedKey);
  }

  /** How much of an allocation is known, spent and left; null when unknown here or not the caller's. */
  async balance(ctx: RequestContext, allocationId: string) {
    const allocation = await this.allocations.visible(ctx, allocationId);
    return allocation ? balanceOf(allocation) : null;
  }

  /** What has been spent from an allocation (as the incidents subgraph's entity); 0 when unknown or not visible. */
  async spentFrom(ctx: RequestContext, allocationId: string): Promise<bigint> {
    return (await this.allocations.visible(ctx, allocationId))?.spentFen ?? 0n;
  }

  /** What an allocation (as the incidents subgraph's entity) has paid for; empty when unknown or not visible. */
  async ofAllocation(ctx: RequestContext, allocationId: string, args: PageArgs) {
    const page = readPage(args);
    const allocation = await this.allocations.visible(ctx, allocationId);
    if (!allocation) return toConnection([], page, recordedKey);
    const rows = await loadPage(ctx, PROCUREMENTS_OF_ALLOCATION, page, allocation.id, {
      firstPages: (allocationIds, limit) => this.repository.newestOfAllocations(allocationIds, limit),
      parentOf: (p) => p.allocationId,
      nextPage: () => this.repository.list({ allocationIds: [allocation.id] }, page, readTimeKey(page)),
    });
    return toConnection(rows, page, recordedKey);
  }

  async record(ctx: RequestContext, input: RecordProcurementInput): Promise<ProcurementEntity> {
    requireWriter(ctx);
    const allocationId = requiredUuid(input.allocationId, 'allocationId');
    const supplierName = requiredText(input.supplierName, 'supplierName', 200);
    const itemDescription = requiredText(input.itemDescription, 'itemDescription', 500);
    const amountFen = purchaseAmount(input.quantity, input.unitPriceFen);

    const change = async (manager: EntityManager) => {
      const allocation = await this.allocations.lockForSpending(manager, allocationId);
      if (!allocation) {
        throw new ProcurementException(
          ProcurementErrorCode.AllocationUnknown,
          `allocation ${allocationId} is not known to supplies; allocations arrive moments after they are made, so retry shortly if it was just made`,
          { field: 'allocationId' },
        );
      }
      if (!actsFor(ctx.identity, allocation.recipientOrganisationId)) {
        throw new ProcurementException(
          ProcurementErrorCode.AllocationNotYours,
          `allocation ${allocationId} was made to another organisation`,
          { field: 'allocationId' },
        );
      }
      // The payer is the allocation's recipient, checked when the allocation was made; it may have been dissolved
      // since. Spending is the recipient's act, so the recipient must lie in the caller's jurisdiction.
      const payer = await this.organisations.requireActive(
        allocation.recipientOrganisationId,
        'allocationId',
        manager,
      );
      requireJurisdiction(ctx, payer.regionCode, 'allocationId');
      requireAffordable(allocation, amountFen);
      const created = await this.repository.insert(manager, {
        id: randomUUID(),
        allocationId: allocation.id,
        fundId: allocation.fundId,
        incidentId: allocation.incidentId,
        payerOrganisationId: allocation.recipientOrganisationId,
        supplierName,
        itemDescription,
        quantity: input.quantity,
        unitPriceFen: input.unitPriceFen,
        amountFen,
      });
      await this.allocations.addSpending(manager, allocation.id, amountFen);
      await this.outbox.publish(
        manager,
        ProcurementRecorded,
        allocation.id,
        {
          procurementId: created.id,
          itemDescription,
          quantity: input.quantity,
          unitPriceFen: input.unitPriceFen.toString(),
          money: {
            flowId: created.id,
            stage: 'SPENT',
            fundId: allocation.fundId,
            allocationId: allocation.id,
            incidentId: allocation.incidentId,
            amountFen: amountFen.toString(),
            currency: CURRENCY,
            payer: { organisationId: allocation.recipientOrganisationId, name: null },
            payee: { organisationId: null, name: supplierName },
            sources: [{ flowId: allocation.id, amountFen: amountFen.toString() }],
            description: `${input.quantity} × ${itemDescription}`,
            occurredAt: new Date().toISOString(),
          },
        },
        eventContext(ctx),
      );
      return created;
    };
    return write(ctx, this.dataSource, change, {
      forgets: [{ key: KNOWN_ALLOCATIONS, ids: [allocationId] }],
    });
  }
}
