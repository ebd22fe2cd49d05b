import type { Identity } from '@emergency/auth';
import { identities, type TestSubgraph } from '@emergency/testing';
import {
  registerOrganisation,
  startWithEvents,
  unique,
  type OrganisationRef,
  type PersonRef,
} from './fixtures';
import { SCHEDULE, type Shift } from './duty.operations';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** China Standard Time is UTC+8 all year. */
const CST = 8 * HOUR;

/** The latest 08:00 China Standard Time at or before `now`: the daily duty hand-over. */
function lastHandover(now: Date): number {
  const localMidnight = Math.floor((now.getTime() + CST) / DAY) * DAY - CST;
  const handover = localMidnight + 8 * HOUR;
  return handover > now.getTime() ? handover - DAY : handover;
}

/** The hand-over every shift of a spec file is placed from: the latest one when the file starts. */
let anchor = lastHandover(new Date());

/**
 * Sets the anchor for the file, in its `beforeAll`. "Now" must fall in the anchor's day when a test asks who is on
 * duty: right before the next 08:00 hand-over, this waits until it has passed.
 */
export async function anchorAtLastHandover(): Promise<void> {
  const untilHandover = lastHandover(new Date()) + DAY - Date.now();
  if (untilHandover < 60_000) await new Promise((resolve) => setTimeout(resolve, untilHandover + 1000));
  anchor = lastHandover(new Date());
}

/** A duty spec file's subgraph (Xiaogan, 420900) and its event reader, the file's anchor set: for its `beforeAll`. */
export function startDuty() {
  return startWithEvents('420900', async () => {
    await anchorAtLastHandover();
    return {};
  });
}

/** The instant `days` days and `hours` hours after the anchor hand-over, as GraphQL takes it. */
export const day = (days: number, hours = 0) => new Date(anchor + days * DAY + hours * HOUR).toISOString();

/** `instant` written on China Standard Time, as a duty desk in Hubei would send it: 2026-07-01T08:00:00+08:00. */
export const chinaClock = (instant: string) =>
  `${new Date(Date.parse(instant) + CST).toISOString().slice(0, 19)}+08:00`;

/** From an hour ago to an hour from now, on whole minutes: a shift under way while the test runs. */
export function underWay(): [string, string] {
  const start = Math.floor(Date.now() / MINUTE) * MINUTE - HOUR;
  return [new Date(start).toISOString(), new Date(start + 2 * HOUR).toISOString()];
}

/** A shift of `scheduleDutyShift`'s input as a roster item: the organisation is the roster's. */
export const rosterShift = ({
  organisationId: _organisation,
  ...shift
}: { organisationId: string } & object) => shift;

/** A district government with its emergency management office under it. */
export async function registerDistrictOffice(sut: TestSubgraph, regionCode = '420902') {
  const government = await registerOrganisation(sut, {
    name: unique('孝南区人民政府'),
    type: 'GOVERNMENT',
    regionCode,
  });
  const office = await registerOrganisation(sut, {
    name: unique('孝南区应急管理局'),
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode,
    parentId: government.id,
  });
  return { government, office };
}

export async function scheduleDutyShift(
  sut: TestSubgraph,
  organisation: OrganisationRef,
  person: PersonRef,
  role: Shift['role'],
  startsAt: string,
  endsAt: string,
  identity: Identity = identities.admin(),
): Promise<Shift> {
  const { scheduleDutyShift } = await sut.call<{ scheduleDutyShift: Shift }>(
    SCHEDULE,
    { input: { organisationId: organisation.id, personId: person.id, role, startsAt, endsAt } },
    identity,
  );
  return scheduleDutyShift;
}

/** The error of an operation that must fail, having checked it wrote neither a shift nor an event. */
export async function refusedWritingNothing(
  sut: TestSubgraph,
  query: string,
  variables: Record<string, unknown>,
  identity?: Identity,
) {
  const before = [await sut.count('duty_shift'), await sut.count('outbox')];
  const error = await sut.failure(query, variables, identity);
  expect([await sut.count('duty_shift'), await sut.count('outbox')]).toEqual(before);
  return error;
}

/** What every event about `shift` says of it. */
export const shiftEvent = (shift: Shift, person: PersonRef) => ({
  shiftId: shift.id,
  organisationId: shift.organisation.id,
  personId: person.id,
  role: shift.role,
  startsAt: shift.startsAt,
  endsAt: shift.endsAt,
});

/** The DutyGapOpened a cancellation of the whole of `shift` publishes when nobody else covers it. */
export const gapEvent = (shift: Shift) => ({
  organisationId: shift.organisation.id,
  role: shift.role,
  startsAt: shift.startsAt,
  endsAt: shift.endsAt,
  causedByShiftId: shift.id,
});

/** A spec file's duty steps on its subgraph, read through `sut` once its `beforeAll` has run. */
export function dutySteps(sut: () => TestSubgraph) {
  return {
    districtOffice: (regionCode?: string) => registerDistrictOffice(sut(), regionCode),
    schedule: (
      organisation: OrganisationRef,
      person: PersonRef,
      role: Shift['role'],
      startsAt: string,
      endsAt: string,
      identity?: Identity,
    ) => scheduleDutyShift(sut(), organisation, person, role, startsAt, endsAt, identity),
    refused: (query: string, variables: Record<string, unknown>, identity?: Identity) =>
      refusedWritingNothing(sut(), query, variables, identity),
  };
}
