import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { firstRowsOfEach, afterKey, type Page } from '@emergency/paging';
import { OrganisationEntity } from '../organisation/organisation.entity';
import { LeadingGroupChangeEntity } from './leading-group-change.entity';
import {
  LEADING_GROUP_ROLES,
  LeadingGroupMembershipEntity,
  type LeadingGroupRole,
} from './leading-group-membership.entity';
import { LeadingGroupEntity, type LeadingGroupKind } from './leading-group.entity';

export interface LeadingGroupQuery {
  regionPrefix?: string;
  organisationIds?: readonly string[];
  kind?: LeadingGroupKind;
}

export interface MembershipQuery {
  role?: LeadingGroupRole;
  includeEnded: boolean;
}

/** Groups are listed like organisations: region code, then name, then id. */
export const leadingGroupKey = (g: LeadingGroupEntity) => [g.regionCode, g.name, g.id];

/** Memberships are listed leader first, then deputies, office director and members, each by appointment. */
export const roleRank = (role: LeadingGroupRole) => LEADING_GROUP_ROLES.indexOf(role) + 1;
export const membershipKey = (m: LeadingGroupMembershipEntity) => [
  String(roleRank(m.role)),
  m.appointedAt.toISOString(),
  m.id,
];
export const compareMemberships = (a: LeadingGroupMembershipEntity, b: LeadingGroupMembershipEntity) =>
  roleRank(a.role) - roleRank(b.role) ||
  a.appointedAt.getTime() - b.appointedAt.getTime() ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The SQL twin of {@link roleRank}. */
const RANK_SQL = `array_position(ARRAY[${LEADING_GROUP_ROLES.map((r) => `'${r}'`).join(', ')}]::text[], m.role)`;

@Injectable()
export class LeadingGroupRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo<T extends ObjectLiteral>(entity: EntityTarget<T>, manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(entity);
  }

  /**
   * The database's clock, cut to milliseconds so times read back into JavaScript Dates (and cursors) compare
   * exactly with the stored ones. Read after the group lock, so a change is never dated before the one it
   * follows.
   */
  async now(manager: EntityManager): Promise<Date> {
    const [row] = (await manager.query(`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`)) as {
      now: Date;
    }[];
    return row!.now;
  }

  // Groups

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<LeadingGroupEntity[]> {
    return this.repo(LeadingGroupEntity)
      .createQueryBuilder('g')
      .where('g.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Reads and locks the group row: every change to a group's members queues behind the one before it. */
  lock(manager: EntityManager, id: string): Promise<LeadingGroupEntity | null> {
    return this.repo(LeadingGroupEntity, manager)
      .createQueryBuilder('g')
      .setLock('pessimistic_write')
      .where('g.id = :id', { id })
      .getOne();
  }

  /**
   * The groups `personId` holds a current membership of, leaving out those of dissolved organisations (kept as
   * they were), in id order: the order a departure locks them in, so two departures never wait on each other.
   */
  liveGroupsOf(manager: EntityManager, personId: string): Promise<LeadingGroupEntity[]> {
    return this.repo(LeadingGroupEntity, manager)
      .createQueryBuilder('g')
      .innerJoin(OrganisationEntity, 'o', 'o.id = g.organisation_id')
      .where(`o.status = 'ACTIVE'`)
      .andWhere(
        `EXISTS (SELECT 1 FROM leading_group_membership m
                 WHERE m.group_id = g.id AND m.person_id = :personId AND m.ended_at IS NULL)`,
        { personId },
      )
      .orderBy('g.id', 'ASC')
      .getMany();
  }

  findByName(
    manager: EntityManager,
    organisationId: string,
    name: string,
  ): Promise<LeadingGroupEntity | null> {
    return this.repo(LeadingGroupEntity, manager).findOneBy({ organisationId, name });
  }

  list(query: LeadingGroupQuery, page: Page): Promise<LeadingGroupEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    const after = afterKey(page, 3);
    if (after) {
      qb.andWhere('(g.region_code, g.name, g.id) > (:afterRegion, :afterName, :afterId::uuid)', {
        afterRegion: after[0],
        afterName: after[1],
        afterId: after[2],
      });
    }
    return qb.getMany();
  }

  /** The first `limit` groups of each of `organisationIds`, in listing order, in one statement. */
  firstOfOrganisations(organisationIds: readonly string[], limit: number): Promise<LeadingGroupEntity[]> {
    return firstRowsOfEach(this.query({ organisationIds }), 'g.organisation_id', limit).getMany();
  }

  private query(query: LeadingGroupQuery) {
    const qb = this.repo(LeadingGroupEntity)
      .createQueryBuilder('g')
      .orderBy('g.region_code', 'ASC')
      .addOrderBy('g.name', 'ASC')
      .addOrderBy('g.id', 'ASC');
    if (query.regionPrefix) qb.andWhere('g.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.organisationIds) {
      qb.andWhere('g.organisation_id = ANY(:orgs::uuid[])', { orgs: [...query.organisationIds] });
    }
    if (query.kind) qb.andWhere('g.kind = :kind', { kind: query.kind });
    return qb;
  }

  insertGroup(
    manager: EntityManager,
    group: Omit<LeadingGroupEntity, 'updatedAt'>,
  ): Promise<LeadingGroupEntity> {
    return this.repo(LeadingGroupEntity, manager).save(this.repo(LeadingGroupEntity, manager).create(group));
  }

  saveGroup(manager: EntityManager, group: LeadingGroupEntity): Promise<LeadingGroupEntity> {
    return this.repo(LeadingGroupEntity, manager).save(group);
  }

  // People

  // Memberships

  /** The current memberships of all of `groupIds`, in listing order, in one statement. */
  currentOfGroups(groupIds: readonly string[]): Promise<LeadingGroupMembershipEntity[]> {
    return this.currentQuery(this.dataSource.manager)
      .where('m.group_id = ANY(:ids::uuid[])', { ids: [...groupIds] })
      .andWhere('m.ended_at IS NULL')
      .getMany();
  }

  /** A group's current memberships inside `manager`'s transaction (read under the group lock). */
  currentOfGroup(manager: EntityManager, groupId: string): Promise<LeadingGroupMembershipEntity[]> {
    return this.currentQuery(manager)
      .where('m.group_id = :groupId', { groupId })
      .andWhere('m.ended_at IS NULL')
      .getMany();
  }

  /** The current memberships of all of `personIds`, whatever the group, in one statement. */
  currentOfPeople(personIds: readonly string[]): Promise<LeadingGroupMembershipEntity[]> {
    return this.repo(LeadingGroupMembershipEntity)
      .createQueryBuilder('m')
      .where('m.person_id = ANY(:ids::uuid[])', { ids: [...personIds] })
      .andWhere('m.ended_at IS NULL')
      .orderBy('m.appointed_at', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
  }

  private currentQuery(manager: EntityManager) {
    return this.repo(LeadingGroupMembershipEntity, manager)
      .createQueryBuilder('m')
      .orderBy(RANK_SQL, 'ASC')
      .addOrderBy('m.appointed_at', 'ASC')
      .addOrderBy('m.id', 'ASC');
  }

  listMemberships(
    groupId: string,
    query: MembershipQuery,
    page: Page,
  ): Promise<LeadingGroupMembershipEntity[]> {
    const qb = this.memberships([groupId], query).limit(page.limit + 1);
    const after = afterKey(page, ['int', 'time', 'uuid']);
    if (after) {
      qb.andWhere(
        `(${RANK_SQL}, m.appointed_at, m.id) > (:afterRank::int, :afterAt::timestamptz, :afterId::uuid)`,
        {
          afterRank: after[0],
          afterAt: after[1],
          afterId: after[2],
        },
      );
    }
    return qb.getMany();
  }

  /** The first `limit` memberships of each of `groupIds`, in listing order, in one statement. */
  firstMemberships(
    groupIds: readonly string[],
    query: MembershipQuery,
    limit: number,
  ): Promise<LeadingGroupMembershipEntity[]> {
    return firstRowsOfEach(this.memberships(groupIds, query), 'm.group_id', limit).getMany();
  }

  private memberships(groupIds: readonly string[], query: MembershipQuery) {
    const qb = this.currentQuery(this.dataSource.manager).where('m.group_id = ANY(:groupIds::uuid[])', {
      groupIds: [...groupIds],
    });
    if (!query.includeEnded) qb.andWhere('m.ended_at IS NULL');
    if (query.role) qb.andWhere('m.role = :role', { role: query.role });
    return qb;
  }

  async insertMembership(
    manager: EntityManager,
    membership: LeadingGroupMembershipEntity,
  ): Promise<LeadingGroupMembershipEntity> {
    await this.repo(LeadingGroupMembershipEntity, manager).insert(membership);
    return membership;
  }

  async endMembership(
    manager: EntityManager,
    membership: LeadingGroupMembershipEntity,
    endedAt: Date,
    endReason: string,
  ): Promise<LeadingGroupMembershipEntity> {
    await this.repo(LeadingGroupMembershipEntity, manager).update(
      { id: membership.id },
      { endedAt, endReason },
    );
    return { ...membership, endedAt, endReason };
  }

  // History

  async insertChange(manager: EntityManager, change: Omit<LeadingGroupChangeEntity, 'seq'>): Promise<void> {
    await this.repo(LeadingGroupChangeEntity, manager).insert(change);
  }

  /** A page of a group's change log, newest first. */
  history(groupId: string, page: Page, afterSeq?: string): Promise<LeadingGroupChangeEntity[]> {
    const qb = this.changes([groupId]).limit(page.limit + 1);
    if (afterSeq) qb.andWhere('c.seq < :afterSeq::bigint', { afterSeq });
    return qb.getMany();
  }

  /** The newest `limit` changes of each of `groupIds`, newest first, in one statement. */
  latestChanges(groupIds: readonly string[], limit: number): Promise<LeadingGroupChangeEntity[]> {
    return firstRowsOfEach(this.changes(groupIds), 'c.group_id', limit, 'c.seq').getMany();
  }

  private changes(groupIds: readonly string[]) {
    return this.repo(LeadingGroupChangeEntity)
      .createQueryBuilder('c')
      .where('c.group_id = ANY(:groupIds::uuid[])', { groupIds: [...groupIds] })
      .orderBy('c.seq', 'DESC');
  }
}
