import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addCalendarDays, chinaDateOf } from '@emergency/domain';
import { UNMET_SHOWN } from '../assessment/assessment-scoring';
import {
  ComplianceIndicators,
  type AssessmentPeriod,
  type ComplianceIndicator,
  type IndicatorMeasure,
} from '../assessment/compliance-indicator';

interface CoverageRow {
  organisation_id: string;
  due: number;
  met: number;
  unmet: { day: string; officer: boolean; leader: boolean }[] | null;
}

/**
 * Each whole day of the period until yesterday (China time) at every emergency management office, and at every
 * other organisation that keeps a duty roster here, is one obligation: met when the day, midnight to midnight, is
 * covered without a gap by duty officers' shifts and by leaders' on duty, cancelled shifts left out.
 */
const COVERAGE = `
  WITH org AS (
    SELECT k.id FROM known_organisation k
     WHERE k.id = ANY($1::uuid[])
       AND (k.type = 'EMERGENCY_MANAGEMENT_OFFICE'
            OR EXISTS (SELECT 1 FROM duty_shift s WHERE s.organisation_id = k.id))
  ), day AS (
    SELECT d::date AS day,
           tstzrange(d AT TIME ZONE 'Asia/Shanghai', (d + interval '1 day') AT TIME ZONE 'Asia/Shanghai') AS span
      FROM generate_series($2::date::timestamp, $3::date::timestamp, interval '1 day') AS d
  ), cover AS (
    SELECT organisation_id, role, range_agg(tstzrange(starts_at, ends_at)) AS ranges
      FROM duty_shift
     WHERE organisation_id = ANY($1::uuid[]) AND cancelled_at IS NULL
       AND starts_at < ($3::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND ends_at > $2::date::timestamp AT TIME ZONE 'Asia/Shanghai'
     GROUP BY organisation_id, role
  ), covered AS (
    SELECT org.id AS organisation_id, day.day,
           COALESCE(officer.ranges @> day.span, false) AS officer,
           COALESCE(leader.ranges @> day.span, false) AS leader
      FROM org CROSS JOIN day
      LEFT JOIN cover officer ON officer.organisation_id = org.id AND officer.role = 'DUTY_OFFICER'
      LEFT JOIN cover leader ON leader.organisation_id = org.id AND leader.role = 'LEADER_ON_DUTY'
  )
  SELECT organisation_id,
         count(*)::int AS due,
         count(*) FILTER (WHERE officer AND leader)::int AS met,
         (json_agg(json_build_object('day', day, 'officer', officer, 'leader', leader) ORDER BY day DESC)
            FILTER (WHERE NOT (officer AND leader)))::jsonb AS unmet
    FROM covered
   GROUP BY organisation_id`;

@Injectable()
export class DutyCoverageIndicator implements ComplianceIndicator {
  readonly key = 'DUTY_COVERAGE';
  readonly description =
    'Due: each whole day of the period until yesterday at each emergency management office and each organisation keeping a duty roster; met: the day is covered from midnight to midnight by duty officers and by leaders on duty.';

  constructor(
    private readonly dataSource: DataSource,
    indicators: ComplianceIndicators,
  ) {
    indicators.register(this);
  }

  async measure(
    organisationIds: readonly string[],
    period: AssessmentPeriod,
    now: Date,
  ): Promise<IndicatorMeasure[]> {
    const yesterday = addCalendarDays(chinaDateOf(now), -1);
    const last = period.to < yesterday ? period.to : yesterday;
    if (last < period.from) return [];
    const rows = (await this.dataSource.query(COVERAGE, [
      [...organisationIds],
      period.from,
      last,
    ])) as CoverageRow[];
    return rows.map((row) => ({
      organisationId: row.organisation_id,
      due: row.due,
      met: row.met,
      unmet: (row.unmet ?? []).slice(0, UNMET_SHOWN).map((u) => ({
        kind: 'DutyDay',
        id: `${row.organisation_id}/${u.day}`,
        reason: `${u.day}: ${[!u.officer && 'no duty officer', !u.leader && 'no leader on duty'].filter(Boolean).join(' and ')} for part or all of the day`,
      })),
    }));
  }
}
