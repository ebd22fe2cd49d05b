import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DispatchInstructed,
  DispatchReceived,
  DispatchRulesSet,
  DispatchSent,
  SUPPLIES_REQUEST_CHANNELS,
  SUPPLIES_REQUEST_DECISIONS,
  SuppliesRequestDecided,
  SuppliesRequested,
  SuppliesRequestPaperworkRecorded,
} from '@emergency/contracts';
import {
  chinaDateOf,
  inJurisdiction,
  regionCovers,
  regionPrefix,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { Outbox } from '@emergency/events';
import {
  badInput,
  CommonErrorCode,
  eventContext,
  loadById,
  loadGroup,
  loaderKey,
  notFound,
  oneOf,
  optionalText,
  optionalUuid,
  pastOrToday,
  requiredCalendarDate,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireRole,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { Clock, write } from '@emergency/subgraph';
import { ReserveRepository } from '../reserve/reserve.repository';
import { positiveQuantity, StockJournal } from '../stock/stock-journal';
import { StockRepository } from '../stock/stock.repository';
import {
  againstRequest,
  deliveredLate,
  deliveryHours,
  firstExpiringFirst,
  isHigherLevel,
  paperworkDueAt,
  paperworkLate,
} from './dispatch-rules';
import {
  DISPATCH_STATUSES,
  REQUEST_STATUSES,
  type DispatchLine,
  type DispatchRuleEntity,
  type DispatchShipment,
  type RequestLine,
  type SuppliesDispatchEntity,
  type SuppliesRequestEntity,
} from './dispatch.entity';
import { DispatchErrorCode, DispatchException } from './dispatch.exception';
import { DispatchRepository } from './dispatch.repository';

export interface RequestSuppliesInput {
  requesterRegionCode: string;
  askedRegionCode: string;
  incidentId?: string | null;
  channel: string;
  documentNumber?: string | null;
  lines: { itemCode: string; quantity: number }[];
  receivingReservePointId: string;
  shelterId?: string | null;
  contactPersonIds: string[];
}

export interface RecordPaperworkInput {
  requestId: string;
  documentNumber: string;
}

export interface DecideRequestInput {
  requestId: string;
  decision: string;
  approverPersonId: string;
  note?: string | null;
}

export interface IssueDispatchInstructionInput {
  requestId: string;
  documentNumber: string;
  sendingReservePointId: string;
  lines: { itemCode: string; quantity: number; lotId?: string | null }[];
  contactPersonIds: string[];
}

export interface SendDispatchInput {
  dispatchId: string;
}

export interface ReceiveDispatchInput {
  dispatchId: string;
  receivedOn: string;
  lines: { shipmentId?: string | null; lotId?: string | null; receivedQuantity: number }[];
  note?: string | null;
}

export interface SetDispatchRulesInput {
  regionPrefix: string;
  paperworkHours: number;
  source: string;
}

export interface SuppliesRequestFilter {
  regionCode?: string | null;
  status?: string | null;
  incidentId?: string | null;
  ownStockAvailable?: boolean | null;
  paperworkOverdue?: boolean | null;
}

export interface DispatchFilter {
  regionCode?: string | null;
  status?: string | null;
  incidentId?: string | null;
  receivedShort?: boolean | null;
  late?: boolean | null;
}

const REQUESTS = loaderKey<SuppliesRequestEntity>('SuppliesRequest');
const DISPATCHES_OF_REQUEST = loaderKey<SuppliesDispatchEntity[]>('SuppliesRequest.dispatches');
const forgets = { forgets: [REQUESTS, DISPATCHES_OF_REQUEST] };
const requestedKey = (r: SuppliesRequestEntity) => timeKeyOf(r.requestedAt, r.id);
const instructedKey = (d: SuppliesDispatchEntity) => timeKeyOf(d.instructedAt, d.id);
const ORDER = 'DISPATCH' as const;
const hoursText = (hours: number | null) => (hours === null ? null : hours.toFixed(2));

/** Whether the caller sees a dispatch: it covers the sending or the receiving region. */
const seesDispatch = (ctx: RequestContext, d: SuppliesDispatchEntity) =>
  inJurisdiction(ctx.identity, d.receivingRegionCode) || inJurisdiction(ctx.identity, d.sendingRegionCode);

/**
 * Dispatch (调拨) between levels (DOMAIN_FACTS 2.3): a lower level's request (written, or by phone with the paperwork
 * due within the rules' hours), own reserve first (a request upward while own stock exists is flagged), a leader's
 * decision, the written instruction, the goods shipped and received through the stock journal, the shortfall and
 * the delivery time against the first-batch target of the sending level.
 */
@Injectable()
export class DispatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DispatchRepository,
    private readonly reserves: ReserveRepository,
    private readonly stock: StockRepository,
    private readonly journal: StockJournal,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async rulesFor(regionCode: string): Promise<DispatchRuleEntity> {
    const [rule] = rulesOfMostSpecificPrefix(await this.repository.rules(), regionCode);
    if (!rule)
      throw new DispatchException(CommonErrorCode.Internal, 'no dispatch rules are in force nationally');
    return rule;
  }

  rules(regionCode: string) {
    return this.rulesFor(requiredRegionCode(regionCode, 'regionCode'));
  }

  async request(ctx: RequestContext, id: string): Promise<SuppliesRequestEntity | null> {
    const request = await loadById(ctx, REQUESTS, (ids) => this.repository.requestsByIds(ids), id);
    return request && inJurisdiction(ctx.identity, request.requesterRegionCode) ? request : null;
  }

  async dispatch(ctx: RequestContext, id: string): Promise<SuppliesDispatchEntity | null> {
    const dispatch = await this.repository.dispatch(requiredUuid(id, 'id'));
    return dispatch && seesDispatch(ctx, dispatch) ? dispatch : null;
  }

  async dispatchesOf(ctx: RequestContext, requestId: string): Promise<SuppliesDispatchEntity[]> {
    const rows = await loadGroup(
      ctx,
      DISPATCHES_OF_REQUEST,
      (ids) => this.repository.dispatchesOf(ids),
      (d) => d.requestId,
      requestId,
    );
    return rows.filter((d) => seesDispatch(ctx, d));
  }

  async requests(ctx: RequestContext, filter: SuppliesRequestFilter, args: PageArgs) {
    const page = readPage(args);
    const region = filter.regionCode ? requiredRegionCode(filter.regionCode, 'filter.regionCode') : null;
    const prefix = visibleRegionPrefix(ctx.identity, region);
    if (prefix === null) return toConnection([], page, requestedKey);
    const rows = await this.repository.requests(
      {
        regionPrefix: prefix,
        status: filter.status ? oneOf(REQUEST_STATUSES, filter.status, 'filter.status') : undefined,
        incidentId: optionalUuid(filter.incidentId, 'filter.incidentId') ?? undefined,
        ownStockAvailable: filter.ownStockAvailable ?? undefined,
        paperworkOverdue: filter.paperworkOverdue ?? undefined,
        now: this.clock.now(),
      },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, requestedKey);
  }

  async dispatches(ctx: RequestContext, filter: DispatchFilter, args: PageArgs) {
    const page = readPage(args);
    const region = filter.regionCode ? requiredRegionCode(filter.regionCode, 'filter.regionCode') : null;
    const prefix = visibleRegionPrefix(ctx.identity, region);
    if (prefix === null) return toConnection([], page, instructedKey);
    const rows = await this.repository.dispatches(
      {
        regionPrefix: prefix,
        status: filter.status ? oneOf(DISPATCH_STATUSES, filter.status, 'filter.status') : undefined,
        incidentId: optionalUuid(filter.incidentId, 'filter.incidentId') ?? undefined,
        receivedShort: filter.receivedShort ?? undefined,
        late: filter.late ?? undefined,
      },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, instructedKey);
  }

  /** Whether the paperwork of a request by phone is overdue now: due, passed and not recorded. */
  paperworkOverdue(request: SuppliesRequestEntity): boolean {
    return (
      request.paperworkDueAt !== null &&
      request.paperworkRecordedAt === null &&
      request.paperworkDueAt.getTime() < this.clock.now().getTime()
    );
  }

  againstRequestOf(request: SuppliesRequestEntity, dispatch: SuppliesDispatchEntity) {
    return againstRequest(request.lines, dispatch.lines);
  }

  async requestSupplies(ctx: RequestContext, input: RequestSuppliesInput): Promise<SuppliesRequestEntity> {
    requireWriter(ctx);
    const requester = requiredRegionCode(input.requesterRegionCode, 'requesterRegionCode');
    requireJurisdiction(ctx, requester, 'requesterRegionCode');
    const asked = requiredRegionCode(input.askedRegionCode, 'askedRegionCode');
    if (!isHigherLevel(requester, asked))
      throw new DispatchException(
        DispatchErrorCode.NotHigherLevel,
        `${asked} is not a prefecture or province above ${requester}`,
        { field: 'askedRegionCode' },
      );
    const channel = oneOf(SUPPLIES_REQUEST_CHANNELS, input.channel, 'channel');
    const documentNumber = optionalText(input.documentNumber, 'documentNumber', 200);
    if (channel === 'WRITTEN' && !documentNumber)
      throw new DispatchException(
        DispatchErrorCode.DocumentRequired,
        'a written request has its document number',
        {
          field: 'documentNumber',
        },
      );
    if (channel === 'PHONE' && documentNumber)
      throw badInput(
        'a request by phone records its paperwork later (recordSuppliesRequestPaperwork)',
        'documentNumber',
      );
    const incidentId = optionalUuid(input.incidentId, 'incidentId') ?? null;
    const contactPersonIds = this.contacts(input.contactPersonIds);
    const lines = await this.requestLines(input.lines);
    const point = await this.journal.point(ctx, input.receivingReservePointId, 'receivingReservePointId');
    if (!regionCovers(requester, point.regionCode))
      throw new DispatchException(
        CommonErrorCode.OutsideJurisdiction,
        `the receiving point lies outside ${requester}`,
        { field: 'receivingReservePointId' },
      );
    const shelterId = optionalUuid(input.shelterId, 'shelterId') ?? null;
    if (shelterId) {
      const shelterRegion = await this.repository.shelterRegion(shelterId);
      if (!shelterRegion || !regionCovers(requester, shelterRegion))
        throw notFound('Shelter', shelterId, 'shelterId');
    }
    const own = await this.repository.ownStock(
      requester,
      lines.map((l) => l.itemCode),
      this.journal.today(),
    );
    const withOwn: RequestLine[] = lines.map((l) => ({ ...l, ownStock: own.get(l.itemCode) ?? 0 }));
    const now = this.clock.now();
    const dueAt =
      channel === 'PHONE' ? paperworkDueAt(now, (await this.rulesFor(requester)).paperworkHours) : null;
    const request: SuppliesRequestEntity = {
      id: randomUUID(),
      requesterRegionCode: requester,
      askedRegionCode: asked,
      incidentId,
      channel,
      documentNumber,
      receivingPointId: point.id,
      shelterId,
      contactPersonIds,
      lines: withOwn,
      ownStockAvailable: withOwn.some((l) => l.ownStock > 0),
      status: 'REQUESTED',
      requestedAt: now,
      paperworkDueAt: dueAt,
      paperworkRecordedAt: null,
      paperworkLate: null,
      paperworkOverdueAnnouncedAt: null,
      approverPersonId: null,
      decisionNote: null,
      decidedAt: null,
      actor: ctx.identity.subject,
    };
    await write(
      ctx,
      this.dataSource,
      async (manager) => {
        await this.repository.insertRequest(manager, request);
        await this.outbox.publish(
          manager,
          SuppliesRequested,
          request.id,
          {
            requestId: request.id,
            requesterRegionCode: requester,
            askedRegionCode: asked,
            incidentId,
            channel,
            documentNumber,
            receivingReservePointId: point.id,
            shelterId,
            contactPersonIds,
            lines: withOwn,
            ownStockAvailable: request.ownStockAvailable,
            requestedAt: now.toISOString(),
            paperworkDueAt: dueAt?.toISOString() ?? null,
          },
          eventContext(ctx),
        );
      },
      forgets,
    );
    return request;
  }

  async recordPaperwork(ctx: RequestContext, input: RecordPaperworkInput): Promise<SuppliesRequestEntity> {
    requireWriter(ctx);
    const requestId = requiredUuid(input.requestId, 'requestId');
    const documentNumber = optionalText(input.documentNumber, 'documentNumber', 200);
    if (!documentNumber)
      throw new DispatchException(
        DispatchErrorCode.DocumentRequired,
        'the paperwork has its document number',
        {
          field: 'documentNumber',
        },
      );
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const request = await this.visibleRequest(ctx, await this.repository.lockRequest(manager, requestId));
        requireJurisdiction(ctx, request.requesterRegionCode, 'requestId');
        if (
          request.channel !== 'PHONE' ||
          request.paperworkRecordedAt !== null ||
          request.paperworkDueAt === null
        )
          throw new DispatchException(
            DispatchErrorCode.PaperworkNotDue,
            'only a request by phone has paperwork to record, once',
            { field: 'requestId' },
          );
        const now = this.clock.now();
        request.documentNumber = documentNumber;
        request.paperworkRecordedAt = now;
        request.paperworkLate = paperworkLate(request.paperworkDueAt, now);
        await this.repository.saveRequest(manager, request);
        await this.outbox.publish(
          manager,
          SuppliesRequestPaperworkRecorded,
          request.id,
          {
            requestId: request.id,
            requesterRegionCode: request.requesterRegionCode,
            askedRegionCode: request.askedRegionCode,
            documentNumber,
            paperworkDueAt: request.paperworkDueAt.toISOString(),
            recordedAt: now.toISOString(),
            late: request.paperworkLate,
          },
          eventContext(ctx),
        );
        return request;
      },
      forgets,
    );
  }

  async decide(ctx: RequestContext, input: DecideRequestInput): Promise<SuppliesRequestEntity> {
    requireWriter(ctx);
    const requestId = requiredUuid(input.requestId, 'requestId');
    const decision = oneOf(SUPPLIES_REQUEST_DECISIONS, input.decision, 'decision');
    const approverPersonId = requiredUuid(input.approverPersonId, 'approverPersonId');
    const note = optionalText(input.note, 'note', 1000);
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const request = await this.visibleRequest(ctx, await this.repository.lockRequest(manager, requestId));
        requireJurisdiction(ctx, request.askedRegionCode, 'requestId');
        if (request.status !== 'REQUESTED')
          throw new DispatchException(DispatchErrorCode.AlreadyDecided, `the request is ${request.status}`, {
            field: 'requestId',
            status: request.status,
          });
        const now = this.clock.now();
        Object.assign(request, { status: decision, approverPersonId, decisionNote: note, decidedAt: now });
        await this.repository.saveRequest(manager, request);
        await this.outbox.publish(
          manager,
          SuppliesRequestDecided,
          request.id,
          {
            requestId: request.id,
            requesterRegionCode: request.requesterRegionCode,
            askedRegionCode: request.askedRegionCode,
            decision,
            approverPersonId,
            note,
            decidedAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return request;
      },
      forgets,
    );
  }

  async instruct(ctx: RequestContext, input: IssueDispatchInstructionInput): Promise<SuppliesDispatchEntity> {
    requireWriter(ctx);
    const requestId = requiredUuid(input.requestId, 'requestId');
    const documentNumber = optionalText(input.documentNumber, 'documentNumber', 200);
    if (!documentNumber)
      throw new DispatchException(DispatchErrorCode.DocumentRequired, 'a dispatch instruction is written', {
        field: 'documentNumber',
      });
    const contactPersonIds = this.contacts(input.contactPersonIds);
    const sending = await this.journal.point(ctx, input.sendingReservePointId, 'sendingReservePointId');
    const sendingLevel = (await this.repository.pointOf(sending.id))!.level;
    const lines = await this.dispatchLines(input.lines, sending.id);
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const request = await this.visibleRequest(ctx, await this.repository.lockRequest(manager, requestId));
        requireJurisdiction(ctx, request.askedRegionCode, 'requestId');
        if (request.status !== 'APPROVED')
          throw new DispatchException(DispatchErrorCode.NotApproved, `the request is ${request.status}`, {
            field: 'requestId',
            status: request.status,
          });
        const receiving = await this.journal.point(ctx, request.receivingPointId, 'requestId', false);
        if (receiving.id === sending.id)
          throw badInput('the sending point is the receiving point', 'sendingReservePointId');
        const now = this.clock.now();
        const dispatch: SuppliesDispatchEntity = {
          id: randomUUID(),
          requestId: request.id,
          documentNumber,
          incidentId: request.incidentId,
          sendingPointId: sending.id,
          sendingRegionCode: sending.regionCode,
          sendingLevel,
          receivingPointId: receiving.id,
          receivingRegionCode: receiving.regionCode,
          shelterId: request.shelterId,
          contactPersonIds,
          lines,
          shipments: [],
          status: 'INSTRUCTED',
          instructedAt: now,
          dispatchedAt: null,
          receivedAt: null,
          receivedOn: null,
          shippedQuantity: null,
          receivedQuantity: null,
          shortfallQuantity: null,
          shippedValueFen: null,
          receivedValueFen: null,
          shortfallValueFen: null,
          deliveryHours: null,
          targetHours: null,
          late: null,
          note: null,
          actor: ctx.identity.subject,
        };
        await this.repository.insertDispatch(manager, dispatch);
        await this.outbox.publish(
          manager,
          DispatchInstructed,
          dispatch.id,
          {
            dispatchId: dispatch.id,
            requestId: request.id,
            documentNumber,
            incidentId: request.incidentId,
            sendingReservePointId: sending.id,
            sendingRegionCode: sending.regionCode,
            receivingReservePointId: receiving.id,
            receivingRegionCode: receiving.regionCode,
            shelterId: request.shelterId,
            contactPersonIds,
            lines,
            againstRequest: againstRequest(request.lines, lines),
            instructedAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return dispatch;
      },
      forgets,
    );
  }

  async send(ctx: RequestContext, input: SendDispatchInput): Promise<SuppliesDispatchEntity> {
    requireWriter(ctx);
    const dispatchId = requiredUuid(input.dispatchId, 'dispatchId');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const dispatch = await this.visibleDispatch(
          ctx,
          await this.repository.lockDispatch(manager, dispatchId),
        );
        requireJurisdiction(ctx, dispatch.sendingRegionCode, 'dispatchId');
        if (dispatch.status !== 'INSTRUCTED')
          throw new DispatchException(DispatchErrorCode.WrongStatus, `the dispatch is ${dispatch.status}`, {
            field: 'dispatchId',
            status: dispatch.status,
          });
        const to = await this.journal.point(ctx, dispatch.receivingPointId, 'dispatchId', false);
        const today = this.journal.today();
        const shipments: DispatchShipment[] = [];
        for (const [index, line] of dispatch.lines.entries()) {
          const field = `lines.${index}.quantity`;
          let parts: { lotId: string; quantity: number }[];
          if (line.lotId) parts = [{ lotId: line.lotId, quantity: line.quantity }];
          else {
            const lots = await this.repository.lotsAt(dispatch.sendingPointId, line.itemCode, today, manager);
            const picked = firstExpiringFirst(lots, line.quantity);
            if (!picked) throw this.insufficient(lots, line, field);
            parts = picked;
          }
          for (const part of parts) {
            const { movement, lot } = await this.journal.ship(ctx, manager, {
              lotId: part.lotId,
              quantity: part.quantity,
              order: { kind: ORDER, id: dispatch.id },
              to,
              field,
            });
            shipments.push({
              shipmentId: movement.id,
              line: index,
              lotId: lot.id,
              itemCode: lot.itemCode,
              quantity: part.quantity,
              unitValueFen: lot.unitValueFen.toString(),
              receivedQuantity: null,
              toLotId: null,
            });
          }
        }
        const now = this.clock.now();
        const valueOf = (s: DispatchShipment) => BigInt(s.quantity) * BigInt(s.unitValueFen);
        Object.assign(dispatch, {
          shipments,
          status: 'SENT',
          dispatchedAt: now,
          shippedQuantity: shipments.reduce((sum, s) => sum + s.quantity, 0),
          shippedValueFen: shipments.reduce((sum, s) => sum + valueOf(s), 0n),
        });
        await this.repository.saveDispatch(manager, dispatch);
        await this.outbox.publish(
          manager,
          DispatchSent,
          dispatch.id,
          {
            dispatchId: dispatch.id,
            requestId: dispatch.requestId,
            incidentId: dispatch.incidentId,
            sendingReservePointId: dispatch.sendingPointId,
            receivingReservePointId: dispatch.receivingPointId,
            receivingRegionCode: dispatch.receivingRegionCode,
            shipments: shipments.map((s) => ({
              shipmentId: s.shipmentId,
              lotId: s.lotId,
              itemCode: s.itemCode,
              quantity: s.quantity,
              valueFen: valueOf(s).toString(),
            })),
            shippedValueFen: dispatch.shippedValueFen!.toString(),
            dispatchedAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return dispatch;
      },
      forgets,
    );
  }

  async receive(ctx: RequestContext, input: ReceiveDispatchInput): Promise<SuppliesDispatchEntity> {
    requireWriter(ctx);
    const dispatchId = requiredUuid(input.dispatchId, 'dispatchId');
    const receivedOn = pastOrToday(
      requiredCalendarDate(input.receivedOn, 'receivedOn'),
      'receivedOn',
      this.journal.today(),
    );
    const note = optionalText(input.note, 'note', 1000);
    const stated = (input.lines ?? []).map((l, i) => ({
      shipmentId: optionalUuid(l.shipmentId, `lines.${i}.shipmentId`) ?? null,
      lotId: optionalUuid(l.lotId, `lines.${i}.lotId`) ?? null,
      receivedQuantity: l.receivedQuantity,
      field: `lines.${i}`,
    }));
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const dispatch = await this.visibleDispatch(
          ctx,
          await this.repository.lockDispatch(manager, dispatchId),
        );
        requireJurisdiction(ctx, dispatch.receivingRegionCode, 'dispatchId');
        if (dispatch.status !== 'SENT')
          throw new DispatchException(DispatchErrorCode.WrongStatus, `the dispatch is ${dispatch.status}`, {
            field: 'dispatchId',
            status: dispatch.status,
          });
        if (receivedOn < chinaDateOf(dispatch.dispatchedAt!))
          throw badInput('receivedOn is before the day the goods left', 'receivedOn');
        // What each shipment received: as stated, else all it shipped.
        const received = new Map(dispatch.shipments.map((s) => [s.shipmentId, s.quantity]));
        const named = new Set<string>();
        for (const line of stated) {
          const matches = dispatch.shipments.filter((s) =>
            line.shipmentId
              ? s.shipmentId === line.shipmentId
              : line.lotId !== null && s.lotId === line.lotId,
          );
          const shipment = matches.length === 1 ? matches[0] : undefined;
          if (!shipment || named.has(shipment.shipmentId))
            throw new DispatchException(
              DispatchErrorCode.ShipmentUnknown,
              'a receipt line names one shipment of this dispatch, by its id or its lot, once',
              { field: line.field },
            );
          named.add(shipment.shipmentId);
          if (
            !Number.isInteger(line.receivedQuantity) ||
            line.receivedQuantity < 0 ||
            line.receivedQuantity > shipment.quantity
          )
            throw new DispatchException(
              DispatchErrorCode.ReceivedExceedsShipped,
              `receivedQuantity is 0 to the ${shipment.quantity} shipped`,
              { field: `${line.field}.receivedQuantity`, shipped: shipment.quantity },
            );
          received.set(shipment.shipmentId, line.receivedQuantity);
        }
        const to = await this.journal.point(ctx, dispatch.receivingPointId, 'dispatchId', true, true);
        for (const shipment of dispatch.shipments) {
          const shipped = await this.stock.movement(manager, shipment.shipmentId);
          if (!shipped)
            throw new DispatchException(CommonErrorCode.Internal, 'a shipment has no journal row');
          const into = await this.journal.arrive(ctx, manager, {
            shipped,
            order: { kind: ORDER, id: dispatch.id },
            to,
            received: received.get(shipment.shipmentId)!,
            receivedOn,
            reason: note,
          });
          shipment.receivedQuantity = received.get(shipment.shipmentId)!;
          shipment.toLotId = into?.lot.id ?? null;
        }
        const now = this.clock.now();
        const hours = deliveryHours(dispatch.dispatchedAt!, now);
        const target = await this.firstBatchHours(dispatch.sendingRegionCode, dispatch.sendingLevel);
        const receivedQuantity = dispatch.shipments.reduce((sum, s) => sum + s.receivedQuantity!, 0);
        const receivedValueFen = dispatch.shipments.reduce(
          (sum, s) => sum + BigInt(s.receivedQuantity!) * BigInt(s.unitValueFen),
          0n,
        );
        Object.assign(dispatch, {
          status: 'RECEIVED',
          receivedAt: now,
          receivedOn,
          receivedQuantity,
          shortfallQuantity: dispatch.shippedQuantity! - receivedQuantity,
          receivedValueFen,
          shortfallValueFen: dispatch.shippedValueFen! - receivedValueFen,
          deliveryHours: hours,
          targetHours: target,
          late: deliveredLate(hours, target),
          note,
        });
        await this.repository.saveDispatch(manager, dispatch);
        await this.outbox.publish(
          manager,
          DispatchReceived,
          dispatch.id,
          {
            dispatchId: dispatch.id,
            requestId: dispatch.requestId,
            incidentId: dispatch.incidentId,
            receivingReservePointId: dispatch.receivingPointId,
            receivingRegionCode: dispatch.receivingRegionCode,
            shippedQuantity: dispatch.shippedQuantity!,
            receivedQuantity,
            shortfallQuantity: dispatch.shortfallQuantity!,
            shippedValueFen: dispatch.shippedValueFen!.toString(),
            receivedValueFen: receivedValueFen.toString(),
            shortfallValueFen: dispatch.shortfallValueFen!.toString(),
            dispatchedAt: dispatch.dispatchedAt!.toISOString(),
            receivedAt: now.toISOString(),
            deliveryHours: hoursText(hours)!,
            targetHours: hoursText(target),
            late: dispatch.late!,
            note,
          },
          eventContext(ctx),
        );
        return dispatch;
      },
      forgets,
    );
  }

  /** Replaces a jurisdiction's dispatch rules (admins; '' is the national rules). */
  async setRules(ctx: RequestContext, input: SetDispatchRulesInput): Promise<DispatchRuleEntity> {
    requireRole(ctx, 'admin');
    const prefix = input.regionPrefix;
    if (!/^([0-9]{2}){0,3}$/.test(prefix))
      throw badInput('regionPrefix is empty (national) or 2, 4 or 6 digits of a region code', 'regionPrefix');
    const own = ctx.identity.regionCode;
    if (own && !prefix.startsWith(regionPrefix(own)))
      throw new DispatchException(
        CommonErrorCode.OutsideJurisdiction,
        `prefix ${prefix} is outside your jurisdiction`,
        {
          field: 'regionPrefix',
        },
      );
    if (!Number.isInteger(input.paperworkHours) || input.paperworkHours < 1 || input.paperworkHours > 720)
      throw badInput('paperworkHours must be 1 to 720', 'paperworkHours');
    const rule: DispatchRuleEntity = {
      regionPrefix: prefix,
      paperworkHours: input.paperworkHours,
      source: requiredText(input.source, 'source', 1000),
    };
    await write(ctx, this.dataSource, async (manager) => {
      await this.repository.replaceRules(manager, rule);
      await this.outbox.publish(
        manager,
        DispatchRulesSet,
        prefix === '' ? 'national' : prefix,
        rule,
        eventContext(ctx),
      );
    });
    return rule;
  }

  /** The first-batch target of a reserve level in a region, from the reserve delivery rules (null: none). */
  private async firstBatchHours(regionCode: string, level: string): Promise<number | null> {
    const rules = await this.reserves.rules();
    const found =
      rulesOfMostSpecificPrefix(rules, regionCode).find((r) => r.level === level) ??
      rules.find((r) => r.regionPrefix === '' && r.level === level);
    return found?.firstBatchHours ?? null;
  }

  private insufficient(lots: readonly { quantityOnHand: number }[], line: DispatchLine, field: string) {
    const onHand = lots.reduce((sum, l) => sum + l.quantityOnHand, 0);
    return new DispatchException(
      DispatchErrorCode.InsufficientStock,
      `the sending point holds ${onHand} of ${line.itemCode}; the instruction asks ${line.quantity}`,
      { field, onHand, requested: line.quantity },
    );
  }

  private async visibleRequest(
    ctx: RequestContext,
    request: SuppliesRequestEntity | null,
  ): Promise<SuppliesRequestEntity> {
    if (!request || !inJurisdiction(ctx.identity, request.requesterRegionCode))
      throw notFound('SuppliesRequest', request?.id ?? '', 'requestId');
    return Promise.resolve(request);
  }

  private async visibleDispatch(
    ctx: RequestContext,
    dispatch: SuppliesDispatchEntity | null,
  ): Promise<SuppliesDispatchEntity> {
    if (!dispatch || !seesDispatch(ctx, dispatch))
      throw notFound('SuppliesDispatch', dispatch?.id ?? '', 'dispatchId');
    return Promise.resolve(dispatch);
  }

  private contacts(ids: readonly string[] | null | undefined): string[] {
    const contacts = (ids ?? []).map((id, i) => requiredUuid(id, `contactPersonIds.${i}`));
    if (contacts.length === 0) throw badInput('at least one contact person', 'contactPersonIds');
    return [...new Set(contacts)];
  }

  private async requestLines(lines: RequestSuppliesInput['lines']) {
    if (!lines?.length) throw badInput('a request asks for at least one item', 'lines');
    const result: { itemCode: string; quantity: number }[] = [];
    for (const [i, line] of lines.entries()) {
      const itemCode = (await this.journal.item(line.itemCode, `lines.${i}.itemCode`)).code;
      if (result.some((l) => l.itemCode === itemCode))
        throw badInput(`item ${itemCode} is asked for twice`, `lines.${i}.itemCode`);
      result.push({ itemCode, quantity: positiveQuantity(line.quantity, `lines.${i}.quantity`) });
    }
    return result;
  }

  /** The instruction's lines, checked against what the sending point holds now (and again when it is sent). */
  private async dispatchLines(
    lines: IssueDispatchInstructionInput['lines'],
    pointId: string,
  ): Promise<DispatchLine[]> {
    if (!lines?.length) throw badInput('an instruction gives at least one item', 'lines');
    const result: DispatchLine[] = [];
    for (const [i, line] of lines.entries()) {
      const itemCode = (await this.journal.item(line.itemCode, `lines.${i}.itemCode`)).code;
      const quantity = positiveQuantity(line.quantity, `lines.${i}.quantity`);
      const lotId = optionalUuid(line.lotId, `lines.${i}.lotId`) ?? null;
      if (lotId) {
        const lot = await this.repository.lot(lotId);
        if (!lot || lot.reservePointId !== pointId || lot.itemCode !== itemCode)
          throw new DispatchException(
            DispatchErrorCode.LotMismatch,
            'the lot is not of this item at the sending point',
            { field: `lines.${i}.lotId` },
          );
      }
      result.push({ itemCode, quantity, lotId });
    }
    const today = this.journal.today();
    for (const [i, line] of result.entries()) {
      const same = result.filter((l) => l.itemCode === line.itemCode);
      if (same[0] !== line) continue;
      const lots = await this.repository.lotsAt(pointId, line.itemCode, today);
      const byLot = new Map(lots.map((l) => [l.id, l.quantityOnHand]));
      const pinned = new Map<string, number>();
      for (const l of same.filter((l) => l.lotId))
        pinned.set(l.lotId!, (pinned.get(l.lotId!) ?? 0) + l.quantity);
      for (const [lotId, wanted] of pinned)
        if ((byLot.get(lotId) ?? 0) < wanted)
          throw this.insufficient(
            lots.filter((l) => l.id === lotId),
            { ...line, quantity: wanted },
            `lines.${i}.quantity`,
          );
      const wanted = same.reduce((sum, l) => sum + l.quantity, 0);
      if (lots.reduce((sum, l) => sum + l.quantityOnHand, 0) < wanted)
        throw this.insufficient(lots, { ...line, quantity: wanted }, `lines.${i}.quantity`);
    }
    return result;
  }
}
