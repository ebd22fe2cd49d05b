import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  amountFen,
  calendarDate,
  nullableText,
  nullableUuid,
  regionCode,
  stringEnum,
  text,
  uuid,
} from '../common';
import { moneyBlock } from '../money';

/** Where a stock requisition stands: nothing repaid, part of what it owes repaid, all repaid. */
export const STOCK_REQUISITION_STATUSES = ['OPEN', 'PARTLY_REPAID', 'REPAID'] as const;
/** Whose property was requisitioned (ERL art. 12): a natural person's or an enterprise's. */
export const PROPERTY_OWNER_KINDS = ['PERSON', 'ENTERPRISE'] as const;
/** What was requisitioned (ERL art. 12 names equipment, facilities, sites and vehicles). */
export const REQUISITIONED_PROPERTY_KINDS = ['VEHICLE', 'EQUIPMENT', 'SITE', 'OTHER'] as const;
/** The state property came back in; DESTROYED records its loss (nothing came back). */
export const RETURNED_PROPERTY_CONDITIONS = ['INTACT', 'DAMAGED', 'DESTROYED'] as const;
/** Where a property requisition stands. */
export const PROPERTY_REQUISITION_STATUSES = ['REQUISITIONED', 'RETURNED', 'COMPENSATED'] as const;

/** What one allocation paid of a repayment or compensation, as the payer split it. */
const requisitionPayment = Type.Object({ allocationId: uuid, amountFen }, { additionalProperties: false });

/** One lot's goods taken by a requisition or given back by a repayment in kind. */
const requisitionLine = Type.Object(
  {
    /** The lot the goods were shipped from. */
    lotId: uuid,
    fromReservePointId: uuid,
    /** The lot they arrived into (all that was shipped arrived). */
    toLotId: uuid,
    itemCode: Type.String({ pattern: '^[1-9][0-9]{6}$' }),
    quantity: Type.Integer({ minimum: 1 }),
    /** quantity × the lot's unit value. */
    valueFen: amountFen,
  },
  { additionalProperties: false },
);

/** What a stock requisition owes one lower-level owner: the value of the goods taken from its reserve point. */
const owedToOwner = Type.Object(
  {
    reservePointId: uuid,
    ownerOrganisationId: uuid,
    regionCode,
    owedFen: amountFen,
  },
  { additionalProperties: false },
);

export const StockRequisitioned = defineEvent({
  domain: 'supplies',
  name: 'StockRequisitioned',
  version: 1,
  description:
    'A higher level requisitioned stock held at reserve points of lower levels (征用, ERL art. 12) into its own ' +
    'reserve point, under a requisition document; the goods moved under the order (StockShipped/StockArrived, ' +
    'order kind REQUISITION). `owed` is what it owes each lower-level owner: the value of the goods taken from its ' +
    'point, to be repaid in kind or in money.',
  schema: Type.Object(
    {
      requisitionId: uuid,
      toReservePointId: uuid,
      /** The requisitioning point's 6-digit region. */
      regionCode,
      requisitionerOrganisationId: uuid,
      incidentId: nullableUuid,
      documentNumber: text,
      reason: text,
      lines: Type.Array(requisitionLine, { minItems: 1 }),
      owed: Type.Array(owedToOwner, { minItems: 1 }),
      totalFen: amountFen,
    },
    { additionalProperties: false },
  ),
});
export type StockRequisitionedV1 = EventData<typeof StockRequisitioned>;

export const RequisitionRepaidInKind = defineEvent({
  domain: 'supplies',
  name: 'RequisitionRepaidInKind',
  version: 1,
  description:
    'The requisitioner gave goods back to a lower-level owner of a stock requisition: shipped from its own lots to ' +
    'the owner’s point (order kind REPAYMENT), counted at the lots’ unit values against what it owes that owner.',
  schema: Type.Object(
    {
      repaymentId: uuid,
      requisitionId: uuid,
      /** The owner's point the goods went back to. */
      toReservePointId: uuid,
      ownerOrganisationId: uuid,
      lines: Type.Array(requisitionLine, { minItems: 1 }),
      amountFen,
      /** What is still owed to this owner after the repayment. */
      outstandingFen: amountFen,
      status: stringEnum(STOCK_REQUISITION_STATUSES),
    },
    { additionalProperties: false },
  ),
});
export type RequisitionRepaidInKindV1 = EventData<typeof RequisitionRepaidInKind>;

export const RequisitionRepaidInMoney = defineEvent({
  domain: 'supplies',
  name: 'RequisitionRepaidInMoney',
  version: 1,
  description:
    'The requisitioner repaid a lower-level owner of a stock requisition in money, from fund allocations it holds ' +
    '(of one fund), in the amounts stated (`payments`). Its money block (DISBURSED, the repayment as its flow) is ' +
    'paid by the requisitioner’s organisation to the owner’s, in cash; its sources are the allocations, each with ' +
    'the contributions drawn from it first in, first out; its allocation is null when the payment is split.',
  schema: Type.Object(
    {
      repaymentId: uuid,
      requisitionId: uuid,
      /** The owner's point whose goods are paid for. */
      fromReservePointId: uuid,
      ownerOrganisationId: uuid,
      payments: Type.Array(requisitionPayment, { minItems: 1 }),
      /** What is still owed to this owner after the repayment. */
      outstandingFen: amountFen,
      status: stringEnum(STOCK_REQUISITION_STATUSES),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type RequisitionRepaidInMoneyV1 = EventData<typeof RequisitionRepaidInMoney>;

export const PropertyRequisitioned = defineEvent({
  domain: 'supplies',
  name: 'PropertyRequisitioned',
  version: 1,
  description:
    'A government requisitioned private property (a vehicle, equipment, a site) for an incident (ERL art. 12, 76), ' +
    'under a requisition document. A person’s name is published masked; an enterprise by id when known.',
  schema: Type.Object(
    {
      requisitionId: uuid,
      incidentId: uuid,
      /** The requisitioning jurisdiction's 6-digit region. */
      regionCode,
      ownerKind: stringEnum(PROPERTY_OWNER_KINDS),
      ownerOrganisationId: nullableUuid,
      /** The owner's name, masked for a person. */
      ownerName: text,
      propertyKind: stringEnum(REQUISITIONED_PROPERTY_KINDS),
      description: text,
      requisitionedOn: calendarDate,
      documentNumber: text,
    },
    { additionalProperties: false },
  ),
});
export type PropertyRequisitionedV1 = EventData<typeof PropertyRequisitioned>;

export const RequisitionedPropertyReturned = defineEvent({
  domain: 'supplies',
  name: 'RequisitionedPropertyReturned',
  version: 1,
  description:
    'Requisitioned property was returned after use, in the condition stated; DESTROYED records its loss (nothing ' +
    'came back). Damaged or destroyed property is owed compensation (ERL art. 12).',
  schema: Type.Object(
    {
      requisitionId: uuid,
      regionCode,
      returnedOn: calendarDate,
      condition: stringEnum(RETURNED_PROPERTY_CONDITIONS),
      note: nullableText,
    },
    { additionalProperties: false },
  ),
});
export type RequisitionedPropertyReturnedV1 = EventData<typeof RequisitionedPropertyReturned>;

export const PropertyRequisitionCompensated = defineEvent({
  domain: 'supplies',
  name: 'PropertyRequisitionCompensated',
  version: 1,
  description:
    'The owner of requisitioned property was compensated (ERL art. 12: for the requisition, damage or loss) from ' +
    'fund allocations of one fund, in the amounts stated (`payments`). Its money block (DISBURSED, the compensation ' +
    'as its flow) is paid by the allocations’ recipient to the owner (an enterprise by id, a person by masked name), ' +
    'in cash; its sources are the allocations with the contributions drawn first in, first out.',
  schema: Type.Object(
    {
      requisitionId: uuid,
      regionCode,
      basis: text,
      payments: Type.Array(requisitionPayment, { minItems: 1 }),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type PropertyRequisitionCompensatedV1 = EventData<typeof PropertyRequisitionCompensated>;
