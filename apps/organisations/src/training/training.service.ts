import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { TrainingRecorded, TrainingRecordVoided } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  loaderKey,
  badInput,
  eventContext,
  loadById,
  loadPage,
  notFound,
  oneOf,
  optionalText,
  optionalUuid,
  requiredCalendarDate,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { write } from '@emergency/subgraph';
import { inJurisdiction, chinaToday, visibleRegionPrefix } from '@emergency/domain';
import { readPage, type PageArgs } from '@emergency/paging';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import type { PersonEntity } from '../person/person.entity';
import { PersonService } from '../person/person.service';
import { assertDivisionCode } from '../region/region.service';
import {
  TRAINING_CATEGORIES,
  TRAINING_RESULTS,
  type TrainingCategory,
  type TrainingRecordEntity,
  type TrainingResult,
} from './training-record.entity';
import { TrainingErrorCode, TrainingException } from './training.exception';
import { trainingRecordKey, TrainingRepository } from './training.repository';
import {
  checkHours,
  checkTrainingPeriod,
  summariseTraining,
  yearRange,
  type TrainingTotals,
} from './training-rules';

export interface RecordTrainingInput {
  personId: string;
  courseTitle: string;
  category: TrainingCategory;
  provider: string;
  startedOn: string;
  completedOn: string;
  hours: number;
  result: TrainingResult;
  certificateNumber?: string | null;
}

export interface TrainingRecordFilter {
  personId?: string | null;
  organisationId?: string | null;
  regionCode?: string | null;
  category?: TrainingCategory | null;
  result?: TrainingResult | null;
  completedFrom?: string | null;
  completedTo?: string | null;
  includeVoided?: boolean | null;
}

export interface TrainingSummary extends TrainingTotals {
  organisation: OrganisationEntity;
  year: number;
}

/** The database's unique index on a provider's live certificate numbers; a race past the check ends here. */
const CERTIFICATE_UNIQUE = 'training_record_certificate_key';

/**
 * Training records. A record belongs to the organisation the person was in when it was recorded, and is seen
 * by whoever has that organisation's region in their jurisdiction, even after the person moves on.
 */
/** Request-scoped first pages of `Person.trainingRecords`. */
const RECORDS_OF_PERSON = loaderKey<TrainingRecordEntity[]>('Person.trainingRecords');

/** Training records by id, for this request. */
const RECORDS = loaderKey<TrainingRecordEntity>('TrainingRecord');

@Injectable()
export class TrainingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TrainingRepository,
    private readonly people: PersonService,
    private readonly organisations: OrganisationService,
    private readonly outbox: Outbox,
  ) {}

  /** A record for the caller, batched per request; hidden when its organisation is outside the jurisdiction. */
  async get(ctx: RequestContext, id: string): Promise<TrainingRecordEntity | null> {
    const record = await loadById(ctx, RECORDS, (ids) => this.repository.findByIds(ids), id);
    return record && inJurisdiction(ctx.identity, record.regionCode) ? record : null;
  }

  async list(ctx: RequestContext, filter: TrainingRecordFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) assertDivisionCode(filter.regionCode, 'filter.regionCode');
    if (filter.category && !TRAINING_CATEGORIES.includes(filter.category))
      throw badInput('unknown category', 'filter.category');
    if (filter.result && !TRAINING_RESULTS.includes(filter.result))
      throw badInput('unknown result', 'filter.result');
    const completedFrom = filter.completedFrom
      ? requiredCalendarDate(filter.completedFrom, 'filter.completedFrom')
      : undefined;
    const completedTo = filter.completedTo
      ? requiredCalendarDate(filter.completedTo, 'filter.completedTo')
      : undefined;
    if (completedFrom && completedTo && completedFrom > completedTo) {
      throw badInput('filter.completedFrom must not be after filter.completedTo', 'filter.completedFrom');
    }
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, trainingRecordKey);
    const personId = optionalUuid(filter.personId, 'filter.personId');
    const rows = await this.repository.list(
      {
        regionPrefix: prefix,
        personIds: personId ? [personId] : undefined,
        organisationId: optionalUuid(filter.organisationId, 'filter.organisationId'),
        category: filter.category ?? undefined,
        result: filter.result ?? undefined,
        completedFrom,
        completedTo,
        includeVoided: filter.includeVoided ?? false,
      },
      page,
    );
    return toConnection(rows, page, trainingRecordKey);
  }

  /** A person's live records the caller may see, newest completion first. */
  async ofPerson(ctx: RequestContext, person: PersonEntity, args: PageArgs) {
    const page = readPage(args);
    const regionPrefix = visibleRegionPrefix(ctx.identity);
    if (regionPrefix === null) return toConnection([], page, trainingRecordKey);
    const rows = await loadPage(ctx, RECORDS_OF_PERSON, page, person.id, {
      firstPages: (personIds, limit) => this.repository.newestOfPeople({ regionPrefix, personIds }, limit),
      parentOf: (t) => t.personId,
      nextPage: () => this.repository.list({ regionPrefix, personIds: [person.id] }, page),
    });
    return toConnection(rows, page, trainingRecordKey);
  }

  /** Compliance totals of an organisation's live records completed in `year` (calendar days in China). */
  async summary(ctx: RequestContext, organisationId: string, year: number): Promise<TrainingSummary> {
    const organisation = await this.organisations.require(
      ctx,
      requiredUuid(organisationId, 'organisationId'),
      'organisationId',
    );
    const { from, until } = yearRange(year);
    const rows = await this.repository.totals(organisation.id, from, until);
    return { organisation, year, ...summariseTraining(rows) };
  }

  async record(ctx: RequestContext, input: RecordTrainingInput): Promise<TrainingRecordEntity> {
    requireWriter(ctx);
    const person = await this.people.requireActive(ctx, input.personId, 'personId');
    requireJurisdiction(ctx, person.regionCode, 'personId');
    const courseTitle = requiredText(input.courseTitle, 'courseTitle', 200);
    oneOf(TRAINING_CATEGORIES, input.category, 'category');
    const provider = requiredText(input.provider, 'provider', 200);
    const { startedOn, completedOn } = checkTrainingPeriod(input.startedOn, input.completedOn, chinaToday());
    const hours = checkHours(input.hours);
    oneOf(TRAINING_RESULTS, input.result, 'result');
    const certificateNumber = optionalText(input.certificateNumber, 'certificateNumber', 100);
    return this.writing(ctx, async (manager) => {
      if (certificateNumber) await this.assertCertificateFree(manager, provider, certificateNumber);
      const record = await this.repository.insert(manager, {
        id: randomUUID(),
        personId: person.id,
        organisationId: person.organisationId,
        regionCode: person.regionCode,
        courseTitle,
        category: input.category,
        provider,
        startedOn,
        completedOn,
        hours,
        result: input.result,
        certificateNumber,
        voidedAt: null,
        voidReason: null,
      });
      await this.outbox.publish(
        manager,
        TrainingRecorded,
        record.id,
        {
          trainingRecordId: record.id,
          personId: record.personId,
          organisationId: record.organisationId,
          regionCode: record.regionCode,
          courseTitle,
          category: record.category,
          provider,
          startedOn,
          completedOn,
          hours,
          result: record.result,
          certified: certificateNumber !== null,
        },
        eventContext(ctx),
      );
      return record;
    });
  }

  /** Voids a wrong record: it is kept with the reason, hidden from lists and summaries by default. */
  async void(ctx: RequestContext, id: string, reason: string): Promise<TrainingRecordEntity> {
    requireWriter(ctx);
    const current = await this.get(ctx, requiredUuid(id, 'id'));
    if (!current) throw notFound('TrainingRecord', id, 'id');
    requireJurisdiction(ctx, current.regionCode, 'id');
    const why = requiredText(reason, 'reason', 500);
    const change = async (manager: EntityManager) => {
      const record = (await this.repository.findForUpdate(manager, current.id))!;
      if (record.voidedAt) {
        throw new TrainingException(
          TrainingErrorCode.AlreadyVoided,
          `training record ${record.id} was already voided on ${record.voidedAt.toISOString()}`,
          { field: 'id' },
        );
      }
      record.voidedAt = new Date();
      record.voidReason = why;
      const saved = await this.repository.save(manager, record);
      await this.outbox.publish(
        manager,
        TrainingRecordVoided,
        saved.id,
        {
          trainingRecordId: saved.id,
          personId: saved.personId,
          organisationId: saved.organisationId,
          reason: why,
          voidedAt: saved.voidedAt!.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    };
    return write(ctx, this.dataSource, change, { forgets: [{ key: RECORDS, ids: [current.id] }] });
  }

  private async assertCertificateFree(manager: EntityManager, provider: string, certificateNumber: string) {
    if (await this.repository.findLiveCertificate(manager, provider, certificateNumber))
      throw duplicateCertificate(provider);
  }

  /** Runs a change in a transaction, turning a lost race on a certificate number into its domain error. */
  private writing<T>(ctx: RequestContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return write(ctx, this.dataSource, work, {
      constraints: { [CERTIFICATE_UNIQUE]: () => duplicateCertificate() },
    });
  }
}

const duplicateCertificate = (provider?: string) =>
  new TrainingException(
    TrainingErrorCode.DuplicateCertificate,
    `${provider ?? 'this provider'} already has a training record with this certificate number`,
    { field: 'certificateNumber' },
  );
