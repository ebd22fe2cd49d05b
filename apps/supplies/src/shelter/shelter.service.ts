import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  RegionPopulationSet,
  ShelterChanged,
  ShelterClosed,
  ShelterOccupancyReported,
  ShelterOpened,
  ShelterPlanningRatiosSet,
  ShelterRegistered,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  CommonErrorCode,
  eventContext,
  loadById,
  loaderKey,
  loadPage,
  oneOf,
  optionalUuid,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireRole,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  DIVISION_CODE,
  inJurisdiction,
  regionPrefix,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import {
  EARTHQUAKE_CLASSES,
  RegionPopulationEntity,
  SHELTER_FACILITIES,
  ShelterOccupancyEntity,
  type EarthquakeClass,
  type ShelterEntity,
  type ShelterFacility,
  type ShelterPlanningRatioEntity,
} from './shelter.entity';
import { ShelterErrorCode, ShelterException } from './shelter.exception';
import { ShelterRepository, type ShelterQuery } from './shelter.repository';
import {
  childRegionOf,
  freeCapacity,
  INITIAL_SHELTER_STATUSES,
  levelFitsRegion,
  nextShelterStatus,
  occupancyAccepted,
  requiredPlaces,
  SHELTER_CLASSES,
  SHELTER_LEVELS,
  SHELTER_STATUSES,
  statusForOccupants,
  type ShelterStatus,
  type ShelterStep,
} from './shelter-rules';

export interface RegisterShelterInput {
  name: string;
  level: string;
  shelterClass: string;
  earthquakeClass?: string | null;
  managingOrganisationId: string;
  regionCode: string;
  divisionCode?: string | null;
  address: string;
  latitude: number;
  longitude: number;
  capacity: number;
  effectiveAreaSquareMetres: number;
  serviceRadiusMetres: number;
  facilities: string[];
  signageInstalled: boolean;
  signCount: number;
  status?: string | null;
}

export interface ChangeShelterInput {
  shelterId: string;
  name?: string | null;
  shelterClass?: string | null;
  earthquakeClass?: string | null;
  managingOrganisationId?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  capacity?: number | null;
  effectiveAreaSquareMetres?: number | null;
  serviceRadiusMetres?: number | null;
  facilities?: string[] | null;
  signageInstalled?: boolean | null;
  signCount?: number | null;
  constructionCompleted?: boolean | null;
}

export interface OpenShelterInput {
  shelterId: string;
  at: Date;
  incidentId?: string | null;
}

export interface CloseShelterInput {
  shelterId: string;
  at: Date;
  reason: string;
}

export interface ReportShelterOccupancyInput {
  shelterId: string;
  at: Date;
  occupants: number;
  overCapacity?: boolean | null;
}

export interface ShelterFilter {
  regionCode?: string | null;
  level?: string | null;
  shelterClass?: string | null;
  status?: string | null;
}

export interface SetShelterPlanningRatioInput {
  regionPrefix: string;
  minPercent: number;
  maxPercent?: number | null;
  source: string;
}

export interface SetRegionPopulationInput {
  regionCode: string;
  population: number;
  source: string;
}

export interface ShelterCoverage {
  regionCode: string;
  shelters: number;
  capacity: number;
  fixedCapacity: number;
  effectiveAreaSquareMetres: number;
  population: number | null;
  populationSource: string | null;
  ratio: ShelterPlanningRatioEntity;
  requiredPlaces: number | null;
  coveragePercent: number | null;
  meetsRatio: boolean | null;
}

const SHELTERS = loaderKey<ShelterEntity>('Shelter');
const OCCUPANCY = loaderKey<ShelterOccupancyEntity[]>('Shelter.occupancy');
const reportedKey = (row: ShelterOccupancyEntity) => timeKeyOf(row.reportedAt, row.id);
const createdKey = (row: ShelterEntity) => timeKeyOf(row.createdAt, row.id);
const MAX_NEAR_RADIUS_METRES = 500_000;

@Injectable()
export class ShelterService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ShelterRepository,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly organisations: KnownOrganisations,
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<ShelterEntity | null> {
    const shelter = await loadById(ctx, SHELTERS, (ids) => this.repository.findByIds(ids), id);
    return shelter && inJurisdiction(ctx.identity, shelter.regionCode) ? shelter : null;
  }

  async list(ctx: RequestContext, filter: ShelterFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, createdKey);
    const query: ShelterQuery = {
      regionPrefix: prefix ?? '',
      level: filter.level ? oneOf(SHELTER_LEVELS, filter.level, 'filter.level') : undefined,
      shelterClass: filter.shelterClass
        ? oneOf(SHELTER_CLASSES, filter.shelterClass, 'filter.shelterClass')
        : undefined,
      status: filter.status ? oneOf(SHELTER_STATUSES, filter.status, 'filter.status') : undefined,
    };
    const rows = await this.repository.list(query, page, readTimeKey(page));
    return toConnection(rows, page, createdKey);
  }

  async withRoomNear(
    ctx: RequestContext,
    args: {
      latitude: number;
      longitude: number;
      radiusMetres: number;
      minFreePlaces?: number | null;
      first?: number | null;
    },
  ) {
    const { latitude, longitude } = position(args.latitude, args.longitude);
    if (
      !Number.isInteger(args.radiusMetres) ||
      args.radiusMetres < 1 ||
      args.radiusMetres > MAX_NEAR_RADIUS_METRES
    )
      throw badInput(
        `radiusMetres must be a whole number from 1 to ${MAX_NEAR_RADIUS_METRES}`,
        'radiusMetres',
      );
    const minFreePlaces = args.minFreePlaces ?? 1;
    if (!Number.isInteger(minFreePlaces) || minFreePlaces < 1)
      throw badInput('minFreePlaces must be a whole number of at least 1', 'minFreePlaces');
    const page = readPage({ first: args.first ?? undefined });
    const prefix = visibleRegionPrefix(ctx.identity, undefined);
    if (prefix === null) return [];
    const found = await this.repository.withRoomNear({
      regionPrefix: prefix ?? '',
      latitude,
      longitude,
      radiusMetres: args.radiusMetres,
      minFreePlaces,
      limit: page.limit,
    });
    const shelters = new Map(
      (await this.repository.findByIds(found.map((f) => f.id))).map((s) => [s.id, s] as const),
    );
    return found.map((f) => {
      const shelter = shelters.get(f.id)!;
      return {
        shelter,
        distanceMetres: f.distance,
        freeCapacity: freeCapacity(shelter.capacity, shelter.currentOccupants),
      };
    });
  }

  occupancy(ctx: RequestContext, shelter: ShelterEntity, args: PageArgs) {
    const page = readPage(args);
    return loadPage(ctx, OCCUPANCY, page, shelter.id, {
      firstPages: (ids, limit) => this.repository.newestOccupancyOf(ids, limit),
      parentOf: (row) => row.shelterId,
      nextPage: () => this.repository.occupancy(shelter.id, page, readTimeKey(page)),
    }).then((rows) => toConnection(rows, page, reportedKey));
  }

  freeCapacity(shelter: ShelterEntity): number {
    return freeCapacity(shelter.capacity, shelter.currentOccupants);
  }

  /**
   * The asked region's line, then one per region one level below it with shelters or a known population: capacity
   * and area, and against the planning ratio in force where the population is known.
   */
  async coverage(ctx: RequestContext, regionCode: string): Promise<ShelterCoverage[]> {
    requiredRegionCode(regionCode, 'regionCode');
    if (!inJurisdiction(ctx.identity, regionCode)) return [];
    const prefix = regionPrefix(regionCode);
    const [rows, populations, ratios] = await Promise.all([
      this.repository.coverage(prefix),
      this.repository.populationsUnder(prefix),
      this.repository.ratios(),
    ]);
    const lines = new Map<
      string,
      Omit<ShelterCoverage, 'ratio' | 'requiredPlaces' | 'coveragePercent' | 'meetsRatio'>
    >();
    const line = (code: string) => {
      let found = lines.get(code);
      if (!found) {
        const known = populations.find((p) => p.regionCode === code);
        found = {
          regionCode: code,
          shelters: 0,
          capacity: 0,
          fixedCapacity: 0,
          effectiveAreaSquareMetres: 0,
          population: known?.population ?? null,
          populationSource: known?.source ?? null,
        };
        lines.set(code, found);
      }
      return found;
    };
    line(regionCode);
    for (const p of populations) line(childRegionOf(regionCode, p.regionCode));
    for (const row of rows) {
      const targets = new Set([regionCode, childRegionOf(regionCode, row.region_code)]);
      for (const code of targets) {
        const target = line(code);
        target.shelters += Number(row.shelters);
        target.capacity += Number(row.capacity);
        target.fixedCapacity += Number(row.fixed_capacity);
        target.effectiveAreaSquareMetres += Number(row.area);
      }
    }
    return [...lines.values()]
      .sort((a, b) =>
        a.regionCode === regionCode
          ? -1
          : b.regionCode === regionCode
            ? 1
            : a.regionCode.localeCompare(b.regionCode),
      )
      .map((l) => {
        const ratio = ratioFor(ratios, l.regionCode);
        if (l.population === null)
          return { ...l, ratio, requiredPlaces: null, coveragePercent: null, meetsRatio: null };
        const required = requiredPlaces(l.population, ratio.minPercent);
        return {
          ...l,
          ratio,
          requiredPlaces: required,
          coveragePercent: Math.round((l.fixedCapacity * 10_000) / l.population) / 100,
          meetsRatio: l.fixedCapacity >= required,
        };
      });
  }

  ratios(): Promise<ShelterPlanningRatioEntity[]> {
    return this.repository.ratios();
  }

  async ratioInForce(regionCode: string): Promise<ShelterPlanningRatioEntity> {
    return ratioFor(await this.repository.ratios(), requiredRegionCode(regionCode, 'regionCode'));
  }

  population(regionCode: string) {
    return this.repository.population(requiredRegionCode(regionCode, 'regionCode'));
  }

  async setRatio(ctx: RequestContext, input: SetShelterPlanningRatioInput) {
    requireRole(ctx, 'admin');
    if (!/^(\d{2}|\d{4}|\d{6})?$/.test(input.regionPrefix))
      throw badInput('regionPrefix must be empty (national) or 2, 4 or 6 digits', 'regionPrefix');
    const minPercent = measure(input.minPercent, 'minPercent', 1, 100);
    const maxPercent =
      input.maxPercent === null || input.maxPercent === undefined
        ? null
        : measure(input.maxPercent, 'maxPercent', minPercent, 100);
    const source = requiredText(input.source, 'source', 500);
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.upsertRatio(
        manager,
        { regionPrefix: input.regionPrefix, minPercent, maxPercent, source },
        now,
      );
      await this.outbox.publish(
        manager,
        ShelterPlanningRatiosSet,
        `shelter-planning-ratio:${saved.regionPrefix}`,
        { regionPrefix: saved.regionPrefix, minPercent, maxPercent, source, setAt: now.toISOString() },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async setPopulation(ctx: RequestContext, input: SetRegionPopulationInput) {
    requireRole(ctx, 'admin');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    const population = measure(input.population, 'population', 1, 2_000_000_000);
    const source = requiredText(input.source, 'source', 500);
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.upsertPopulation(
        manager,
        Object.assign(new RegionPopulationEntity(), { regionCode, population, source, updatedAt: now }),
      );
      await this.outbox.publish(
        manager,
        RegionPopulationSet,
        `region-population:${regionCode}`,
        { regionCode, population, source, setAt: now.toISOString() },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async register(ctx: RequestContext, input: RegisterShelterInput): Promise<ShelterEntity> {
    requireWriter(ctx);
    const name = requiredText(input.name, 'name', 200);
    const level = oneOf(SHELTER_LEVELS, input.level, 'level');
    const shelterClass = oneOf(SHELTER_CLASSES, input.shelterClass, 'shelterClass');
    const earthquakeClass = optionalEarthquakeClass(input.earthquakeClass);
    const managingOrganisationId = requiredUuid(input.managingOrganisationId, 'managingOrganisationId');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    if (!levelFitsRegion(level, regionCode))
      throw new ShelterException(
        ShelterErrorCode.LevelOutsideCounty,
        `a ${level} shelter sits in its county's code, not ${regionCode}: give the township or village as divisionCode`,
        { field: 'regionCode', level },
      );
    const divisionCode = division(input.divisionCode, regionCode);
    const address = requiredText(input.address, 'address', 500);
    const { latitude, longitude } = position(input.latitude, input.longitude);
    const capacity = measure(input.capacity, 'capacity', 1);
    const effectiveAreaSquareMetres = measure(
      input.effectiveAreaSquareMetres,
      'effectiveAreaSquareMetres',
      1,
    );
    const serviceRadiusMetres = measure(input.serviceRadiusMetres, 'serviceRadiusMetres', 1);
    const facilities = facilityList(input.facilities);
    const { signageInstalled, signCount } = signage(input.signageInstalled, input.signCount);
    const status = oneOf(SHELTER_STATUSES, input.status ?? 'READY', 'status');
    if (!INITIAL_SHELTER_STATUSES.includes(status))
      throw new ShelterException(
        ShelterErrorCode.TransitionNotAllowed,
        `a shelter is registered UNDER_CONSTRUCTION or READY, not ${status}`,
        { field: 'status', status, to: 'REGISTER' },
      );
    requireJurisdiction(ctx, regionCode, 'regionCode');
    await this.organisations.requireActive(managingOrganisationId, 'managingOrganisationId');
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const shelter = await this.repository.insert(manager, {
        id: randomUUID(),
        name,
        level,
        shelterClass,
        earthquakeClass,
        managingOrganisationId,
        regionCode,
        divisionCode,
        address,
        latitude,
        longitude,
        capacity,
        effectiveAreaSquareMetres,
        serviceRadiusMetres,
        facilities,
        signageInstalled,
        signCount,
        status,
        currentOccupants: 0,
        occupancyReportedAt: null,
        openedAt: null,
        openedForIncidentId: null,
        closedAt: null,
        closeReason: null,
        createdAt: now,
        updatedAt: now,
      });
      await this.outbox.publish(
        manager,
        ShelterRegistered,
        shelter.id,
        {
          ...eventBase(shelter),
          effectiveAreaSquareMetres: shelter.effectiveAreaSquareMetres,
          registeredAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return shelter;
    });
  }

  async change(ctx: RequestContext, input: ChangeShelterInput): Promise<ShelterEntity> {
    requireWriter(ctx);
    const change: Partial<ShelterEntity> = {};
    if (given(input.name)) change.name = requiredText(input.name, 'name', 200);
    if (given(input.shelterClass))
      change.shelterClass = oneOf(SHELTER_CLASSES, input.shelterClass, 'shelterClass');
    if (given(input.earthquakeClass)) change.earthquakeClass = optionalEarthquakeClass(input.earthquakeClass);
    if (given(input.address)) change.address = requiredText(input.address, 'address', 500);
    if (given(input.latitude) || given(input.longitude)) {
      if (!given(input.latitude) || !given(input.longitude))
        throw badInput('give both latitude and longitude', given(input.latitude) ? 'longitude' : 'latitude');
      Object.assign(change, position(input.latitude, input.longitude));
    }
    if (given(input.capacity)) change.capacity = measure(input.capacity, 'capacity', 1);
    if (given(input.effectiveAreaSquareMetres))
      change.effectiveAreaSquareMetres = measure(
        input.effectiveAreaSquareMetres,
        'effectiveAreaSquareMetres',
        1,
      );
    if (given(input.serviceRadiusMetres))
      change.serviceRadiusMetres = measure(input.serviceRadiusMetres, 'serviceRadiusMetres', 1);
    if (given(input.facilities)) change.facilities = facilityList(input.facilities);
    const managingOrganisationId = given(input.managingOrganisationId)
      ? requiredUuid(input.managingOrganisationId, 'managingOrganisationId')
      : undefined;
    if (managingOrganisationId) {
      await this.organisations.requireActive(managingOrganisationId, 'managingOrganisationId');
      change.managingOrganisationId = managingOrganisationId;
    }
    return this.step(
      ctx,
      input.shelterId,
      input.constructionCompleted ? 'COMPLETE' : null,
      async (manager, shelter, now) => {
        if (given(input.signageInstalled) || given(input.signCount))
          Object.assign(
            change,
            signage(input.signageInstalled ?? shelter.signageInstalled, input.signCount ?? shelter.signCount),
          );
        let status: ShelterStatus = shelter.status;
        if (input.constructionCompleted) status = 'READY';
        if (change.capacity !== undefined) {
          if (change.capacity < shelter.currentOccupants)
            throw new ShelterException(
              ShelterErrorCode.OverCapacity,
              `${shelter.currentOccupants} people are staying: capacity cannot go below that`,
              { field: 'capacity', capacity: change.capacity, occupants: shelter.currentOccupants },
            );
          if (status === 'OPEN' || status === 'FULL')
            status = statusForOccupants(shelter.currentOccupants, change.capacity);
        }
        const changed = await this.repository.update(manager, shelter.id, {
          ...change,
          status,
          updatedAt: now,
        });
        await this.outbox.publish(
          manager,
          ShelterChanged,
          shelter.id,
          {
            ...eventBase(changed),
            effectiveAreaSquareMetres: changed.effectiveAreaSquareMetres,
            changedAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return changed;
      },
    );
  }

  async open(ctx: RequestContext, input: OpenShelterInput): Promise<ShelterEntity> {
    requireWriter(ctx);
    const incidentId = optionalUuid(input.incidentId, 'incidentId') ?? null;
    const at = this.notFuture(input.at, 'at');
    return this.step(ctx, input.shelterId, 'OPEN', async (manager, shelter, now) => {
      notBefore(at, shelter.closedAt, 'at');
      const opened = await this.repository.update(manager, shelter.id, {
        status: 'OPEN',
        openedAt: at,
        openedForIncidentId: incidentId,
        closedAt: null,
        closeReason: null,
        currentOccupants: 0,
        occupancyReportedAt: null,
        updatedAt: now,
      });
      await this.outbox.publish(
        manager,
        ShelterOpened,
        shelter.id,
        { ...eventBase(opened), incidentId, openedAt: at.toISOString() },
        eventContext(ctx),
      );
      return opened;
    });
  }

  async close(ctx: RequestContext, input: CloseShelterInput): Promise<ShelterEntity> {
    requireWriter(ctx);
    const at = this.notFuture(input.at, 'at');
    const reason = requiredText(input.reason, 'reason', 2000);
    return this.step(ctx, input.shelterId, 'CLOSE', async (manager, shelter, now) => {
      notBefore(at, shelter.occupancyReportedAt ?? shelter.openedAt, 'at');
      const closed = await this.repository.update(manager, shelter.id, {
        status: 'CLOSED',
        closedAt: at,
        closeReason: reason,
        currentOccupants: 0,
        updatedAt: now,
      });
      await this.outbox.publish(
        manager,
        ShelterClosed,
        shelter.id,
        { ...eventBase(closed), incidentId: closed.openedForIncidentId, reason, closedAt: at.toISOString() },
        eventContext(ctx),
      );
      return closed;
    });
  }

  async reportOccupancy(ctx: RequestContext, input: ReportShelterOccupancyInput): Promise<ShelterEntity> {
    requireWriter(ctx);
    const at = this.notFuture(input.at, 'at');
    const occupants = measure(input.occupants, 'occupants', 0);
    const overCapacityAllowed = input.overCapacity === true;
    return this.step(ctx, input.shelterId, 'REPORT', async (manager, shelter, now) => {
      notBefore(at, shelter.occupancyReportedAt ?? shelter.openedAt, 'at');
      if (!occupancyAccepted(occupants, shelter.capacity, overCapacityAllowed))
        throw new ShelterException(
          ShelterErrorCode.OverCapacity,
          `${occupants} people exceed the capacity of ${shelter.capacity}: mark the report overCapacity to record it`,
          { field: 'occupants', capacity: shelter.capacity, occupants },
        );
      const row = Object.assign(new ShelterOccupancyEntity(), {
        id: randomUUID(),
        shelterId: shelter.id,
        reportedAt: at,
        occupants,
        capacity: shelter.capacity,
        overCapacity: occupants > shelter.capacity,
        incidentId: shelter.openedForIncidentId,
        recordedBy: ctx.identity.subject,
        recordedAt: now,
      });
      await this.repository.addOccupancy(manager, row);
      const reported = await this.repository.update(manager, shelter.id, {
        status: statusForOccupants(occupants, shelter.capacity),
        currentOccupants: occupants,
        occupancyReportedAt: at,
        updatedAt: now,
      });
      await this.outbox.publish(
        manager,
        ShelterOccupancyReported,
        shelter.id,
        {
          ...eventBase(reported),
          occupancyId: row.id,
          incidentId: row.incidentId,
          occupants,
          freeCapacity: freeCapacity(reported.capacity, occupants),
          overCapacity: row.overCapacity,
          reportedAt: at.toISOString(),
        },
        eventContext(ctx),
      );
      return reported;
    });
  }

  /**
   * Runs `work` on the shelter locked in one write after checking the caller may see it and that `step` (if any)
   * is allowed from its status; nothing is written on refusal.
   */
  private step(
    ctx: RequestContext,
    id: string,
    step: ShelterStep | null,
    work: (manager: EntityManager, shelter: ShelterEntity, now: Date) => Promise<ShelterEntity>,
  ): Promise<ShelterEntity> {
    const shelterId = requiredUuid(id, 'shelterId');
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const shelter = await this.repository.lock(manager, shelterId);
        if (!shelter || !inJurisdiction(ctx.identity, shelter.regionCode))
          throw new ShelterException(
            ShelterErrorCode.ShelterNotFound,
            `shelter ${shelterId} does not exist or is outside your jurisdiction`,
            { field: 'shelterId', id: shelterId },
          );
        if (step && !nextShelterStatus(shelter.status, step))
          throw new ShelterException(
            ShelterErrorCode.TransitionNotAllowed,
            `a shelter that is ${shelter.status} cannot ${step.toLowerCase()}`,
            {
              field: step === 'COMPLETE' ? 'constructionCompleted' : 'shelterId',
              status: shelter.status,
              to: step,
            },
          );
        return work(manager, shelter, now);
      },
      { forgets: [{ key: SHELTERS, ids: [shelterId] }] },
    );
  }

  private notFuture(at: Date, field: string): Date {
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw badInput(`${field} must be a moment`, field);
    if (at.getTime() > this.clock.now().getTime())
      throw new ShelterException(CommonErrorCode.DateInFuture, `${field} is in the future`, { field });
    return at;
  }
}

function eventBase(shelter: ShelterEntity) {
  return {
    shelterId: shelter.id,
    regionCode: shelter.regionCode,
    divisionCode: shelter.divisionCode,
    managingOrganisationId: shelter.managingOrganisationId,
    level: shelter.level,
    shelterClass: shelter.shelterClass,
    latitude: shelter.latitude,
    longitude: shelter.longitude,
    capacity: shelter.capacity,
    status: shelter.status,
  };
}

function ratioFor(ratios: ShelterPlanningRatioEntity[], regionCode: string): ShelterPlanningRatioEntity {
  const [ratio] = rulesOfMostSpecificPrefix(ratios, regionCode);
  if (!ratio) throw new Error(`no shelter planning ratio covers ${regionCode}: the national row is missing`);
  return ratio;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

function measure(value: number, field: string, min: number, max = 2_000_000_000): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ShelterException(
      ShelterErrorCode.InvalidMeasure,
      `${field} must be a whole number from ${min} to ${max}`,
      { field },
    );
  return value;
}

function optionalEarthquakeClass(value: string | null | undefined): EarthquakeClass | null {
  return given(value) ? oneOf(EARTHQUAKE_CLASSES, value, 'earthquakeClass') : null;
}

function division(value: string | null | undefined, regionCode: string): string | null {
  if (!given(value) || value === '') return null;
  if (!DIVISION_CODE.test(value) || value.length === 6 || !value.startsWith(regionCode))
    throw badInput(
      `divisionCode must be the 9- or 12-digit code of a township or village in ${regionCode}`,
      'divisionCode',
    );
  return value;
}

function position(latitude: number, longitude: number) {
  if (typeof latitude !== 'number' || latitude < -90 || latitude > 90)
    throw badInput('latitude lies from -90 to 90', 'latitude');
  if (typeof longitude !== 'number' || longitude < -180 || longitude > 180)
    throw badInput('longitude lies from -180 to 180', 'longitude');
  return { latitude: Math.round(latitude * 1e6) / 1e6, longitude: Math.round(longitude * 1e6) / 1e6 };
}

function facilityList(values: string[]): ShelterFacility[] {
  const checked = values.map((v, i) => oneOf(SHELTER_FACILITIES, v, `facilities.${i}`));
  return [...new Set(checked)].sort((a, b) => SHELTER_FACILITIES.indexOf(a) - SHELTER_FACILITIES.indexOf(b));
}

function signage(installed: boolean, count: number) {
  measure(count, 'signCount', 0);
  if (!installed && count > 0)
    throw new ShelterException(
      ShelterErrorCode.InvalidMeasure,
      'signCount is 0 when no signs are installed',
      { field: 'signCount' },
    );
  return { signageInstalled: installed, signCount: count };
}

function notBefore(at: Date, earliest: Date | null, field: string) {
  if (earliest && at.getTime() < earliest.getTime())
    throw new ShelterException(
      ShelterErrorCode.TooEarly,
      `${field} ${at.toISOString()} is before ${earliest.toISOString()}`,
      { field, earliest: earliest.toISOString() },
    );
}
