import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { lockKey } from '@emergency/database';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { DutyShiftEntity, type DutyRole } from './duty-shift.entity';

export interface DutyShiftQuery {
  regionPrefix?: string;
  organisationIds?: readonly string[];
  personId?: string;
  role?: DutyRole;
  /** Only shifts still running at or after this instant. */
  from?: Date;
  /** Only shifts starting before this instant. */
  to?: Date;
  includeCancelled?: boolean;
}

export interface ShiftCandidate {
  personId: string;
  startsAt: Date;
  endsAt: Date;
}

// Shifts last at most 24 hours (the service refuses longer ones; the table's check constraint agrees), so a shift
// running at an instant started less than 24 hours before it: the bound keeps time lookups on the indexes.
const MAX_SHIFT = `interval '24 hours'`;

// Namespaces of the advisory locks on one person's shifts and on one organisation's roster.
const PERSON_LOCK = 0x647570;
const ORGANISATION_LOCK = 0x647574;

@Injectable()
export class DutyRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(DutyShiftEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<DutyShiftEntity[]> {
    return this.repo()
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  findForUpdate(manager: EntityManager, id: string): Promise<DutyShiftEntity | null> {
    return this.repo(manager)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  /** Shifts by start, then id. */
  list(query: DutyShiftQuery, page: Page, after?: TimeKey): Promise<DutyShiftEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    if (after)
      qb.andWhere('(s.starts_at, s.id) > (:afterAt, :afterId::uuid)', {
        afterAt: after.at,
        afterId: after.id,
      });
    return qb.getMany();
  }

  /** The first `limit` shifts of each of `query.organisationIds`, by start, in one statement. */
  firstOfOrganisations(query: DutyShiftQuery, limit: number): Promise<DutyShiftEntity[]> {
    return firstRowsOfEach(this.query(query), 's.organisation_id', limit).getMany();
  }

  private query(query: DutyShiftQuery) {
    const qb = this.repo().createQueryBuilder('s').orderBy('s.starts_at', 'ASC').addOrderBy('s.id', 'ASC');
    if (query.regionPrefix) qb.andWhere('s.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.organisationIds) {
      qb.andWhere('s.organisation_id = ANY(:orgs::uuid[])', { orgs: [...query.organisationIds] });
    }
    if (query.personId) qb.andWhere('s.person_id = :person', { person: query.personId });
    if (query.role) qb.andWhere('s.role = :role', { role: query.role });
    if (query.from) qb.andWhere('s.ends_at > :from', { from: query.from });
    if (query.to) qb.andWhere('s.starts_at < :to', { to: query.to });
    if (!query.includeCancelled) qb.andWhere('s.cancelled_at IS NULL');
    return qb;
  }

  /** The non-cancelled shifts of each of `organisationIds` running at `at`, in one statement. */
  runningAt(organisationIds: readonly string[], at: Date): Promise<DutyShiftEntity[]> {
    return this.repo()
      .createQueryBuilder('s')
      .where('s.organisation_id = ANY(:ids::uuid[])', { ids: [...organisationIds] })
      .andWhere('s.cancelled_at IS NULL')
      .andWhere(`s.starts_at <= :at AND s.starts_at > :at::timestamptz - ${MAX_SHIFT} AND s.ends_at > :at`, {
        at,
      })
      .orderBy('s.starts_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
  }

  /** The non-cancelled shifts of an organisation (in `role`, if given) that share an instant with [from, to). */
  covering(
    organisationId: string,
    from: Date,
    to: Date,
    role?: DutyRole,
    manager?: EntityManager,
  ): Promise<DutyShiftEntity[]> {
    const qb = this.repo(manager)
      .createQueryBuilder('s')
      .where('s.organisation_id = :org', { org: organisationId })
      .andWhere('s.cancelled_at IS NULL')
      .andWhere(
        `s.starts_at < :to AND s.starts_at > :from::timestamptz - ${MAX_SHIFT} AND s.ends_at > :from`,
        {
          from,
          to,
        },
      )
      .orderBy('s.starts_at', 'ASC')
      .addOrderBy('s.id', 'ASC');
    if (role) qb.andWhere('s.role = :role', { role });
    return qb.getMany();
  }

  /**
   * Serialises every schedule of one person until the transaction ends, at any organisation: the overlap check
   * that follows sees every shift committed before, and no other transaction adds one until this one commits.
   */
  async lockPerson(manager: EntityManager, personId: string): Promise<void> {
    await lockKey(manager, PERSON_LOCK, personId);
  }

  /**
   * Serialises schedules and cancellations at one organisation until the transaction ends, so the gaps a
   * cancellation reports are computed against every other change there. Taken after the person locks; a
   * departure takes several, by organisation id.
   */
  async lockOrganisation(manager: EntityManager, organisationId: string): Promise<void> {
    await lockKey(manager, ORGANISATION_LOCK, organisationId);
  }

  /**
   * The organisations where `personId` has shifts neither cancelled nor started at `now`, by id: the order in which
   * a departure takes their locks.
   */
  async upcomingOrganisationIds(manager: EntityManager, personId: string, now: Date): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT DISTINCT organisation_id AS id FROM duty_shift
        WHERE person_id = $1 AND cancelled_at IS NULL AND starts_at > $2
        ORDER BY organisation_id`,
      [personId, now.toISOString()],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The shifts of `personId` neither cancelled nor started at `now`, locked: by organisation, start, then id. */
  upcomingOfPersonForUpdate(manager: EntityManager, personId: string, now: Date): Promise<DutyShiftEntity[]> {
    return this.repo(manager)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.person_id = :personId', { personId })
      .andWhere('s.cancelled_at IS NULL')
      .andWhere('s.starts_at > :now', { now })
      .orderBy('s.organisation_id', 'ASC')
      .addOrderBy('s.starts_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
  }

  /** How many shifts at the organisation are neither cancelled nor ended at `now` (running or to come). */
  countStanding(manager: EntityManager, organisationId: string, now: Date): Promise<number> {
    return this.repo(manager)
      .createQueryBuilder('s')
      .where('s.organisation_id = :org', { org: organisationId })
      .andWhere('s.cancelled_at IS NULL')
      .andWhere(`s.starts_at > :now::timestamptz - ${MAX_SHIFT} AND s.ends_at > :now`, { now })
      .getCount();
  }

  /**
   * For each candidate (by its index), the non-cancelled shifts of the same person it would overlap, in one
   * statement: by candidate, then start.
   */
  async overlapping(
    manager: EntityManager,
    candidates: readonly ShiftCandidate[],
  ): Promise<{ index: number; shift: DutyShiftEntity }[]> {
    const rows = (await manager.query(
      `SELECT c.ord::int - 1 AS index, s.id
         FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[])
              WITH ORDINALITY AS c(person_id, starts_at, ends_at, ord)
         JOIN duty_shift s
           ON s.person_id = c.person_id
          AND s.cancelled_at IS NULL
          AND s.starts_at < c.ends_at
          AND s.starts_at > c.starts_at - ${MAX_SHIFT}
          AND s.ends_at > c.starts_at
        ORDER BY c.ord, s.starts_at, s.id`,
      [
        candidates.map((c) => c.personId),
        candidates.map((c) => c.startsAt.toISOString()),
        candidates.map((c) => c.endsAt.toISOString()),
      ],
    )) as { index: number; id: string }[];
    if (rows.length === 0) return [];
    const found = await this.repo(manager).findBy({ id: In(rows.map((r) => r.id)) });
    const shifts = new Map(found.map((s) => [s.id, s]));
    return rows.map((r) => ({ index: r.index, shift: shifts.get(r.id)! }));
  }

  insertAll(
    manager: EntityManager,
    shifts: Omit<DutyShiftEntity, 'createdAt'>[],
  ): Promise<DutyShiftEntity[]> {
    return this.repo(manager).save(shifts.map((s) => this.repo(manager).create(s)));
  }

  save(manager: EntityManager, shift: DutyShiftEntity): Promise<DutyShiftEntity> {
    return this.repo(manager).save(shift);
  }
}
