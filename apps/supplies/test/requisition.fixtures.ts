import type { Identity } from '@emergency/auth';
import { identities, type TestSubgraph } from '@emergency/testing';
import { FINANCE, startWithIncidents, stopWithIncidents, type IncidentsTopic } from './fixtures';
import { COUNTY, ENTERPRISE, OTHER_COUNTY, PREFECTURE } from './reserve.fixtures';
import { RECEIVE, registerReserves } from './stock.fixtures';

export { COUNTY, ENTERPRISE, OTHER_COUNTY, PREFECTURE };

/** The Huanggang prefecture's operator, who requisitions from its counties. */
export const prefecture = (): Identity => identities.operator('421100', PREFECTURE.id);
/** The Tuanfeng county's operator. */
export const county = (): Identity => identities.operator('421121', COUNTY.id);
/** The Luotian county's operator: a sibling of Tuanfeng. */
export const luotian = (): Identity => identities.operator('421123', OTHER_COUNTY.id);

/** The supplies subgraph with the reserve points of the stock specs and the incidents topic. */
export async function startRequisitions(): Promise<{ sut: TestSubgraph; incidents: IncidentsTopic }> {
  const started = await startWithIncidents([FINANCE]);
  try {
    await registerReserves(started.sut);
    return started;
  } catch (error) {
    await stopWithIncidents(started.sut, started.incidents);
    throw error;
  }
}

/** Receives `quantity` of `itemCode` at a point as a new lot (as an admin); its id. */
export async function receiveLot(
  sut: TestSubgraph,
  reservePointId: string,
  itemCode: string,
  quantity: number,
  unitValueFen: string,
): Promise<string> {
  const { receiveStock } = await sut.call<{ receiveStock: { lot: { id: string } } }>(RECEIVE, {
    input: {
      reservePointId,
      itemCode,
      quantity,
      unitValueFen,
      receivedOn: '2026-11-01',
      sourceKind: 'INITIAL',
    },
  });
  return receiveStock.lot.id;
}

const LINE = 'lotId fromReservePointId toLotId itemCode quantity valueFen';
export const STOCK_REQUISITION_FIELDS = `id toReservePointId regionCode requisitionerOrganisation { id } incident { id }
  documentNumber reason status totalFen lines { ${LINE} }
  owners { reservePointId ownerOrganisation { id } regionCode owedFen repaidInKindFen repaidInMoneyFen outstandingFen }
  repayments { kind reservePointId amountFen lines { ${LINE} } payments { allocation { id } amountFen } note }`;
export const REQUISITION_STOCK = `mutation($input: RequisitionStockInput!) {
  requisitionStock(input: $input) { ${STOCK_REQUISITION_FIELDS} }
}`;
export const REPAY_IN_KIND = `mutation($input: RepayRequisitionInKindInput!) {
  repayRequisitionInKind(input: $input) { ${STOCK_REQUISITION_FIELDS} }
}`;
export const REPAY_IN_MONEY = `mutation($input: RepayRequisitionInMoneyInput!) {
  repayRequisitionInMoney(input: $input) { ${STOCK_REQUISITION_FIELDS} }
}`;
export const STOCK_REQUISITION = `query($id: ID!) { stockRequisition(id: $id) { ${STOCK_REQUISITION_FIELDS} } }`;
export const STOCK_REQUISITIONS = `query($filter: StockRequisitionFilter, $first: Int, $after: String) {
  stockRequisitions(filter: $filter, first: $first, after: $after) {
    edges { node { id status } } pageInfo { hasNextPage endCursor }
  }
}`;

export const PROPERTY_REQUISITION_FIELDS = `id incident { id } regionCode ownerKind ownerOrganisation { id } ownerName
  propertyKind description requisitionedOn documentNumber status settled returnedOn condition returnNote
  compensatedFen compensationBasis compensationPayments { allocation { id } amountFen }`;
export const REQUISITION_PROPERTY = `mutation($input: RequisitionPropertyInput!) {
  requisitionProperty(input: $input) { ${PROPERTY_REQUISITION_FIELDS} }
}`;
export const RETURN_PROPERTY = `mutation($input: ReturnRequisitionedPropertyInput!) {
  returnRequisitionedProperty(input: $input) { ${PROPERTY_REQUISITION_FIELDS} }
}`;
export const COMPENSATE_PROPERTY = `mutation($input: CompensatePropertyRequisitionInput!) {
  compensatePropertyRequisition(input: $input) { ${PROPERTY_REQUISITION_FIELDS} }
}`;
export const PROPERTY_REQUISITION = `query($id: ID!) { propertyRequisition(id: $id) { ${PROPERTY_REQUISITION_FIELDS} } }`;
export const PROPERTY_REQUISITIONS = `query($filter: PropertyRequisitionFilter, $first: Int, $after: String) {
  propertyRequisitions(filter: $filter, first: $first, after: $after) {
    edges { node { id status } } pageInfo { hasNextPage endCursor }
  }
}`;
