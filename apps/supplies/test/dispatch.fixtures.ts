import { identities } from '@emergency/testing';
import { COUNTY, OTHER_COUNTY, PREFECTURE } from './reserve.fixtures';

/** The sides of a dispatch: the county asking, the prefecture asked, and a county that has nothing to do with it. */
export const TUANFENG = identities.operator('421121', COUNTY.id);
export const HUANGGANG = identities.operator('421100', PREFECTURE.id);
export const LUOTIAN = identities.operator('421123', OTHER_COUNTY.id);

/** Contact and approver person ids (people by id only). */
export const PEOPLE = {
  countyContact: '00000000-0000-4000-8000-0000000a0001',
  prefectureContact: '00000000-0000-4000-8000-0000000a0002',
  leader: '00000000-0000-4000-8000-0000000a0003',
};

const REQUEST_FIELDS = `id requesterRegionCode askedRegionCode channel documentNumber receivingReservePointId shelterId
  contactPersonIds lines { itemCode quantity ownStock } ownStockAvailable status requestedAt paperworkDueAt
  paperworkRecordedAt paperworkLate paperworkOverdue approverPersonId decisionNote decidedAt`;
const DISPATCH_FIELDS = `id requestId documentNumber sendingReservePointId sendingLevel receivingReservePointId shelterId
  contactPersonIds status lines { itemCode quantity lotId }
  againstRequest { itemCode requestedQuantity instructedQuantity shortOfRequest }
  shipments { shipmentId line lotId itemCode quantity unitValueFen valueFen receivedQuantity shortfallQuantity
    receivedValueFen shortfallValueFen toLotId }
  instructedAt dispatchedAt receivedAt receivedOn shippedQuantity receivedQuantity shortfallQuantity shippedValueFen
  receivedValueFen shortfallValueFen deliveryHours targetHours late note`;

export const REQUEST_SUPPLIES = `mutation($input: RequestSuppliesInput!) {
  requestSupplies(input: $input) { ${REQUEST_FIELDS} }
}`;
export const RECORD_PAPERWORK = `mutation($input: RecordSuppliesRequestPaperworkInput!) {
  recordSuppliesRequestPaperwork(input: $input) { ${REQUEST_FIELDS} }
}`;
export const DECIDE = `mutation($input: DecideSuppliesRequestInput!) {
  decideSuppliesRequest(input: $input) { ${REQUEST_FIELDS} }
}`;
export const INSTRUCT = `mutation($input: IssueDispatchInstructionInput!) {
  issueDispatchInstruction(input: $input) { ${DISPATCH_FIELDS} }
}`;
export const SEND = `mutation($input: SendDispatchInput!) { sendDispatch(input: $input) { ${DISPATCH_FIELDS} } }`;
export const RECEIVE_DISPATCH = `mutation($input: ReceiveDispatchInput!) {
  receiveDispatch(input: $input) { ${DISPATCH_FIELDS} }
}`;
export const SUPPLIES_REQUEST = `query($id: ID!) {
  suppliesRequest(id: $id) { ${REQUEST_FIELDS} dispatches { id status } }
}`;
export const SUPPLIES_REQUESTS = `query($filter: SuppliesRequestFilter, $first: Int, $after: String) {
  suppliesRequests(filter: $filter, first: $first, after: $after) {
    edges { node { id ownStockAvailable paperworkOverdue } } pageInfo { hasNextPage endCursor }
  }
}`;
export const DISPATCH = `query($id: ID!) { dispatch(id: $id) { ${DISPATCH_FIELDS} request { id } } }`;
export const DISPATCHES = `query($filter: SuppliesDispatchFilter, $first: Int, $after: String) {
  dispatches(filter: $filter, first: $first, after: $after) {
    edges { node { id shortfallQuantity shortfallValueFen late deliveryHours targetHours } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const SET_DISPATCH_RULES = `mutation($input: SetDispatchRulesInput!) {
  setDispatchRules(input: $input) { regionPrefix paperworkHours source }
}`;
export const DISPATCH_RULES = `query($regionCode: String!) {
  dispatchRules(regionCode: $regionCode) { regionPrefix paperworkHours source }
}`;

export interface RequestView {
  id: string;
  channel: string;
  documentNumber: string | null;
  lines: { itemCode: string; quantity: number; ownStock: number }[];
  ownStockAvailable: boolean;
  status: string;
  requestedAt: string;
  paperworkDueAt: string | null;
  paperworkRecordedAt: string | null;
  paperworkLate: boolean | null;
  paperworkOverdue: boolean;
  [field: string]: unknown;
}

export interface ShipmentView {
  shipmentId: string;
  line: number;
  lotId: string;
  itemCode: string;
  quantity: number;
  unitValueFen: string;
  valueFen: string;
  receivedQuantity: number | null;
  shortfallQuantity: number | null;
  receivedValueFen: string | null;
  shortfallValueFen: string | null;
  toLotId: string | null;
}

export interface DispatchView {
  id: string;
  status: string;
  lines: { itemCode: string; quantity: number; lotId: string | null }[];
  againstRequest: {
    itemCode: string;
    requestedQuantity: number;
    instructedQuantity: number;
    shortOfRequest: number;
  }[];
  shipments: ShipmentView[];
  shippedQuantity: number | null;
  receivedQuantity: number | null;
  shortfallQuantity: number | null;
  shippedValueFen: string | null;
  receivedValueFen: string | null;
  shortfallValueFen: string | null;
  deliveryHours: number | null;
  targetHours: number | null;
  late: boolean | null;
  [field: string]: unknown;
}
