import type { Identity } from '@emergency/auth';
import { identities, type OrganisationFixture, type TestSubgraph } from '@emergency/testing';
import { COUNTY, OTHER_COUNTY } from './fixtures';

export { COUNTY, OTHER_COUNTY };

export const PREFECTURE: OrganisationFixture = {
  id: '00000000-0000-4000-8000-00000000c011',
  name: 'Huanggang Emergency Management Bureau',
  regionCode: '421100',
};
export const PROVINCE: OrganisationFixture = {
  id: '00000000-0000-4000-8000-00000000c021',
  name: 'Hubei Provincial Department of Emergency Management',
  regionCode: '420000',
};
export const ENTERPRISE: OrganisationFixture = {
  id: '00000000-0000-4000-8000-00000000e011',
  name: 'Changjiang Water Conservancy Construction Co., Ltd.',
  regionCode: '420100',
  type: 'ENTERPRISE',
};
export const RESERVE_PARTIES = [COUNTY, OTHER_COUNTY, PREFECTURE, PROVINCE, ENTERPRISE];

export const RESERVE_POINT_FIELDS = `id name level kind regionCode latitude longitude capacityCubicMetres status
  closedReason owner { id } holder { id }`;

export const REGISTER_RESERVE_POINT = `mutation($input: RegisterReservePointInput!) {
  registerReservePoint(input: $input) { ${RESERVE_POINT_FIELDS} }
}`;
export const CHANGE_RESERVE_POINT = `mutation($input: ChangeReservePointInput!) {
  changeReservePoint(input: $input) { ${RESERVE_POINT_FIELDS} }
}`;
export const CLOSE_RESERVE_POINT = `mutation($input: CloseReservePointInput!) {
  closeReservePoint(input: $input) { ${RESERVE_POINT_FIELDS} }
}`;
export const RESERVE_POINT = `query($id: ID!) { reservePoint(id: $id) { id name } }`;
export const RESERVE_POINTS = `query($filter: ReservePointFilter, $first: Int, $after: String) {
  reservePoints(filter: $filter, first: $first, after: $after) {
    edges { node { id name regionCode level } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const RESERVE_POINTS_NEAR = `query($latitude: Float!, $longitude: Float!, $radiusKm: Float!, $first: Int) {
  reservePointsNear(latitude: $latitude, longitude: $longitude, radiusKm: $radiusKm, first: $first) {
    reservePoint { id name } distanceMetres estimatedHours firstBatchHours
  }
}`;
export const DELIVERY_RULES = `query($regionCode: String!) {
  reserveDeliveryRules(regionCode: $regionCode) {
    regionPrefix level firstBatchHours roadSpeedKmh source roadSpeedSource
  }
}`;
export const SET_DELIVERY_RULES = `mutation($input: SetReserveDeliveryRulesInput!) {
  setReserveDeliveryRules(input: $input) { regionPrefix level firstBatchHours roadSpeedKmh source roadSpeedSource }
}`;

export interface ReservePointView {
  id: string;
  name: string;
  level: string;
  kind: string;
  regionCode: string;
  latitude: number;
  longitude: number;
  capacityCubicMetres: number | null;
  status: string;
  closedReason: string | null;
  owner: { id: string } | null;
  holder: { id: string } | null;
}

/** Tuanfeng's county reserve point by default. */
export const reservePointInput = (overrides: Record<string, unknown> = {}) => ({
  name: '团风县救灾物资储备点',
  level: 'COUNTY',
  kind: 'POINT',
  ownerOrganisationId: COUNTY.id,
  regionCode: '421121',
  latitude: 30.64,
  longitude: 114.87,
  capacityCubicMetres: 800,
  ...overrides,
});

export async function registerReservePoint(
  sut: TestSubgraph,
  overrides: Record<string, unknown> = {},
  identity: Identity = identities.admin(),
): Promise<ReservePointView> {
  const data = await sut.call<{ registerReservePoint: ReservePointView }>(
    REGISTER_RESERVE_POINT,
    { input: reservePointInput(overrides) },
    identity,
  );
  return data.registerReservePoint;
}
