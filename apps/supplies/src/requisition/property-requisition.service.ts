import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PROPERTY_OWNER_KINDS,
  PropertyRequisitionCompensated,
  PropertyRequisitioned,
  REQUISITIONED_PROPERTY_KINDS,
  RequisitionedPropertyReturned,
  RETURNED_PROPERTY_CONDITIONS,
} from '@emergency/contracts';
import { hasRole } from '@emergency/auth';
import { chinaDateOf, inJurisdiction, visibleRegionPrefix } from '@emergency/domain';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loadById,
  loaderKey,
  notFound,
  oneOf,
  optionalText,
  optionalUuid,
  pastOrToday,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { Clock, write } from '@emergency/subgraph';
import { AllocationService, KNOWN_ALLOCATIONS } from '../allocation/allocation.service';
import { disbursedMoney, publishedOwnerName } from './requisition-rules';
import { PropertyRequisitionEntity } from './requisition.entity';
import { RequisitionErrorCode, RequisitionException } from './requisition.exception';
import { RequisitionRepository } from './requisition.repository';
import { statedPayments } from './stock-requisition.service';

export interface RequisitionPropertyInput {
  incidentId: string;
  regionCode: string;
  owner: { kind: string; organisationId?: string | null; name: string };
  propertyKind: string;
  description: string;
  requisitionedOn: string;
  documentNumber: string;
}

export interface ReturnPropertyInput {
  requisitionId: string;
  returnedOn: string;
  condition: string;
  note?: string | null;
}

export interface CompensatePropertyInput {
  requisitionId: string;
  /** Parsed by the Money scalar. */
  payments: { allocationId: string; amountFen: bigint }[];
  basis: string;
}

export interface PropertyRequisitionFilter {
  regionCode?: string | null;
  incidentId?: string | null;
  notReturned?: boolean | null;
  notCompensated?: boolean | null;
}

const PROPERTY = loaderKey<PropertyRequisitionEntity>('PropertyRequisition');
const recordedKey = (r: PropertyRequisitionEntity) => timeKeyOf(r.recordedAt, r.id);

/**
 * Private property requisitioned for an incident (ERL art. 12, 76): returned promptly after use, its owner fairly
 * compensated for the requisition, damage or loss (art. 95(9): failing to is an offence). Compensation is paid
 * once the property's fate is recorded: its return (INTACT, DAMAGED) or its loss (DESTROYED, nothing returned), so
 * a destroyed property is compensated without being handed back. The requisition is closed (settled) when
 * compensated, or when returned INTACT; a damaged or destroyed one stays open (notCompensated) until compensated.
 */
@Injectable()
export class PropertyRequisitionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RequisitionRepository,
    private readonly allocations: AllocationService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async byId(ctx: RequestContext, id: string): Promise<PropertyRequisitionEntity | null> {
    const r = await loadById(
      ctx,
      PROPERTY,
      (ids) => this.repository.propertyByIds(ids),
      requiredUuid(id, 'id'),
    );
    return r && inJurisdiction(ctx.identity, r.regionCode) ? r : null;
  }

  async list(ctx: RequestContext, filter: PropertyRequisitionFilter | null | undefined, args: PageArgs) {
    const page = readPage(args);
    const prefix = visibleRegionPrefix(ctx.identity, filter?.regionCode);
    if (prefix === null) return toConnection([], page, recordedKey);
    const rows = await this.repository.propertyList(
      {
        prefix,
        incidentId: optionalUuid(filter?.incidentId, 'filter.incidentId'),
        notReturned: filter?.notReturned,
        notCompensated: filter?.notCompensated,
      },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, recordedKey);
  }

  /** The owner's name: in full to admins, a person's masked to everyone else. */
  ownerNameFor(ctx: RequestContext, r: PropertyRequisitionEntity): string {
    return hasRole(ctx.identity, 'admin') ? r.ownerName : publishedOwnerName(r.ownerKind, r.ownerName);
  }

  private today(): string {
    return chinaDateOf(this.clock.now());
  }

  async requisition(
    ctx: RequestContext,
    input: RequisitionPropertyInput,
  ): Promise<PropertyRequisitionEntity> {
    requireWriter(ctx);
    const incidentId = requiredUuid(input.incidentId, 'incidentId');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    requireJurisdiction(ctx, regionCode, 'regionCode');
    const ownerKind = oneOf(PROPERTY_OWNER_KINDS, input.owner.kind, 'owner.kind');
    const ownerOrganisationId = optionalUuid(input.owner.organisationId, 'owner.organisationId') ?? null;
    if (ownerKind === 'PERSON' && ownerOrganisationId)
      throw badInput('a person owner names no organisation', 'owner.organisationId');
    const ownerName = requiredText(input.owner.name, 'owner.name', 200);
    const propertyKind = oneOf(REQUISITIONED_PROPERTY_KINDS, input.propertyKind, 'propertyKind');
    const description = requiredText(input.description, 'description', 500);
    const requisitionedOn = pastOrToday(input.requisitionedOn, 'requisitionedOn', this.today());
    const documentNumber = requiredText(input.documentNumber, 'documentNumber', 100);
    const change = async (manager: EntityManager) => {
      const r = await manager.getRepository(PropertyRequisitionEntity).save(
        manager.create(PropertyRequisitionEntity, {
          id: randomUUID(),
          incidentId,
          regionCode,
          ownerKind,
          ownerOrganisationId,
          ownerName,
          propertyKind,
          description,
          requisitionedOn,
          documentNumber,
          status: 'REQUISITIONED',
          returnedOn: null,
          condition: null,
          returnNote: null,
          compensationId: null,
          compensatedFen: null,
          compensationBasis: null,
          compensationPayments: null,
          compensatedAt: null,
          actor: ctx.identity.subject,
        }),
      );
      await this.outbox.publish(
        manager,
        PropertyRequisitioned,
        r.id,
        {
          requisitionId: r.id,
          incidentId,
          regionCode,
          ownerKind,
          ownerOrganisationId,
          ownerName: publishedOwnerName(ownerKind, ownerName),
          propertyKind,
          description,
          requisitionedOn,
          documentNumber,
        },
        eventContext(ctx),
      );
      return r;
    };
    return write(ctx, this.dataSource, change, { forgets: [PROPERTY] });
  }

  /** The requisition locked for a change, in the caller's jurisdiction. */
  private async lock(ctx: RequestContext, manager: EntityManager, id: string) {
    const r = await this.repository.lockProperty(manager, id);
    if (!r || !inJurisdiction(ctx.identity, r.regionCode))
      throw notFound('PropertyRequisition', id, 'requisitionId');
    requireJurisdiction(ctx, r.regionCode, 'requisitionId');
    return r;
  }

  async returnProperty(ctx: RequestContext, input: ReturnPropertyInput): Promise<PropertyRequisitionEntity> {
    requireWriter(ctx);
    const requisitionId = requiredUuid(input.requisitionId, 'requisitionId');
    const returnedOn = pastOrToday(input.returnedOn, 'returnedOn', this.today());
    const condition = oneOf(RETURNED_PROPERTY_CONDITIONS, input.condition, 'condition');
    const note = optionalText(input.note, 'note', 500);
    const change = async (manager: EntityManager) => {
      const r = await this.lock(ctx, manager, requisitionId);
      if (r.status !== 'REQUISITIONED')
        throw new RequisitionException(
          RequisitionErrorCode.PropertyAlreadyReturned,
          `the return of requisition ${r.id} was recorded on ${r.returnedOn}`,
          { field: 'requisitionId' },
        );
      if (returnedOn < r.requisitionedOn)
        throw badInput(`returnedOn precedes the requisition (${r.requisitionedOn})`, 'returnedOn');
      await manager
        .getRepository(PropertyRequisitionEntity)
        .update({ id: r.id }, { status: 'RETURNED', returnedOn, condition, returnNote: note });
      await this.outbox.publish(
        manager,
        RequisitionedPropertyReturned,
        r.id,
        { requisitionId: r.id, regionCode: r.regionCode, returnedOn, condition, note },
        eventContext(ctx),
      );
      return r.id;
    };
    const id = await write(ctx, this.dataSource, change, { forgets: [PROPERTY] });
    return (await this.repository.propertyByIds([id]))[0];
  }

  async compensate(ctx: RequestContext, input: CompensatePropertyInput): Promise<PropertyRequisitionEntity> {
    requireWriter(ctx);
    const requisitionId = requiredUuid(input.requisitionId, 'requisitionId');
    const basis = requiredText(input.basis, 'basis', 500);
    const { payments, total } = statedPayments(input.payments);
    const change = async (manager: EntityManager) => {
      const r = await this.lock(ctx, manager, requisitionId);
      if (r.status === 'REQUISITIONED')
        throw new RequisitionException(
          RequisitionErrorCode.PropertyNotReturned,
          `record the return or loss of requisition ${r.id} before compensating its owner`,
          { field: 'requisitionId' },
        );
      if (r.status === 'COMPENSATED')
        throw new RequisitionException(
          RequisitionErrorCode.PropertyAlreadyCompensated,
          `the owner of requisition ${r.id} has been compensated`,
          { field: 'requisitionId' },
        );
      const { payer, allocations, drawn } = await this.allocations.spend(ctx, manager, payments, 'payments');
      const compensationId = randomUUID();
      const stated = payments.map((p) => ({
        allocationId: p.allocationId,
        amountFen: p.amountFen.toString(),
      }));
      const at = this.clock.now();
      await manager.getRepository(PropertyRequisitionEntity).update(
        { id: r.id },
        {
          status: 'COMPENSATED',
          compensationId,
          compensatedFen: total,
          compensationBasis: basis,
          compensationPayments: stated,
          compensatedAt: at,
        },
      );
      const payee =
        r.ownerKind === 'ENTERPRISE' && r.ownerOrganisationId
          ? { organisationId: r.ownerOrganisationId, name: null }
          : { organisationId: null, name: publishedOwnerName(r.ownerKind, r.ownerName) };
      await this.outbox.publish(
        manager,
        PropertyRequisitionCompensated,
        allocations[0].fundId,
        {
          requisitionId: r.id,
          regionCode: r.regionCode,
          basis,
          payments: stated,
          money: disbursedMoney({
            flowId: compensationId,
            fundId: allocations[0].fundId,
            incidentId: allocations[0].incidentId,
            payerOrganisationId: payer,
            payee,
            drawn,
            description: `Compensation for requisitioned ${r.propertyKind.toLowerCase()} (${r.documentNumber}): ${basis}`,
            at,
          }),
        },
        eventContext(ctx),
      );
      return r.id;
    };
    const id = await write(ctx, this.dataSource, change, {
      forgets: [PROPERTY, { key: KNOWN_ALLOCATIONS, ids: payments.map((p) => p.allocationId) }],
    });
    return (await this.repository.propertyByIds([id]))[0];
  }
}
