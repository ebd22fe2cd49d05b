import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ReserveDeliveryRulesSet,
  ReservePointChanged,
  ReservePointClosed,
  ReservePointRegistered,
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
  inJurisdiction,
  jurisdictionPrefix,
  regionPrefix,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { createdAtKey, readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import type { DeliveryRuleEntity } from './delivery-rule.entity';
import {
  RESERVE_KINDS,
  RESERVE_LEVELS,
  RESERVE_POINT_STATUSES,
  type ReserveKind,
  type ReserveLevel,
  type ReservePointEntity,
} from './reserve-point.entity';
import { ReserveErrorCode, ReserveException } from './reserve.exception';
import { ReserveRepository, type ReservePointQuery } from './reserve.repository';
import { estimatedHours, levelFitsRegion, regionTierOf } from './reserve-rules';

export interface RegisterReservePointInput {
  name: string;
  level: string;
  kind: string;
  ownerOrganisationId: string;
  holderOrganisationId?: string | null;
  regionCode: string;
  latitude: number;
  longitude: number;
  capacityCubicMetres?: number | null;
}

export interface ChangeReservePointInput {
  reservePointId: string;
  name?: string | null;
  capacityCubicMetres?: number | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface CloseReservePointInput {
  reservePointId: string;
  reason: string;
}

export interface ReservePointFilter {
  regionCode?: string | null;
  level?: string | null;
  kind?: string | null;
  status?: string | null;
  ownerOrganisationId?: string | null;
}

export interface SetReserveDeliveryRulesInput {
  regionPrefix: string;
  rules: {
    level: string;
    firstBatchHours?: number | null;
    roadSpeedKmh: number;
    source: string;
    roadSpeedSource: string;
  }[];
}

/** A point found near a place, with its distance and the estimate by the rules in force for it. */
export interface ReservePointDistance {
  reservePoint: ReservePointEntity;
  distanceMetres: number;
  estimatedHours: number;
  firstBatchHours: number | null;
}

const RESERVE_POINTS = loaderKey<ReservePointEntity>('ReservePoint');
const POINTS_OF_ORGANISATION = loaderKey<ReservePointEntity[]>('Organisation.reservePoints');
const MAX_RADIUS_KM = 2000;

@Injectable()
export class ReserveService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReserveRepository,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly organisations: KnownOrganisations,
    private readonly clock: Clock,
  ) {}

  async get(ctx: RequestContext, id: string): Promise<ReservePointEntity | null> {
    const point = await loadById(ctx, RESERVE_POINTS, (ids) => this.repository.findByIds(ids), id);
    return point && inJurisdiction(ctx.identity, point.regionCode) ? point : null;
  }

  async list(ctx: RequestContext, filter: ReservePointFilter, args: PageArgs) {
    const page = readPage(args);
    const query = this.query(filter);
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, createdAtKey);
    const rows = await this.repository.list({ ...query, regionPrefix: prefix }, page, readTimeKey(page));
    return toConnection(rows, page, createdAtKey);
  }

  /** `Organisation.reservePoints`: the first page of every organisation asked about in one statement. */
  async ofOrganisation(ctx: RequestContext, organisationId: string, args: PageArgs) {
    const page = readPage(args);
    const prefix = jurisdictionPrefix(ctx.identity) ?? '';
    const rows = await loadPage(ctx, POINTS_OF_ORGANISATION, page, organisationId, {
      firstPages: (ownerIds, limit) => this.repository.newestOf(ownerIds, prefix, limit),
      parentOf: (p) => p.ownerOrganisationId,
      nextPage: () =>
        this.repository.list(
          { ownerOrganisationIds: [organisationId], regionPrefix: prefix },
          page,
          readTimeKey(page),
        ),
    });
    return toConnection(rows, page, createdAtKey);
  }

  /** ACTIVE points within `radiusKm` of a place, nearest first, with the estimate by the rules in force for each. */
  async near(
    ctx: RequestContext,
    latitude: number,
    longitude: number,
    radiusKm: number,
    first: number | null | undefined,
  ): Promise<ReservePointDistance[]> {
    coordinates(latitude, longitude);
    if (!(radiusKm > 0 && radiusKm <= MAX_RADIUS_KM))
      throw new ReserveException(
        ReserveErrorCode.InvalidRadius,
        `radiusKm is above 0 and at most ${MAX_RADIUS_KM}`,
        { field: 'radiusKm' },
      );
    const { limit } = readPage({ first: first ?? undefined });
    const prefix = jurisdictionPrefix(ctx.identity) ?? '';
    const [found, rules] = await Promise.all([
      this.repository.near(latitude, longitude, radiusKm * 1000, prefix, limit),
      this.repository.rules(),
    ]);
    return found.map(({ point, distanceMetres }) => {
      const rule = ruleOf(rules, point.regionCode, point.level);
      return {
        reservePoint: point,
        distanceMetres,
        estimatedHours: estimatedHours(distanceMetres, rule),
        firstBatchHours: rule.firstBatchHours,
      };
    });
  }

  async rulesInForce(regionCode: string): Promise<DeliveryRuleEntity[]> {
    requiredRegionCode(regionCode, 'regionCode');
    return rulesOfMostSpecificPrefix(await this.repository.rules(), regionCode);
  }

  async register(ctx: RequestContext, input: RegisterReservePointInput): Promise<ReservePointEntity> {
    requireWriter(ctx);
    const name = requiredText(input.name, 'name', 200);
    const level = oneOf(RESERVE_LEVELS, input.level, 'level');
    const kind = oneOf(RESERVE_KINDS, input.kind, 'kind');
    const ownerOrganisationId = requiredUuid(input.ownerOrganisationId, 'ownerOrganisationId');
    const holderOrganisationId = holderOf(kind, input.holderOrganisationId);
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    requireLevelFits(level, regionCode);
    const { latitude, longitude } = coordinates(input.latitude, input.longitude);
    const capacityCubicMetres = capacity(input.capacityCubicMetres);
    requireJurisdiction(ctx, regionCode, 'regionCode');
    await this.organisations.requireActive(ownerOrganisationId, 'ownerOrganisationId');
    if (holderOrganisationId)
      await this.organisations.requireActiveOfType(
        holderOrganisationId,
        'ENTERPRISE',
        'holderOrganisationId',
      );
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const point = await this.repository.insert(manager, {
          id: randomUUID(),
          name,
          level,
          kind,
          ownerOrganisationId,
          holderOrganisationId,
          regionCode,
          latitude,
          longitude,
          capacityCubicMetres,
          status: 'ACTIVE',
          closedReason: null,
          closedAt: null,
        });
        await this.outbox.publish(
          manager,
          ReservePointRegistered,
          point.id,
          { ...eventState(point), name: point.name },
          eventContext(ctx),
        );
        return point;
      },
      { forgets: (saved) => [{ key: RESERVE_POINTS, ids: [saved.id] }] },
    );
  }

  async change(ctx: RequestContext, input: ChangeReservePointInput): Promise<ReservePointEntity> {
    requireWriter(ctx);
    const changes: Partial<ReservePointEntity> = {};
    if (input.name !== null && input.name !== undefined) changes.name = requiredText(input.name, 'name', 200);
    if (input.capacityCubicMetres !== null && input.capacityCubicMetres !== undefined)
      changes.capacityCubicMetres = capacity(input.capacityCubicMetres);
    const hasLat = input.latitude !== null && input.latitude !== undefined;
    const hasLon = input.longitude !== null && input.longitude !== undefined;
    if (hasLat !== hasLon)
      throw badInput('give both latitude and longitude, or neither', hasLat ? 'longitude' : 'latitude');
    if (hasLat) Object.assign(changes, coordinates(input.latitude as number, input.longitude as number));
    if (!Object.keys(changes).length)
      throw badInput('name, capacityCubicMetres or a location is changed', 'reservePointId');
    return this.step(ctx, input.reservePointId, async (manager, point) => {
      const changed = await this.repository.update(manager, point.id, changes);
      await this.outbox.publish(
        manager,
        ReservePointChanged,
        point.id,
        { ...eventState(changed), name: changed.name },
        eventContext(ctx),
      );
      return changed;
    });
  }

  async close(ctx: RequestContext, input: CloseReservePointInput): Promise<ReservePointEntity> {
    requireWriter(ctx);
    const reason = requiredText(input.reason, 'reason', 2000);
    const now = this.clock.now();
    return this.step(ctx, input.reservePointId, async (manager, point) => {
      const closed = await this.repository.update(manager, point.id, {
        status: 'CLOSED',
        closedReason: reason,
        closedAt: now,
      });
      await this.outbox.publish(
        manager,
        ReservePointClosed,
        point.id,
        { ...eventState(closed), reason, closedAt: now.toISOString() },
        eventContext(ctx),
      );
      return closed;
    });
  }

  async setRules(ctx: RequestContext, input: SetReserveDeliveryRulesInput): Promise<DeliveryRuleEntity[]> {
    requireRole(ctx, 'admin');
    const prefix = input.regionPrefix;
    if (!/^([0-9]{2}){0,3}$/.test(prefix))
      throw badInput('regionPrefix is empty (national) or 2, 4 or 6 digits of a region code', 'regionPrefix');
    const own = ctx.identity.regionCode;
    if (own && !prefix.startsWith(regionPrefix(own)))
      throw new ReserveException(
        CommonErrorCode.OutsideJurisdiction,
        `prefix ${prefix} is outside your jurisdiction`,
        {
          field: 'regionPrefix',
        },
      );
    const seen = new Set<ReserveLevel>();
    const rules = input.rules.map((rule, i) => {
      const field = `rules[${i}]`;
      const level = oneOf(RESERVE_LEVELS, rule.level, `${field}.level`);
      if (seen.has(level)) throw badInput(`${level} is ruled twice`, `${field}.level`);
      seen.add(level);
      const hours = rule.firstBatchHours ?? null;
      if (hours !== null && !(hours > 0 && hours <= 240))
        throw badInput(
          `${field}.firstBatchHours is above 0 and at most 240, or null`,
          `${field}.firstBatchHours`,
        );
      if (!(rule.roadSpeedKmh > 0 && rule.roadSpeedKmh <= 200))
        throw badInput(`${field}.roadSpeedKmh is above 0 and at most 200`, `${field}.roadSpeedKmh`);
      return {
        level,
        firstBatchHours: hours,
        roadSpeedKmh: rule.roadSpeedKmh,
        source: requiredText(rule.source, `${field}.source`, 1000),
        roadSpeedSource: requiredText(rule.roadSpeedSource, `${field}.roadSpeedSource`, 1000),
      };
    });
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.replaceRules(manager, prefix, rules);
      await this.outbox.publish(
        manager,
        ReserveDeliveryRulesSet,
        prefix === '' ? 'national' : prefix,
        {
          regionPrefix: prefix,
          rules: saved.map((r) => ({
            level: r.level,
            firstBatchHours: r.firstBatchHours,
            roadSpeedKmh: r.roadSpeedKmh,
            source: r.source,
            roadSpeedSource: r.roadSpeedSource,
          })),
          setAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  /** Runs `work` on the ACTIVE point locked in one write, after checking the caller may see it. */
  private step(
    ctx: RequestContext,
    id: string,
    work: (manager: EntityManager, point: ReservePointEntity) => Promise<ReservePointEntity>,
  ): Promise<ReservePointEntity> {
    const reservePointId = requiredUuid(id, 'reservePointId');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const point = await this.repository.lock(manager, reservePointId);
        if (!point || !inJurisdiction(ctx.identity, point.regionCode))
          throw new ReserveException(
            ReserveErrorCode.ReservePointNotFound,
            `reserve point ${reservePointId} does not exist or is outside your jurisdiction`,
            { field: 'reservePointId' },
          );
        if (point.status === 'CLOSED')
          throw new ReserveException(
            ReserveErrorCode.ReservePointClosed,
            `reserve point ${point.id} is closed`,
            {
              field: 'reservePointId',
            },
          );
        return work(manager, point);
      },
      { forgets: [{ key: RESERVE_POINTS, ids: [reservePointId] }] },
    );
  }

  private query(filter: ReservePointFilter): ReservePointQuery {
    if (filter.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    return {
      level: filter.level ? oneOf(RESERVE_LEVELS, filter.level, 'filter.level') : undefined,
      kind: filter.kind ? oneOf(RESERVE_KINDS, filter.kind, 'filter.kind') : undefined,
      status: filter.status ? oneOf(RESERVE_POINT_STATUSES, filter.status, 'filter.status') : undefined,
      ownerOrganisationIds: filter.ownerOrganisationId
        ? [requiredUuid(filter.ownerOrganisationId, 'filter.ownerOrganisationId')]
        : undefined,
    };
  }
}

/** The rule of `level` in force for `regionCode`; the road speed of the national default when the set has none. */
function ruleOf(rules: readonly DeliveryRuleEntity[], regionCode: string, level: ReserveLevel) {
  const found = rulesOfMostSpecificPrefix(rules, regionCode).find((r) => r.level === level);
  if (found) return found;
  const national = rules.find((r) => r.regionPrefix === '' && r.level === level);
  if (national) return national;
  throw new Error(`no delivery rule covers ${level} in ${regionCode}: the national rows are missing`);
}

function eventState(point: ReservePointEntity) {
  return {
    reservePointId: point.id,
    level: point.level,
    kind: point.kind,
    ownerOrganisationId: point.ownerOrganisationId,
    holderOrganisationId: point.holderOrganisationId,
    regionCode: point.regionCode,
    latitude: point.latitude,
    longitude: point.longitude,
    capacityCubicMetres: point.capacityCubicMetres,
  };
}

function holderOf(kind: ReserveKind, holder: string | null | undefined): string | null {
  const id = optionalUuid(holder, 'holderOrganisationId') ?? null;
  if (kind === 'AGREEMENT' && !id)
    throw new ReserveException(
      ReserveErrorCode.ReserveHolderRequired,
      'an AGREEMENT reserve names the enterprise that holds it',
      { field: 'holderOrganisationId' },
    );
  if (kind !== 'AGREEMENT' && id)
    throw new ReserveException(
      ReserveErrorCode.ReserveHolderNotAllowed,
      `a ${kind} is held by its owner: only an AGREEMENT reserve has a holder`,
      { field: 'holderOrganisationId' },
    );
  return id;
}

function requireLevelFits(level: ReserveLevel, regionCode: string) {
  if (!levelFitsRegion(level, regionCode)) {
    const regionTier = regionTierOf(regionCode);
    throw new ReserveException(
      ReserveErrorCode.ReserveLevelRegionMismatch,
      `a ${level} reserve point does not lie in a ${regionTier.toLowerCase()}’s code (${regionCode})`,
      { field: 'level', level, regionTier },
    );
  }
}

function coordinates(latitude: number, longitude: number) {
  if (!(latitude >= -90 && latitude <= 90))
    throw new ReserveException(ReserveErrorCode.CoordinateOutOfRange, 'latitude lies from -90 to 90', {
      field: 'latitude',
    });
  if (!(longitude >= -180 && longitude <= 180))
    throw new ReserveException(ReserveErrorCode.CoordinateOutOfRange, 'longitude lies from -180 to 180', {
      field: 'longitude',
    });
  return { latitude, longitude };
}

function capacity(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1)
    throw new ReserveException(
      ReserveErrorCode.InvalidCapacity,
      'capacityCubicMetres is a whole number of at least 1',
      { field: 'capacityCubicMetres' },
    );
  return value;
}
