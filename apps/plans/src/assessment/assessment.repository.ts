import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssessmentPeriod } from './compliance-indicator';
import { AssessmentSheetItemEntity } from './assessment.entity';

/** An organisation an assessment covers: known to this service, and not dissolved before the period began. */
export interface AssessedOrganisation {
  id: string;
  regionCode: string;
}

@Injectable()
export class AssessmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every jurisdiction's sheet items, in sheet order. */
  sheets(manager: EntityManager = this.dataSource.manager): Promise<AssessmentSheetItemEntity[]> {
    return manager
      .getRepository(AssessmentSheetItemEntity)
      .find({ order: { regionPrefix: 'ASC', position: 'ASC' } });
  }

  async replaceSheet(
    manager: EntityManager,
    regionPrefix: string,
    items: Omit<AssessmentSheetItemEntity, 'regionPrefix' | 'position'>[],
  ): Promise<AssessmentSheetItemEntity[]> {
    const repo = manager.getRepository(AssessmentSheetItemEntity);
    await repo.delete({ regionPrefix });
    return repo.save(items.map((item, position) => repo.create({ ...item, regionPrefix, position })));
  }

  /** The organisations of the region under `prefix` an assessment of `period` covers. */
  async organisationsIn(prefix: string, period: AssessmentPeriod): Promise<AssessedOrganisation[]> {
    const rows = (await this.dataSource.query(
      `SELECT id, region_code FROM known_organisation
        WHERE region_code LIKE $1 || '%'
          AND (status = 'ACTIVE' OR dissolved_at >= ($2::date::timestamp AT TIME ZONE 'Asia/Shanghai'))
        ORDER BY region_code, id`,
      [prefix, period.from],
    )) as { id: string; region_code: string }[];
    return rows.map((r) => ({ id: r.id, regionCode: r.region_code }));
  }
}
