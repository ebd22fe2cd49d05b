import { eventually, registerOrganisations, type TestSubgraph, type TopicReader } from '@emergency/testing';
import {
  CLOSE_RESERVE_POINT,
  COUNTY,
  OTHER_COUNTY,
  PREFECTURE,
  PROVINCE,
  registerReservePoint,
  RESERVE_PARTIES,
} from './reserve.fixtures';

/** The reserve points the stock tests keep goods in; each `id` is set when {@link registerReserves} registers it. */
export const POINTS = {
  hubeiDepot: {
    id: '',
    level: 'PROVINCIAL',
    owner: PROVINCE,
    regionCode: '420000',
    lat: 30.5928,
    lon: 114.3055,
  },
  huanggang: {
    id: '',
    level: 'PREFECTURAL',
    owner: PREFECTURE,
    regionCode: '421100',
    lat: 30.4539,
    lon: 114.8724,
  },
  tuanfeng: { id: '', level: 'COUNTY', owner: COUNTY, regionCode: '421121', lat: 30.6435, lon: 114.8721 },
  luotian: {
    id: '',
    level: 'COUNTY',
    owner: OTHER_COUNTY,
    regionCode: '421123',
    lat: 30.7839,
    lon: 115.3994,
  },
  closed: { id: '', level: 'COUNTY', owner: COUNTY, regionCode: '421121', lat: 30.65, lon: 114.9 },
};

/** Items of the seeded catalogue. */
export const ITEMS = {
  tent: '1010101',
  quilt: '1010201',
  water: '1020101',
  food: '1020201',
  pump: '2020101',
} as const;

/** Registers the owners and the reserve points of {@link POINTS} through the reserve feature; closes `closed`. */
export async function registerReserves(sut: TestSubgraph): Promise<void> {
  await registerOrganisations({ db: sut.db, topicPrefix: sut.topicPrefix }, RESERVE_PARTIES);
  for (const [name, p] of Object.entries(POINTS)) {
    const point = await registerReservePoint(sut, {
      name: `${name} reserve`,
      level: p.level,
      kind: 'DEPOT',
      ownerOrganisationId: p.owner.id,
      regionCode: p.regionCode,
      latitude: p.lat,
      longitude: p.lon,
    });
    p.id = point.id;
  }
  await sut.call(CLOSE_RESERVE_POINT, {
    input: { reservePointId: POINTS.closed.id, reason: 'Merged into the county depot' },
  });
}

/** The data of the event of `type` (e.g. 'supplies.StockReceived.v1') that `match` picks, once it arrives. */
export function publishedData<T = Record<string, unknown>>(
  reader: TopicReader,
  type: string,
  match: (data: T) => boolean,
): Promise<T> {
  return eventually(
    async () => {
      const found = reader.messages.find((m) => m.headers.ce_type === type && match(m.value as T));
      if (!found) throw new Error(`no ${type} event yet`);
      return found.value as T;
    },
    { timeoutMs: 20_000 },
  );
}

/** How many events of `type` match. */
export const countOf = (
  reader: TopicReader,
  type: string,
  match: (data: Record<string, unknown>) => boolean,
) =>
  reader.messages.filter((m) => m.headers.ce_type === type && match(m.value as Record<string, unknown>))
    .length;

const LOT_FIELDS = `id reservePointId regionCode itemCode sourceKind procurementId allocationId contributionId fundId
  transferId fromLotId unitValueFen receivedQuantity receivedOn expiresOn quantityOnHand valueFen`;
const MOVEMENT_FIELDS = `id lotId kind quantity valueFen reason incidentId shelterId distributionReference transferId
  censusId correctsMovementId returnsMovementId`;

export const RECEIVE = `mutation($input: ReceiveStockInput!) {
  receiveStock(input: $input) { movement { ${MOVEMENT_FIELDS} } lot { ${LOT_FIELDS} } }
}`;
export const ISSUE = `mutation($input: IssueStockInput!) {
  issueStock(input: $input) { movement { ${MOVEMENT_FIELDS} } lot { ${LOT_FIELDS} } }
}`;
export const TRANSFER = `mutation($input: TransferStockInput!) {
  transferStock(input: $input) { id quantity fromLot { ${LOT_FIELDS} } toLot { ${LOT_FIELDS} } }
}`;
export const ADJUST = `mutation($input: AdjustStockInput!) {
  adjustStock(input: $input) { movement { ${MOVEMENT_FIELDS} } lot { ${LOT_FIELDS} } }
}`;
export const RETURN = `mutation($input: ReturnStockInput!) {
  returnStock(input: $input) { movement { ${MOVEMENT_FIELDS} } lot { ${LOT_FIELDS} } }
}`;
export const SET_MINIMUM = `mutation($input: SetMinimumStockInput!) {
  setMinimumStock(input: $input) { reservePointId itemCode minimum }
}`;
export const SET_RULES = `mutation($input: SetStockRulesInput!) {
  setStockRules(input: $input) { regionPrefix nearExpiryDays censusIntervalMonths source }
}`;
export const RULES = `query($regionCode: String!) {
  stockRules(regionCode: $regionCode) { regionPrefix nearExpiryDays censusIntervalMonths }
}`;
export const LOT = `query($id: ID!, $after: String) {
  stockLot(id: $id) { ${LOT_FIELDS}
    movements(first: 2, after: $after) { edges { node { ${MOVEMENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }
}`;
export const STOCK = `query($filter: StockFilter, $after: String) {
  stock(filter: $filter, first: 2, after: $after) {
    edges { node { reservePointId regionCode itemCode quantity valueFen lots { id quantityOnHand } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const EXPIRING = `query($regionCode: String!, $days: Int) {
  lotsExpiringWithin(regionCode: $regionCode, days: $days, first: 100) { edges { node { id expiresOn } } }
}`;
export const BELOW_MINIMUM = `query($regionCode: String!) {
  stockBelowMinimum(regionCode: $regionCode, first: 100) {
    edges { node { reservePointId itemCode minimum quantity } }
  }
}`;
export const CENSUS = `mutation($input: RecordStockCensusInput!) {
  recordStockCensus(input: $input) { id reservePointId countedOn lines { lotId journalQuantity counted variance } }
}`;
export const CENSUSES = `query($reservePointId: ID!) {
  stockCensuses(reservePointId: $reservePointId, first: 10) { edges { node { id countedOn lines { lotId variance } } } }
}`;
export const CENSUS_BY_ID = `query($id: ID!) { stockCensus(id: $id) { id countedOn lines { lotId journalQuantity counted variance } } }`;
export const DUE_FOR_CENSUS = `query($regionCode: String!) {
  reservePointsDueForCensus(regionCode: $regionCode, first: 100) {
    edges { node { reservePointId lastCountedOn dueOn } }
  }
}`;
export const NEAR = `query($itemCode: String!, $latitude: Float!, $longitude: Float!, $hours: Float!, $after: String) {
  stockNear(itemCode: $itemCode, latitude: $latitude, longitude: $longitude, hours: $hours, first: 1, after: $after) {
    edges { node { reservePointId quantity distanceKm estimatedHours firstBatchHours } }
    pageInfo { hasNextPage endCursor }
  }
}`;
