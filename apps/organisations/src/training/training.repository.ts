import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, afterKey, type Page } from '@emergency/paging';
import { TrainingRecordEntity, type TrainingCategory, type TrainingResult } from './training-record.entity';
import type { TrainingTotalsRow } from './training-rules';

export interface TrainingRecordQuery {
  regionPrefix?: string;
  personIds?: readonly string[];
  organisationId?: string;
  category?: TrainingCategory;
  result?: TrainingResult;
  /** Inclusive bounds on the completion day, YYYY-MM-DD. */
  completedFrom?: string;
  completedTo?: string;
  includeVoided?: boolean;
}

/** Records are listed newest completion first, then by id (descending too, so one row comparison pages). */
export const trainingRecordKey = (r: TrainingRecordEntity) => [r.completedOn, r.id];

@Injectable()
export class TrainingRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(TrainingRecordEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<TrainingRecordEntity[]> {
    return this.repo()
      .createQueryBuilder('t')
      .where('t.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Reads and locks the record, so two voids of one record queue and the second sees the first. */
  findForUpdate(manager: EntityManager, id: string): Promise<TrainingRecordEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  /** The live (not voided) record holding `certificateNumber` of `provider`, if any. */
  findLiveCertificate(
    manager: EntityManager,
    provider: string,
    certificateNumber: string,
  ): Promise<TrainingRecordEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('t')
      .where('t.provider = :provider AND t.certificate_number = :certificateNumber', {
        provider,
        certificateNumber,
      })
      .andWhere('t.voided_at IS NULL')
      .getOne();
  }

  list(query: TrainingRecordQuery, page: Page): Promise<TrainingRecordEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    const after = afterKey(page, ['date', 'uuid']);
    if (after) {
      qb.andWhere('(t.completed_on, t.id) < (:afterDay::date, :afterId::uuid)', {
        afterDay: after[0],
        afterId: after[1],
      });
    }
    return qb.getMany();
  }

  /** The newest `limit` records of each of `query.personIds`, newest completion first, in one statement. */
  newestOfPeople(query: TrainingRecordQuery, limit: number): Promise<TrainingRecordEntity[]> {
    return firstRowsOfEach(this.query(query), 't.person_id', limit).getMany();
  }

  private query(query: TrainingRecordQuery) {
    const qb = this.repo()
      .createQueryBuilder('t')
      .orderBy('t.completed_on', 'DESC')
      .addOrderBy('t.id', 'DESC');
    if (query.regionPrefix) qb.andWhere('t.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.personIds) qb.andWhere('t.person_id = ANY(:people::uuid[])', { people: [...query.personIds] });
    if (query.organisationId) qb.andWhere('t.organisation_id = :org', { org: query.organisationId });
    if (query.category) qb.andWhere('t.category = :category', { category: query.category });
    if (query.result) qb.andWhere('t.result = :result', { result: query.result });
    if (query.completedFrom) qb.andWhere('t.completed_on >= :from::date', { from: query.completedFrom });
    if (query.completedTo) qb.andWhere('t.completed_on <= :to::date', { to: query.completedTo });
    if (!query.includeVoided) qb.andWhere('t.voided_at IS NULL');
    return qb;
  }

  /**
   * Live records of `organisationId` completed in [from, until), grouped by category plus one total row
   * (category null), in one statement.
   */
  async totals(organisationId: string, from: string, until: string): Promise<TrainingTotalsRow[]> {
    return (await this.dataSource.query(
      `SELECT category, count(*)::int AS records, count(DISTINCT person_id)::int AS people,
              coalesce(sum(hours), 0)::int AS hours
         FROM training_record
        WHERE organisation_id = $1 AND voided_at IS NULL AND completed_on >= $2::date AND completed_on < $3::date
        GROUP BY GROUPING SETS ((category), ())`,
      [organisationId, from, until],
    )) as TrainingTotalsRow[];
  }

  insert(
    manager: EntityManager,
    record: Omit<TrainingRecordEntity, 'recordedAt'>,
  ): Promise<TrainingRecordEntity> {
    return this.repo(manager).save(this.repo(manager).create(record));
  }

  save(manager: EntityManager, record: TrainingRecordEntity): Promise<TrainingRecordEntity> {
    return this.repo(manager).save(record);
  }
}
