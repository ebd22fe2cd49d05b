import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  amountFen,
  calendarDate,
  dateTime,
  nullable,
  nullableUuid,
  regionCode,
  stringEnum,
  text,
  uuid,
} from '../common';

/** The stages of an audit engagement (a tracking audit), in order. */
const ENGAGEMENT_STAGES = ['PLANNED', 'FIELDWORK', 'REPORTED', 'FOLLOW_UP', 'CLOSED'] as const;
/** A rectification item's state (DOMAIN_FACTS §4.5). */
const RECTIFICATION_STATES = ['RECTIFIED', 'CONTINUING', 'NOT_RECTIFIED'] as const;
/** The problem types of findings, as the National Audit Office's announcements name them. */
const FINDING_TYPES = [
  'MISAPPROPRIATION',
  'DIVERSION',
  'FALSE_CLAIMS',
  'FAKE_INVOICES',
  'IDLE_FUNDS',
  'OVER_STANDARD',
  'DUPLICATE_PAYMENT',
  'LATE_DISBURSEMENT',
  'UNBOOKED_GOODS',
  'MIXED_ACCOUNTS',
  'MISSTATED_DONATIONS',
  'UNFAIR_DISTRIBUTION',
  'PROJECT_MANAGEMENT',
  'OTHER',
] as const;
/** The deadlines of a finding's follow-up a scan announces once when passed. */
const DEADLINE_KINDS = ['RESPONSE', 'PROBLEM_LIST', 'RECTIFICATION_LIST', 'RECTIFICATION_ITEM'] as const;
const RULE_KEYS = [
  'RESPONSE_CALENDAR_DAYS',
  'PROBLEM_LIST_WORKING_DAYS',
  'RECTIFICATION_LIST_WORKING_DAYS',
  'SHAM_RECTIFICATION_BUFFER_DAYS',
] as const;

const nullableDate = nullable({ type: 'string', format: 'date' });
const uuids = Type.Array(uuid);
/** The finding an event is about and the unit it concerns (organisations by id; people never by name). */
const finding = { findingId: uuid, engagementId: uuid, auditedOrganisationId: uuid, regionCode };

export const AuditEngagementOpened = defineEvent({
  domain: 'audit',
  name: 'AuditEngagementOpened',
  version: 1,
  description:
    'An audit engagement (a tracking audit) was opened: its scope (incident, fund, region, period) and its team ' +
    'by person id.',
  schema: Type.Object(
    {
      engagementId: uuid,
      title: text,
      incidentId: nullableUuid,
      fundId: nullableUuid,
      regionCode,
      periodFrom: calendarDate,
      periodTo: calendarDate,
      leadPersonId: uuid,
      teamPersonIds: uuids,
      stage: stringEnum(ENGAGEMENT_STAGES),
      openedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AuditEngagementOpenedV1 = EventData<typeof AuditEngagementOpened>;

export const AuditEngagementAdvanced = defineEvent({
  domain: 'audit',
  name: 'AuditEngagementAdvanced',
  version: 1,
  description:
    'An audit engagement moved to its next stage; on REPORTED, the day the report was issued and the day by which ' +
    'the problem lists of its findings are due (null before).',
  schema: Type.Object(
    {
      engagementId: uuid,
      regionCode,
      from: stringEnum(ENGAGEMENT_STAGES),
      stage: stringEnum(ENGAGEMENT_STAGES),
      reportIssuedOn: nullableDate,
      problemListDueOn: nullableDate,
      advancedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AuditEngagementAdvancedV1 = EventData<typeof AuditEngagementAdvanced>;

export const AuditFindingRecorded = defineEvent({
  domain: 'audit',
  name: 'AuditFindingRecorded',
  version: 1,
  description:
    'An audit team recorded a finding (a draft until issued): its type, the amount involved, the audited unit, the ' +
    'anomalies it was made from and the recommendations made on it.',
  schema: Type.Object(
    {
      ...finding,
      type: stringEnum(FINDING_TYPES),
      amountFen,
      anomalyIds: uuids,
      recommendationIds: uuids,
      recordedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AuditFindingRecordedV1 = EventData<typeof AuditFindingRecorded>;

export const AuditFindingIssued = defineEvent({
  domain: 'audit',
  name: 'AuditFindingIssued',
  version: 1,
  description:
    'A finding was issued to the audited unit; its written response is due by `responseDueOn` (the rules’ days ' +
    'after issue; no reply by then counts as no objection).',
  schema: Type.Object(
    { ...finding, issuedOn: calendarDate, responseDueOn: calendarDate, issuedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type AuditFindingIssuedV1 = EventData<typeof AuditFindingIssued>;

export const AuditFindingResponded = defineEvent({
  domain: 'audit',
  name: 'AuditFindingResponded',
  version: 1,
  description:
    'The audited unit answered a finding in writing: whether after its deadline, and which recommendations it ' +
    'adopted and which not.',
  schema: Type.Object(
    {
      ...finding,
      late: Type.Boolean(),
      adoptedRecommendationIds: uuids,
      rejectedRecommendationIds: uuids,
      respondedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AuditFindingRespondedV1 = EventData<typeof AuditFindingResponded>;

export const AuditProblemListIssued = defineEvent({
  domain: 'audit',
  name: 'AuditProblemListIssued',
  version: 1,
  description:
    'The problem list (审计查出问题清单) of a finding was issued to the audited unit with its rectification ' +
    'deadline; the rectification list is due by `rectificationListDueOn`.',
  schema: Type.Object(
    {
      ...finding,
      issuedOn: calendarDate,
      dueOn: nullableDate,
      late: Type.Boolean(),
      rectifyBy: calendarDate,
      rectificationListDueOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type AuditProblemListIssuedV1 = EventData<typeof AuditProblemListIssued>;

export const RectificationListIssued = defineEvent({
  domain: 'audit',
  name: 'RectificationListIssued',
  version: 1,
  description:
    'The rectification list (整改清单) of a finding was recorded: its items, each with its owner by person id and ' +
    'its deadline; the finding is under rectification.',
  schema: Type.Object(
    {
      ...finding,
      issuedOn: calendarDate,
      dueOn: calendarDate,
      late: Type.Boolean(),
      items: Type.Array(
        Type.Object(
          { itemId: uuid, ownerPersonId: uuid, dueOn: calendarDate },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
export type RectificationListIssuedV1 = EventData<typeof RectificationListIssued>;

export const RectificationItemUpdated = defineEvent({
  domain: 'audit',
  name: 'RectificationItemUpdated',
  version: 1,
  description:
    'A rectification item changed state (rectified, continuing, not rectified), reported by the audited unit or ' +
    'checked by the auditors.',
  schema: Type.Object(
    {
      ...finding,
      itemId: uuid,
      state: stringEnum(RECTIFICATION_STATES),
      byAuditedUnit: Type.Boolean(),
      updatedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type RectificationItemUpdatedV1 = EventData<typeof RectificationItemUpdated>;

export const AuditFindingClosed = defineEvent({
  domain: 'audit',
  name: 'AuditFindingClosed',
  version: 1,
  description:
    'A finding was closed by verification (对账销号): RECTIFIED when every item was, CONTINUING when some continue ' +
    'for a stated reason.',
  schema: Type.Object(
    {
      ...finding,
      rectificationState: stringEnum(['RECTIFIED', 'CONTINUING'] as const),
      verifiedOn: calendarDate,
      closedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AuditFindingClosedV1 = EventData<typeof AuditFindingClosed>;

export const AuditFindingOutcomeRecorded = defineEvent({
  domain: 'audit',
  name: 'AuditFindingOutcomeRecorded',
  version: 1,
  description:
    'What a finding brought: amounts recovered and saved, whether it was transferred for handling, and the return ' +
    'or refund flows (recorded by the services where the money lives) that carry the money recovered.',
  schema: Type.Object(
    {
      ...finding,
      recoveredFen: amountFen,
      savedFen: amountFen,
      transferredForHandling: Type.Boolean(),
      recoveryFlowIds: uuids,
      recordedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AuditFindingOutcomeRecordedV1 = EventData<typeof AuditFindingOutcomeRecorded>;

export const AuditDeadlinePassed = defineEvent({
  domain: 'audit',
  name: 'AuditDeadlinePassed',
  version: 1,
  description:
    'A deadline of a finding’s follow-up passed with its step not done (published once per deadline, the day ' +
    'after): the written response (from then on: no objection), the problem list, the rectification list or a ' +
    'rectification item (`itemId`, else null).',
  schema: Type.Object(
    {
      kind: stringEnum(DEADLINE_KINDS),
      ...finding,
      itemId: nullableUuid,
      deadline: calendarDate,
      detectedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type AuditDeadlinePassedV1 = EventData<typeof AuditDeadlinePassed>;

export const RectificationRulesSet = defineEvent({
  domain: 'audit',
  name: 'RectificationRulesSet',
  version: 1,
  description:
    'A jurisdiction’s rectification deadline rules were set, replacing the ones before, each with its source; in ' +
    'force within `regionPrefix` (empty: national) unless a longer prefix has its own.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$' }),
      rules: Type.Array(
        Type.Object(
          { key: stringEnum(RULE_KEYS), days: Type.Integer({ minimum: 1, maximum: 366 }), source: text },
          { additionalProperties: false },
        ),
      ),
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type RectificationRulesSetV1 = EventData<typeof RectificationRulesSet>;
