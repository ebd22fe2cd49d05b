import { eventually, type TestSubgraph, type TopicReader } from '@emergency/testing';

/**
 * Reserve points and catalogue items the stock tests refer to, inserted with plain SQL: their mutations belong to
 * the reserve feature, and stock only references their rows by foreign key.
 */
export const POINTS = {
  hubeiDepot: {
    id: '00000000-0000-4000-8000-0000000d4200',
    regionCode: '420000',
    lat: 30.5928,
    lon: 114.3055,
  },
  huanggang: {
    id: '00000000-0000-4000-8000-0000000d4211',
    regionCode: '421100',
    lat: 30.4539,
    lon: 114.8724,
  },
  tuanfeng: { id: '00000000-0000-4000-8000-0000000d1121', regionCode: '421121', lat: 30.6435, lon: 114.8721 },
  luotian: { id: '00000000-0000-4000-8000-0000000d1123', regionCode: '421123', lat: 30.7839, lon: 115.3994 },
  closed: { id: '00000000-0000-4000-8000-0000000dc105', regionCode: '421121', lat: 30.65, lon: 114.9 },
} as const;

export const ITEMS = {
  tent: '1010101',
  quilt: '1010201',
  water: '1020101',
  food: '1020201',
  pump: '2010101',
} as const;

const OWNER = '00000000-0000-4000-8000-00000000c001';

export async function insertReservesAndItems(sut: TestSubgraph): Promise<void> {
  for (const [name, p] of Object.entries(POINTS)) {
    await sut.db.query(
      `INSERT INTO reserve_point (id, name, level, kind, owner_organisation_id, region_code, latitude, longitude, status)
       VALUES ($1, $2, 'COUNTY', 'DEPOT', $3, $4, $5, $6, $7)`,
      [p.id, `${name} reserve`, OWNER, p.regionCode, p.lat, p.lon, name === 'closed' ? 'CLOSED' : 'ACTIVE'],
    );
  }
  const items: [string, string, string, number | null][] = [
    [ITEMS.tent, 'tent', '顶', null],
    [ITEMS.quilt, 'quilt', '床', null],
    [ITEMS.water, 'bottled water', '箱', 365],
    [ITEMS.food, 'instant food', '箱', 270],
    [ITEMS.pump, 'drainage pump', '台', null],
  ];
  for (const [code, name, unit, shelf] of items) {
    await sut.db.query(
      `INSERT INTO supply_item (code, name_zh, name_en, unit, shelf_life_days, official) VALUES ($1, $2, $2, $3, $4, false)`,
      [code, name, unit, shelf],
    );
  }
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
  setStockRules(input: $input) { regionPrefix nearExpiryDays censusIntervalMonths roadSpeedKmh source }
}`;
export const RULES = `query($regionCode: String!) {
  stockRules(regionCode: $regionCode) { regionPrefix nearExpiryDays censusIntervalMonths roadSpeedKmh }
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
    edges { node { reservePointId quantity distanceKm estimatedHours } }
    pageInfo { hasNextPage endCursor }
  }
}`;
