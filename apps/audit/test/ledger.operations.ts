/** The operations several of the audit's specs run, written once. */

export interface Trace {
  raisedFen: string;
  allocatedFen: string;
  spentFen: string;
  unallocatedFen: string;
  unspentFen: string;
  reconciled: boolean;
  discrepancies: string[];
  fund: { id: string };
  incident: { id: string };
}

export const TRACE = `query($fundId: ID!) {
  fundTrace(fundId: $fundId) {
    raisedFen allocatedFen spentFen unallocatedFen unspentFen reconciled discrepancies fund { id } incident { id }
  }
}`;

export interface FundTracesPage {
  fundTraces: { edges: { cursor: string; node: { fund: { id: string } } }[] };
}

export const FUND_TRACES = `query($first: Int, $after: String) {
  fundTraces(first: $first, after: $after) { edges { cursor node { fund { id } } } }
}`;

export interface FlowsPage {
  fundTrace: {
    flows: {
      edges: { cursor: string; node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
  };
}

export const FLOWS = `query($fundId: ID!, $stage: FlowStage, $first: Int, $after: String) {
  fundTrace(fundId: $fundId) {
    flows(stage: $stage, first: $first, after: $after) {
      edges { cursor node { id } } pageInfo { hasNextPage endCursor }
    }
  }
}`;
