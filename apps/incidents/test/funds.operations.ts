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

/** An allocation with everything the money model gives it: purpose, form, goods, what is used, returned, unspent. */
const ALLOCATION_IN_FULL = `id amountFen purposeCategory purpose form projectId recipientOrganisation { id }
  goods { description unit quantity unitValueFen amountFen usedQuantity returnedQuantity }
  returnedFen usedFen unspentFen
  sources { amountFen usedFen returnedFen contribution { id } }
  returns { id amountFen destination reason revoked sources { amountFen contribution { id } } }`;

export const ALLOCATE_FUND_IN_FULL = `mutation($input: AllocateFundInput!) {
  allocateFund(input: $input) { ${ALLOCATION_IN_FULL} }
}`;

export const FUND_ALLOCATION_IN_FULL = `query($id: ID!) { fundAllocation(id: $id) { ${ALLOCATION_IN_FULL} } }`;

const RETURN_IN_FULL = `id amountFen destination reason revoked allocation { id returnedFen unspentFen }
  sources { amountFen contribution { id } }`;

export const RETURN_ALLOCATION = `mutation($input: ReturnAllocationInput!) {
  returnAllocation(input: $input) { ${RETURN_IN_FULL} }
}`;

export const REVOKE_ALLOCATION = `mutation($allocationId: ID!, $reason: String!) {
  revokeAllocation(input: { allocationId: $allocationId, reason: $reason }) { ${RETURN_IN_FULL} }
}`;

/** Every field of a contribution, for the tests of contributions. */
const CONTRIBUTION_FIELDS = `id kind status amountFen contributorType contributorName payerOrganisation { id }
  fiscalLevel programme form goods { description unit quantity unitValueFen amountFen } valuationBasis channel
  receivingOrganisation { id } directedPurpose directedOrganisation { id } paidOn voucherNumber statusReason
  corrects { id status } correctedBy { id } returnedFen fund { id }`;

export const RECORD_FULL_CONTRIBUTION = `mutation($input: RecordFundContributionInput!) {
  recordFundContribution(input: $input) { ${CONTRIBUTION_FIELDS} }
}`;

export const COMMIT_CONTRIBUTION = `mutation($id: ID!) {
  commitFundContribution(input: { id: $id }) { ${CONTRIBUTION_FIELDS} }
}`;

export const PAY_CONTRIBUTION = `mutation($input: PayFundContributionInput!) {
  payFundContribution(input: $input) { ${CONTRIBUTION_FIELDS} }
}`;

export const WITHDRAW_CONTRIBUTION = `mutation($input: WithdrawFundContributionInput!) {
  withdrawFundContribution(input: $input) { ${CONTRIBUTION_FIELDS} }
}`;

export const CORRECT_CONTRIBUTION = `mutation($input: CorrectFundContributionInput!) {
  correctFundContribution(input: $input) { ${CONTRIBUTION_FIELDS} }
}`;

export const FUND_CONTRIBUTIONS_IN_FULL = `query($id: ID!) { reconstructionFund(id: $id) {
  contributions(first: 100) { edges { node { ${CONTRIBUTION_FIELDS} } } }
} }`;

export const FUND_TOTALS = `query($id: ID!) {
  reconstructionFund(id: $id) { pledgedFen raisedFen raisedCashFen raisedInKindFen allocatedFen availableFen }
}`;

export const DONATION_PUBLICATION = `query($fundId: ID!, $from: String!, $to: String!, $first: Int, $after: String) {
  donationPublication(fundId: $fundId, from: $from, to: $to, first: $first, after: $after) {
    from to count cashFen inKindFen totalFen
    pageInfo { hasNextPage endCursor }
    edges { node {
      contribution { id } contributor contributorType form amountFen
      goods { description unit quantity unitValueFen amountFen } valuationBasis
      intent directedPurpose directedOrganisation { id } channel receivingOrganisation { id } paidOn voucherNumber
    } }
  }
}`;
