import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  calendarDate,
  dateTime,
  nullableStringEnum,
  nullableText,
  nullableUuid,
  regionCode,
  stringEnum,
  text,
  uuid,
} from '../common';
import { PLAN_TYPES } from './plan';

/** Why a plan is revised: the seven cases of YAB13 art. 25. */
export const PLAN_REVISION_TRIGGERS = [
  'LAW_OR_HIGHER_PLAN_CHANGED',
  'COMMAND_RESTRUCTURED',
  'RISKS_CHANGED',
  'RESOURCES_CHANGED',
  'OTHER_INFORMATION_CHANGED',
  'RESPONSE_OR_DRILL_PROBLEMS',
  'OTHER',
] as const;

/** What an evaluation of a plan concluded: keep it as it is, or revise it. */
export const PLAN_EVALUATION_CONCLUSIONS = ['KEEP', 'REVISE'] as const;

const version = Type.Integer({ minimum: 1 });
const regionPrefix = Type.String({ pattern: '^([0-9]{2}){0,3}$' });

/** Who owns a plan and where it applies, on every lifecycle event. */
const planHeader = {
  planId: uuid,
  ownerOrganisationId: uuid,
  regionCode,
  planType: stringEnum(PLAN_TYPES),
};

export const PlanVersionDrafted = defineEvent({
  domain: 'plans',
  name: 'PlanVersionDrafted',
  version: 1,
  description:
    'A draft version of a plan was opened: version 1 when the plan is drafted (no trigger), a later one when a revision is opened, with its trigger (YAB13 art. 25) and whether it is a major revision that needs full approval again.',
  schema: Type.Object(
    {
      ...planHeader,
      version,
      trigger: nullableStringEnum(PLAN_REVISION_TRIGGERS),
      major: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});
export type PlanVersionDraftedV1 = EventData<typeof PlanVersionDrafted>;

export const PlanDraftEdited = defineEvent({
  domain: 'plans',
  name: 'PlanDraftEdited',
  version: 1,
  description:
    'The text of a plan’s version in draft was edited before approval: which sections changed, and how many attachments it now has.',
  schema: Type.Object(
    {
      ...planHeader,
      version,
      changedSections: Type.Array(
        stringEnum([
          'organisationAndDuties',
          'preventionAndWarning',
          'responseProcedures',
          'support',
          'recovery',
        ] as const),
      ),
      attachmentCount: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  ),
});
export type PlanDraftEditedV1 = EventData<typeof PlanDraftEdited>;

export const PlanApproved = defineEvent({
  domain: 'plans',
  name: 'PlanApproved',
  version: 1,
  description: 'A draft version of a plan was approved by the body named, at the meeting named, on a date.',
  schema: Type.Object(
    { ...planHeader, version, approvingBody: text, meeting: nullableText, approvedOn: calendarDate },
    { additionalProperties: false },
  ),
});
export type PlanApprovedV1 = EventData<typeof PlanApproved>;

export const PlanIssued = defineEvent({
  domain: 'plans',
  name: 'PlanIssued',
  version: 1,
  description:
    'A version of a plan was issued and is in force; the version it replaces (if any) is superseded. Filing (备案) is due by `filingDueOn`, the next evaluation by `evaluationDueOn`.',
  schema: Type.Object(
    {
      ...planHeader,
      version,
      issuedOn: calendarDate,
      supersededVersion: Type.Union([version, Type.Null()]),
      filingDueOn: calendarDate,
      evaluationDueOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type PlanIssuedV1 = EventData<typeof PlanIssued>;

export const PlanFiled = defineEvent({
  domain: 'plans',
  name: 'PlanFiled',
  version: 1,
  description:
    'An issued version of a plan was filed (备案) with the higher body named, with its receipt number; `late` when filed after the due date.',
  schema: Type.Object(
    {
      ...planHeader,
      version,
      filedOn: calendarDate,
      filedWithOrganisationId: uuid,
      receiptNumber: text,
      filingDueOn: calendarDate,
      late: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
});
export type PlanFiledV1 = EventData<typeof PlanFiled>;

export const PlanFilingOverdue = defineEvent({
  domain: 'plans',
  name: 'PlanFilingOverdue',
  version: 1,
  description: 'An issued version of a plan was not filed by its due date; announced once.',
  schema: Type.Object(
    { ...planHeader, version, filingDueOn: calendarDate, detectedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type PlanFilingOverdueV1 = EventData<typeof PlanFilingOverdue>;

export const PlanEvaluated = defineEvent({
  domain: 'plans',
  name: 'PlanEvaluated',
  version: 1,
  description:
    'A plan in force was evaluated: its conclusion, whether it was on time for the due date it answered, and the next due date.',
  schema: Type.Object(
    {
      ...planHeader,
      evaluationId: uuid,
      evaluatedOn: calendarDate,
      conclusion: stringEnum(PLAN_EVALUATION_CONCLUSIONS),
      dueOn: calendarDate,
      onTime: Type.Boolean(),
      nextDueOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type PlanEvaluatedV1 = EventData<typeof PlanEvaluated>;

export const PlanEvaluationOverdue = defineEvent({
  domain: 'plans',
  name: 'PlanEvaluationOverdue',
  version: 1,
  description: 'A plan in force was not evaluated by its due date; announced once per due date.',
  schema: Type.Object(
    { ...planHeader, evaluationDueOn: calendarDate, detectedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type PlanEvaluationOverdueV1 = EventData<typeof PlanEvaluationOverdue>;

export const PlanRetired = defineEvent({
  domain: 'plans',
  name: 'PlanRetired',
  version: 1,
  description: 'A plan was withdrawn from the plan system, with the reason.',
  schema: Type.Object(
    { ...planHeader, retiredOn: calendarDate, reason: text, replacedByPlanId: nullableUuid },
    { additionalProperties: false },
  ),
});
export type PlanRetiredV1 = EventData<typeof PlanRetired>;

export const PlanCycleRulesSet = defineEvent({
  domain: 'plans',
  name: 'PlanCycleRulesSet',
  version: 1,
  description:
    'A jurisdiction’s plan cycle rules (filing period in working days and evaluation cycle in years, per plan type) were replaced (`regionPrefix` empty: the national rules); an empty list hands the jurisdiction back to the next shorter prefix.',
  schema: Type.Object(
    {
      regionPrefix,
      rules: Type.Array(
        Type.Object(
          {
            planType: stringEnum(PLAN_TYPES),
            filingWorkingDays: Type.Integer({ minimum: 1 }),
            evaluationYears: Type.Integer({ minimum: 1 }),
            source: text,
          },
          { additionalProperties: false },
        ),
      ),
      setAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type PlanCycleRulesSetV1 = EventData<typeof PlanCycleRulesSet>;
