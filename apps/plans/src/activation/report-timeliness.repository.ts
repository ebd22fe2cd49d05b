import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type ReportRecordKind =
  | 'INCIDENT_REPORT'
  | 'REPORT_DEADLINE_PASSED'
  | 'ZERO_REPORT'
  | 'ZERO_REPORT_MISSED';

/** A report, passed report deadline or daily report as the incidents topic announced it. */
export interface ReportRecord {
  recordKey: string;
  kind: ReportRecordKind;
  recordId: string;
  incidentId: string | null;
  /** The organisation that submitted an incident report; null for what a region owed. */
  organisationId: string | null;
  /** The region that owed a deadline or daily report; null for an incident report. */
  regionCode: string | null;
  late: boolean;
  at: Date;
  detail: string;
  sourceEventId: string;
}

/** A record an organisation answers for in a period. */
export interface AttributedRecord {
  organisationId: string;
  kind: ReportRecordKind;
  recordId: string;
  late: boolean;
  detail: string;
}

@Injectable()
export class ReportTimelinessRepository {
  constructor(private readonly dataSource: DataSource) {}

  async remember(manager: EntityManager, r: ReportRecord): Promise<void> {
    await manager.query(
      `INSERT INTO report_timeliness
         (record_key, kind, record_id, incident_id, organisation_id, region_code, late, at, detail, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (record_key) DO NOTHING`,
      [
        r.recordKey,
        r.kind,
        r.recordId,
        r.incidentId,
        r.organisationId,
        r.regionCode,
        r.late,
        r.at,
        r.detail,
        r.sourceEventId,
      ],
    );
  }

  /**
   * In one statement, the records each of `organisationIds` answers for whose time falls on a China date within
   * [from, to]: the reports it submitted, and what its region owed (deadlines passed, daily reports submitted or
   * missed) when it is that region's emergency management office.
   */
  async attributed(
    organisationIds: readonly string[],
    from: string,
    to: string,
  ): Promise<AttributedRecord[]> {
    const rows: {
      organisation_id: string;
      kind: ReportRecordKind;
      record_id: string;
      late: boolean;
      detail: string;
    }[] = await this.dataSource.query(
      `SELECT COALESCE(r.organisation_id, o.id) AS organisation_id, r.kind, r.record_id, r.late, r.detail
         FROM report_timeliness r
         LEFT JOIN known_organisation o
           ON r.organisation_id IS NULL AND o.region_code = r.region_code
          AND o.type = 'EMERGENCY_MANAGEMENT_OFFICE' AND o.id = ANY($1::uuid[])
         WHERE (r.organisation_id = ANY($1::uuid[]) OR o.id IS NOT NULL)
           AND (r.at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $2::date AND $3::date
         ORDER BY r.at, r.record_key`,
      [[...organisationIds], from, to],
    );
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      kind: r.kind,
      recordId: r.record_id,
      late: r.late,
      detail: r.detail,
    }));
  }
}
