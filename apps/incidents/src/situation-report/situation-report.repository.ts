import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IncidentSeverity } from '../incident/incident.entity';

export interface ChainRow {
  id: string;
  kind: string;
  number: number | null;
  reportedAt: Date;
  reportingOrganisationId: string;
  toLevel: string;
  lateMinutes: number | null;
  text: string;
}

export interface WarningRow {
  identifier: string;
  level: string;
  status: string;
}

export interface OpenItems {
  overdueReports: number;
  openInstructions: number;
  overdueInstructions: number;
}

/** The most reports a situation report lists: the newest, with the chain's count in `reportNumber`. */
export const CHAIN_LIMIT = 200;

/** What a situation report reads of the incident's own tables, one statement each. */
@Injectable()
export class SituationReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async responseLevel(incidentId: string): Promise<IncidentSeverity | null> {
    const rows: { level: IncidentSeverity }[] = await this.dataSource.query(
      `SELECT level FROM incident_response WHERE incident_id = $1 AND lifted_at IS NULL`,
      [incidentId],
    );
    return rows[0]?.level ?? null;
  }

  /** The chain oldest first (the newest {@link CHAIN_LIMIT}), and how many reports it has in all. */
  async chain(incidentId: string): Promise<{ reports: ChainRow[]; total: number }> {
    const rows: (ChainRow & { total: number })[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT id, kind, number, reported_at AS "reportedAt", reporting_organisation_id AS "reportingOrganisationId",
                to_level AS "toLevel", late_minutes AS "lateMinutes", text, position,
                (count(*) OVER ())::int AS total
         FROM incident_report WHERE incident_id = $1 ORDER BY position DESC LIMIT $2
       ) newest ORDER BY position`,
      [incidentId, CHAIN_LIMIT],
    );
    return { reports: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
  }

  warnings(incidentId: string): Promise<WarningRow[]> {
    return this.dataSource.query(
      `SELECT identifier, level, status FROM warning WHERE incident_id = $1 ORDER BY issued_at, id`,
      [incidentId],
    );
  }

  /** Reports owed and past due at `at`, assignments of leader instructions still open, and those past due. */
  async openItems(incidentId: string, at: Date): Promise<OpenItems> {
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*)::int FROM report_deadline
           WHERE incident_id = $1 AND met_at IS NULL AND due_at < $2) AS "overdueReports",
         (SELECT count(*)::int FROM instruction_assignment a JOIN leader_instruction i ON i.id = a.instruction_id
           WHERE i.incident_id = $1 AND a.status = 'OPEN') AS "openInstructions",
         (SELECT count(*)::int FROM instruction_assignment a JOIN leader_instruction i ON i.id = a.instruction_id
           WHERE i.incident_id = $1 AND a.status = 'OPEN' AND a.due_at < $2) AS "overdueInstructions"`,
      [incidentId, at.toISOString()],
    )) as OpenItems[];
    return row!;
  }
}
