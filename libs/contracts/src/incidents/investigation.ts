import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { calendarDate, dateTime, nullableText, regionCode, stringEnum, text, uuid } from '../common';

const grade = stringEnum(['I', 'II', 'III', 'IV']);
const investigation = { investigationId: uuid, incidentId: uuid, regionCode, grade };

export const InvestigationOpened = defineEvent({
  domain: 'incidents',
  name: 'InvestigationOpened',
  version: 1,
  description:
    'The investigation and evaluation of an incident opened (O493 art. 19, ERL art. 87): its lead government, its team and the report’s due date.',
  schema: Type.Object(
    {
      ...investigation,
      leadOrganisationId: uuid,
      team: Type.Array(Type.Object({ organisationId: uuid, role: text }, { additionalProperties: false })),
      openedOn: calendarDate,
      reportDueOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type InvestigationOpenedV1 = EventData<typeof InvestigationOpened>;

export const InvestigationExtended = defineEvent({
  domain: 'incidents',
  name: 'InvestigationExtended',
  version: 1,
  description: 'The investigation report’s due date was extended, once (O493 art. 29).',
  schema: Type.Object(
    { ...investigation, days: Type.Integer({ minimum: 1 }), reason: text, reportDueOn: calendarDate },
    { additionalProperties: false },
  ),
});
export type InvestigationExtendedV1 = EventData<typeof InvestigationExtended>;

export const InvestigationReportSubmitted = defineEvent({
  domain: 'incidents',
  name: 'InvestigationReportSubmitted',
  version: 1,
  description:
    'The investigation report was submitted (O493 art. 30): whether on time, the government’s reply due date, and the measures to be rectified.',
  schema: Type.Object(
    {
      ...investigation,
      submittedOn: calendarDate,
      reportDueOn: calendarDate,
      late: Type.Boolean(),
      replyDueOn: calendarDate,
      measures: Type.Array(
        Type.Object(
          { itemId: uuid, text, ownerOrganisationId: uuid, dueOn: calendarDate },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
export type InvestigationReportSubmittedV1 = EventData<typeof InvestigationReportSubmitted>;

export const InvestigationReplied = defineEvent({
  domain: 'incidents',
  name: 'InvestigationReplied',
  version: 1,
  description: 'The government replied to the investigation report (O493 art. 32), on time or late.',
  schema: Type.Object(
    { ...investigation, repliedOn: calendarDate, replyDueOn: calendarDate, late: Type.Boolean() },
    { additionalProperties: false },
  ),
});
export type InvestigationRepliedV1 = EventData<typeof InvestigationReplied>;

export const InvestigationReportOverdue = defineEvent({
  domain: 'incidents',
  name: 'InvestigationReportOverdue',
  version: 1,
  description: 'An investigation report was not submitted by its due date (published once, the day after).',
  schema: Type.Object(
    { ...investigation, leadOrganisationId: uuid, reportDueOn: calendarDate, detectedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type InvestigationReportOverdueV1 = EventData<typeof InvestigationReportOverdue>;

export const InvestigationReplyExtended = defineEvent({
  domain: 'incidents',
  name: 'InvestigationReplyExtended',
  version: 1,
  description:
    'The due date of the government’s reply to a grade I investigation report was extended, once (O493 art. 32): the days and the new due date.',
  schema: Type.Object(
    { ...investigation, days: Type.Integer({ minimum: 1 }), replyDueOn: calendarDate },
    { additionalProperties: false },
  ),
});
export type InvestigationReplyExtendedV1 = EventData<typeof InvestigationReplyExtended>;

export const InvestigationReplyOverdue = defineEvent({
  domain: 'incidents',
  name: 'InvestigationReplyOverdue',
  version: 1,
  description:
    'The government did not reply to an investigation report by its due date, extended or not (published once, the day after).',
  schema: Type.Object(
    { ...investigation, leadOrganisationId: uuid, replyDueOn: calendarDate, detectedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type InvestigationReplyOverdueV1 = EventData<typeof InvestigationReplyOverdue>;

const item = { itemId: uuid, investigationId: uuid, incidentId: uuid, regionCode, ownerOrganisationId: uuid };

export const RectificationItemCompleted = defineEvent({
  domain: 'incidents',
  name: 'RectificationItemCompleted',
  version: 1,
  description: 'A rectification measure of an investigation report was completed, with its evidence.',
  schema: Type.Object(
    { ...item, dueOn: calendarDate, completedOn: calendarDate, late: Type.Boolean() },
    { additionalProperties: false },
  ),
});
export type RectificationItemCompletedV1 = EventData<typeof RectificationItemCompleted>;

export const RectificationItemOverdue = defineEvent({
  domain: 'incidents',
  name: 'RectificationItemOverdue',
  version: 1,
  description: 'A rectification measure was not completed by its due date (published once, the day after).',
  schema: Type.Object(
    { ...item, dueOn: calendarDate, detectedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type RectificationItemOverdueV1 = EventData<typeof RectificationItemOverdue>;

const days = (minimum: number) => Type.Integer({ minimum, maximum: 366 });

export const InvestigationRuleSet = defineEvent({
  domain: 'incidents',
  name: 'InvestigationRuleSet',
  version: 1,
  description:
    'A jurisdiction’s investigation time limits for a category (`category` null: any) were set, replacing the ' +
    'ones before: the limits now in force within `regionPrefix` (empty: the national default), unless a longer ' +
    'prefix or a rule for the category has its own.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}){0,3}$' }),
      category: nullableText,
      reportDays: days(1),
      maxExtensionDays: days(0),
      replyDays: days(1),
      gradeIReplyDays: days(1),
      gradeIReplyExtensionDays: days(0),
      source: text,
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type InvestigationRuleSetV1 = EventData<typeof InvestigationRuleSet>;
