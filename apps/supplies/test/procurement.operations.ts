/** The operations the supplies specs send, written once. */

export const RECORD_PROCUREMENT = `mutation($input: RecordProcurementInput!) {
  recordProcurement(input: $input) {
    id supplierName itemDescription quantity unitPriceFen amountFen
    allocation { id } payerOrganisation { id } incident { id }
  }
}`;

export const ALLOCATION_BALANCE = `query($id: ID!) {
  allocationBalance(allocationId: $id) { amountFen spentFen returnedFen remainingFen }
}`;

export const PROCUREMENT = `query($id: ID!) { procurement(id: $id) { id } }`;

export const PROCUREMENTS = `query($filter: ProcurementFilter, $first: Int, $after: String) {
  procurements(filter: $filter, first: $first, after: $after) {
    edges { node { id itemDescription } } pageInfo { hasNextPage endCursor }
  }
}`;

/** Everything a procurement says about its money. */
export const PROCUREMENT_MONEY = `
  id amountFen refundedFen netPaidFen invoicedFen status quantity
  allocation { id }
  payments { allocation { id } amountFen refundedFen origins { contributionId amountFen refundedFen } }
  invoices { number issuedOn amountFen }
  refunds { amountFen reason cancelled givenBack { allocation { id } contributionId amountFen } }
  deliveryAcceptance { acceptedOn receivedQuantity shortfallQuantity note }
`;

export const RECORD_PROCUREMENT_MONEY = `mutation($input: RecordProcurementInput!) {
  recordProcurement(input: $input) { ${PROCUREMENT_MONEY} }
}`;

export const PROCUREMENT_WITH_MONEY = `query($id: ID!) { procurement(id: $id) { ${PROCUREMENT_MONEY} } }`;

export const REFUND_PROCUREMENT = `mutation($input: RefundProcurementInput!) {
  refundProcurement(input: $input) { ${PROCUREMENT_MONEY} }
}`;

export const CANCEL_PROCUREMENT = `mutation($input: CancelProcurementInput!) {
  cancelProcurement(input: $input) { ${PROCUREMENT_MONEY} }
}`;

export const RECORD_PROCUREMENT_INVOICE = `mutation($input: RecordProcurementInvoiceInput!) {
  recordProcurementInvoice(input: $input) { ${PROCUREMENT_MONEY} }
}`;

export const ACCEPT_PROCUREMENT_DELIVERY = `mutation($input: AcceptProcurementDeliveryInput!) {
  acceptProcurementDelivery(input: $input) { ${PROCUREMENT_MONEY} }
}`;
