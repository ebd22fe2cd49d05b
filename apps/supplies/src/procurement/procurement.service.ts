import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, type Identity } from '@emergency/auth';
import { ProcurementRecorded } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  eventContext,
  loadById,
  loadPage,
  loader,
  optionalUuid,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
  CommonErrorCode,
} from '@emergency/graphql';
import { KnownOrganisations, write } from '@emergency/subgraph';
import { inJurisdiction, jurisdictionPrefix } from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import type { KnownAllocationEntity } from './known-allocation.entity';
import type { ProcurementEntity } from './procurement.entity';
import { SuppliesErrorCode, SuppliesException } from './procurement.exception';
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

const MAX_QUANTITY = 1_000_000_000;
/** Largest value of a PostgreSQL bigint. */
const MAX_FEN = 2n ** 63n - 1n;
const CURRENCY = 'CNY';
const PROCUREMENTS = loaderKey<ProcurementEntity>('Procurement');
const PROCUREMENTS_OF_ALLOCATION = loaderKey<ProcurementEntity[]>('FundAllocation.procurements');
const ALLOCATIONS = loaderKey<KnownAllocationEntity>('KnownAllocation');
const INCIDENT_REGIONS = loaderKey<{ id: string; regionCode: string }>('KnownIncidentRegion');
const ORGANISATION_REGIONS = loaderKey<{ id: string; regionCode: string }>('KnownOrganisationRegion');

/**
 * Who may see and spend from an allocation, as far as organisations go: admins and auditors everything; a caller
 * acting for an organisation only what was allocated to it; a caller acting for none, all organisations'. The
 * caller's region limits it further (see `inCallersJurisdiction`).
 */
const actsFor = (identity: Identity, organisationId: string) =>
  hasRole(identity, 'admin', 'auditor') ||
  !identity.organisationId ||
  identity.organisationId === organisationId;

const recordedKey = (p: ProcurementEntity) => timeKeyOf(p.recordedAt, p.id);

@Injectable()
export class ProcurementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProcurementRepository,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
  ) {}

  /**
   * Whether an allocation or purchase lies in the caller's jurisdiction: its incident's region or its recipient's
   * (who pays) region does. The first matches the incidents service, where a fund and its allocations are visible
   * exactly when the incident is; the second lets a county see and spend what a prefecture's fund allocated to it.
   * A caller limited to a region sees nothing whose regions supplies has not learned yet; province-wide callers
   * see all.
   */
  private async inCallersJurisdiction(
    ctx: RequestContext,
    incidentId: string,
    recipientOrganisationId: string,
  ): Promise<boolean> {
    if (jurisdictionPrefix(ctx.identity) === undefined) return true;
    const [incident, recipient] = await Promise.all([
      loader(
        ctx,
        INCIDENT_REGIONS,
        (ids) => this.repository.findIncidentRegions(ids),
        (i) => i.id,
      ).load(incidentId),
      loader(
        ctx,
        ORGANISATION_REGIONS,
        (ids) => this.repository.findOrganisationRegions(ids),
        (o) => o.id,
      ).load(recipientOrganisationId),
    ]);
    return [incident, recipient].some((known) => !!known && inJurisdiction(ctx.identity, known.regionCode));
  }

  async get(ctx: RequestContext, id: string): Promise<ProcurementEntity | null> {
    const procurement = await loadById(
      ctx,
      PROCUREMENTS,
      (ids) => this.repository.findProcurementsByIds(ids),
      id,
    );
    if (!procurement || !actsFor(ctx.identity, procurement.payerOrganisationId)) return null;
    return (await this.inCallersJurisdiction(ctx, procurement.incidentId, procurement.payerOrganisationId))
      ? procurement
      : null;
  }

  /** The allocation as supplies knows it, or null when unknown here or not the caller's. */
  async allocation(ctx: RequestContext, id: string): Promise<KnownAllocationEntity | null> {
    const allocation = await loadById(
      ctx,
      ALLOCATIONS,
      (ids) => this.repository.findAllocationsByIds(ids),
      id,
    );
    if (!allocation || !actsFor(ctx.identity, allocation.recipientOrganisationId)) return null;
    return (await this.inCallersJurisdiction(ctx, allocation.incidentId, allocation.recipientOrganisationId))
      ? allocation
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

  /** What an allocation (as the incidents subgraph's entity) has paid for; empty when unknown or not visible. */
  async ofAllocation(ctx: RequestContext, allocationId: string, args: PageArgs) {
    const page = readPage(args);
    const allocation = await this.allocation(ctx, allocationId);
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
    if (!Number.isInteger(input.quantity) || input.quantity < 1 || input.quantity > MAX_QUANTITY) {
      throw new SuppliesException(
        SuppliesErrorCode.InvalidQuantity,
        `quantity must be a whole number from 1 to ${MAX_QUANTITY} (got ${input.quantity})`,
        { field: 'quantity' },
      );
    }
    if (input.unitPriceFen <= 0n) {
      throw new SuppliesException(
        CommonErrorCode.InvalidAmount,
        `unitPriceFen must be greater than zero (got ${input.unitPriceFen})`,
        { field: 'unitPriceFen' },
      );
    }
    const amountFen = BigInt(input.quantity) * input.unitPriceFen;
    if (amountFen > MAX_FEN) {
      throw new SuppliesException(CommonErrorCode.InvalidAmount, 'quantity × unitPriceFen is too large', {
        field: 'unitPriceFen',
      });
    }

    const change = async (manager: EntityManager) => {
      const allocation = await this.repository.lockAllocation(manager, allocationId);
      if (!allocation) {
        throw new SuppliesException(
          SuppliesErrorCode.AllocationUnknown,
          `allocation ${allocationId} is not known to supplies; allocations arrive moments after they are made, so retry shortly if it was just made`,
          { field: 'allocationId' },
        );
      }
      if (!actsFor(ctx.identity, allocation.recipientOrganisationId)) {
        throw new SuppliesException(
          SuppliesErrorCode.AllocationNotYours,
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
      const remaining = allocation.amountFen - allocation.spentFen;
      if (amountFen > remaining) {
        throw new SuppliesException(
          SuppliesErrorCode.AllocationExceeded,
          `allocation ${allocationId} has ${remaining} fen left; this purchase costs ${amountFen} fen`,
          { field: 'allocationId', remainingFen: remaining.toString(), requestedFen: amountFen.toString() },
        );
      }
      const created = await this.repository.insertProcurement(manager, {
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
    const procurement = await write(ctx, this.dataSource, change, {
      forgets: [{ key: ALLOCATIONS, ids: [allocationId] }],
    });
    return procurement;
  }
}
