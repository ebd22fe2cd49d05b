import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { dateTime, nullableStringEnum, regionCode, stringEnum, text, uuid } from '../common';
import { incidentFigures } from './incident';

const REPORT_KINDS = ['INITIAL', 'FOLLOW_UP', 'VERIFIED', 'SUPPLEMENTARY', 'FINAL'] as const;
const REPORT_CHANNELS = ['PHONE', 'WRITTEN', 'SYSTEM'] as const;
const REPORT_LEVELS = ['COUNTY', 'PREFECTURE', 'PROVINCE', 'NATIONAL'] as const;

export const IncidentReportSubmitted = defineEvent({
  domain: 'incidents',
  name: 'IncidentReportSubmitted',
  version: 1,
  description:
    'A report of the chain (初报, 续报 n, 核报, 补报, 终报) was submitted to a level: its figures, the levels it skipped, when it was made, and whether it met its deadline late (by how many minutes).',
  schema: Type.Object(
    {
      reportId: uuid,
      incidentId: uuid,
      regionCode,
      category: text,
      subcategory: Type.Union([text, Type.Null()]),
      kind: stringEnum(REPORT_KINDS),
      number: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
      channel: stringEnum(REPORT_CHANNELS),
      reportingOrganisationId: uuid,
      toLevel: stringEnum(REPORT_LEVELS),
      skippedLevels: Type.Array(stringEnum(REPORT_LEVELS)),
      reportedAt: dateTime,
      figures: incidentFigures,
      late: Type.Boolean(),
      lateByMinutes: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
    },
    { additionalProperties: false },
  ),
});
export type IncidentReportSubmittedV1 = EventData<typeof IncidentReportSubmitted>;

export const ReportDeadlinePassed = defineEvent({
  domain: 'incidents',
  name: 'ReportDeadlinePassed',
  version: 1,
  description:
    'A report an incident owed (its kind, to which level, by which channel when the rule names one) was not submitted by its deadline; `reportingRegion` is the region expected to report.',
  schema: Type.Object(
    {
      deadlineId: uuid,
      incidentId: uuid,
      regionCode,
      category: text,
      kind: stringEnum(REPORT_KINDS),
      level: stringEnum(REPORT_LEVELS),
      channel: nullableStringEnum(REPORT_CHANNELS),
      dueAt: dateTime,
      reportingRegion: regionCode,
    },
    { additionalProperties: false },
  ),
});
export type ReportDeadlinePassedV1 = EventData<typeof ReportDeadlinePassed>;

const nullableInteger = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

export const ReportDeadlineRulesSet = defineEvent({
  domain: 'incidents',
  name: 'ReportDeadlineRulesSet',
  version: 1,
  description:
    'A jurisdiction’s report deadline rules for a category were replaced (`regionPrefix` empty: the national rules); an empty list hands the jurisdiction back to the next shorter prefix.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}){0,3}$' }),
      category: text,
      rules: Type.Array(
        Type.Object(
          {
            ruleId: uuid,
            subcategory: Type.Union([text, Type.Null()]),
            grades: Type.Array(stringEnum(['I', 'II', 'III', 'IV'])),
            kind: stringEnum(REPORT_KINDS),
            channel: nullableStringEnum(REPORT_CHANNELS),
            hop: text,
            anchor: text,
            level: nullableStringEnum(REPORT_LEVELS),
            withinMinutes: nullableInteger,
            withinWorkingDays: nullableInteger,
            fixedTimes: Type.Array(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
            source: text,
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
export type ReportDeadlineRulesSetV1 = EventData<typeof ReportDeadlineRulesSet>;
