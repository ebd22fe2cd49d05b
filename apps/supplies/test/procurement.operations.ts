/** The operations the supplies specs send, written once. */

export const RECORD_PROCUREMENT = `mutation($input: RecordProcurementInput!) {
  recordProcurement(input: $input) {
    id supplierName itemDescription quantity unitPriceFen amountFen
    allocation { id } payerOrganisation { id } incident { id }
  }
}`;

export const ALLOCATION_BALANCE = `query($id: ID!) {
  allocationBalance(allocationId: $id) { amountFen spentFen remainingFen }
}`;

export const PROCUREMENT = `query($id: ID!) { procurement(id: $id) { id } }`;

export const PROCUREMENTS = `query($filter: ProcurementFilter, $first: Int, $after: String) {
  procurements(filter: $filter, first: $first, after: $after) {
    edges { node { id itemDescription } } pageInfo { hasNextPage endCursor }
  }
}`;
