import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const DrillErrorCode = defineErrorCodes('plans/drill', {
  DrillNotFound: {
    code: 'DRILL_NOT_FOUND',
    meaning: 'The drill an argument names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the drill id' },
  },
  DrillWrongStatus: {
    code: 'DRILL_WRONG_STATUS',
    meaning:
      'A drill moves one step at a time, PLANNED → HELD → EVALUATED → ARCHIVED; findings are recorded while it is HELD or EVALUATED; nothing of an archived drill changes.',
    extensions: { field: 'the argument at fault', status: 'the drill’s status' },
  },
  DrillNotYetHeld: {
    code: 'DRILL_NOT_YET_HELD',
    meaning: 'A drill is recorded as held on a day that has come (China Standard Time), not before.',
    extensions: { field: 'the argument at fault', heldOn: 'the date given' },
  },
  DrillEvaluationIncomplete: {
    code: 'DRILL_EVALUATION_INCOMPLETE',
    meaning:
      'An evaluation rates each of the guide’s six categories once (EXECUTION, PLAN_SOUNDNESS, COMMAND_AND_COORDINATION, RESPONDERS, EQUIPMENT, RECOMMENDATIONS).',
    extensions: { field: 'the argument at fault', missing: 'the categories not rated' },
  },
  DrillPlanNotExercised: {
    code: 'DRILL_PLAN_NOT_EXERCISED',
    meaning: 'A finding sends back for revision only a plan its drill exercised.',
    extensions: { field: 'the argument at fault', planId: 'the plan named' },
  },
  ImprovementActionNotFound: {
    code: 'IMPROVEMENT_ACTION_NOT_FOUND',
    meaning: 'The improvement action an argument names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the action id' },
  },
  ImprovementActionDone: {
    code: 'IMPROVEMENT_ACTION_ALREADY_DONE',
    meaning: 'The improvement action is already done.',
    extensions: { field: 'the argument at fault', doneOn: 'the day it was done' },
  },
  RevisionTaskNotFound: {
    code: 'PLAN_REVISION_TASK_NOT_FOUND',
    meaning: 'The plan revision task an argument names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the task id' },
  },
  RevisionTaskClosed: {
    code: 'PLAN_REVISION_TASK_CLOSED',
    meaning: 'The plan revision task is already closed.',
    extensions: { field: 'the argument at fault' },
  },
  RevisionTaskNeedsRevisionOrReason: {
    code: 'PLAN_REVISION_TASK_NEEDS_REVISION_OR_REASON',
    meaning:
      'A plan revision task closes with either the version that made the revision or the reason NO_CHANGE_NEEDED with its text, exactly one of the two.',
    extensions: { field: 'the argument at fault' },
  },
  RevisionNotNewer: {
    code: 'PLAN_REVISION_NOT_NEWER',
    meaning:
      'The version named as the revision is not later than the plan’s version in force when the task opened.',
    extensions: { field: 'the argument at fault', versionAtOpening: 'the version in force at opening' },
  },
  RevisionVersionNotFound: {
    code: 'PLAN_REVISION_VERSION_NOT_FOUND',
    meaning: 'The plan has no version with the number named as the revision.',
    extensions: { field: 'the argument at fault', planId: 'the plan', version: 'the number given' },
  },
  AnnualDrillPlanExists: {
    code: 'ANNUAL_DRILL_PLAN_EXISTS',
    meaning: 'The organisation already has a drill plan for that year.',
    extensions: { field: 'the argument at fault', year: 'the year' },
  },
});
export type DrillErrorCode = CodeOf<typeof DrillErrorCode>;

export class DrillException extends DomainError {
  constructor(
    code: DrillErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
