import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { TimeKey } from '@emergency/paging';
import type {
  AnomalyStatus,
  EngagementStage,
  FindingStatus,
  FindingType,
  RectificationState,
} from '../follow-up/follow-up';
import type { RectificationRule, RectificationRuleKey } from './finding-rules';

type Queryable = Pick<EntityManager, 'query'>;
type Raw = Record<string, unknown>;

export interface Evidence {
  kind: string;
  id: string;
  note: string | null;
}

export interface Engagement {
  id: string;
  title: string;
  incidentId: string | null;
  fundId: string | null;
  regionCode: string;
  periodFrom: string;
  periodTo: string;
  leadPersonId: string;
  teamPersonIds: string[];
  stage: EngagementStage;
  reportIssuedOn: string | null;
  problemListDueOn: string | null;
  openedAt: Date;
}

export interface Finding {
  id: string;
  engagementId: string;
  type: FindingType;
  title: string;
  description: string;
  amountFen: bigint;
  auditedOrganisationId: string;
  regionCode: string;
  evidence: Evidence[];
  status: FindingStatus;
  issuedOn: string | null;
  responseDueOn: string | null;
  response: string | null;
  respondedAt: Date | null;
  rectificationState: RectificationState | null;
  recoveredFen: bigint;
  savedFen: bigint;
  transferredForHandling: boolean;
  recordedAt: Date;
  rectification: Rectification;
}

export interface Rectification {
  responseLate: boolean | null;
  noObjectionFrom: string | null;
  problemListDueOn: string | null;
  problemListIssuedOn: string | null;
  rectifyBy: string | null;
  rectificationListDueOn: string | null;
  rectificationListIssuedOn: string | null;
  verifiedOn: string | null;
  verificationNote: string | null;
}

export interface Recommendation {
  id: string;
  findingId: string;
  text: string;
  adopted: boolean | null;
  decidedOn: string | null;
}

export interface RectificationItem {
  id: string;
  findingId: string;
  text: string;
  ownerPersonId: string;
  dueOn: string;
  state: RectificationState | null;
  evidence: Evidence[];
  note: string | null;
}

export interface ItemChange {
  itemId: string;
  state: RectificationState;
  evidence: Evidence[];
  note: string | null;
  byAuditedUnit: boolean;
  changedAt: Date;
}

export interface FindingFilter {
  regionPrefix?: string;
  engagementId?: string;
  status?: FindingStatus;
  auditedOrganisationId?: string;
  /** Drafts are the audit team's own. */
  issuedOnly?: boolean;
}

export interface EngagementFilter {
  regionPrefix?: string;
  incidentId?: string;
  fundId?: string;
  stage?: EngagementStage;
}

/** A deadline passed, as the scan claims it. */
export interface PassedDeadline {
  findingId: string;
  engagementId: string;
  auditedOrganisationId: string;
  regionCode: string;
  itemId: string | null;
  deadline: string;
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

const ENGAGEMENT_COLUMNS = `e.id, e.title, e.incident_id, e.fund_id, e.region_code, e.period_from::text AS period_from,
  e.period_to::text AS period_to, e.lead_person_id, e.team_person_ids::text[] AS team_person_ids, e.stage,
  e.report_issued_on::text AS report_issued_on, e.problem_list_due_on::text AS problem_list_due_on, e.opened_at`;

const FINDING_COLUMNS = `f.id, f.engagement_id, f.type, f.title, f.description, f.amount_fen::text AS amount_fen,
  f.audited_organisation_id, f.region_code, f.evidence, f.status, f.issued_on::text AS issued_on,
  f.response_due_on::text AS response_due_on, f.response, f.responded_at, f.rectification_state,
  f.recovered_fen::text AS recovered_fen, f.saved_fen::text AS saved_fen, f.transferred_for_handling, f.recorded_at,
  r.response_late, r.no_objection_from::text AS no_objection_from, r.problem_list_due_on::text AS problem_list_due_on,
  r.problem_list_issued_on::text AS problem_list_issued_on, r.rectify_by::text AS rectify_by,
  r.rectification_list_due_on::text AS rectification_list_due_on,
  r.rectification_list_issued_on::text AS rectification_list_issued_on, r.verified_on::text AS verified_on,
  r.verification_note`;
const FINDING_FROM = `audit_finding f JOIN audit_rectification r ON r.finding_id = f.id`;

const engagementOf = (r: Raw): Engagement => ({
  id: String(r.id),
  title: String(r.title),
  incidentId: str(r.incident_id),
  fundId: str(r.fund_id),
  regionCode: String(r.region_code),
  periodFrom: String(r.period_from),
  periodTo: String(r.period_to),
  leadPersonId: String(r.lead_person_id),
  teamPersonIds: r.team_person_ids as string[],
  stage: r.stage as EngagementStage,
  reportIssuedOn: str(r.report_issued_on),
  problemListDueOn: str(r.problem_list_due_on),
  openedAt: new Date(r.opened_at as Date),
});

const findingOf = (r: Raw): Finding => ({
  id: String(r.id),
  engagementId: String(r.engagement_id),
  type: r.type as FindingType,
  title: String(r.title),
  description: String(r.description),
  amountFen: BigInt(String(r.amount_fen)),
  auditedOrganisationId: String(r.audited_organisation_id),
  regionCode: String(r.region_code),
  evidence: r.evidence as Evidence[],
  status: r.status as FindingStatus,
  issuedOn: str(r.issued_on),
  responseDueOn: str(r.response_due_on),
  response: str(r.response),
  respondedAt: r.responded_at ? new Date(r.responded_at as Date) : null,
  rectificationState: str(r.rectification_state) as RectificationState | null,
  recoveredFen: BigInt(String(r.recovered_fen)),
  savedFen: BigInt(String(r.saved_fen)),
  transferredForHandling: Boolean(r.transferred_for_handling),
  recordedAt: new Date(r.recorded_at as Date),
  rectification: {
    responseLate: r.response_late === null ? null : Boolean(r.response_late),
    noObjectionFrom: str(r.no_objection_from),
    problemListDueOn: str(r.problem_list_due_on),
    problemListIssuedOn: str(r.problem_list_issued_on),
    rectifyBy: str(r.rectify_by),
    rectificationListDueOn: str(r.rectification_list_due_on),
    rectificationListIssuedOn: str(r.rectification_list_issued_on),
    verifiedOn: str(r.verified_on),
    verificationNote: str(r.verification_note),
  },
});

const itemOf = (r: Raw): RectificationItem => ({
  id: String(r.id),
  findingId: String(r.finding_id),
  text: String(r.text),
  ownerPersonId: String(r.owner_person_id),
  dueOn: String(r.due_on),
  state: str(r.state) as RectificationState | null,
  evidence: r.evidence as Evidence[],
  note: str(r.note),
});

const passedOf = (r: Raw): PassedDeadline => ({
  findingId: String(r.finding_id),
  engagementId: String(r.engagement_id),
  auditedOrganisationId: String(r.audited_organisation_id),
  regionCode: String(r.region_code),
  itemId: str(r.item_id),
  deadline: String(r.deadline),
});

/** Keyset condition "after (at, id)" in `recorded/opened_at DESC, id DESC` order, appended to `params`. */
function afterCondition(alias: string, column: string, after: TimeKey | undefined, params: unknown[]) {
  if (!after) return '';
  params.push(after.at.toISOString(), after.id);
  return ` AND (${alias}.${column}, ${alias}.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
}

/** The audit's engagements, findings and their rectification, in SQL. */
@Injectable()
export class FindingRepository {
  constructor(private readonly dataSource: DataSource) {}

  // Rules.

  async rules(): Promise<RectificationRule[]> {
    const rows: Raw[] = await this.dataSource.query(
      `SELECT region_prefix, key, days, source FROM rectification_rule ORDER BY region_prefix, key`,
    );
    return rows.map((r) => ({
      regionPrefix: String(r.region_prefix),
      key: r.key as RectificationRuleKey,
      days: Number(r.days),
      source: String(r.source),
    }));
  }

  async replaceRules(manager: EntityManager, regionPrefix: string, rules: readonly RectificationRule[]) {
    await manager.query(`DELETE FROM rectification_rule WHERE region_prefix = $1`, [regionPrefix]);
    for (const rule of rules)
      await manager.query(
        `INSERT INTO rectification_rule (region_prefix, key, days, source) VALUES ($1, $2, $3, $4)`,
        [regionPrefix, rule.key, rule.days, rule.source],
      );
  }

  // Engagements.

  async insertEngagement(manager: EntityManager, e: Engagement, openedBy: string): Promise<void> {
    await manager.query(
      `INSERT INTO audit_engagement (id, title, incident_id, fund_id, region_code, period_from, period_to,
         lead_person_id, team_person_ids, stage, opened_by, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::uuid[], $10, $11, $12)`,
      [
        e.id,
        e.title,
        e.incidentId,
        e.fundId,
        e.regionCode,
        e.periodFrom,
        e.periodTo,
        e.leadPersonId,
        e.teamPersonIds,
        e.stage,
        openedBy,
        e.openedAt,
      ],
    );
  }

  async engagementsByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<Engagement[]> {
    const rows: Raw[] = await db.query(
      `SELECT ${ENGAGEMENT_COLUMNS} FROM audit_engagement e WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(engagementOf);
  }

  async lockEngagement(manager: EntityManager, id: string): Promise<Engagement | null> {
    const rows: Raw[] = await manager.query(
      `SELECT ${ENGAGEMENT_COLUMNS} FROM audit_engagement e WHERE e.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? engagementOf(rows[0]) : null;
  }

  async listEngagements(filter: EngagementFilter, limit: number, after?: TimeKey): Promise<Engagement[]> {
    const params: unknown[] = [];
    let where = 'TRUE';
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where += ` AND ${sql.replace('?', `$${params.length}`)}`;
    };
    if (filter.regionPrefix) add(`e.region_code LIKE ?`, `${filter.regionPrefix}%`);
    if (filter.incidentId) add(`e.incident_id = ?`, filter.incidentId);
    if (filter.fundId) add(`e.fund_id = ?`, filter.fundId);
    if (filter.stage) add(`e.stage = ?`, filter.stage);
    where += afterCondition('e', 'opened_at', after, params);
    params.push(limit);
    const rows: Raw[] = await this.dataSource.query(
      `SELECT ${ENGAGEMENT_COLUMNS} FROM audit_engagement e WHERE ${where}
       ORDER BY e.opened_at DESC, e.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(engagementOf);
  }

  /** Moves an engagement on; on REPORTED stores the report's date and the problem lists' deadline on its findings. */
  async advanceEngagement(
    manager: EntityManager,
    id: string,
    stage: EngagementStage,
    report: { issuedOn: string; problemListDueOn: string } | null,
  ): Promise<void> {
    await manager.query(
      `UPDATE audit_engagement SET stage = $2,
         report_issued_on = COALESCE($3::date, report_issued_on),
         problem_list_due_on = COALESCE($4::date, problem_list_due_on)
       WHERE id = $1`,
      [id, stage, report?.issuedOn ?? null, report?.problemListDueOn ?? null],
    );
    if (report)
      await manager.query(
        `UPDATE audit_rectification r SET problem_list_due_on = $2
         FROM audit_finding f WHERE f.id = r.finding_id AND f.engagement_id = $1 AND r.problem_list_due_on IS NULL`,
        [id, report.problemListDueOn],
      );
  }

  // Anomalies turned into findings.

  async lockAnomalies(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<{ id: string; status: AnomalyStatus; regionCode: string }[]> {
    const rows: Raw[] = await manager.query(
      `SELECT id, status, region_code FROM audit_anomaly WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return rows.map((r) => ({
      id: String(r.id),
      status: r.status as AnomalyStatus,
      regionCode: String(r.region_code),
    }));
  }

  async anomalyIdsOf(findingIds: readonly string[]): Promise<{ findingId: string; id: string }[]> {
    const rows: Raw[] = await this.dataSource.query(
      `SELECT finding_id, id FROM audit_anomaly WHERE finding_id = ANY($1::uuid[]) ORDER BY detected_at, id`,
      [findingIds],
    );
    return rows.map((r) => ({ findingId: String(r.finding_id), id: String(r.id) }));
  }

  // Findings.

  async insertFinding(
    manager: EntityManager,
    f: Omit<Finding, 'rectification'>,
    recommendations: { id: string; text: string }[],
    anomalyIds: readonly string[],
    context: { by: string; problemListDueOn: string | null },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO audit_finding (id, engagement_id, type, title, description, amount_fen, audited_organisation_id,
         region_code, evidence, status, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12)`,
      [
        f.id,
        f.engagementId,
        f.type,
        f.title,
        f.description,
        f.amountFen.toString(),
        f.auditedOrganisationId,
        f.regionCode,
        JSON.stringify(f.evidence),
        f.status,
        context.by,
        f.recordedAt,
      ],
    );
    await manager.query(`INSERT INTO audit_rectification (finding_id, problem_list_due_on) VALUES ($1, $2)`, [
      f.id,
      context.problemListDueOn,
    ]);
    for (const r of recommendations)
      await manager.query(
        `INSERT INTO audit_recommendation (id, finding_id, text, recorded_at) VALUES ($1, $2, $3, $4)`,
        [r.id, f.id, r.text, f.recordedAt],
      );
    if (anomalyIds.length > 0)
      await manager.query(
        `UPDATE audit_anomaly SET status = 'FINDING', finding_id = $2, decided_by = $3, decided_at = $4
         WHERE id = ANY($1::uuid[]) AND status = 'OPEN'`,
        [anomalyIds, f.id, context.by, f.recordedAt],
      );
  }

  async findingsByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<Finding[]> {
    const rows: Raw[] = await db.query(
      `SELECT ${FINDING_COLUMNS} FROM ${FINDING_FROM} WHERE f.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(findingOf);
  }

  async lockFinding(manager: EntityManager, id: string): Promise<Finding | null> {
    const rows: Raw[] = await manager.query(
      `SELECT ${FINDING_COLUMNS} FROM ${FINDING_FROM} WHERE f.id = $1 FOR UPDATE OF f, r`,
      [id],
    );
    return rows[0] ? findingOf(rows[0]) : null;
  }

  async listFindings(filter: FindingFilter, limit: number, after?: TimeKey): Promise<Finding[]> {
    const params: unknown[] = [];
    let where = 'TRUE';
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where += ` AND ${sql.replace('?', `$${params.length}`)}`;
    };
    if (filter.regionPrefix) add(`f.region_code LIKE ?`, `${filter.regionPrefix}%`);
    if (filter.engagementId) add(`f.engagement_id = ?`, filter.engagementId);
    if (filter.status) add(`f.status = ?`, filter.status);
    if (filter.auditedOrganisationId) add(`f.audited_organisation_id = ?`, filter.auditedOrganisationId);
    if (filter.issuedOnly) where += ` AND f.status <> 'DRAFT'`;
    where += afterCondition('f', 'recorded_at', after, params);
    params.push(limit);
    const rows: Raw[] = await this.dataSource.query(
      `SELECT ${FINDING_COLUMNS} FROM ${FINDING_FROM} WHERE ${where}
       ORDER BY f.recorded_at DESC, f.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(findingOf);
  }

  async issueFinding(manager: EntityManager, id: string, issuedOn: string, responseDueOn: string) {
    await manager.query(
      `UPDATE audit_finding SET status = 'ISSUED', issued_on = $2, response_due_on = $3 WHERE id = $1`,
      [id, issuedOn, responseDueOn],
    );
  }

  async respond(
    manager: EntityManager,
    id: string,
    answer: { response: string; at: Date; late: boolean; today: string },
    adopted: Map<string, boolean>,
  ) {
    await manager.query(
      `UPDATE audit_finding SET status = 'RESPONDED', response = $2, responded_at = $3 WHERE id = $1`,
      [id, answer.response, answer.at],
    );
    await manager.query(`UPDATE audit_rectification SET response_late = $2 WHERE finding_id = $1`, [
      id,
      answer.late,
    ]);
    for (const [recommendationId, value] of adopted)
      await manager.query(`UPDATE audit_recommendation SET adopted = $2, decided_on = $3 WHERE id = $1`, [
        recommendationId,
        value,
        answer.today,
      ]);
  }

  async issueProblemList(
    manager: EntityManager,
    id: string,
    list: { issuedOn: string; rectifyBy: string; rectificationListDueOn: string },
  ) {
    await manager.query(
      `UPDATE audit_rectification SET problem_list_issued_on = $2, rectify_by = $3, rectification_list_due_on = $4
       WHERE finding_id = $1`,
      [id, list.issuedOn, list.rectifyBy, list.rectificationListDueOn],
    );
  }

  async issueRectificationList(
    manager: EntityManager,
    id: string,
    issuedOn: string,
    items: (Omit<RectificationItem, 'state' | 'evidence' | 'note'> & { at: Date })[],
  ) {
    await manager.query(`UPDATE audit_finding SET status = 'RECTIFYING' WHERE id = $1`, [id]);
    await manager.query(
      `UPDATE audit_rectification SET rectification_list_issued_on = $2 WHERE finding_id = $1`,
      [id, issuedOn],
    );
    for (const [position, item] of items.entries())
      await manager.query(
        `INSERT INTO audit_rectification_item (id, finding_id, position, text, owner_person_id, due_on, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [item.id, id, position, item.text, item.ownerPersonId, item.dueOn, item.at],
      );
  }

  async itemsOf(
    findingIds: readonly string[],
    db: Queryable = this.dataSource,
  ): Promise<RectificationItem[]> {
    const rows: Raw[] = await db.query(
      `SELECT id, finding_id, text, owner_person_id, due_on::text AS due_on, state, evidence, note
       FROM audit_rectification_item WHERE finding_id = ANY($1::uuid[]) ORDER BY finding_id, position`,
      [findingIds],
    );
    return rows.map(itemOf);
  }

  async lockItem(manager: EntityManager, id: string): Promise<RectificationItem | null> {
    const rows: Raw[] = await manager.query(
      `SELECT id, finding_id, text, owner_person_id, due_on::text AS due_on, state, evidence, note
       FROM audit_rectification_item WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? itemOf(rows[0]) : null;
  }

  async updateItem(
    manager: EntityManager,
    item: RectificationItem,
    change: { id: string; byAuditedUnit: boolean; by: string; at: Date },
  ) {
    await manager.query(
      `UPDATE audit_rectification_item SET state = $2, evidence = $3::jsonb, note = $4, updated_at = $5 WHERE id = $1`,
      [item.id, item.state, JSON.stringify(item.evidence), item.note, change.at],
    );
    await manager.query(
      `INSERT INTO audit_rectification_item_change (id, item_id, state, evidence, note, by_audited_unit, changed_by,
         changed_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)`,
      [
        change.id,
        item.id,
        item.state,
        JSON.stringify(item.evidence),
        item.note,
        change.byAuditedUnit,
        change.by,
        change.at,
      ],
    );
  }

  async changesOf(itemIds: readonly string[]): Promise<ItemChange[]> {
    const rows: Raw[] = await this.dataSource.query(
      `SELECT item_id, state, evidence, note, by_audited_unit, changed_at FROM audit_rectification_item_change
       WHERE item_id = ANY($1::uuid[]) ORDER BY changed_at, id`,
      [itemIds],
    );
    return rows.map((r) => ({
      itemId: String(r.item_id),
      state: r.state as RectificationState,
      evidence: r.evidence as Evidence[],
      note: str(r.note),
      byAuditedUnit: Boolean(r.by_audited_unit),
      changedAt: new Date(r.changed_at as Date),
    }));
  }

  async close(
    manager: EntityManager,
    id: string,
    state: 'RECTIFIED' | 'CONTINUING',
    verifiedOn: string,
    note: string | null,
    at: Date,
  ) {
    await manager.query(
      `UPDATE audit_finding SET status = 'CLOSED', rectification_state = $2, closed_at = $3 WHERE id = $1`,
      [id, state, at],
    );
    await manager.query(
      `UPDATE audit_rectification SET verified_on = $2, verification_note = $3 WHERE finding_id = $1`,
      [id, verifiedOn, note],
    );
  }

  async recommendationsOf(findingIds: readonly string[]): Promise<Recommendation[]> {
    const rows: Raw[] = await this.dataSource.query(
      `SELECT id, finding_id, text, adopted, decided_on::text AS decided_on FROM audit_recommendation
       WHERE finding_id = ANY($1::uuid[]) ORDER BY recorded_at, id`,
      [findingIds],
    );
    return rows.map((r) => ({
      id: String(r.id),
      findingId: String(r.finding_id),
      text: String(r.text),
      adopted: r.adopted === null ? null : Boolean(r.adopted),
      decidedOn: str(r.decided_on),
    }));
  }

  // Outcomes.

  /** The flows among `ids` in the ledger, and whether each reverses an earlier one. */
  async flows(manager: EntityManager, ids: readonly string[]): Promise<{ id: string; reversal: boolean }[]> {
    const rows: Raw[] = await manager.query(
      `SELECT id, reverses IS NOT NULL AS reversal FROM flow WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({ id: String(r.id), reversal: Boolean(r.reversal) }));
  }

  async recordOutcome(
    manager: EntityManager,
    id: string,
    outcome: { recoveredFen: bigint; savedFen: bigint; transferredForHandling: boolean; flowIds: string[] },
    at: Date,
  ) {
    await manager.query(
      `UPDATE audit_finding SET recovered_fen = $2, saved_fen = $3, transferred_for_handling = $4 WHERE id = $1`,
      [id, outcome.recoveredFen.toString(), outcome.savedFen.toString(), outcome.transferredForHandling],
    );
    // Kept as it was recorded, so that an announcement as of an earlier instant counts the outcome of then.
    await manager.query(
      `INSERT INTO audit_finding_outcome (finding_id, recovered_fen, saved_fen, transferred_for_handling,
         recovery_flow_ids, recorded_at)
       VALUES ($1, $2, $3, $4, $5::uuid[], $6)`,
      [
        id,
        outcome.recoveredFen.toString(),
        outcome.savedFen.toString(),
        outcome.transferredForHandling,
        outcome.flowIds,
        at,
      ],
    );
    await manager.query(`DELETE FROM audit_finding_recovery WHERE finding_id = $1`, [id]);
    for (const flowId of outcome.flowIds)
      await manager.query(`INSERT INTO audit_finding_recovery (finding_id, flow_id) VALUES ($1, $2)`, [
        id,
        flowId,
      ]);
  }

  async recoveryFlowIdsOf(findingIds: readonly string[]): Promise<{ findingId: string; flowId: string }[]> {
    const rows: Raw[] = await this.dataSource.query(
      `SELECT finding_id, flow_id FROM audit_finding_recovery WHERE finding_id = ANY($1::uuid[]) ORDER BY flow_id`,
      [findingIds],
    );
    return rows.map((r) => ({ findingId: String(r.finding_id), flowId: String(r.flow_id) }));
  }

  // Deadlines passed: each claimed once (the row marked in the same transaction as its event).

  async claimPassedResponses(manager: EntityManager, today: string, now: Date): Promise<PassedDeadline[]> {
    // An UPDATE ... RETURNING answers [rows, count].
    const [rows] = (await manager.query(
      `UPDATE audit_rectification r SET response_passed_at = $2, no_objection_from = f.response_due_on + 1
       FROM audit_finding f
       WHERE f.id = r.finding_id AND f.status = 'ISSUED' AND f.response_due_on < $1::date
         AND r.response_passed_at IS NULL
       RETURNING f.id AS finding_id, f.engagement_id, f.audited_organisation_id, f.region_code, NULL AS item_id,
         f.response_due_on::text AS deadline`,
      [today, now],
    )) as [Raw[], number];
    return rows.map(passedOf);
  }

  async claimPassedProblemLists(manager: EntityManager, today: string, now: Date): Promise<PassedDeadline[]> {
    // An UPDATE ... RETURNING answers [rows, count].
    const [rows] = (await manager.query(
      `UPDATE audit_rectification r SET problem_list_passed_at = $2
       FROM audit_finding f
       WHERE f.id = r.finding_id AND f.status IN ('ISSUED', 'RESPONDED') AND r.problem_list_due_on < $1::date
         AND r.problem_list_issued_on IS NULL AND r.problem_list_passed_at IS NULL
       RETURNING f.id AS finding_id, f.engagement_id, f.audited_organisation_id, f.region_code, NULL AS item_id,
         r.problem_list_due_on::text AS deadline`,
      [today, now],
    )) as [Raw[], number];
    return rows.map(passedOf);
  }

  async claimPassedRectificationLists(
    manager: EntityManager,
    today: string,
    now: Date,
  ): Promise<PassedDeadline[]> {
    // An UPDATE ... RETURNING answers [rows, count].
    const [rows] = (await manager.query(
      `UPDATE audit_rectification r SET rectification_list_passed_at = $2
       FROM audit_finding f
       WHERE f.id = r.finding_id AND f.status IN ('ISSUED', 'RESPONDED') AND r.rectification_list_due_on < $1::date
         AND r.rectification_list_issued_on IS NULL AND r.rectification_list_passed_at IS NULL
       RETURNING f.id AS finding_id, f.engagement_id, f.audited_organisation_id, f.region_code, NULL AS item_id,
         r.rectification_list_due_on::text AS deadline`,
      [today, now],
    )) as [Raw[], number];
    return rows.map(passedOf);
  }

  async claimPassedItems(manager: EntityManager, today: string, now: Date): Promise<PassedDeadline[]> {
    // An UPDATE ... RETURNING answers [rows, count].
    const [rows] = (await manager.query(
      `UPDATE audit_rectification_item i SET passed_at = $2
       FROM audit_finding f
       WHERE f.id = i.finding_id AND f.status = 'RECTIFYING' AND i.due_on < $1::date AND i.passed_at IS NULL
         AND i.state IS DISTINCT FROM 'RECTIFIED' AND i.state IS DISTINCT FROM 'CONTINUING'
       RETURNING f.id AS finding_id, f.engagement_id, f.audited_organisation_id, f.region_code, i.id AS item_id,
         i.due_on::text AS deadline`,
      [today, now],
    )) as [Raw[], number];
    return rows.map(passedOf);
  }

  // Rates.

  async rates(regionPrefix: string, incidentId: string | null) {
    const rows: Raw[] = await this.dataSource.query(
      `WITH f AS (
         SELECT f.* FROM audit_finding f JOIN audit_engagement e ON e.id = f.engagement_id
         WHERE f.status <> 'DRAFT' AND f.region_code LIKE $1 AND ($2::uuid IS NULL OR e.incident_id = $2::uuid))
       SELECT
         (SELECT count(*) FROM audit_recommendation r JOIN f ON f.id = r.finding_id)::int AS recommendations_made,
         (SELECT count(*) FROM audit_recommendation r JOIN f ON f.id = r.finding_id WHERE r.adopted)::int
           AS recommendations_adopted,
         (SELECT count(*) FROM f)::int AS findings_made,
         (SELECT count(*) FROM f WHERE f.rectification_state = 'RECTIFIED' AND f.status = 'CLOSED')::int
           AS findings_rectified,
         (SELECT COALESCE(sum(recovered_fen), 0) FROM f)::text AS recovered_fen,
         (SELECT COALESCE(sum(saved_fen), 0) FROM f)::text AS saved_fen,
         (SELECT count(*) FROM f WHERE f.transferred_for_handling)::int AS transferred`,
      [`${regionPrefix}%`, incidentId],
    );
    const r = rows[0]!;
    return {
      recommendationsMade: Number(r.recommendations_made),
      recommendationsAdopted: Number(r.recommendations_adopted),
      findingsMade: Number(r.findings_made),
      findingsRectified: Number(r.findings_rectified),
      recoveredFen: BigInt(String(r.recovered_fen)),
      savedFen: BigInt(String(r.saved_fen)),
      transferredForHandling: Number(r.transferred),
    };
  }
}
