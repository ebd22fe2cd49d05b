import { randomUUID } from 'node:crypto';
import { ShelterOccupancyReported, ShelterRegistered } from '@emergency/contracts';
import { chinaInstant } from '@emergency/domain';
import { eventually, identities, readTopic, standClockAt, type TestSubgraph } from '@emergency/testing';
import { COUNTY, OTHER_COUNTY } from './fixtures';
import {
  CHANGE_SHELTER,
  CLOSE_SHELTER,
  COVERAGE,
  NEAR,
  OPEN_SHELTER,
  openShelter,
  PREFECTURE,
  RATIO_IN_FORCE,
  RATIOS,
  REGISTER_SHELTER,
  registerShelter,
  REPORT_OCCUPANCY,
  reportOccupancy,
  SET_POPULATION,
  SET_RATIO,
  SHELTER,
  SHELTERS,
  shelterInput,
  startShelters,
  type ShelterView,
} from './shelter.fixtures';

const OCCUPANCY_PAGE = `query($reps: [_Any!]!, $after: String) {
  _entities(representations: $reps) {
    ... on Shelter {
      occupancy(first: 2, after: $after) { edges { node { occupants } } pageInfo { hasNextPage endCursor } }
    }
  }
}`;
const NOW = chinaInstant('2026-07-12', '12:00');
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
const county = identities.operator('421121', COUNTY.id);
const neighbour = identities.operator('421123', OTHER_COUNTY.id);
const prefecture = identities.operator('421100', PREFECTURE.id);

interface NearRow {
  shelter: { id: string; name: string; status: string };
  distanceMetres: number;
  freeCapacity: number;
}

/** Shelters, their status moves and occupancy, nearby room and coverage, against the real PostgreSQL and broker. */
describe('shelters', () => {
  let sut: TestSubgraph;

  beforeAll(async () => (sut = await startShelters()), 120_000);
  afterAll(() => sut.stop());
  beforeEach(() => standClockAt(sut, NOW));
  afterEach(() => jest.restoreAllMocks());

  it('registers a shelter and publishes ShelterRegistered with its place and capacity', async () => {
    const reader = await readTopic(sut.topic);
    try {
      const shelter = await registerShelter(sut);
      expect(shelter).toMatchObject({
        level: 'COUNTY',
        shelterClass: 'FIXED_SHORT_TERM',
        earthquakeClass: 'III',
        regionCode: '421121',
        divisionCode: '421121100',
        latitude: 30.64,
        longitude: 114.87,
        capacity: 500,
        status: 'READY',
        currentOccupants: 0,
        freeCapacity: 500,
        signageInstalled: true,
        signCount: 6,
        facilities: ['WATER', 'POWER', 'TOILETS', 'SIGNAGE', 'LIGHTING'],
        managingOrganisation: { id: COUNTY.id },
      });
      const event = await eventually(async () => {
        const found = reader.messages.find(
          (m) => (m.value as { shelterId?: string }).shelterId === shelter.id,
        );
        if (!found) throw new Error('ShelterRegistered not on the topic yet');
        return found;
      });
      expect(event.headers.ce_type).toBe(ShelterRegistered.type);
      expect(event.value).toMatchObject({
        shelterId: shelter.id,
        regionCode: '421121',
        managingOrganisationId: COUNTY.id,
        latitude: 30.64,
        longitude: 114.87,
        capacity: 500,
        status: 'READY',
        registeredAt: NOW.toISOString(),
      });
    } finally {
      await reader.stop();
    }
  });

  it.each([
    ['a capacity of 0', { capacity: 0 }, 'SHELTER_INVALID_MEASURE', 'capacity'],
    ['a zero area', { effectiveAreaSquareMetres: 0 }, 'SHELTER_INVALID_MEASURE', 'effectiveAreaSquareMetres'],
    ['a zero radius', { serviceRadiusMetres: 0 }, 'SHELTER_INVALID_MEASURE', 'serviceRadiusMetres'],
    ['signs counted but none installed', { signageInstalled: false }, 'SHELTER_INVALID_MEASURE', 'signCount'],
    ['a negative sign count', { signCount: -1 }, 'SHELTER_INVALID_MEASURE', 'signCount'],
    ['a blank name', { name: '  ' }, 'BAD_USER_INPUT', 'name'],
    ['a latitude past 90', { latitude: 91 }, 'BAD_USER_INPUT', 'latitude'],
    ['a longitude past 180', { longitude: -181 }, 'BAD_USER_INPUT', 'longitude'],
    ['a malformed region', { regionCode: '4211' }, 'INVALID_REGION_CODE', 'regionCode'],
    ['a division of another county', { divisionCode: '421123100' }, 'BAD_USER_INPUT', 'divisionCode'],
    [
      'a village shelter in a prefecture code',
      { level: 'VILLAGE', regionCode: '421100', divisionCode: null },
      'SHELTER_LEVEL_NEEDS_COUNTY',
      'regionCode',
    ],
    ['an open status', { status: 'OPEN' }, 'SHELTER_TRANSITION_NOT_ALLOWED', 'status'],
    [
      'an unknown organisation',
      { managingOrganisationId: randomUUID() },
      'ORGANISATION_UNKNOWN',
      'managingOrganisationId',
    ],
    [
      'a neighbour county',
      { regionCode: '421123', divisionCode: null },
      'OUTSIDE_JURISDICTION',
      'regionCode',
    ],
  ])('refuses %s with its code and field, writing nothing', async (_case, overrides, code, field) => {
    const before = await sut.count('shelter');
    const failure = await sut.failure(REGISTER_SHELTER, { input: shelterInput(overrides) }, county);
    expect(failure).toMatchObject({ code, field });
    expect(await sut.count('shelter')).toBe(before);
  });

  it('refuses a reader: only writers register', async () => {
    const before = await sut.count('shelter');
    const failure = await sut.failure(
      REGISTER_SHELTER,
      { input: shelterInput() },
      identities.auditor('421121'),
    );
    expect(failure).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sut.count('shelter')).toBe(before);
  });

  it('moves from construction to ready, open, closed and open again, refusing moves its status does not allow', async () => {
    const shelter = await registerShelter(sut, { status: 'UNDER_CONSTRUCTION', name: 'Village square' });
    const refuse = async (query: string, input: Record<string, unknown>, field: string) => {
      const events = await sut.count('outbox');
      expect(await sut.failure(query, { input })).toMatchObject({
        code: 'SHELTER_TRANSITION_NOT_ALLOWED',
        field,
      });
      expect(await sut.count('outbox')).toBe(events);
    };
    await refuse(OPEN_SHELTER, { shelterId: shelter.id, at: hoursBefore(10).toISOString() }, 'shelterId');
    await refuse(
      CLOSE_SHELTER,
      { shelterId: shelter.id, at: hoursBefore(10).toISOString(), reason: 'x' },
      'shelterId',
    );

    const { changeShelter: ready } = await sut.call<{ changeShelter: ShelterView }>(CHANGE_SHELTER, {
      input: { shelterId: shelter.id, constructionCompleted: true, capacity: 300 },
    });
    expect(ready).toMatchObject({ status: 'READY', capacity: 300 });
    await refuse(
      CHANGE_SHELTER,
      { shelterId: shelter.id, constructionCompleted: true },
      'constructionCompleted',
    );
    await refuse(
      REPORT_OCCUPANCY,
      { shelterId: shelter.id, at: hoursBefore(5).toISOString(), occupants: 1 },
      'shelterId',
    );

    const incidentId = randomUUID();
    const opened = await openShelter(sut, shelter.id, hoursBefore(10), incidentId);
    expect(opened).toMatchObject({
      status: 'OPEN',
      openedAt: hoursBefore(10).toISOString(),
      openedForIncident: { id: incidentId },
    });
    await refuse(OPEN_SHELTER, { shelterId: shelter.id, at: hoursBefore(9).toISOString() }, 'shelterId');
    expect(
      await sut.failure(CLOSE_SHELTER, {
        input: { shelterId: shelter.id, at: hoursBefore(11).toISOString(), reason: 'water receded' },
      }),
    ).toMatchObject({ code: 'SHELTER_TIME_TOO_EARLY', field: 'at' });
    expect(
      await sut.failure(CLOSE_SHELTER, {
        input: { shelterId: shelter.id, at: new Date(NOW.getTime() + 60_000).toISOString(), reason: 'later' },
      }),
    ).toMatchObject({ code: 'DATE_IN_FUTURE', field: 'at' });

    const { closeShelter: closed } = await sut.call<{ closeShelter: ShelterView }>(CLOSE_SHELTER, {
      input: { shelterId: shelter.id, at: hoursBefore(2).toISOString(), reason: 'water receded' },
    });
    expect(closed).toMatchObject({ status: 'CLOSED', closeReason: 'water receded', currentOccupants: 0 });
    expect(
      await sut.failure(OPEN_SHELTER, { input: { shelterId: shelter.id, at: hoursBefore(3).toISOString() } }),
    ).toMatchObject({ code: 'SHELTER_TIME_TOO_EARLY', field: 'at' });
    expect(await openShelter(sut, shelter.id, hoursBefore(1))).toMatchObject({
      status: 'OPEN',
      closedAt: null,
    });
  });

  it('reports occupancy over time: FULL at capacity, back to OPEN below, over capacity only when marked', async () => {
    const shelter = await registerShelter(sut, { name: 'Tuanfeng stadium', capacity: 400 });
    await openShelter(sut, shelter.id, hoursBefore(72));
    const reader = await readTopic(sut.topic);
    try {
      expect(await reportOccupancy(sut, shelter.id, hoursBefore(60), 120)).toMatchObject({
        status: 'OPEN',
        currentOccupants: 120,
        freeCapacity: 280,
      });
      expect(await reportOccupancy(sut, shelter.id, hoursBefore(36), 400)).toMatchObject({
        status: 'FULL',
        freeCapacity: 0,
      });

      const reports = await sut.count('shelter_occupancy');
      const over = await sut.failure(REPORT_OCCUPANCY, {
        input: { shelterId: shelter.id, at: hoursBefore(30).toISOString(), occupants: 401 },
      });
      expect(over).toMatchObject({
        code: 'SHELTER_OVER_CAPACITY',
        field: 'occupants',
        capacity: 400,
        occupants: 401,
      });
      const early = await sut.failure(REPORT_OCCUPANCY, {
        input: { shelterId: shelter.id, at: hoursBefore(40).toISOString(), occupants: 10 },
      });
      expect(early).toMatchObject({ code: 'SHELTER_TIME_TOO_EARLY', field: 'at' });
      const lower = await sut.failure(CHANGE_SHELTER, { input: { shelterId: shelter.id, capacity: 399 } });
      expect(lower).toMatchObject({ code: 'SHELTER_OVER_CAPACITY', field: 'capacity' });
      expect(await sut.count('shelter_occupancy')).toBe(reports);

      expect(await reportOccupancy(sut, shelter.id, hoursBefore(30), 430, true)).toMatchObject({
        status: 'FULL',
        currentOccupants: 430,
        freeCapacity: 0,
      });
      expect(await reportOccupancy(sut, shelter.id, hoursBefore(12), 250)).toMatchObject({
        status: 'OPEN',
        freeCapacity: 150,
      });

      const { shelter: read } = await sut.call<{
        shelter: ShelterView & { occupancy: { edges: { node: Record<string, unknown> }[] } };
      }>(SHELTER, { id: shelter.id }, county);
      expect(read.occupancy.edges.map((e) => e.node)).toEqual([
        {
          reportedAt: hoursBefore(12).toISOString(),
          occupants: 250,
          capacity: 400,
          overCapacity: false,
          incident: null,
        },
        {
          reportedAt: hoursBefore(30).toISOString(),
          occupants: 430,
          capacity: 400,
          overCapacity: true,
          incident: null,
        },
        {
          reportedAt: hoursBefore(36).toISOString(),
          occupants: 400,
          capacity: 400,
          overCapacity: false,
          incident: null,
        },
        {
          reportedAt: hoursBefore(60).toISOString(),
          occupants: 120,
          capacity: 400,
          overCapacity: false,
          incident: null,
        },
      ]);

      const page = async (after?: string) =>
        (
          await sut.call<{
            _entities: {
              occupancy: {
                edges: { node: { occupants: number } }[];
                pageInfo: { hasNextPage: boolean; endCursor: string };
              };
            }[];
          }>(OCCUPANCY_PAGE, { reps: [{ __typename: 'Shelter', id: shelter.id }], after }, prefecture)
        )._entities[0]!.occupancy;
      const first = await page();
      expect(first.edges.map((e) => e.node.occupants)).toEqual([250, 430]);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await page(first.pageInfo.endCursor);
      expect(second.edges.map((e) => e.node.occupants)).toEqual([400, 120]);
      expect(second.pageInfo.hasNextPage).toBe(false);

      const full = await eventually(async () => {
        const found = reader.messages.find(
          (m) =>
            m.headers.ce_type === ShelterOccupancyReported.type &&
            (m.value as { shelterId: string; occupants: number }).shelterId === shelter.id &&
            (m.value as { occupants: number }).occupants === 430,
        );
        if (!found) throw new Error('ShelterOccupancyReported not on the topic yet');
        return found;
      });
      expect(full.value).toMatchObject({
        regionCode: '421121',
        capacity: 400,
        status: 'FULL',
        freeCapacity: 0,
        overCapacity: true,
        reportedAt: hoursBefore(30).toISOString(),
      });
    } finally {
      await reader.stop();
    }
  });

  it('finds open or ready shelters with room near a point, nearest first, within the radius', async () => {
    // Far from every other test's shelters: a point in the county of its own, as the query sees coordinates only.
    const at = { latitude: 10, longitude: 100 };
    const here = await registerShelter(sut, { name: 'Here', ...at });
    const near = await registerShelter(sut, { name: 'Near', latitude: 10.01, longitude: 100 });
    const further = await registerShelter(sut, { name: 'Further', latitude: 10.03, longitude: 100.02 });
    const full = await registerShelter(sut, { name: 'Full', latitude: 10.005, longitude: 100, capacity: 50 });
    const closed = await registerShelter(sut, { name: 'Closed', latitude: 10.002, longitude: 100 });
    await registerShelter(sut, {
      name: 'Building',
      latitude: 10.001,
      longitude: 100,
      status: 'UNDER_CONSTRUCTION',
    });
    await openShelter(sut, here.id, hoursBefore(5));
    await openShelter(sut, near.id, hoursBefore(5));
    await reportOccupancy(sut, near.id, hoursBefore(4), 450);
    await openShelter(sut, full.id, hoursBefore(5));
    await reportOccupancy(sut, full.id, hoursBefore(4), 50);
    await sut.call(CLOSE_SHELTER, {
      input: { shelterId: closed.id, at: hoursBefore(3).toISOString(), reason: 'repairs' },
    });

    const ask = async (radiusMetres: number, minFreePlaces?: number) =>
      (
        await sut.call<{ sheltersWithRoomNear: NearRow[] }>(
          NEAR,
          { ...at, radiusMetres, minFreePlaces },
          county,
        )
      ).sheltersWithRoomNear;
    const all = await ask(10_000);
    expect(all.map((r) => r.shelter.name)).toEqual(['Here', 'Near', 'Further']);
    expect(all.map((r) => r.freeCapacity)).toEqual([500, 50, 500]);
    expect(all[0]!.distanceMetres).toBe(0);
    expect(all[1]!.distanceMetres).toBeCloseTo(1112, 0);
    expect(all[2]!.shelter.status).toBe('READY');

    const toNear = all[1]!.distanceMetres;
    expect((await ask(Math.ceil(toNear))).map((r) => r.shelter.id)).toEqual([here.id, near.id]);
    expect((await ask(Math.floor(toNear))).map((r) => r.shelter.id)).toEqual([here.id]);
    expect((await ask(10_000, 51)).map((r) => r.shelter.id)).toEqual([here.id, further.id]);

    const neighbours = await sut.call<{ sheltersWithRoomNear: NearRow[] }>(
      NEAR,
      { ...at, radiusMetres: 10_000 },
      neighbour,
    );
    expect(neighbours.sheltersWithRoomNear).toEqual([]);
    expect(await sut.failure(NEAR, { ...at, radiusMetres: 0 }, county)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'radiusMetres',
    });
  });

  it('answers coverage per region one level down, against the ratio where the population is known', async () => {
    const admin = identities.admin();
    await registerShelter(
      sut,
      { regionCode: '420624', divisionCode: null, capacity: 1000, effectiveAreaSquareMetres: 3000 },
      admin,
    );
    await registerShelter(
      sut,
      {
        regionCode: '420624',
        divisionCode: null,
        shelterClass: 'EMERGENCY',
        capacity: 200,
        effectiveAreaSquareMetres: 400,
      },
      admin,
    );
    await registerShelter(
      sut,
      { regionCode: '420625', divisionCode: null, capacity: 600, effectiveAreaSquareMetres: 1500 },
      admin,
    );
    await registerShelter(
      sut,
      { regionCode: '420625', divisionCode: null, status: 'UNDER_CONSTRUCTION', capacity: 900 },
      admin,
    );

    const before = await sut.call<{ shelterCoverage: Record<string, unknown>[] }>(COVERAGE, {
      regionCode: '420600',
    });
    expect(before.shelterCoverage).toEqual([
      expect.objectContaining({
        regionCode: '420600',
        shelters: 3,
        capacity: 1800,
        fixedCapacity: 1600,
        population: null,
      }),
      expect.objectContaining({
        regionCode: '420624',
        shelters: 2,
        capacity: 1200,
        fixedCapacity: 1000,
        effectiveAreaSquareMetres: 3400,
        population: null,
        requiredPlaces: null,
        coveragePercent: null,
        meetsRatio: null,
        ratio: expect.objectContaining({ regionPrefix: '', minPercent: 15 }),
      }),
      expect.objectContaining({ regionCode: '420625', shelters: 1, capacity: 600, population: null }),
    ]);

    const refused = await sut.failure(
      SET_POPULATION,
      {
        input: { regionCode: '420624', population: 10_000, source: 'plan' },
      },
      county,
    );
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await sut.failure(SET_POPULATION, { input: { regionCode: '420624', population: 0, source: 'plan' } }),
    ).toMatchObject({ code: 'SHELTER_INVALID_MEASURE', field: 'population' });
    expect(await sut.count('region_population')).toBe(0);
    await sut.call(SET_POPULATION, {
      input: { regionCode: '420624', population: 10_000, source: 'county plan 2026' },
    });
    await sut.call(SET_POPULATION, {
      input: { regionCode: '420625', population: 4_000, source: 'county plan 2026' },
    });

    const after = await sut.call<{ shelterCoverage: Record<string, unknown>[] }>(COVERAGE, {
      regionCode: '420600',
    });
    expect(after.shelterCoverage.slice(1)).toEqual([
      expect.objectContaining({
        regionCode: '420624',
        population: 10_000,
        populationSource: 'county plan 2026',
        requiredPlaces: 1500,
        coveragePercent: 10,
        meetsRatio: false,
      }),
      expect.objectContaining({
        regionCode: '420625',
        population: 4_000,
        requiredPlaces: 600,
        coveragePercent: 15,
        meetsRatio: true,
      }),
    ]);
    expect(after.shelterCoverage[0]).toMatchObject({
      regionCode: '420600',
      population: null,
      meetsRatio: null,
    });

    // A province's own ratio wins over the national one as a whole.
    await sut.call(SET_RATIO, {
      input: { regionPrefix: '42', minPercent: 20, maxPercent: 30, source: 'test rule' },
    });
    const stricter = await sut.call<{ shelterCoverage: Record<string, unknown>[] }>(COVERAGE, {
      regionCode: '420625',
    });
    expect(stricter.shelterCoverage).toEqual([
      expect.objectContaining({
        regionCode: '420625',
        requiredPlaces: 800,
        meetsRatio: false,
        ratio: { regionPrefix: '42', minPercent: 20, maxPercent: 30, source: 'test rule' },
      }),
    ]);
  });

  it('keeps the planning ratios as data: the seeded ones, the one in force, admins only set them', async () => {
    const { shelterPlanningRatios } = await sut.call<{ shelterPlanningRatios: { regionPrefix: string }[] }>(
      RATIOS,
    );
    expect(shelterPlanningRatios.map((r) => r.regionPrefix)).toEqual(expect.arrayContaining(['', '44']));
    expect(
      (await sut.call<{ shelterPlanningRatioInForce: unknown }>(RATIO_IN_FORCE, { regionCode: '440100' }))
        .shelterPlanningRatioInForce,
    ).toMatchObject({ regionPrefix: '44', minPercent: 20, maxPercent: 30 });
    expect(
      (await sut.call<{ shelterPlanningRatioInForce: unknown }>(RATIO_IN_FORCE, { regionCode: '510100' }))
        .shelterPlanningRatioInForce,
    ).toMatchObject({ regionPrefix: '', minPercent: 15, maxPercent: null });
    const rows = await sut.count('shelter_planning_ratio');
    expect(
      await sut.failure(
        SET_RATIO,
        { input: { regionPrefix: '4211', minPercent: 20, source: 's' } },
        prefecture,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await sut.failure(SET_RATIO, {
        input: { regionPrefix: '4211', minPercent: 20, maxPercent: 10, source: 's' },
      }),
    ).toMatchObject({ code: 'SHELTER_INVALID_MEASURE', field: 'maxPercent' });
    expect(
      await sut.failure(SET_RATIO, { input: { regionPrefix: '421', minPercent: 20, source: 's' } }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionPrefix' });
    expect(await sut.count('shelter_planning_ratio')).toBe(rows);
  });

  it('hides a county’s shelters from its neighbour and shows them to its prefecture, paging to the end', async () => {
    const own = await registerShelter(sut, { name: 'Jurisdiction test', latitude: 20, longitude: 110 });
    expect((await sut.call<{ shelter: unknown }>(SHELTER, { id: own.id }, neighbour)).shelter).toBeNull();
    expect(
      (await sut.call<{ shelter: { id: string } }>(SHELTER, { id: own.id }, prefecture)).shelter.id,
    ).toBe(own.id);
    const neighbourList = await sut.call<{ shelters: { edges: unknown[] } }>(SHELTERS, {}, neighbour);
    expect(neighbourList.shelters.edges).toEqual([]);
    expect(
      await sut.failure(
        REPORT_OCCUPANCY,
        { input: { shelterId: own.id, at: hoursBefore(1).toISOString(), occupants: 1 } },
        neighbour,
      ),
    ).toMatchObject({ code: 'SHELTER_NOT_FOUND', field: 'shelterId' });

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const { shelters } = await sut.call<{
        shelters: {
          edges: { node: { id: string; regionCode: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      }>(SHELTERS, { filter: { regionCode: '421100' }, first: 3, after }, prefecture);
      seen.push(...shelters.edges.map((e) => e.node.id));
      expect(shelters.edges.every((e) => e.node.regionCode.startsWith('4211'))).toBe(true);
      if (!shelters.pageInfo.hasNextPage) break;
      after = shelters.pageInfo.endCursor;
    }
    const total = Number(
      (await sut.db.query(`SELECT count(*) FROM shelter WHERE region_code LIKE '4211%'`)).rows[0].count,
    );
    expect(new Set(seen).size).toBe(total);
    expect(seen).toContain(own.id);
    const countyOnly = await sut.call<{ shelters: { edges: { node: { id: string } }[] } }>(
      SHELTERS,
      { filter: { regionCode: '421123' } },
      county,
    );
    expect(countyOnly.shelters.edges).toEqual([]);
    const noGateway = await sut.request(SHELTERS, {}, null);
    expect(noGateway.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
