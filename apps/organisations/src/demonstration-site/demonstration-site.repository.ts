import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { badInput } from '@emergency/graphql';
import { firstRowsOfEach, afterKey, type Page } from '@emergency/paging';
import { DemonstrationSiteInspectionEntity } from './demonstration-site-inspection.entity';
import {
  DemonstrationSiteEntity,
  type DemonstrationSiteKind,
  type DemonstrationSiteStatus,
  type DesignationLevel,
} from './demonstration-site.entity';

export interface DemonstrationSiteQuery {
  regionPrefix?: string;
  organisationIds?: readonly string[];
  kind?: DemonstrationSiteKind;
  level?: DesignationLevel;
  status?: DemonstrationSiteStatus;
  /**
   * Only sites overdue (true) or not overdue (false) for inspection, given the cutoff day: a site not revoked is
   * overdue when its last inspection (or, before the first, its designation) lies before `overdueCutoff`.
   */
  overdue?: { is: boolean; cutoff: string };
}

/** Sites are listed by name, then id. */
export const siteKey = (s: DemonstrationSiteEntity) => [s.name, s.id];
/** A site's inspections are listed newest first: by their number, descending. */
export const inspectionKey = (i: DemonstrationSiteInspectionEntity) => [String(i.number), i.id];

@Injectable()
export class DemonstrationSiteRepository {
  constructor(private readonly dataSource: DataSource) {}

  private sites(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(DemonstrationSiteEntity);
  }

  private inspections(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(DemonstrationSiteInspectionEntity);
  }

  /** All of `ids` in one statement, whatever their number (entity reference batches). */
  findByIds(ids: readonly string[]): Promise<DemonstrationSiteEntity[]> {
    return this.sites()
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Reads and locks the site, so concurrent inspections of one site queue up behind each other. */
  findForUpdate(manager: EntityManager, id: string): Promise<DemonstrationSiteEntity | null> {
    return this.sites(manager)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  list(query: DemonstrationSiteQuery, page: Page): Promise<DemonstrationSiteEntity[]> {
    const qb = this.query(query).limit(page.limit + 1);
    const after = afterKey(page, 2);
    if (after) {
      qb.andWhere('(s.name, s.id) > (:afterName, :afterId::uuid)', {
        afterName: after[0],
        afterId: after[1],
      });
    }
    return qb.getMany();
  }

  /** The first `limit` sites of each of `query.organisationIds`, by name, in one statement. */
  firstOfOrganisations(query: DemonstrationSiteQuery, limit: number): Promise<DemonstrationSiteEntity[]> {
    return firstRowsOfEach(this.query(query), 's.organisation_id', limit).getMany();
  }

  private query(query: DemonstrationSiteQuery) {
    const qb = this.sites().createQueryBuilder('s').orderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC');
    if (query.regionPrefix) qb.andWhere('s.region_code LIKE :prefix', { prefix: `${query.regionPrefix}%` });
    if (query.organisationIds) {
      qb.andWhere('s.organisation_id = ANY(:orgs::uuid[])', { orgs: [...query.organisationIds] });
    }
    if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
    if (query.level) qb.andWhere('s.level = :level', { level: query.level });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.overdue) {
      const overdue = `(s.status <> 'REVOKED' AND coalesce(s.last_inspected_on, s.designated_on) < :cutoff::date)`;
      qb.andWhere(query.overdue.is ? overdue : `NOT ${overdue}`, { cutoff: query.overdue.cutoff });
    }
    return qb;
  }

  /** The latest inspection of each of `siteIds` that has one, in one statement. */
  latestInspections(siteIds: readonly string[]): Promise<DemonstrationSiteInspectionEntity[]> {
    return this.inspections()
      .createQueryBuilder('i')
      .distinctOn(['i.site_id'])
      .where('i.site_id = ANY(:ids::uuid[])', { ids: [...siteIds] })
      .orderBy('i.site_id', 'ASC')
      .addOrderBy('i.number', 'DESC')
      .getMany();
  }

  listInspections(siteId: string, page: Page): Promise<DemonstrationSiteInspectionEntity[]> {
    const qb = this.inspectionsOf([siteId]).limit(page.limit + 1);
    const after = afterKey(page, 2);
    if (after) {
      if (!/^[1-9]\d{0,8}$/.test(after[0]!))
        throw badInput('after is not a cursor returned by this connection', 'after');
      qb.andWhere('i.number < :afterNumber', { afterNumber: Number(after[0]) });
    }
    return qb.getMany();
  }

  /** The newest `limit` inspections of each of `siteIds`, newest first, in one statement. */
  newestInspections(siteIds: readonly string[], limit: number): Promise<DemonstrationSiteInspectionEntity[]> {
    return firstRowsOfEach(this.inspectionsOf(siteIds), 'i.site_id', limit).getMany();
  }

  private inspectionsOf(siteIds: readonly string[]) {
    return this.inspections()
      .createQueryBuilder('i')
      .where('i.site_id = ANY(:siteIds::uuid[])', { siteIds: [...siteIds] })
      .orderBy('i.number', 'DESC');
  }

  /** The highest inspection number of the site so far (0 before its first); read under the site's lock. */
  async lastInspectionNumber(manager: EntityManager, siteId: string): Promise<number> {
    const rows = (await manager.query(
      `SELECT coalesce(max(number), 0)::int AS n FROM demonstration_site_inspection WHERE site_id = $1`,
      [siteId],
    )) as { n: number }[];
    return rows[0]!.n;
  }

  insertSite(
    manager: EntityManager,
    site: Omit<DemonstrationSiteEntity, 'createdAt' | 'updatedAt'>,
  ): Promise<DemonstrationSiteEntity> {
    return this.sites(manager).save(this.sites(manager).create(site));
  }

  saveSite(manager: EntityManager, site: DemonstrationSiteEntity): Promise<DemonstrationSiteEntity> {
    return this.sites(manager).save(site);
  }

  insertInspection(
    manager: EntityManager,
    inspection: Omit<DemonstrationSiteInspectionEntity, 'recordedAt'>,
  ): Promise<DemonstrationSiteInspectionEntity> {
    return this.inspections(manager).save(this.inspections(manager).create(inspection));
  }
}
