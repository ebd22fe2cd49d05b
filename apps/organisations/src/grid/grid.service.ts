import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { GridAssignmentEnded, GridWorkerAssigned } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  variantOf,
  loaderKey,
  eventContext,
  loadById,
  loadPage,
  notFound,
  oneOf,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { inJurisdiction, visibleRegionPrefix } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import type { PersonEntity } from '../person/person.entity';
import { PersonDepartures } from '../person/person-departures';
import { PersonService } from '../person/person.service';
import type { RegionEntity } from '../region/region.entity';
import { assertDivisionCode, RegionService } from '../region/region.service';
import { GRID_ROLES, type GridAssignmentEntity, type GridRole } from './grid-assignment.entity';
import { GridErrorCode, GridException } from './grid.exception';
import { gridAssignmentKey, GridRepository } from './grid.repository';
import { mayCoverVillage } from './grid-rules';

export interface AssignGridWorkerInput {
  personId: string;
  villageCode: string;
  role: GridRole;
  /** Defaults to now; may lie in the past, to record someone already serving. */
  startedAt?: Date | null;
}

export interface EndGridAssignmentInput {
  id: string;
  reason: string;
}

export interface GridAssignmentFilter {
  regionCode?: string | null;
  personId?: string | null;
  role?: GridRole | null;
  includeEnded?: boolean | null;
}

/** The listing options of the fields on Person and Region. */
export interface GridAssignmentOptions {
  role?: GridRole | null;
  includeEnded?: boolean | null;
}

/** The database's partial unique index on current assignments; a race past the service's check ends here. */
const CURRENT_ASSIGNMENT_UNIQUE = 'grid_assignment_current_key';

/** Devices and the server disagree on the time by a little; a start this far ahead is taken as now. */
const CLOCK_SKEW_MS = 60_000;

/** The end reason of the assignments a person held when they left their organisation. */
export const LEFT_ORGANISATION = 'left their organisation';

const regionKey = (r: RegionEntity) => [r.code];

/** Request-scoped first pages of `Person.gridAssignments` and `Region.gridAssignments`. */
const ASSIGNMENTS_OF_PERSON = loaderKey<GridAssignmentEntity[]>('Person.gridAssignments');
const ASSIGNMENTS_OF_REGION = loaderKey<GridAssignmentEntity[]>('Region.gridAssignments');

/** Grid assignments by id, for this request. */
const ASSIGNMENTS = loaderKey<GridAssignmentEntity>('GridAssignment');

@Injectable()
export class GridService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: GridRepository,
    private readonly regions: RegionService,
    private readonly people: PersonService,
    private readonly outbox: Outbox,
    private readonly departures: PersonDepartures,
  ) {}

  onModuleInit() {
    // Someone who has left reports nothing: their villages learn at once, in the departure's own transaction,
    // whether they are left without an information officer.
    this.departures.register({
      onPersonLeaving: (ctx, manager, person) => this.endAllOf(ctx, manager, person),
    });
  }

  /** An assignment for the caller, batched per request; hidden when its village is outside the jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<GridAssignmentEntity | null> {
    const assignment = await loadById(ctx, ASSIGNMENTS, (ids) => this.repository.findByIds(ids), id);
    return assignment && inJurisdiction(ctx.identity, assignment.villageCode) ? assignment : null;
  }

  /** The assignment `id`, visible to the caller, or NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field = 'id'): Promise<GridAssignmentEntity> {
    const assignment = await this.get(ctx, requiredUuid(id, field));
    if (!assignment) throw notFound('GridAssignment', id, field);
    return assignment;
  }

  async list(ctx: RequestContext, filter: GridAssignmentFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) assertDivisionCode(filter.regionCode, 'filter.regionCode');
    if (filter.role) oneOf(GRID_ROLES, filter.role, 'filter.role');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, gridAssignmentKey);
    const rows = await this.repository.list(
      {
        villagePrefix: prefix,
        personIds: filter.personId ? [requiredUuid(filter.personId, 'filter.personId')] : undefined,
        role: filter.role ?? undefined,
        includeEnded: filter.includeEnded ?? false,
      },
      page,
    );
    return toConnection(rows, page, gridAssignmentKey);
  }

  /** The villages a person covers (or covered), limited to those the caller may see. */
  async forPerson(ctx: RequestContext, person: PersonEntity, options: GridAssignmentOptions, args: PageArgs) {
    const page = readPage(args);
    if (options.role) oneOf(GRID_ROLES, options.role, 'filter.role');
    const villagePrefix = visibleRegionPrefix(ctx.identity);
    if (villagePrefix === null) return toConnection([], page, gridAssignmentKey);
    const query = {
      villagePrefix,
      role: options.role ?? undefined,
      includeEnded: options.includeEnded ?? false,
    };
    const name = variantOf(ASSIGNMENTS_OF_PERSON, query.role, query.includeEnded);
    const rows = await loadPage(ctx, name, page, person.id, {
      firstPages: (personIds, limit) => this.repository.firstOfPeople({ ...query, personIds }, limit),
      parentOf: (a) => a.personId,
      nextPage: () => this.repository.list({ ...query, personIds: [person.id] }, page),
    });
    return toConnection(rows, page, gridAssignmentKey);
  }

  /** The assignments of a region's villages: the village's own, or every village below a township or county. */
  async forRegion(ctx: RequestContext, region: RegionEntity, options: GridAssignmentOptions, args: PageArgs) {
    const page = readPage(args);
    if (options.role) oneOf(GRID_ROLES, options.role, 'filter.role');
    // The narrower of the region's subtree and the caller's jurisdiction; none when they do not overlap.
    const villagePrefix = visibleRegionPrefix(ctx.identity, region.code);
    if (!villagePrefix) return toConnection([], page, gridAssignmentKey);
    const query = { role: options.role ?? undefined, includeEnded: options.includeEnded ?? false };
    const name = variantOf(ASSIGNMENTS_OF_REGION, query.role, query.includeEnded);
    // The regions' pages are keyed by their visible prefixes, which nest: a village may be in several.
    const rows = await loadPage(ctx, name, page, villagePrefix, {
      firstPages: (prefixes, limit) => this.repository.firstUnderPrefixes(prefixes, query, limit),
      isOf: (a, prefix) => a.villageCode.startsWith(prefix),
      nextPage: () => this.repository.list({ ...query, villagePrefix }, page),
    });
    return toConnection(rows, page, gridAssignmentKey);
  }

  /**
   * Every village of `regionCode`'s subtree, in code order, with no current information officer, limited to the
   * caller's jurisdiction: the villages whose disasters nobody is there to report.
   */
  async villagesWithoutInformationOfficer(ctx: RequestContext, regionCode: string, args: PageArgs) {
    const page = readPage(args);
    const region = await this.regions.require(ctx, regionCode, 'regionCode');
    // Always a prefix when a region is requested; null when it and the jurisdiction do not overlap.
    const prefix = visibleRegionPrefix(ctx.identity, region.code);
    if (!prefix) return toConnection([], page, regionKey);
    const rows = await this.repository.villagesWithoutInformationOfficer(prefix, page);
    return toConnection(rows, page, regionKey);
  }

  async assign(ctx: RequestContext, input: AssignGridWorkerInput): Promise<GridAssignmentEntity> {
    requireWriter(ctx);
    oneOf(GRID_ROLES, input.role, 'role');
    const startedAt = checkStart(input.startedAt);
    const village = await this.regions.require(ctx, input.villageCode, 'villageCode');
    if (village.level !== 'VILLAGE') {
      throw new GridException(
        GridErrorCode.NotAVillage,
        `${village.name} (${village.code}) is a ${village.level.toLowerCase()}; grid workers and information officers cover a village or community (12-digit code)`,
        { field: 'villageCode' },
      );
    }
    requireJurisdiction(ctx, village.code, 'villageCode');
    const person = await this.people.requireActive(ctx, input.personId, 'personId');
    if (!mayCoverVillage(person.regionCode, village.code)) {
      throw new GridException(
        GridErrorCode.PersonOutsideArea,
        `${person.name}'s organisation (region ${person.regionCode}) does not cover ${village.name} (${village.code}); ` +
          'assign someone of the village committee, its township or its county',
        { field: 'personId' },
      );
    }
    return this.writing(ctx, input.role, async (manager) => {
      // The person first, then the village, in the departure's order: a departure under way or committed since the
      // check above refuses the assignment here; one that starts later waits for it, then ends it.
      await this.people.holdActive(manager, [person], () => 'personId');
      await this.repository.lockVillage(manager, village.code);
      if (await this.repository.findCurrent(manager, person.id, village.code, input.role)) {
        throw alreadyAssigned(input.role);
      }
      const assignment = await this.repository.insert(manager, {
        id: randomUUID(),
        personId: person.id,
        villageCode: village.code,
        role: input.role,
        startedAt,
        endedAt: null,
        endReason: null,
      });
      await this.outbox.publish(
        manager,
        GridWorkerAssigned,
        assignment.id,
        {
          assignmentId: assignment.id,
          personId: person.id,
          organisationId: person.organisationId,
          villageCode: village.code,
          role: assignment.role,
          startedAt: startedAt.toISOString(),
          villageHasInformationOfficer: await this.repository.villageHasInformationOfficer(
            manager,
            village.code,
          ),
        },
        eventContext(ctx),
      );
      return assignment;
    });
  }

  async end(ctx: RequestContext, input: EndGridAssignmentInput): Promise<GridAssignmentEntity> {
    requireWriter(ctx);
    const reason = requiredText(input.reason, 'reason', 500);
    const current = await this.require(ctx, input.id, 'id');
    requireJurisdiction(ctx, current.villageCode, 'id');
    const change = async (manager: EntityManager) => {
      await this.repository.lockVillage(manager, current.villageCode);
      const assignment = (await this.repository.findForUpdate(manager, current.id))!;
      if (assignment.endedAt) {
        throw new GridException(
          GridErrorCode.AssignmentEnded,
          `this assignment already ended on ${assignment.endedAt.toISOString()} (${assignment.endReason})`,
          { field: 'id' },
        );
      }
      return this.endLocked(ctx, manager, assignment, reason);
    };
    return write(ctx, this.dataSource, change, { forgets: [{ key: ASSIGNMENTS, ids: [current.id] }] });
  }

  /**
   * Ends every current assignment of `person`, who is leaving their organisation, in the transaction that records
   * it (their row locked, so no new assignment of theirs can appear meanwhile): one GridAssignmentEnded each.
   */
  private async endAllOf(ctx: RequestContext, manager: EntityManager, person: PersonEntity): Promise<void> {
    // Villages in code order: two departures sharing villages take their locks in the same order, never waiting
    // on each other in a circle; every other change locks a single village.
    const villages = [...new Set(await this.repository.currentVillagesOf(manager, person.id))].sort();
    if (villages.length === 0) return;
    for (const villageCode of villages) await this.repository.lockVillage(manager, villageCode);
    // Read again under the locks: an endGridAssignment that held one of them may have ended an assignment since.
    for (const assignment of await this.repository.findCurrentOfPersonForUpdate(manager, person.id)) {
      await this.endLocked(ctx, manager, assignment, LEFT_ORGANISATION);
    }
  }

  /**
   * Ends a current assignment whose village lock and row this transaction holds, and publishes GridAssignmentEnded
   * saying whether the village still has an information officer once it has ended.
   */
  private async endLocked(
    ctx: RequestContext,
    manager: EntityManager,
    assignment: GridAssignmentEntity,
    reason: string,
  ): Promise<GridAssignmentEntity> {
    // Starts are never ahead of the clock that recorded them; another instance's clock may run a little behind.
    assignment.endedAt = new Date(Math.max(Date.now(), assignment.startedAt.getTime()));
    assignment.endReason = reason;
    const saved = await this.repository.save(manager, assignment);
    await this.outbox.publish(
      manager,
      GridAssignmentEnded,
      saved.id,
      {
        assignmentId: saved.id,
        personId: saved.personId,
        villageCode: saved.villageCode,
        role: saved.role,
        endedAt: saved.endedAt!.toISOString(),
        reason,
        villageHasInformationOfficer: await this.repository.villageHasInformationOfficer(
          manager,
          saved.villageCode,
        ),
      },
      eventContext(ctx),
    );
    return saved;
  }

  /** Runs a change in a transaction, turning a lost race on a current assignment into its domain error. */
  private writing<T>(
    ctx: RequestContext,
    role: GridRole,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return write(ctx, this.dataSource, work, {
      constraints: { [CURRENT_ASSIGNMENT_UNIQUE]: () => alreadyAssigned(role) },
    });
  }
}

const alreadyAssigned = (role: GridRole) =>
  new GridException(
    GridErrorCode.AlreadyAssigned,
    `this person is already the village's ${role === 'GRID_WORKER' ? 'grid worker' : 'information officer'}; ` +
      'end that assignment before recording a new one',
    { field: 'personId' },
  );

/** The start of an assignment: now when absent, never in the future (beyond clock skew, taken as now). */
function checkStart(startedAt: Date | null | undefined, now = new Date()): Date {
  if (!startedAt) return now;
  if (startedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new GridException(
      GridErrorCode.StartInFuture,
      `startedAt ${startedAt.toISOString()} is in the future; record an assignment once it has started`,
      { field: 'startedAt' },
    );
  }
  return startedAt.getTime() > now.getTime() ? now : startedAt;
}
