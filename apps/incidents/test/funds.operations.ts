/** The reconstruction fund feature's operations (the fund, its contributions, its allocations). */

export const ESTABLISH_FUND = `mutation($input: EstablishReconstructionFundInput!) {
  establishReconstructionFund(input: $input) {
    id name incident { id } managingOrganisation { id } pledgedFen raisedFen allocatedFen availableFen
  }
}`;

export const RECORD_CONTRIBUTION = `mutation($input: RecordFundContributionInput!) {
  recordFundContribution(input: $input) {
    id kind status amountFen contributorName payerOrganisation { id } fund { id }
  }
}`;

export const ALLOCATE_FUND = `mutation($input: AllocateFundInput!) {
  allocateFund(input: $input) {
    id amountFen purpose recipientOrganisation { id } fund { id }
    sources { amountFen contribution { id amountFen status } }
  }
}`;

export const FUND = `query($id: ID!) {
  reconstructionFund(id: $id) { id name pledgedFen raisedFen allocatedFen availableFen }
}`;

export const FUND_ALLOCATION = `query($id: ID!) { fundAllocation(id: $id) { id amountFen } }`;

export const FUND_CONTRIBUTIONS = `query($id: ID!, $first: Int, $after: String) { reconstructionFund(id: $id) {
  contributions(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } }
} }`;
