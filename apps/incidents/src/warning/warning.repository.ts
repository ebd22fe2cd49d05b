import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { WarningEntity, WarningMessageEntity } from './warning.entity';
import type { WarningLevel, WarningStatus } from './warning-rules';

export interface WarningQuery {
  regionPrefix: string;
  status?: WarningStatus;
  level?: WarningLevel;
  after?: TimeKey;
}

@Injectable()
export class WarningRepository {
  constructor(private readonly dataSource: DataSource) {}

  private warnings(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(WarningEntity);
  }

  private messages(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(WarningMessageEntity);
  }

  findByIds(ids: readonly string[]): Promise<WarningEntity[]> {
    return this.warnings()
      .createQueryBuilder('w')
      .where('w.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  findByIdentifier(identifier: string): Promise<WarningEntity | null> {
    return this.warnings().findOneBy({ identifier });
  }

  /** The warning, locked for the rest of the transaction: every change or lifting takes it first. */
  lock(manager: EntityManager, id: string): Promise<WarningEntity | null> {
    return this.warnings(manager).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * The next sequence number of the messages of `regionCode` sent within the second of `sent` (1 for the first).
   * Takes a transaction-scoped lock on the region first, so two messages of a region are numbered one after the
   * other.
   */
  async nextSequence(manager: EntityManager, regionCode: string, sent: Date): Promise<number> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('warning_message:' || $1))`, [regionCode]);
    const [row] = (await manager.query(
      `SELECT count(*)::int AS n FROM warning_message
       WHERE region_code = $1 AND sent_at >= $2::timestamptz AND sent_at < $2::timestamptz + interval '1 second'`,
      [regionCode, sent.toISOString()],
    )) as { n: number }[];
    return row.n + 1;
  }

  insertWarning(manager: EntityManager, warning: Omit<WarningEntity, 'createdAt'>): Promise<WarningEntity> {
    return this.warnings(manager).save(this.warnings(manager).create(warning));
  }

  /** Saves what a change or the lifting alters: the level, the contents, the status and the message count. */
  async updateWarning(manager: EntityManager, warning: WarningEntity): Promise<WarningEntity> {
    await this.warnings(manager).update(
      { id: warning.id },
      {
        level: warning.level,
        status: warning.status,
        areaDescription: warning.areaDescription,
        headline: warning.headline,
        description: warning.description,
        instruction: warning.instruction,
        expires: warning.expires,
        liftedAt: warning.liftedAt,
        messageCount: warning.messageCount,
      },
    );
    return warning;
  }

  insertMessage(manager: EntityManager, message: WarningMessageEntity): Promise<WarningMessageEntity> {
    return this.messages(manager).save(this.messages(manager).create(message));
  }

  /** The message `sequence` of a warning (the newest when `sequence` is undefined). */
  message(
    warningId: string,
    sequence?: number,
    manager?: EntityManager,
  ): Promise<WarningMessageEntity | null> {
    const qb = this.messages(manager)
      .createQueryBuilder('m')
      .where('m.warning_id = :warningId', { warningId })
      .orderBy('m.sequence', 'DESC')
      .limit(1);
    if (sequence !== undefined) qb.andWhere('m.sequence = :sequence', { sequence });
    return qb.getOne();
  }

  /** Every message of the warnings `warningIds`, oldest first. */
  messagesOf(warningIds: readonly string[]): Promise<WarningMessageEntity[]> {
    return this.messages()
      .createQueryBuilder('m')
      .where('m.warning_id = ANY(:ids::uuid[])', { ids: [...warningIds] })
      .orderBy('m.sequence', 'ASC')
      .getMany();
  }

  /** Keyset page, newest first: ordered by (issued_at, id) descending. */
  list(query: WarningQuery, page: Page): Promise<WarningEntity[]> {
    const qb = this.warnings()
      .createQueryBuilder('w')
      .where('w.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` })
      .orderBy('w.issued_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(page.limit + 1);
    if (query.status) qb.andWhere('w.status = :status', { status: query.status });
    if (query.level) qb.andWhere('w.level = :level', { level: query.level });
    if (query.after) {
      qb.andWhere('(w.issued_at, w.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: query.after.at.toISOString(),
        afterId: query.after.id,
      });
    }
    return qb.getMany();
  }

  private ofIncidents(incidentIds: readonly string[], regionPrefix: string) {
    return this.warnings()
      .createQueryBuilder('w')
      .where('w.incident_id = ANY(:incidentIds::uuid[])', { incidentIds: [...incidentIds] })
      .andWhere('w.region_code LIKE :prefix', { prefix: `${regionPrefix}%` })
      .orderBy('w.issued_at', 'DESC')
      .addOrderBy('w.id', 'DESC');
  }

  /** Keyset page of an incident's warnings (within `regionPrefix`), newest first. */
  listOfIncident(incidentId: string, regionPrefix: string, page: Page, after?: TimeKey) {
    const qb = this.ofIncidents([incidentId], regionPrefix).limit(page.limit + 1);
    if (after) {
      qb.andWhere('(w.issued_at, w.id) < (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    }
    return qb.getMany();
  }

  firstOfIncidents(incidentIds: readonly string[], regionPrefix: string, limit: number) {
    return firstRowsOfEach(this.ofIncidents(incidentIds, regionPrefix), 'w.incident_id', limit).getMany();
  }
}
