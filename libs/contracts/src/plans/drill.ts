import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  calendarDate,
  dateTime,
  nullable,
  nullableText,
  regionCode,
  stringEnum,
  text,
  uuid,
} from '../common';

/** 桌面 or 实战 (北京市突发事件应急演练管理办法 art. 3; AQ/T 9007-2019). */
export const DRILL_FORMS = ['TABLETOP', 'LIVE'] as const;
/** 单项 or 综合. */
export const DRILL_CONTENTS = ['SINGLE_FUNCTION', 'COMPREHENSIVE'] as const;
/** 检验性, 示范性 or 研究性. */
export const DRILL_PURPOSES = ['TESTING', 'DEMONSTRATION', 'RESEARCH'] as const;
/** What the guide's evaluation covers (YAB13 art. 23). */
export const DRILL_EVALUATION_CATEGORIES = [
  'EXECUTION',
  'PLAN_SOUNDNESS',
  'COMMAND_AND_COORDINATION',
  'RESPONDERS',
  'EQUIPMENT',
  'RECOMMENDATIONS',
] as const;
export const FINDING_SEVERITIES = ['MINOR', 'MAJOR', 'CRITICAL'] as const;
/** Who a drill rule binds: organisations of a type, those under a regime, or plans of a type. */
export const DRILL_RULE_SUBJECTS = ['ORGANISATION_TYPE', 'REGIME', 'PLAN_TYPE'] as const;

const drillKind = {
  form: stringEnum(DRILL_FORMS),
  content: stringEnum(DRILL_CONTENTS),
  purpose: stringEnum(DRILL_PURPOSES),
};

export const DrillPlanned = defineEvent({
  domain: 'plans',
  name: 'DrillPlanned',
  version: 1,
  description:
    'A drill was planned: its kind, the plans it exercises, who organises it, the participating organisations, and when and where it takes place.',
  schema: Type.Object(
    {
      drillId: uuid,
      ...drillKind,
      planIds: Type.Array(uuid),
      organiserOrganisationId: uuid,
      participantOrganisationIds: Type.Array(uuid),
      regionCode,
      scheduledOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type DrillPlannedV1 = EventData<typeof DrillPlanned>;

export const DrillHeld = defineEvent({
  domain: 'plans',
  name: 'DrillHeld',
  version: 1,
  description: 'A planned drill took place on `heldOn` (the date drill rules count from).',
  schema: Type.Object(
    {
      drillId: uuid,
      organiserOrganisationId: uuid,
      planIds: Type.Array(uuid),
      regionCode,
      heldOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type DrillHeldV1 = EventData<typeof DrillHeld>;

export const DrillEvaluated = defineEvent({
  domain: 'plans',
  name: 'DrillEvaluated',
  version: 1,
  description:
    'A held drill was evaluated in the guide’s categories, by its organiser or a third party; ratings are 1 (poor) to 5 (good).',
  schema: Type.Object(
    {
      drillId: uuid,
      regionCode,
      evaluatorOrganisationId: uuid,
      thirdParty: Type.Boolean(),
      ratings: Type.Array(
        Type.Object(
          {
            category: stringEnum(DRILL_EVALUATION_CATEGORIES),
            rating: Type.Integer({ minimum: 1, maximum: 5 }),
          },
          { additionalProperties: false },
        ),
      ),
      evaluatedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type DrillEvaluatedV1 = EventData<typeof DrillEvaluated>;

export const DrillArchived = defineEvent({
  domain: 'plans',
  name: 'DrillArchived',
  version: 1,
  description: 'A drill’s summary report was written and the drill archived; nothing of it changes after.',
  schema: Type.Object(
    { drillId: uuid, regionCode, organiserOrganisationId: uuid, archivedAt: dateTime },
    { additionalProperties: false },
  ),
});
export type DrillArchivedV1 = EventData<typeof DrillArchived>;

export const DrillFindingRecorded = defineEvent({
  domain: 'plans',
  name: 'DrillFindingRecorded',
  version: 1,
  description:
    'A problem a drill revealed, with its category and severity, the improvement actions set for it (owner and deadline), and the plan it sends back for revision, if any.',
  schema: Type.Object(
    {
      findingId: uuid,
      drillId: uuid,
      regionCode,
      category: stringEnum(DRILL_EVALUATION_CATEGORIES),
      severity: stringEnum(FINDING_SEVERITIES),
      revisePlanId: nullable({ type: 'string', format: 'uuid' }),
      actions: Type.Array(
        Type.Object(
          { actionId: uuid, ownerOrganisationId: uuid, dueOn: calendarDate },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
export type DrillFindingRecordedV1 = EventData<typeof DrillFindingRecorded>;

export const ImprovementActionOverdue = defineEvent({
  domain: 'plans',
  name: 'ImprovementActionOverdue',
  version: 1,
  description: 'An improvement action set after a drill was still open the day after its deadline.',
  schema: Type.Object(
    {
      actionId: uuid,
      findingId: uuid,
      drillId: uuid,
      regionCode,
      ownerOrganisationId: uuid,
      dueOn: calendarDate,
      detectedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type ImprovementActionOverdueV1 = EventData<typeof ImprovementActionOverdue>;

export const ImprovementActionDone = defineEvent({
  domain: 'plans',
  name: 'ImprovementActionDone',
  version: 1,
  description: 'An improvement action set after a drill was done, on `doneOn`.',
  schema: Type.Object(
    {
      actionId: uuid,
      findingId: uuid,
      drillId: uuid,
      ownerOrganisationId: uuid,
      dueOn: calendarDate,
      doneOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type ImprovementActionDoneV1 = EventData<typeof ImprovementActionDone>;

export const PlanRevisionTaskOpened = defineEvent({
  domain: 'plans',
  name: 'PlanRevisionTaskOpened',
  version: 1,
  description:
    'A drill finding needs a change to a plan it exercised (ERL art. 28): a revision task is open on that plan, noting the plan’s status and the version in force.',
  schema: Type.Object(
    {
      taskId: uuid,
      planId: uuid,
      findingId: uuid,
      drillId: uuid,
      planStatus: text,
      versionAtOpening: Type.Integer({ minimum: 0 }),
      openedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type PlanRevisionTaskOpenedV1 = EventData<typeof PlanRevisionTaskOpened>;

export const PlanRevisionTaskClosed = defineEvent({
  domain: 'plans',
  name: 'PlanRevisionTaskClosed',
  version: 1,
  description:
    'A plan revision task was closed, either by the plan’s version that made the revision or with the reason no change was needed.',
  schema: Type.Object(
    {
      taskId: uuid,
      planId: uuid,
      findingId: uuid,
      revisedInVersion: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
      reason: Type.Union([stringEnum(['NO_CHANGE_NEEDED']), Type.Null()]),
      reasonText: nullableText,
      closedAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type PlanRevisionTaskClosedV1 = EventData<typeof PlanRevisionTaskClosed>;

export const DrillRulesSet = defineEvent({
  domain: 'plans',
  name: 'DrillRulesSet',
  version: 1,
  description:
    'A jurisdiction’s drill frequency rules were replaced (`regionPrefix` empty: the national rules); an empty list hands the jurisdiction back to the next shorter prefix.',
  schema: Type.Object(
    {
      regionPrefix: Type.String({ pattern: '^([0-9]{2}){0,3}$' }),
      rules: Type.Array(
        Type.Object(
          {
            ruleId: uuid,
            subject: stringEnum(DRILL_RULE_SUBJECTS),
            subjectValue: text,
            intervalMonths: Type.Integer({ minimum: 1 }),
            source: text,
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
export type DrillRulesSetV1 = EventData<typeof DrillRulesSet>;

export const DrillRegimeSet = defineEvent({
  domain: 'plans',
  name: 'DrillRegimeSet',
  version: 1,
  description:
    'An office put an organisation under a drill regime (HIGH_RISK_UNIT) or back under its type’s rule (null).',
  schema: Type.Object(
    { organisationId: uuid, regime: nullable({ type: 'string', minLength: 1 }) },
    { additionalProperties: false },
  ),
});
export type DrillRegimeSetV1 = EventData<typeof DrillRegimeSet>;

export const AnnualDrillPlanSet = defineEvent({
  domain: 'plans',
  name: 'AnnualDrillPlanSet',
  version: 1,
  description:
    'An organisation’s drill plan for a year was set: the drills it plans, by kind, plans and month.',
  schema: Type.Object(
    {
      drillPlanId: uuid,
      organisationId: uuid,
      year: Type.Integer({ minimum: 2000 }),
      plannedDrills: Type.Array(
        Type.Object(
          {
            form: stringEnum(DRILL_FORMS),
            content: stringEnum(DRILL_CONTENTS),
            planIds: Type.Array(uuid),
            month: Type.Integer({ minimum: 1, maximum: 12 }),
          },
          { additionalProperties: false },
        ),
      ),
    },
    { additionalProperties: false },
  ),
});
export type AnnualDrillPlanSetV1 = EventData<typeof AnnualDrillPlanSet>;
