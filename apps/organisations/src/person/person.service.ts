import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonRegistered, PersonUpdated, type PersonUpdatedV1 } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  variantOf,
  loaderKey,
  eventContext,
  loadById,
  loadPage,
  notFound,
  oneOf,
  optionalText,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { write, type WriteOptions } from '@emergency/subgraph';
import { inJurisdiction, visibleRegionPrefix } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import { OrganisationDissolutions } from '../organisation/organisation-dissolutions';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import { assertDivisionCode } from '../region/region.service';
import { PERSON_STATUSES, type PersonEntity, type PersonStatus } from './person.entity';
import { PersonDepartures } from './person-departures';
import { PersonErrorCode, PersonException } from './person.exception';
import { personKey, PersonRepository } from './person.repository';
import { isIdNumber, isPhoneNumber } from './personal-data';

export interface RegisterPersonInput {
  organisationId: string;
  name: string;
  post?: string | null;
  phone?: string | null;
  idNumber?: string | null;
}

export interface UpdatePersonInput {
  id: string;
  name?: string | null;
  /** Absent: unchanged; null: cleared. */
  post?: string | null;
  phone?: string | null;
  idNumber?: string | null;
  /** Moves the person to another organisation. */
  organisationId?: string | null;
  status?: PersonStatus | null;
}

export interface PersonFilter {
  organisationId?: string | null;
  regionCode?: string | null;
  status?: PersonStatus | null;
  nameContains?: string | null;
}

/** The database's unique index on id_number; a race past the service's check ends here. */
const ID_NUMBER_UNIQUE = 'person_id_number_key';

/** Request-scoped first pages of `Organisation.people`. */
const PEOPLE_OF_ORGANISATION = loaderKey<PersonEntity[]>('Organisation.people');

/** People by id, for this request. */
const PEOPLE = loaderKey<PersonEntity>('Person');

@Injectable()
export class PersonService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PersonRepository,
    private readonly organisations: OrganisationService,
    private readonly outbox: Outbox,
    private readonly departures: PersonDepartures,
    private readonly dissolutions: OrganisationDissolutions,
  ) {}

  onModuleInit() {
    // An organisation's staff must leave or move before it is dissolved.
    this.dissolutions.register({
      stillInUse: async (manager, organisation) => ({
        activePeople: await this.repository.countActive(manager, organisation.id),
      }),
    });
  }

  /** A person for the caller, batched per request; hidden when their organisation is outside the jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<PersonEntity | null> {
    const person = await this.load(ctx, id);
    return person && inJurisdiction(ctx.identity, person.regionCode) ? person : null;
  }

  /**
   * A person whatever the caller's jurisdiction, batched per request: for showing who a record the caller may see
   * points at (the prefecture leader on duty at a county office), never for finding people. Their personal data
   * stays masked unless the caller may see it (`maySeePersonalData`).
   */
  load(ctx: RequestContext, id: string): Promise<PersonEntity | null> {
    return loadById(ctx, PEOPLE, (ids) => this.repository.findByIds(ids), id);
  }

  /** The person `id`, visible to the caller, or NOT_FOUND naming `field`. */
  async require(ctx: RequestContext, id: string, field = 'id'): Promise<PersonEntity> {
    const person = await this.get(ctx, requiredUuid(id, field));
    if (!person) throw notFound('Person', id, field);
    return person;
  }

  /** {@link require}, still with their organisation (PERSON_LEFT otherwise), for rules that assign people. */
  async requireActive(ctx: RequestContext, id: string, field: string): Promise<PersonEntity> {
    const person = await this.require(ctx, id, field);
    if (person.status !== 'ACTIVE') {
      throw new PersonException(PersonErrorCode.PersonLeft, `${person.name} has left their organisation`, {
        field,
      });
    }
    return person;
  }

  /**
   * Holds people's rows until the transaction ends and says which are still ACTIVE. A departure holds its
   * person's row FOR UPDATE while it ends their roles, so a transaction giving someone a role either sees a
   * departure that committed first, or makes the departure wait and end what it adds: no role outlives a departure.
   * With `skipLocked`, people whose row is held for a change right now are left out instead of waited for.
   */
  hold(
    manager: EntityManager,
    ids: readonly string[],
    skipLocked = false,
  ): Promise<Map<string, PersonStatus>> {
    return this.repository.hold(manager, ids, skipLocked);
  }

  /** {@link hold}, refusing with PERSON_LEFT (naming `fieldOf(person)`) anyone who left since they were read. */
  async holdActive(
    manager: EntityManager,
    people: readonly PersonEntity[],
    fieldOf: (person: PersonEntity) => string,
  ): Promise<void> {
    const statuses = await this.hold(
      manager,
      people.map((p) => p.id),
    );
    const gone = people.find((p) => statuses.get(p.id) !== 'ACTIVE');
    if (gone) {
      throw new PersonException(PersonErrorCode.PersonLeft, `${gone.name} has left their organisation`, {
        field: fieldOf(gone),
      });
    }
  }

  async list(ctx: RequestContext, filter: PersonFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) assertDivisionCode(filter.regionCode, 'filter.regionCode');
    if (filter.status) oneOf(PERSON_STATUSES, filter.status, 'filter.status');
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, personKey);
    const rows = await this.repository.list(
      {
        regionPrefix: prefix,
        organisationIds: filter.organisationId
          ? [requiredUuid(filter.organisationId, 'filter.organisationId')]
          : undefined,
        status: filter.status ?? undefined,
        nameContains: filter.nameContains?.trim() || undefined,
      },
      page,
    );
    return toConnection(rows, page, personKey);
  }

  /**
   * An organisation's people the caller may see, by name; the first page of every organisation in the request
   * is loaded in one statement.
   */
  async ofOrganisation(
    ctx: RequestContext,
    organisation: OrganisationEntity,
    status: PersonStatus | null | undefined,
    args: PageArgs,
  ) {
    const page = readPage(args);
    if (status) oneOf(PERSON_STATUSES, status, 'filter.status');
    const regionPrefix = visibleRegionPrefix(ctx.identity);
    if (regionPrefix === null) return toConnection([], page, personKey);
    const query = { regionPrefix, status: status ?? undefined };
    const rows = await loadPage(ctx, variantOf(PEOPLE_OF_ORGANISATION, status), page, organisation.id, {
      firstPages: (organisationIds, limit) =>
        this.repository.firstOfOrganisations({ ...query, organisationIds }, limit),
      parentOf: (p) => p.organisationId,
      nextPage: () => this.repository.list({ ...query, organisationIds: [organisation.id] }, page),
    });
    return toConnection(rows, page, personKey);
  }

  async register(ctx: RequestContext, input: RegisterPersonInput): Promise<PersonEntity> {
    requireWriter(ctx);
    const organisation = await this.organisations.requireActiveForWriting(
      ctx,
      input.organisationId,
      'organisationId',
    );
    const name = requiredText(input.name, 'name', 100);
    const post = optionalText(input.post, 'post', 100);
    const phone = checkPhone(input.phone);
    const idNumber = checkIdNumber(input.idNumber);
    return this.writing(ctx, [], async (manager) => {
      // An organisation dissolved since it was read counted nobody of this transaction: refuse, do not slip in.
      await this.organisations.holdActive(manager, organisation, 'organisationId');
      if (idNumber) await this.assertIdNumberFree(manager, idNumber);
      const person = await this.repository.insert(manager, {
        id: randomUUID(),
        name,
        organisationId: organisation.id,
        regionCode: organisation.regionCode,
        post,
        phone,
        idNumber,
        status: 'ACTIVE',
      });
      await this.outbox.publish(
        manager,
        PersonRegistered,
        person.id,
        { personId: person.id, organisationId: organisation.id, name, post },
        eventContext(ctx),
      );
      return person;
    });
  }

  async update(ctx: RequestContext, input: UpdatePersonInput): Promise<PersonEntity> {
    requireWriter(ctx);
    const current = await this.require(ctx, input.id);
    requireJurisdiction(ctx, current.regionCode, 'id');
    const target =
      input.organisationId && input.organisationId.toLowerCase() !== current.organisationId
        ? await this.organisations.requireActiveForWriting(ctx, input.organisationId, 'organisationId')
        : undefined;
    if (input.status) oneOf(PERSON_STATUSES, input.status, 'status');
    const forgets = (saved: PersonEntity) => [{ key: PEOPLE, ids: [saved.id] }];
    return this.writing(ctx, forgets, async (manager) => {
      const person = (await this.repository.findForUpdate(manager, current.id))!;
      if (target) await this.organisations.holdActive(manager, target, 'organisationId');
      const changes = new Set<PersonUpdatedV1['changes'][number]>();
      const set = <K extends 'name' | 'post' | 'phone' | 'idNumber' | 'status'>(
        field: K,
        value: PersonEntity[K],
        change: PersonUpdatedV1['changes'][number],
      ) => {
        if (person[field] !== value) changes.add(change);
        person[field] = value;
      };
      if (input.name !== undefined && input.name !== null)
        set('name', requiredText(input.name, 'name', 100), 'name');
      if (input.post !== undefined) set('post', optionalText(input.post, 'post', 100), 'post');
      if (input.phone !== undefined) set('phone', checkPhone(input.phone), 'personalData');
      if (input.idNumber !== undefined) {
        const idNumber = checkIdNumber(input.idNumber);
        if (idNumber && idNumber !== person.idNumber) await this.assertIdNumberFree(manager, idNumber);
        set('idNumber', idNumber, 'personalData');
      }
      const leaving = input.status === 'LEFT' && person.status === 'ACTIVE';
      if (input.status) set('status', input.status, 'status');
      if (target) {
        person.organisationId = target.id;
        person.regionCode = target.regionCode;
        changes.add('organisationId');
      }
      if (changes.size === 0) return person;
      const saved = await this.repository.save(manager, person);
      if (leaving) await this.departures.leaving(ctx, manager, saved);
      await this.outbox.publish(
        manager,
        PersonUpdated,
        saved.id,
        {
          personId: saved.id,
          organisationId: saved.organisationId,
          name: saved.name,
          post: saved.post,
          status: saved.status,
          changes: [...changes],
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  private async assertIdNumberFree(manager: EntityManager, idNumber: string) {
    if (await this.repository.findByIdNumber(manager, idNumber)) throw duplicateIdNumber();
  }

  /**
   * Runs a change in a transaction, turning a lost race on the identity number into its domain error, and
   * forgets what it changed.
   */
  private writing<T>(
    ctx: RequestContext,
    forgets: WriteOptions<T>['forgets'],
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return write(ctx, this.dataSource, work, {
      constraints: { [ID_NUMBER_UNIQUE]: duplicateIdNumber },
      forgets,
    });
  }
}

const duplicateIdNumber = () =>
  new PersonException(PersonErrorCode.DuplicateIdNumber, 'another person already has this identity number', {
    field: 'idNumber',
  });

function checkPhone(value: string | null | undefined): string | null {
  const phone = value?.trim().replace(/\s+/g, '');
  if (!phone) return null;
  if (!isPhoneNumber(phone)) {
    throw new PersonException(
      PersonErrorCode.InvalidPhone,
      'phone must be a mobile number (13812345678) or a landline with its area code (027-87654321)',
      { field: 'phone' },
    );
  }
  return phone;
}

function checkIdNumber(value: string | null | undefined): string | null {
  const idNumber = value?.trim().toUpperCase();
  if (!idNumber) return null;
  if (!isIdNumber(idNumber)) {
    throw new PersonException(
      PersonErrorCode.InvalidIdNumber,
      'idNumber must be an 18-character resident identity number with a valid birth date and check character',
      { field: 'idNumber' },
    );
  }
  return idNumber;
}
