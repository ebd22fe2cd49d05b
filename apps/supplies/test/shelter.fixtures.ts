import type { Identity } from '@emergency/auth';
import { identities, type OrganisationFixture, type TestSubgraph } from '@emergency/testing';
import { COUNTY, OTHER_COUNTY, registerParties, startSupplies } from './fixtures';

/** The Huanggang prefecture's emergency management bureau, which runs the prefecture's shelters. */
export const PREFECTURE: OrganisationFixture = {
  id: '00000000-0000-4000-8000-00000000c100',
  name: 'Huanggang Emergency Management Bureau',
  regionCode: '421100',
};

/** The supplies subgraph for the shelter specs, knowing the counties' and the prefecture's bureaus. */
export async function startShelters(): Promise<TestSubgraph> {
  const sut = await startSupplies();
  try {
    await registerParties(sut, [COUNTY, OTHER_COUNTY, PREFECTURE]);
    return sut;
  } catch (error) {
    await sut.stop();
    throw error;
  }
}

export const SHELTER_FIELDS = `id name level shelterClass earthquakeClass regionCode divisionCode address latitude
  longitude capacity effectiveAreaSquareMetres serviceRadiusMetres facilities signageInstalled signCount status
  currentOccupants freeCapacity occupancyReportedAt openedAt closedAt closeReason
  managingOrganisation { id } openedForIncident { id }`;

export const REGISTER_SHELTER = `mutation($input: RegisterShelterInput!) {
  registerShelter(input: $input) { ${SHELTER_FIELDS} }
}`;
export const CHANGE_SHELTER = `mutation($input: ChangeShelterInput!) {
  changeShelter(input: $input) { ${SHELTER_FIELDS} }
}`;
export const OPEN_SHELTER = `mutation($input: OpenShelterInput!) { openShelter(input: $input) { ${SHELTER_FIELDS} } }`;
export const CLOSE_SHELTER = `mutation($input: CloseShelterInput!) { closeShelter(input: $input) { ${SHELTER_FIELDS} } }`;
export const REPORT_OCCUPANCY = `mutation($input: ReportShelterOccupancyInput!) {
  reportShelterOccupancy(input: $input) { ${SHELTER_FIELDS} }
}`;
export const SHELTER = `query($id: ID!) {
  shelter(id: $id) {
    ${SHELTER_FIELDS}
    occupancy(first: 10) { edges { node { reportedAt occupants capacity overCapacity incident { id } } } }
  }
}`;
export const SHELTERS = `query($filter: ShelterFilter, $first: Int, $after: String) {
  shelters(filter: $filter, first: $first, after: $after) {
    edges { node { id name regionCode status } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const NEAR = `query($latitude: Float!, $longitude: Float!, $radiusMetres: Int!, $minFreePlaces: Int, $first: Int) {
  sheltersWithRoomNear(latitude: $latitude, longitude: $longitude, radiusMetres: $radiusMetres,
      minFreePlaces: $minFreePlaces, first: $first) {
    shelter { id name status } distanceMetres freeCapacity
  }
}`;
export const COVERAGE = `query($regionCode: String!) {
  shelterCoverage(regionCode: $regionCode) {
    regionCode shelters capacity fixedCapacity effectiveAreaSquareMetres population populationSource
    ratio { regionPrefix minPercent maxPercent source } requiredPlaces coveragePercent meetsRatio
  }
}`;
export const SET_POPULATION = `mutation($input: SetRegionPopulationInput!) {
  setRegionPopulation(input: $input) { regionCode population source }
}`;
export const SET_RATIO = `mutation($input: SetShelterPlanningRatioInput!) {
  setShelterPlanningRatio(input: $input) { regionPrefix minPercent maxPercent source }
}`;
export const RATIO_IN_FORCE = `query($regionCode: String!) {
  shelterPlanningRatioInForce(regionCode: $regionCode) { regionPrefix minPercent maxPercent source }
}`;
export const RATIOS = `{ shelterPlanningRatios { regionPrefix minPercent maxPercent source } }`;

export interface ShelterView {
  id: string;
  name: string;
  status: string;
  capacity: number;
  currentOccupants: number;
  freeCapacity: number;
  regionCode: string;
  [field: string]: unknown;
}

/** A school gym in Tuanfeng's county seat, ready; `overrides` change any field. */
export function shelterInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Tuanfeng No. 1 Middle School gymnasium',
    level: 'COUNTY',
    shelterClass: 'FIXED_SHORT_TERM',
    earthquakeClass: 'III',
    managingOrganisationId: COUNTY.id,
    regionCode: '421121',
    divisionCode: '421121100',
    address: 'Tuanfeng county seat',
    latitude: 30.64,
    longitude: 114.87,
    capacity: 500,
    effectiveAreaSquareMetres: 1800,
    serviceRadiusMetres: 1000,
    facilities: ['TOILETS', 'WATER', 'POWER', 'SIGNAGE', 'LIGHTING'],
    signageInstalled: true,
    signCount: 6,
    ...overrides,
  };
}

export async function registerShelter(
  sut: TestSubgraph,
  overrides: Record<string, unknown> = {},
  identity: Identity = identities.operator('421121', COUNTY.id),
): Promise<ShelterView> {
  const { registerShelter } = await sut.call<{ registerShelter: ShelterView }>(
    REGISTER_SHELTER,
    { input: shelterInput(overrides) },
    identity,
  );
  return registerShelter;
}

export async function openShelter(sut: TestSubgraph, shelterId: string, at: Date, incidentId?: string) {
  const { openShelter } = await sut.call<{ openShelter: ShelterView }>(OPEN_SHELTER, {
    input: { shelterId, at: at.toISOString(), incidentId },
  });
  return openShelter;
}

export async function reportOccupancy(
  sut: TestSubgraph,
  shelterId: string,
  at: Date,
  occupants: number,
  overCapacity?: boolean,
) {
  const { reportShelterOccupancy } = await sut.call<{ reportShelterOccupancy: ShelterView }>(
    REPORT_OCCUPANCY,
    {
      input: { shelterId, at: at.toISOString(), occupants, overCapacity },
    },
  );
  return reportShelterOccupancy;
}
