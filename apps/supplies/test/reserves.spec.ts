import { randomUUID } from 'node:crypto';
import {
  ReserveDeliveryRulesSet,
  ReservePointChanged,
  ReservePointClosed,
  ReservePointRegistered,
} from '@emergency/contracts';
import {
  eventually,
  identities,
  readTopic,
  registerOrganisations,
  type TestSubgraph,
} from '@emergency/testing';
import { greatCircleMetres } from '../src/geo/great-circle';
import { startSupplies } from './fixtures';
import {
  CHANGE_RESERVE_POINT,
  CLOSE_RESERVE_POINT,
  COUNTY,
  DELIVERY_RULES,
  ENTERPRISE,
  OTHER_COUNTY,
  PREFECTURE,
  PROVINCE,
  REGISTER_RESERVE_POINT,
  registerReservePoint,
  RESERVE_PARTIES,
  RESERVE_POINT,
  RESERVE_POINTS,
  RESERVE_POINTS_NEAR,
  reservePointInput,
  SET_DELIVERY_RULES,
  type ReservePointView,
} from './reserve.fixtures';

interface Near {
  reservePointsNear: {
    reservePoint: { id: string; name: string };
    distanceMetres: number;
    estimatedHours: number;
    firstBatchHours: number | null;
  }[];
}

interface Page {
  reservePoints: {
    edges: { node: { id: string; name: string; regionCode: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const county = () => identities.operator('421121', COUNTY.id);
const neighbour = () => identities.operator('421123', OTHER_COUNTY.id);
const prefecture = () => identities.operator('421100', PREFECTURE.id);

/** Reserve points and delivery rules, against the real PostgreSQL and broker. */
describe('reserve points', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startSupplies();
    await registerOrganisations({ db: sut.db, topicPrefix: sut.topicPrefix }, RESERVE_PARTIES);
  }, 120_000);
  afterAll(() => sut?.stop());

  const written = async () => ({
    points: await sut.count('reserve_point'),
    outbox: await sut.count('outbox'),
  });

  it('registers a county reserve point and publishes ReservePointRegistered with its ids, level and place', async () => {
    const reader = await readTopic(sut.topic);
    try {
      const point = await registerReservePoint(sut, {}, county());
      expect(point).toMatchObject({
        name: '团风县救灾物资储备点',
        level: 'COUNTY',
        kind: 'POINT',
        regionCode: '421121',
        latitude: 30.64,
        longitude: 114.87,
        capacityCubicMetres: 800,
        status: 'ACTIVE',
        owner: { id: COUNTY.id },
        holder: null,
      });
      const event = await eventually(async () => {
        const found = reader.messages.find(
          (m) => (m.value as { reservePointId?: string }).reservePointId === point.id,
        );
        if (!found) throw new Error('ReservePointRegistered not on the topic yet');
        return found;
      });
      expect(event.headers.ce_type).toBe(ReservePointRegistered.type);
      expect(event.key).toBe(point.id);
      expect(event.value).toEqual({
        reservePointId: point.id,
        name: '团风县救灾物资储备点',
        level: 'COUNTY',
        kind: 'POINT',
        ownerOrganisationId: COUNTY.id,
        holderOrganisationId: null,
        regionCode: '421121',
        latitude: 30.64,
        longitude: 114.87,
        capacityCubicMetres: 800,
      });
    } finally {
      await reader.stop();
    }
  });

  it('registers an agreement reserve held by an enterprise, a central depot in Wuhan and a township point in its county', async () => {
    const agreement = await registerReservePoint(sut, {
      name: '长江水利协议储备',
      level: 'PROVINCIAL',
      kind: 'AGREEMENT',
      ownerOrganisationId: PROVINCE.id,
      holderOrganisationId: ENTERPRISE.id,
      regionCode: '420000',
      latitude: 30.55,
      longitude: 114.3,
    });
    expect(agreement).toMatchObject({
      kind: 'AGREEMENT',
      holder: { id: ENTERPRISE.id },
      owner: { id: PROVINCE.id },
    });
    const central = await registerReservePoint(sut, {
      name: '中央救灾物资武汉储备库',
      level: 'CENTRAL',
      kind: 'DEPOT',
      ownerOrganisationId: PROVINCE.id,
      regionCode: '420100',
      latitude: 30.6,
      longitude: 114.25,
    });
    expect(central.level).toBe('CENTRAL');
    const township = await registerReservePoint(sut, { name: '方高坪镇储备点', level: 'TOWNSHIP' }, county());
    expect(township).toMatchObject({ level: 'TOWNSHIP', regionCode: '421121' });
  });

  it.each([
    ['a provincial point in a county', { level: 'PROVINCIAL' }, 'RESERVE_LEVEL_REGION_MISMATCH', 'level'],
    ['a prefecture point in a county', { level: 'PREFECTURAL' }, 'RESERVE_LEVEL_REGION_MISMATCH', 'level'],
    ['a county point in a prefecture', { regionCode: '421100' }, 'RESERVE_LEVEL_REGION_MISMATCH', 'level'],
    [
      'a township point in a province',
      { level: 'TOWNSHIP', regionCode: '420000' },
      'RESERVE_LEVEL_REGION_MISMATCH',
      'level',
    ],
    [
      'an agreement reserve without holder',
      { kind: 'AGREEMENT' },
      'RESERVE_HOLDER_REQUIRED',
      'holderOrganisationId',
    ],
    [
      'a holder of a plain point',
      { holderOrganisationId: ENTERPRISE.id },
      'RESERVE_HOLDER_NOT_ALLOWED',
      'holderOrganisationId',
    ],
    [
      'a holder that is no enterprise',
      { kind: 'AGREEMENT', holderOrganisationId: PREFECTURE.id },
      'ORGANISATION_WRONG_TYPE',
      'holderOrganisationId',
    ],
    [
      'an unknown owner',
      { ownerOrganisationId: randomUUID() },
      'ORGANISATION_UNKNOWN',
      'ownerOrganisationId',
    ],
    ['a latitude above 90', { latitude: 90.5 }, 'RESERVE_COORDINATE_OUT_OF_RANGE', 'latitude'],
    ['a longitude below -180', { longitude: -180.5 }, 'RESERVE_COORDINATE_OUT_OF_RANGE', 'longitude'],
    ['a capacity of 0', { capacityCubicMetres: 0 }, 'RESERVE_CAPACITY_INVALID', 'capacityCubicMetres'],
    ['a malformed region', { regionCode: '42112' }, 'INVALID_REGION_CODE', 'regionCode'],
    ['a region outside the tree', { regionCode: '421199' }, 'REGION_NOT_FOUND', 'regionCode'],
    ['an empty name', { name: ' ' }, 'BAD_USER_INPUT', 'name'],
  ])('refuses %s with its code and field, writing nothing', async (_case, overrides, code, field) => {
    const before = await written();
    expect(await sut.failure(REGISTER_RESERVE_POINT, { input: reservePointInput(overrides) })).toMatchObject({
      code,
      field,
    });
    expect(await written()).toEqual(before);
  });

  it('refuses a county registering a point in its neighbour, and an auditor, writing nothing', async () => {
    const before = await written();
    expect(
      await sut.failure(
        REGISTER_RESERVE_POINT,
        { input: reservePointInput({ regionCode: '421123', ownerOrganisationId: OTHER_COUNTY.id }) },
        county(),
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'regionCode' });
    expect(
      await sut.failure(REGISTER_RESERVE_POINT, { input: reservePointInput() }, identities.auditor('421121')),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await written()).toEqual(before);
  });

  it('answers a caller without the gateway’s identity with UNAUTHENTICATED', async () => {
    const response = await sut.request(RESERVE_POINTS, {}, null);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('hides a neighbour’s point from a county; a prefecture sees its counties’ points, paged to the end', async () => {
    const own = await registerReservePoint(sut, { name: 'Tuanfeng north' }, county());
    const other = await registerReservePoint(
      sut,
      { name: 'Luotian east', regionCode: '421123', ownerOrganisationId: OTHER_COUNTY.id },
      neighbour(),
    );
    const byCounty = await sut.call<{ reservePoint: { id: string } | null }>(
      RESERVE_POINT,
      { id: other.id },
      county(),
    );
    expect(byCounty.reservePoint).toBeNull();
    expect(
      (await sut.call<{ reservePoint: { id: string } }>(RESERVE_POINT, { id: own.id }, county())).reservePoint
        .id,
    ).toBe(own.id);
    const countyList = await sut.call<Page>(RESERVE_POINTS, { first: 100 }, county());
    const countyIds = countyList.reservePoints.edges.map((e) => e.node.id);
    expect(countyIds).toContain(own.id);
    expect(countyIds).not.toContain(other.id);
    expect(countyList.reservePoints.edges.every((e) => e.node.regionCode === '421121')).toBe(true);
    // A county asking for its neighbour's region gets nothing.
    const asked = await sut.call<Page>(RESERVE_POINTS, { filter: { regionCode: '421123' } }, county());
    expect(asked.reservePoints.edges).toEqual([]);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await sut.call<Page>(
        RESERVE_POINTS,
        { filter: { regionCode: '421100' }, first: 1, after },
        prefecture(),
      );
      seen.push(...page.reservePoints.edges.map((e) => e.node.id));
      if (!page.reservePoints.pageInfo.hasNextPage) break;
      after = page.reservePoints.pageInfo.endCursor;
    }
    expect(seen).toEqual(expect.arrayContaining([own.id, other.id]));
    expect(new Set(seen).size).toBe(seen.length);
    const inHuanggang = Number(
      (await sut.db.query(`SELECT count(*) FROM reserve_point WHERE region_code LIKE '4211%'`)).rows[0].count,
    );
    expect(seen).toHaveLength(inHuanggang);
  });

  it('filters by level, kind, status and owner', async () => {
    const depot = await registerReservePoint(sut, {
      name: '黄冈市救灾物资储备库',
      level: 'PREFECTURAL',
      kind: 'DEPOT',
      ownerOrganisationId: PREFECTURE.id,
      regionCode: '421100',
    });
    const page = await sut.call<Page>(RESERVE_POINTS, {
      filter: { level: 'PREFECTURAL', kind: 'DEPOT', status: 'ACTIVE', ownerOrganisationId: PREFECTURE.id },
      first: 50,
    });
    expect(page.reservePoints.edges.map((e) => e.node.id)).toEqual([depot.id]);
  });

  it('changes a point’s name, capacity and location, then closes it, publishing each change', async () => {
    const point = await registerReservePoint(sut, { name: 'Old name' }, county());
    const reader = await readTopic(sut.topic);
    try {
      const changed = await sut.call<{ changeReservePoint: ReservePointView }>(
        CHANGE_RESERVE_POINT,
        {
          input: {
            reservePointId: point.id,
            name: 'New name',
            capacityCubicMetres: 1200,
            latitude: 30.65,
            longitude: 114.88,
          },
        },
        county(),
      );
      expect(changed.changeReservePoint).toMatchObject({
        name: 'New name',
        capacityCubicMetres: 1200,
        latitude: 30.65,
        longitude: 114.88,
      });
      const closed = await sut.call<{ closeReservePoint: ReservePointView }>(
        CLOSE_RESERVE_POINT,
        { input: { reservePointId: point.id, reason: 'Merged into the county depot' } },
        county(),
      );
      expect(closed.closeReservePoint).toMatchObject({
        status: 'CLOSED',
        closedReason: 'Merged into the county depot',
      });
      const events = await eventually(async () => {
        const mine = reader.messages.filter(
          (m) => (m.value as { reservePointId?: string }).reservePointId === point.id,
        );
        if (mine.length < 3) throw new Error('changes not on the topic yet');
        return mine;
      });
      expect(events.map((e) => e.headers.ce_type)).toEqual([
        ReservePointRegistered.type,
        ReservePointChanged.type,
        ReservePointClosed.type,
      ]);
      expect(events[1]!.value).toMatchObject({
        name: 'New name',
        latitude: 30.65,
        longitude: 114.88,
        level: 'COUNTY',
      });
      expect(events[2]!.value).toMatchObject({
        reason: 'Merged into the county depot',
        regionCode: '421121',
      });
    } finally {
      await reader.stop();
    }

    const before = await written();
    expect(
      await sut.failure(
        CHANGE_RESERVE_POINT,
        { input: { reservePointId: point.id, name: 'Again' } },
        county(),
      ),
    ).toMatchObject({ code: 'RESERVE_POINT_CLOSED', field: 'reservePointId' });
    expect(
      await sut.failure(
        CLOSE_RESERVE_POINT,
        { input: { reservePointId: point.id, reason: 'again' } },
        county(),
      ),
    ).toMatchObject({ code: 'RESERVE_POINT_CLOSED', field: 'reservePointId' });
    expect(await written()).toEqual(before);
  });

  it('refuses changes a caller may not make or that are malformed, writing nothing', async () => {
    const point = await registerReservePoint(sut, { name: 'Guarded' }, county());
    const before = await written();
    const change = (input: Record<string, unknown>, identity = county()) =>
      sut.failure(CHANGE_RESERVE_POINT, { input: { reservePointId: point.id, ...input } }, identity);
    expect(await change({ name: 'Taken over' }, neighbour())).toMatchObject({
      code: 'RESERVE_POINT_NOT_FOUND',
      field: 'reservePointId',
    });
    expect(await change({ latitude: 30.1 })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'longitude' });
    expect(await change({ latitude: -91, longitude: 114 })).toMatchObject({
      code: 'RESERVE_COORDINATE_OUT_OF_RANGE',
      field: 'latitude',
    });
    expect(await change({ capacityCubicMetres: -5 })).toMatchObject({
      code: 'RESERVE_CAPACITY_INVALID',
      field: 'capacityCubicMetres',
    });
    expect(
      await sut.failure(
        CHANGE_RESERVE_POINT,
        { input: { reservePointId: randomUUID(), name: 'x' } },
        county(),
      ),
    ).toMatchObject({ code: 'RESERVE_POINT_NOT_FOUND', field: 'reservePointId' });
    expect(await written()).toEqual(before);
  });

  it('finds the active points near a place nearest first, with their distance in metres, the radius inclusive', async () => {
    // Macheng (421181): no other test registers points there, and its operator sees only its own.
    const macheng = () => identities.operator('421181');
    const origin = { latitude: 31.17, longitude: 115.01 };
    const place = (name: string, latitude: number, longitude: number) =>
      registerReservePoint(
        sut,
        { name, regionCode: '421181', latitude, longitude, ownerOrganisationId: COUNTY.id },
        macheng(),
      );
    const far = await place('far', 31.3, 115.2);
    const near = await place('near', 31.18, 115.02);
    const middle = await place('middle', 31.2, 115.1);
    const closed = await place('closed', 31.171, 115.011);
    await sut.call(
      CLOSE_RESERVE_POINT,
      { input: { reservePointId: closed.id, reason: 'flooded' } },
      macheng(),
    );

    const metres = (p: ReservePointView) => greatCircleMetres(origin, p);
    const all = await sut.call<Near>(RESERVE_POINTS_NEAR, { ...origin, radiusKm: 100 }, macheng());
    expect(all.reservePointsNear.map((r) => r.reservePoint.name)).toEqual(['near', 'middle', 'far']);
    for (const [found, point] of all.reservePointsNear.map((r, i) => [r, [near, middle, far][i]!] as const)) {
      expect(found.distanceMetres).toBeCloseTo(metres(point), 3);
      // COUNTY level, national rules: 40 km/h, first batch within 6 hours.
      expect(found.estimatedHours).toBeCloseTo(metres(point) / 1000 / 40, 6);
      expect(found.firstBatchHours).toBe(6);
    }

    const boundary = metres(middle) / 1000;
    const inside = await sut.call<Near>(
      RESERVE_POINTS_NEAR,
      { ...origin, radiusKm: boundary + 1e-6 },
      macheng(),
    );
    expect(inside.reservePointsNear.map((r) => r.reservePoint.name)).toEqual(['near', 'middle']);
    const outside = await sut.call<Near>(
      RESERVE_POINTS_NEAR,
      { ...origin, radiusKm: boundary - 1e-6 },
      macheng(),
    );
    expect(outside.reservePointsNear.map((r) => r.reservePoint.name)).toEqual(['near']);
    const firstOnly = await sut.call<Near>(
      RESERVE_POINTS_NEAR,
      { ...origin, radiusKm: 100, first: 1 },
      macheng(),
    );
    expect(firstOnly.reservePointsNear.map((r) => r.reservePoint.name)).toEqual(['near']);

    // Tuanfeng's operator sees none of Macheng's points, however wide the radius.
    const fromTuanfeng = await sut.call<Near>(
      RESERVE_POINTS_NEAR,
      { ...origin, radiusKm: 2000, first: 100 },
      county(),
    );
    expect(
      fromTuanfeng.reservePointsNear.every((r) => ![near.id, middle.id, far.id].includes(r.reservePoint.id)),
    ).toBe(true);
    expect(await sut.failure(RESERVE_POINTS_NEAR, { ...origin, radiusKm: 0 }, macheng())).toMatchObject({
      code: 'RESERVE_RADIUS_INVALID',
      field: 'radiusKm',
    });
    expect(
      await sut.failure(RESERVE_POINTS_NEAR, { latitude: 95, longitude: 115, radiusKm: 5 }, macheng()),
    ).toMatchObject({ code: 'RESERVE_COORDINATE_OUT_OF_RANGE', field: 'latitude' });
  });

  it('adds the points an organisation owns to Organisation, within the caller’s jurisdiction', async () => {
    const owned = await registerReservePoint(
      sut,
      { name: 'Owned by the bureau', ownerOrganisationId: PREFECTURE.id },
      county(),
    );
    const query = `query($reps: [_Any!]!) {
      _entities(representations: $reps) {
        ... on Organisation { id reservePoints(first: 100) { edges { node { id regionCode } } } }
      }
    }`;
    const reps = [{ __typename: 'Organisation', id: PREFECTURE.id }];
    type Entities = {
      _entities: { reservePoints: { edges: { node: { id: string; regionCode: string } }[] } }[];
    };
    const asCounty = await sut.call<Entities>(query, { reps }, county());
    expect(asCounty._entities[0]!.reservePoints.edges.map((e) => e.node.id)).toContain(owned.id);
    expect(asCounty._entities[0]!.reservePoints.edges.every((e) => e.node.regionCode === '421121')).toBe(
      true,
    );
    const asNeighbour = await sut.call<Entities>(query, { reps }, neighbour());
    expect(asNeighbour._entities[0]!.reservePoints.edges.map((e) => e.node.id)).not.toContain(owned.id);
  });
});

describe('reserve delivery rules', () => {
  let sut: TestSubgraph;

  beforeAll(async () => {
    sut = await startSupplies();
  }, 120_000);
  afterAll(() => sut?.stop());

  interface Rule {
    regionPrefix: string;
    level: string;
    firstBatchHours: number | null;
    roadSpeedKmh: number;
    source: string;
  }
  const rulesFor = async (regionCode: string) =>
    (await sut.call<{ reserveDeliveryRules: Rule[] }>(DELIVERY_RULES, { regionCode })).reserveDeliveryRules;

  it('seeds the national targets: 6 h from a county, 8 from a prefecture, 10 from a province, at 40 km/h', async () => {
    const rules = await rulesFor('421121');
    const hours = Object.fromEntries(rules.map((r) => [r.level, r.firstBatchHours]));
    expect(hours).toEqual({ CENTRAL: null, PROVINCIAL: 10, PREFECTURAL: 8, COUNTY: 6, TOWNSHIP: null });
    expect(rules.every((r) => r.regionPrefix === '' && r.roadSpeedKmh === 40)).toBe(true);
    expect(rules.find((r) => r.level === 'COUNTY')!.source).toContain('2024-10-22');
  });

  it('replaces a jurisdiction’s set as a whole, publishes it, and hands it back when emptied', async () => {
    const reader = await readTopic(sut.topic);
    try {
      const set = await sut.call<{ setReserveDeliveryRules: Rule[] }>(SET_DELIVERY_RULES, {
        input: {
          regionPrefix: '4211',
          rules: [
            {
              level: 'COUNTY',
              firstBatchHours: 4,
              roadSpeedKmh: 30,
              source: 'Huanggang 2026 notice',
              roadSpeedSource: 'hill roads',
            },
          ],
        },
      });
      expect(set.setReserveDeliveryRules).toEqual([
        {
          regionPrefix: '4211',
          level: 'COUNTY',
          firstBatchHours: 4,
          roadSpeedKmh: 30,
          source: 'Huanggang 2026 notice',
          roadSpeedSource: 'hill roads',
        },
      ]);
      expect((await rulesFor('421121')).map((r) => [r.regionPrefix, r.level])).toEqual([['4211', 'COUNTY']]);
      expect((await rulesFor('420100')).every((r) => r.regionPrefix === '')).toBe(true);
      const event = await eventually(async () => {
        const found = reader.messages.find((m) => m.headers.ce_type === ReserveDeliveryRulesSet.type);
        if (!found) throw new Error('ReserveDeliveryRulesSet not on the topic yet');
        return found;
      });
      expect(event.value).toMatchObject({
        regionPrefix: '4211',
        rules: [{ level: 'COUNTY', firstBatchHours: 4, roadSpeedKmh: 30 }],
      });
    } finally {
      await reader.stop();
    }
    await sut.call(SET_DELIVERY_RULES, { input: { regionPrefix: '4211', rules: [] } });
    expect((await rulesFor('421121')).every((r) => r.regionPrefix === '')).toBe(true);
  });

  it('refuses non-admins and malformed rules, writing nothing', async () => {
    const rules = await sut.count('reserve_delivery_rule');
    const outbox = await sut.count('outbox');
    const rule = { level: 'COUNTY', firstBatchHours: 6, roadSpeedKmh: 40, source: 's', roadSpeedSource: 's' };
    expect(
      await sut.failure(
        SET_DELIVERY_RULES,
        { input: { regionPrefix: '42', rules: [rule] } },
        identities.operator('420000'),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    for (const [input, field] of [
      [{ regionPrefix: '421', rules: [rule] }, 'regionPrefix'],
      [{ regionPrefix: '42', rules: [rule, rule] }, 'rules[1].level'],
      [{ regionPrefix: '42', rules: [{ ...rule, roadSpeedKmh: 0 }] }, 'rules[0].roadSpeedKmh'],
      [{ regionPrefix: '42', rules: [{ ...rule, firstBatchHours: -1 }] }, 'rules[0].firstBatchHours'],
    ] as const)
      expect(await sut.failure(SET_DELIVERY_RULES, { input })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    expect(await sut.count('reserve_delivery_rule')).toBe(rules);
    expect(await sut.count('outbox')).toBe(outbox);
    expect(await sut.failure(DELIVERY_RULES, { regionCode: '4211' })).toMatchObject({
      code: 'INVALID_REGION_CODE',
    });
  });
});
