import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const PlanVersionErrorCode = defineErrorCodes('plans/plan-version', {
  PlanRetired: {
    code: 'PLAN_RETIRED',
    meaning: 'The plan is retired: it is no longer revised, approved, issued, filed or evaluated.',
    extensions: { field: 'the argument at fault', planId: 'the plan' },
  },
  PlanRevisionOpen: {
    code: 'PLAN_REVISION_OPEN',
    meaning:
      'The plan already has a version in draft or approved and not yet issued; a new revision opens once it is issued.',
    extensions: { field: 'the argument at fault', planId: 'the plan', version: 'the open version' },
  },
  PlanNotInForce: {
    code: 'PLAN_NOT_IN_FORCE',
    meaning:
      'Only an issued plan (in force) is revised or evaluated; a plan in draft is edited as its first version.',
    extensions: { field: 'the argument at fault', planId: 'the plan', status: 'its status' },
  },
  PlanNoOpenVersion: {
    code: 'PLAN_NO_OPEN_VERSION',
    meaning:
      'The plan has no version to approve (none in draft) or to issue (none in draft or approved): open a revision first.',
    extensions: { field: 'the argument at fault', planId: 'the plan' },
  },
  PlanApprovalRequired: {
    code: 'PLAN_APPROVAL_REQUIRED',
    meaning:
      'A first version or a major revision (organisation and duties, procedures, main measures or grading) is approved before it is issued; only a minor revision may be issued from draft.',
    extensions: { field: 'the argument at fault', planId: 'the plan', version: 'the open version' },
  },
  PlanVersionNotFilable: {
    code: 'PLAN_VERSION_NOT_FILABLE',
    meaning:
      'Only an issued version not yet filed can be filed; the version named was never issued or is filed.',
    extensions: { field: 'the argument at fault', planId: 'the plan', version: 'the version named' },
  },
  PlanDateOutOfOrder: {
    code: 'PLAN_DATE_OUT_OF_ORDER',
    meaning:
      'A date of the plan’s lifecycle lies before the step it follows: issuance before approval or before the version it supersedes, filing or evaluation before issuance, retirement before the version in force was issued.',
    extensions: { field: 'the argument at fault', earliest: 'the earliest date allowed' },
  },
  PlanCycleRuleMissing: {
    code: 'PLAN_CYCLE_RULE_MISSING',
    meaning:
      'No plan cycle rule covers the plan’s region and type: the rules in force for its jurisdiction leave its type out.',
    extensions: { field: 'the argument at fault', regionCode: 'the plan’s region', planType: 'its type' },
  },
});
export type PlanVersionErrorCode = CodeOf<typeof PlanVersionErrorCode>;

export class PlanVersionException extends DomainError {
  constructor(
    code: PlanVersionErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
