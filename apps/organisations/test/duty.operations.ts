/** The GraphQL operations of the duty specs, and the shapes they answer. */

export interface Shift {
  id: string;
  role: 'DUTY_OFFICER' | 'LEADER_ON_DUTY';
  startsAt: string;
  endsAt: string;
  note: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  createdAt: string;
  organisation: { id: string };
  person: { id: string; name: string } | null;
}

export interface Gap {
  role: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
}

export interface ShiftPage {
  edges: { cursor: string; node: Shift }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const FIELDS = `id role startsAt endsAt note cancelledAt cancellationReason createdAt organisation { id }
  person { id name }`;
export const SCHEDULE = `mutation($input: ScheduleDutyShiftInput!) { scheduleDutyShift(input: $input) { ${FIELDS} } }`;
export const ROSTER = `mutation($input: ScheduleDutyRosterInput!) { scheduleDutyRoster(input: $input) { ${FIELDS} } }`;
export const CANCEL = `mutation($input: CancelDutyShiftInput!) { cancelDutyShift(input: $input) { ${FIELDS} } }`;
export const GET = `query($id: ID!) { dutyShift(id: $id) { ${FIELDS} } }`;
export const LIST = `query($filter: DutyShiftFilter, $first: Int, $after: String) {
  dutyShifts(filter: $filter, first: $first, after: $after) {
    edges { cursor node { ${FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;
export const ON_DUTY = `query($id: ID!, $at: DateTime) {
  onDuty(organisationId: $id, at: $at) {
    organisation { id } at dutyOfficers { ${FIELDS} } leadersOnDuty { ${FIELDS} }
  }
}`;
export const COVERAGE = `query($id: ID!, $from: DateTime!, $to: DateTime!) {
  dutyCoverage(organisationId: $id, from: $from, to: $to) {
    organisation { id } from to complete gaps { role startsAt endsAt durationMinutes }
  }
}`;
/** Who is on duty now and where the coverage has gaps, in one request. */
export const ON_DUTY_AND_COVERAGE = `query($id: ID!, $from: DateTime!, $to: DateTime!) {
  onDuty(organisationId: $id) { organisation { id } at dutyOfficers { ${FIELDS} } leadersOnDuty { ${FIELDS} } }
  dutyCoverage(organisationId: $id, from: $from, to: $to) {
    from to complete gaps { role startsAt endsAt durationMinutes }
  }
}`;
/** The duty fields of an organisation. */
export const ORGANISATION_DUTY = `query($id: ID!, $at: DateTime, $from: DateTime, $to: DateTime) {
  organisation(id: $id) {
    onDuty(at: $at) { at dutyOfficers { id } leadersOnDuty { id } }
    dutyShifts(from: $from, to: $to) { edges { node { id } } }
  }
}`;
export const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on DutyShift { id role } }
}`;
