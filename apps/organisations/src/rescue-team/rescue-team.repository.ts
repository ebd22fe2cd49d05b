import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, afterKey, type Page } from '@emergency/paging';
import type { EquipmentItem } from './rescue-team-rules';
import { RescueTeamEquipmentEntity } from './rescue-team-equipment.entity';
import { RescueTeamMembershipEntity } from './rescue-team-membership.entity';
import {
  RescueTeamEntity,
  type RescueSpecialty,
  type RescueTeamReadiness,
  type RescueTeamStatus,
  type RescueTeamType,
} from './rescue-team.entity';

export interface RescueTeamQuery {
  /** Only teams based in a region whose code starts with this. */
  regionPrefix?: string;
  type?: RescueTeamType;
  specialty?: RescueSpecialty;
  readiness?: RescueTeamReadiness;
  organisationIds?: readonly string[];
  status?: RescueTeamStatus;
  nameContains?: string;
}

/** Teams are listed by name, then id. */
export const rescueTeamKey = (t: RescueTeamEntity) => [t.name, t.id];

/** The roster rank of `m` in SQL; the same as `membershipRank`. */
const RANK = `CASE WHEN m.left_on IS NOT NULL THEN 3 WHEN m.role = 'CAPTAIN' THEN 0
  WHEN m.role = 'DEPUTY_CAPTAIN' THEN 1 ELSE 2 END`;

@Injectable()
export class RescueTeamRepository {
  constructor(private readonly dataSource: DataSource) {}

  private teams(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RescueTeamEntity);
  }

  private memberships(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RescueTeamMembershipEntity);
  }

  private equipment(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(RescueTeamEquipmentEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<RescueTeamEntity[]> {
    return this.teams()
      .createQueryBuilder('t')
      .where('t.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Reads and locks the team, so every change to it (members included) queues behind the one in progress. */
  findForUpdate(manager: EntityManager, id: string): Promise<RescueTeamEntity | null> {
    return this.teams(manager)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
  }

  /** The organisation's teams that are not disbanded. */
  countActiveOf(manager: EntityManager, organisationId: string): Promise<number> {
    return this.teams(manager).countBy({ organisationId, status: 'ACTIVE' });
  }

  list(query: RescueTeamQuery, page: Page): Promise<RescueTeamEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    const after = afterKey(page, 2);
    if (after) {
      qb.andWhere('(t.name, t.id) > (:afterName, :afterId::uuid)', {
        afterName: after[0],
        afterId: after[1],
      });
    }
    return qb.getMany();
  }

  /** The first `limit` teams of each of `query.organisationIds`, by name, in one statement. */
  firstOfOrganisations(query: RescueTeamQuery, limit: number): Promise<RescueTeamEntity[]> {
    return firstRowsOfEach(this.query(query), 't.organisation_id', limit).getMany();
  }

  private query(query: RescueTeamQuery) {
    const qb = this.teams().createQueryBuilder('t').orderBy('t.name', 'ASC').addOrderBy('t.id', 'ASC');
    if (query.regionPrefix) {
      qb.andWhere('t.base_region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    }
    if (query.type) qb.andWhere('t.type = :type', { type: query.type });
    if (query.specialty) {
      qb.andWhere('t.specialties @> ARRAY[:specialty]::text[]', { specialty: query.specialty });
    }
    if (query.readiness) qb.andWhere('t.readiness = :readiness', { readiness: query.readiness });
    if (query.organisationIds) {
      qb.andWhere('t.organisation_id = ANY(:orgs::uuid[])', { orgs: [...query.organisationIds] });
    }
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.nameContains) {
      qb.andWhere('strpos(lower(t.name), lower(:name)) > 0', { name: query.nameContains });
    }
    return qb;
  }

  insert(
    manager: EntityManager,
    team: Omit<RescueTeamEntity, 'createdAt' | 'updatedAt'>,
  ): Promise<RescueTeamEntity> {
    return this.teams(manager).save(this.teams(manager).create(team));
  }

  save(manager: EntityManager, team: RescueTeamEntity): Promise<RescueTeamEntity> {
    return this.teams(manager).save(team);
  }

  /** Marks the team changed now (its equipment list changed) and returns the new update time. */
  async touch(manager: EntityManager, id: string): Promise<Date> {
    const result = await this.teams(manager)
      .createQueryBuilder()
      .update()
      .set({ updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .returning('updated_at')
      .execute();
    return (result.raw as { updated_at: Date }[])[0]!.updated_at;
  }

  /** Current members of each of `teamIds`, in one statement; teams without members are left out. */
  async countCurrentMembers(
    teamIds: readonly string[],
    manager?: EntityManager,
  ): Promise<{ teamId: string; count: number }[]> {
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT team_id AS "teamId", count(*)::int AS count FROM rescue_team_membership
       WHERE team_id = ANY($1::uuid[]) AND left_on IS NULL GROUP BY team_id`,
      [[...teamIds]],
    )) as { teamId: string; count: number }[];
    return rows;
  }

  /** The current captains of `teamIds`, in one statement. */
  currentCaptains(teamIds: readonly string[]): Promise<RescueTeamMembershipEntity[]> {
    return this.memberships()
      .createQueryBuilder('m')
      .where('m.team_id = ANY(:ids::uuid[])', { ids: [...teamIds] })
      .andWhere(`m.role = 'CAPTAIN' AND m.left_on IS NULL`)
      .getMany();
  }

  /** Current memberships of each of `personIds`, in one statement, oldest first. */
  currentMembershipsOf(personIds: readonly string[]): Promise<RescueTeamMembershipEntity[]> {
    return this.memberships()
      .createQueryBuilder('m')
      .where('m.person_id = ANY(:ids::uuid[])', { ids: [...personIds] })
      .andWhere('m.left_on IS NULL')
      .orderBy('m.joined_on', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
  }

  /** A team's roster page: current members by rank (see `membershipRank`), former ones after with `includeLeft`. */
  listMemberships(teamId: string, includeLeft: boolean, page: Page): Promise<RescueTeamMembershipEntity[]> {
    const qb = this.rosters([teamId], includeLeft).limit(page.limit + 1);
    const after = afterKey(page, ['int', 'date', 'uuid']);
    if (after) {
      qb.andWhere(`(${RANK}, m.joined_on, m.id) > (:afterRank::int, :afterJoined::date, :afterId::uuid)`, {
        afterRank: after[0],
        afterJoined: after[1],
        afterId: after[2],
      });
    }
    return qb.getMany();
  }

  /** The first `limit` memberships of each of `teamIds`' rosters, in roster order, in one statement. */
  firstOfRosters(
    teamIds: readonly string[],
    includeLeft: boolean,
    limit: number,
  ): Promise<RescueTeamMembershipEntity[]> {
    return firstRowsOfEach(this.rosters(teamIds, includeLeft), 'm.team_id', limit).getMany();
  }

  private rosters(teamIds: readonly string[], includeLeft: boolean) {
    const qb = this.memberships()
      .createQueryBuilder('m')
      .where('m.team_id = ANY(:teamIds::uuid[])', { teamIds: [...teamIds] })
      .orderBy(RANK, 'ASC')
      .addOrderBy('m.joined_on', 'ASC')
      .addOrderBy('m.id', 'ASC');
    if (!includeLeft) qb.andWhere('m.left_on IS NULL');
    return qb;
  }

  /** The teams the person is a current member of, by id: the order a departure locks them in. */
  async teamsOfCurrentMember(manager: EntityManager, personId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT team_id AS "teamId" FROM rescue_team_membership
       WHERE person_id = $1 AND left_on IS NULL ORDER BY team_id`,
      [personId],
    )) as { teamId: string }[];
    return rows.map((r) => r.teamId);
  }

  findCurrentMembership(
    manager: EntityManager,
    teamId: string,
    personId: string,
  ): Promise<RescueTeamMembershipEntity | null> {
    return this.memberships(manager)
      .createQueryBuilder('m')
      .where('m.team_id = :teamId AND m.person_id = :personId AND m.left_on IS NULL', { teamId, personId })
      .getOne();
  }

  findCurrentCaptain(manager: EntityManager, teamId: string): Promise<RescueTeamMembershipEntity | null> {
    return this.memberships(manager)
      .createQueryBuilder('m')
      .where(`m.team_id = :teamId AND m.role = 'CAPTAIN' AND m.left_on IS NULL`, { teamId })
      .getOne();
  }

  /** The current roster, in roster order. */
  findCurrentMemberships(manager: EntityManager, teamId: string): Promise<RescueTeamMembershipEntity[]> {
    return this.memberships(manager)
      .createQueryBuilder('m')
      .where('m.team_id = :teamId AND m.left_on IS NULL', { teamId })
      .orderBy(RANK, 'ASC')
      .addOrderBy('m.joined_on', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
  }

  /** The day the person's last period in the team ended, or null when they were never in it before. */
  async lastLeftOn(manager: EntityManager, teamId: string, personId: string): Promise<string | null> {
    const rows = (await manager.query(
      `SELECT max(left_on)::text AS "leftOn" FROM rescue_team_membership WHERE team_id = $1 AND person_id = $2`,
      [teamId, personId],
    )) as { leftOn: string | null }[];
    return rows[0]?.leftOn ?? null;
  }

  insertMembership(
    manager: EntityManager,
    membership: Omit<RescueTeamMembershipEntity, 'createdAt' | 'updatedAt'>,
  ): Promise<RescueTeamMembershipEntity> {
    return this.memberships(manager).save(this.memberships(manager).create(membership));
  }

  saveMembership(
    manager: EntityManager,
    membership: RescueTeamMembershipEntity,
  ): Promise<RescueTeamMembershipEntity> {
    return this.memberships(manager).save(membership);
  }

  /** The equipment lists of `teamIds`, in one statement, each in its stored order. */
  equipmentOf(teamIds: readonly string[], manager?: EntityManager): Promise<RescueTeamEquipmentEntity[]> {
    return this.equipment(manager)
      .createQueryBuilder('e')
      .where('e.team_id = ANY(:ids::uuid[])', { ids: [...teamIds] })
      .orderBy('e.team_id', 'ASC')
      .addOrderBy('e.position', 'ASC')
      .getMany();
  }

  /** Replaces a team's equipment list with `items`, in their order. */
  async replaceEquipment(manager: EntityManager, teamId: string, items: readonly EquipmentItem[]) {
    await this.equipment(manager).delete({ teamId });
    if (items.length === 0) return;
    await this.equipment(manager).insert(items.map((item, position) => ({ teamId, position, ...item })));
  }
}
