import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ExpertAdmitted,
  ExpertUpdated,
  ExpertWithdrawn,
  type ExpertAdmittedV1,
  type ExpertUpdatedV1,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  eventContext,
  loadById,
  loader,
  notFound,
  oneOf,
  optionalText,
  pastOrToday,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { chinaToday, visibleRegionPrefix } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import type { PersonEntity } from '../person/person.entity';
import { PersonService } from '../person/person.service';
import { assertDivisionCode } from '../region/region.service';
import {
  AVAILABILITIES,
  EXPERT_STATUSES,
  POOL_LEVELS,
  type Availability,
  type ExpertEntity,
  type ExpertField,
  type ExpertStatus,
  type PoolLevel,
} from './expert.entity';
import { ExpertErrorCode, ExpertException } from './expert.exception';
import { listedExpertKey, ExpertRepository } from './expert.repository';
import { checkWithdrawal, expertiseOf } from './expert-rules';

export interface AdmitExpertInput {
  personId: string;
  fields: string[];
  title: string;
  poolLevel: PoolLevel;
  summary?: string | null;
  availability?: Availability | null;
  admittedOn: string;
}

export interface UpdateExpertInput {
  id: string;
  fields?: string[] | null;
  title?: string | null;
  poolLevel?: PoolLevel | null;
  /** Absent: unchanged; null: cleared. */
  summary?: string | null;
  availability?: Availability | null;
  admittedOn?: string | null;
}

export interface WithdrawExpertInput {
  id: string;
  reason: string;
  /** Defaults to today in China. */
  withdrawnOn?: string | null;
}

export interface ExpertFilter {
  field?: ExpertField | null;
  regionCode?: string | null;
  poolLevel?: PoolLevel | null;
  availability?: Availability | null;
  status?: ExpertStatus | null;
}

/** The database's unique index on person_id; a race past the service's check ends here. */
const PERSON_UNIQUE = 'expert_person_key';

type Change = ExpertUpdatedV1['changes'][number];

/** The request-scoped loaders of experts: by id and by person. */
const EXPERTS = loaderKey<ExpertEntity>('Expert');
const EXPERTS_BY_PERSON = loaderKey<ExpertEntity>('ExpertByPerson');

@Injectable()
export class ExpertService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ExpertRepository,
    private readonly people: PersonService,
    private readonly outbox: Outbox,
  ) {}

  /** An expert for the caller, batched per request; hidden with their person (outside the jurisdiction). */
  async get(ctx: RequestContext, id: string): Promise<ExpertEntity | null> {
    const expert = await loadById(ctx, EXPERTS, (ids) => this.repository.findByIds(ids), id);
    return expert && (await this.people.get(ctx, expert.personId)) ? expert : null;
  }

  /** The expert `id`, visible to the caller, or NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field = 'id'): Promise<ExpertEntity> {
    const expert = await this.get(ctx, requiredUuid(id, field));
    if (!expert) throw notFound('Expert', id, field);
    return expert;
  }

  /** The expert record of a person the caller sees, if any; batched per request. */
  forPerson(ctx: RequestContext, person: PersonEntity): Promise<ExpertEntity | null> {
    return loader(
      ctx,
      EXPERTS_BY_PERSON,
      (ids) => this.repository.findByPersonIds(ids),
      (e) => e.personId,
    ).load(person.id);
  }

  async list(ctx: RequestContext, filter: ExpertFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) assertDivisionCode(filter.regionCode, 'filter.regionCode');
    if (filter.field) expertiseOf([filter.field], 'filter.field');
    if (filter.poolLevel) oneOf(POOL_LEVELS, filter.poolLevel, 'filter.poolLevel');
    if (filter.availability) oneOf(AVAILABILITIES, filter.availability, 'filter.availability');
    if (filter.status) oneOf(EXPERT_STATUSES, filter.status, 'filter.status');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    const rows =
      prefix === null
        ? []
        : await this.repository.list(
            {
              regionPrefix: prefix,
              field: filter.field ?? undefined,
              poolLevel: filter.poolLevel ?? undefined,
              availability: filter.availability ?? undefined,
              status: filter.status ?? undefined,
            },
            page,
          );
    const connection = toConnection(rows, page, listedExpertKey);
    return {
      edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: node.expert })),
      nodes: connection.nodes.map((row) => row.expert),
      pageInfo: connection.pageInfo,
    };
  }

  async admit(ctx: RequestContext, input: AdmitExpertInput): Promise<ExpertEntity> {
    requireWriter(ctx);
    const person = await this.people.requireActive(ctx, input.personId, 'personId');
    requireJurisdiction(ctx, person.regionCode, 'personId');
    const fields = expertiseOf(input.fields, 'fields');
    const title = requiredText(input.title, 'title', 100);
    if (input.poolLevel) oneOf(POOL_LEVELS, input.poolLevel, 'poolLevel');
    const summary = optionalText(input.summary, 'summary', 500);
    if (input.availability) oneOf(AVAILABILITIES, input.availability, 'availability');
    const admittedOn = pastOrToday(input.admittedOn, 'admittedOn');
    return this.writing(ctx, person, async (manager) => {
      if (await this.repository.findByPerson(manager, person.id)) throw expertExists(person);
      const expert = await this.repository.insert(manager, {
        id: randomUUID(),
        personId: person.id,
        fields,
        title,
        poolLevel: input.poolLevel,
        summary,
        availability: input.availability ?? 'AVAILABLE',
        admittedOn,
        status: 'ACTIVE',
        withdrawnOn: null,
        withdrawalReason: null,
      });
      await this.outbox.publish(
        manager,
        ExpertAdmitted,
        expert.id,
        stateOf(expert, person),
        eventContext(ctx),
      );
      return expert;
    });
  }

  async update(ctx: RequestContext, input: UpdateExpertInput): Promise<ExpertEntity> {
    requireWriter(ctx);
    const { expert: current, person } = await this.requireForWriting(ctx, input.id);
    if (input.poolLevel) oneOf(POOL_LEVELS, input.poolLevel, 'poolLevel');
    if (input.availability) oneOf(AVAILABILITIES, input.availability, 'availability');
    return this.writing(ctx, person, async (manager) => {
      const expert = (await this.repository.findForUpdate(manager, current.id))!;
      assertActive(expert);
      const changes = new Set<Change>();
      const set = <K extends 'title' | 'poolLevel' | 'summary' | 'availability' | 'admittedOn'>(
        field: K,
        value: ExpertEntity[K],
      ) => {
        if (expert[field] !== value) changes.add(field);
        expert[field] = value;
      };
      if (input.fields !== undefined && input.fields !== null) {
        const fields = expertiseOf(input.fields, 'fields');
        if (fields.join() !== expert.fields.join()) changes.add('fields');
        expert.fields = fields;
      }
      if (input.title !== undefined && input.title !== null)
        set('title', requiredText(input.title, 'title', 100));
      if (input.poolLevel) set('poolLevel', input.poolLevel);
      if (input.summary !== undefined) set('summary', optionalText(input.summary, 'summary', 500));
      if (input.availability) set('availability', input.availability);
      if (input.admittedOn !== undefined && input.admittedOn !== null) {
        set('admittedOn', pastOrToday(input.admittedOn, 'admittedOn'));
      }
      if (changes.size === 0) return expert;
      const saved = await this.repository.save(manager, expert);
      await this.outbox.publish(
        manager,
        ExpertUpdated,
        saved.id,
        { ...stateOf(saved, person), changes: [...changes] },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async withdraw(ctx: RequestContext, input: WithdrawExpertInput): Promise<ExpertEntity> {
    requireWriter(ctx);
    const reason = requiredText(input.reason, 'reason', 500);
    const withdrawnOn = pastOrToday(input.withdrawnOn ?? chinaToday(), 'withdrawnOn');
    const { expert: current, person } = await this.requireForWriting(ctx, input.id);
    return this.writing(ctx, person, async (manager) => {
      const expert = (await this.repository.findForUpdate(manager, current.id))!;
      assertActive(expert);
      expert.status = 'WITHDRAWN';
      expert.withdrawnOn = checkWithdrawal(withdrawnOn, expert.admittedOn, 'withdrawnOn');
      expert.withdrawalReason = reason;
      const saved = await this.repository.save(manager, expert);
      await this.outbox.publish(
        manager,
        ExpertWithdrawn,
        saved.id,
        { expertId: saved.id, personId: saved.personId, withdrawnOn, reason },
        eventContext(ctx),
      );
      return saved;
    });
  }

  /** The expert `id` and their person, both visible to the caller, who may change things in the person's region. */
  private async requireForWriting(ctx: RequestContext, id: string) {
    const expert = await this.require(ctx, id, 'id');
    const person = (await this.people.get(ctx, expert.personId))!;
    requireJurisdiction(ctx, person.regionCode, 'id');
    return { expert, person };
  }

  /**
   * Runs a change of `person`'s expert record in a transaction, turning a lost race on the person's one record
   * into its domain error, and forgets the record as the request had loaded it.
   */
  private writing(
    ctx: RequestContext,
    person: PersonEntity,
    work: (manager: EntityManager) => Promise<ExpertEntity>,
  ): Promise<ExpertEntity> {
    return write(ctx, this.dataSource, work, {
      constraints: { [PERSON_UNIQUE]: () => expertExists(person) },
      forgets: (saved) => [
        { key: EXPERTS, ids: [saved.id] },
        { key: EXPERTS_BY_PERSON, ids: [person.id] },
      ],
    });
  }
}

/** What ExpertAdmitted and ExpertUpdated carry: the record without its summary, and the person's organisation. */
function stateOf(expert: ExpertEntity, person: PersonEntity): ExpertAdmittedV1 {
  return {
    expertId: expert.id,
    personId: expert.personId,
    organisationId: person.organisationId,
    fields: expert.fields,
    title: expert.title,
    poolLevel: expert.poolLevel,
    availability: expert.availability,
    admittedOn: expert.admittedOn,
  };
}

const expertExists = (person: PersonEntity) =>
  new ExpertException(
    ExpertErrorCode.ExpertExists,
    `${person.name} already has a record in the expert pool; update it instead`,
    { field: 'personId' },
  );

function assertActive(expert: ExpertEntity): void {
  if (expert.status !== 'ACTIVE') {
    throw new ExpertException(
      ExpertErrorCode.Withdrawn,
      `this expert withdrew from the pool on ${expert.withdrawnOn} (${expert.withdrawalReason}); the record is history`,
      { field: 'id' },
    );
  }
}
