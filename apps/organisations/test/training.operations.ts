/** The GraphQL operations of the training specs, and the shapes they answer. */

export interface TrainingRecord {
  id: string;
  person: { id: string } | null;
  organisation: { id: string };
  courseTitle: string;
  category: string;
  provider: string;
  startedOn: string;
  completedOn: string;
  hours: number;
  result: string;
  certificateNumber: string | null;
  recordedAt: string;
  voided: boolean;
  voidedAt: string | null;
  voidReason: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const FIELDS = `id person { id } organisation { id } courseTitle category provider startedOn completedOn hours
  result certificateNumber recordedAt voided voidedAt voidReason`;
export const RECORD = `mutation($input: RecordTrainingInput!) { recordTraining(input: $input) { ${FIELDS} } }`;
export const VOID = `mutation($id: ID!, $reason: String!) { voidTrainingRecord(input: { id: $id, reason: $reason }) { ${FIELDS} } }`;
export const LIST = `query($filter: TrainingRecordFilter, $first: Int, $after: String) {
  trainingRecords(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
export const SUMMARY = `query($organisationId: ID!, $year: Int!) {
  trainingSummary(organisationId: $organisationId, year: $year) {
    organisation { id } year peopleTrained records totalHours
    byCategory { category peopleTrained records hours }
  }
}`;
export const TRAINING_OF_PERSON = `query($id: ID!) { person(id: $id) { trainingRecords(first: 10) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
export const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on TrainingRecord { id courseTitle } }
}`;
