import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { calendarDate, dateTime, nullableUuid, regionCode, stringEnum, text, uuid } from '../common';

/** What a zero-reporting period watches: an emergency response, or an epidemic. */
export const zeroReportingKind = stringEnum(['RESPONSE', 'EPIDEMIC']);

export const ZeroReportingOpened = defineEvent({
  domain: 'incidents',
  name: 'ZeroReportingOpened',
  version: 1,
  description:
    'Daily zero reporting began for a region: from `startsOn`, every county, prefecture and the province within ' +
    '`regionCode` reports each day by its deadline, even when it has nothing to report.',
  schema: Type.Object(
    {
      periodId: uuid,
      incidentId: nullableUuid,
      kind: zeroReportingKind,
      regionCode,
      startsOn: calendarDate,
      unitRegionCodes: Type.Array(regionCode),
    },
    { additionalProperties: false },
  ),
});
export type ZeroReportingOpenedV1 = EventData<typeof ZeroReportingOpened>;

export const ZeroReportSubmitted = defineEvent({
  domain: 'incidents',
  name: 'ZeroReportSubmitted',
  version: 1,
  description:
    'A unit sent its daily report of a zero-reporting period for a date: `nothingToReport` when it is a zero report; ' +
    '`late` when it came after that day’s deadline.',
  schema: Type.Object(
    {
      reportId: uuid,
      periodId: uuid,
      incidentId: nullableUuid,
      unitRegionCode: regionCode,
      date: calendarDate,
      nothingToReport: Type.Boolean(),
      dueAt: dateTime,
      submittedAt: dateTime,
      late: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});
export type ZeroReportSubmittedV1 = EventData<typeof ZeroReportSubmitted>;

export const ZeroReportMissed = defineEvent({
  domain: 'incidents',
  name: 'ZeroReportMissed',
  version: 1,
  description:
    'A unit’s daily report of a zero-reporting period was not in by that day’s deadline (published once per unit ' +
    'and date).',
  schema: Type.Object(
    {
      periodId: uuid,
      incidentId: nullableUuid,
      unitRegionCode: regionCode,
      date: calendarDate,
      dueAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type ZeroReportMissedV1 = EventData<typeof ZeroReportMissed>;

const assignment = Type.Object(
  { assignmentId: uuid, organisationId: uuid, feedbackDueAt: dateTime },
  { additionalProperties: false },
);

export const LeaderInstructionRecorded = defineEvent({
  domain: 'incidents',
  name: 'LeaderInstructionRecorded',
  version: 1,
  description:
    'A leader’s instruction (批示) on an incident was logged and assigned to organisations, each with a feedback ' +
    'deadline. The leader is named by position only.',
  schema: Type.Object(
    {
      instructionId: uuid,
      incidentId: uuid,
      reportId: nullableUuid,
      regionCode,
      leaderTitle: Type.String({ minLength: 1 }),
      givenAt: dateTime,
      assignments: Type.Array(assignment, { minItems: 1 }),
    },
    { additionalProperties: false },
  ),
});
export type LeaderInstructionRecordedV1 = EventData<typeof LeaderInstructionRecorded>;

export const InstructionFeedbackSubmitted = defineEvent({
  domain: 'incidents',
  name: 'InstructionFeedbackSubmitted',
  version: 1,
  description:
    'An assigned organisation reported back on a leader’s instruction; `final` when it is its final feedback.',
  schema: Type.Object(
    {
      instructionId: uuid,
      assignmentId: uuid,
      feedbackId: uuid,
      organisationId: uuid,
      regionCode,
      final: Type.Boolean(),
      submittedAt: dateTime,
      feedbackDueAt: dateTime,
      late: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});
export type InstructionFeedbackSubmittedV1 = EventData<typeof InstructionFeedbackSubmitted>;

export const InstructionFeedbackOverdue = defineEvent({
  domain: 'incidents',
  name: 'InstructionFeedbackOverdue',
  version: 1,
  description:
    'An assigned organisation gave no final feedback on a leader’s instruction by its deadline (after any extension ' +
    'granted); published once per deadline.',
  schema: Type.Object(
    {
      instructionId: uuid,
      assignmentId: uuid,
      incidentId: uuid,
      organisationId: uuid,
      regionCode,
      feedbackDueAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type InstructionFeedbackOverdueV1 = EventData<typeof InstructionFeedbackOverdue>;

export const InstructionClosed = defineEvent({
  domain: 'incidents',
  name: 'InstructionClosed',
  version: 1,
  description:
    'The duty office closed (办结) a leader’s instruction. `withoutFeedbackFrom` lists the assigned organisations ' +
    'that had given no final feedback (closed with a reason).',
  schema: Type.Object(
    {
      instructionId: uuid,
      incidentId: uuid,
      regionCode,
      closedAt: dateTime,
      withoutFeedbackFrom: Type.Array(uuid),
    },
    { additionalProperties: false },
  ),
});
export type InstructionClosedV1 = EventData<typeof InstructionClosed>;

const rulePrefix = Type.String({ pattern: '^([0-9]{2}){0,3}$' });
const clockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

export const ZeroReportDeadlinesSet = defineEvent({
  domain: 'incidents',
  name: 'ZeroReportDeadlinesSet',
  version: 1,
  description:
    'A jurisdiction’s daily zero-report deadline for one level of unit was set, replacing the one before: ' +
    '`dueTime` (HH:mm China Standard Time on the day reported) is now in force for the units of that level ' +
    'within `regionPrefix` (empty: the national default), unless a longer prefix has its own.',
  schema: Type.Object(
    {
      regionPrefix: rulePrefix,
      level: stringEnum(['COUNTY', 'PREFECTURE', 'PROVINCE']),
      dueTime: clockTime,
      source: text,
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type ZeroReportDeadlinesSetV1 = EventData<typeof ZeroReportDeadlinesSet>;

export const InstructionRuleSet = defineEvent({
  domain: 'incidents',
  name: 'InstructionRuleSet',
  version: 1,
  description:
    'A jurisdiction’s time limit for feedback on leader instructions was set, replacing the one before: ' +
    '`feedbackWorkingDays` working days is now in force within `regionPrefix` (empty: the national default), ' +
    'unless a longer prefix has its own.',
  schema: Type.Object(
    {
      regionPrefix: rulePrefix,
      feedbackWorkingDays: Type.Integer({ minimum: 1 }),
      source: text,
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type InstructionRuleSetV1 = EventData<typeof InstructionRuleSet>;
