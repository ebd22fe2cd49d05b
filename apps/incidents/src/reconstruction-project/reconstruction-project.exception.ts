import { CommonErrorCode, defineErrorCodes, DomainError, type CodeOf } from '@emergency/graphql';

export const ReconstructionProjectErrorCode = defineErrorCodes('incidents/reconstruction-project', {
  ProjectNotFound: {
    code: 'PROJECT_NOT_FOUND',
    meaning:
      'The reconstruction project (or its contract or payment) a mutation names does not exist or lies outside your jurisdiction.',
    extensions: { field: 'the argument at fault', id: 'the id' },
  },
  ProjectRegionOutsideIncident: {
    code: 'PROJECT_REGION_OUTSIDE_INCIDENT',
    meaning:
      'A project’s region, or a village of a relief payment, is not within the region of the fund’s incident.',
    extensions: { field: 'the argument at fault', regionCode: 'the incident’s region' },
  },
  ProjectTransitionRefused: {
    code: 'PROJECT_TRANSITION_REFUSED',
    meaning:
      'A project moves planned, started, completed, accepted, settled, one step at a time; the change asked for is not the next step.',
    extensions: { field: 'the argument at fault', from: 'the project’s status', to: 'the status asked for' },
  },
  ProjectHasNoContract: {
    code: 'PROJECT_HAS_NO_CONTRACT',
    meaning: 'A project starts only once a construction contract is signed.',
    extensions: { field: 'the argument at fault' },
  },
  ProjectNotComplete: {
    code: 'PROJECT_NOT_COMPLETE',
    meaning: 'A project is completed only once its progress reaches 100 percent.',
    extensions: { field: 'the argument at fault', percentComplete: 'the last progress reported' },
  },
  ProjectNotStarted: {
    code: 'PROJECT_NOT_STARTED',
    meaning: 'A payment or a progress report for a project that has not started.',
    extensions: { field: 'the argument at fault', status: 'the project’s status' },
  },
  ProjectStatusForbids: {
    code: 'PROJECT_STATUS_FORBIDS',
    meaning:
      'What was asked is not done at the project’s status: contracts are signed before completion, progress is reported while started, money moves until settlement.',
    extensions: { field: 'the argument at fault', status: 'the project’s status' },
  },
  ProjectDateOutOfOrder: {
    code: 'PROJECT_DATE_OUT_OF_ORDER',
    meaning: 'A status change dated before the project’s previous one (started before completed, and so on).',
    extensions: { field: 'the argument at fault', previousOn: 'the date of the previous status' },
  },
  ProgressDecreased: {
    code: 'PROGRESS_DECREASED',
    meaning: 'A progress report below the last one: percent complete never decreases.',
    extensions: { field: 'the argument at fault', percentComplete: 'the last progress reported' },
  },
  ContractOverpaid: {
    code: 'CONTRACT_OVERPAID',
    meaning:
      'A payment would take what has been paid on a contract (net of refunds) above the contract’s amount.',
    extensions: {
      field: 'the argument at fault',
      contractId: 'the contract',
      contractFen: 'the contract’s amount, a decimal string',
      paidFen: 'paid on it so far net of refunds, a decimal string',
      requestedFen: 'the payment asked for, a decimal string',
    },
  },
  PaymentSplitMismatch: {
    code: 'PAYMENT_SPLIT_MISMATCH',
    meaning: 'The amounts a payment states it takes from each allocation do not add up to the payment.',
    extensions: { field: 'the argument at fault' },
  },
  AllocationNotForProject: {
    code: 'ALLOCATION_NOT_FOR_PROJECT',
    meaning:
      'A payment draws on an allocation that does not exist, was not made to this project, or is not cash.',
    extensions: { field: 'the argument at fault', allocationId: 'the allocation' },
  },
  AllocationInsufficient: {
    code: 'ALLOCATION_INSUFFICIENT',
    meaning: 'A payment takes more from an allocation (cash, or goods of an item) than is left of it.',
    extensions: {
      field: 'the argument at fault',
      allocationId: 'the allocation',
      availableFen: 'cash left of it, a decimal string',
    },
  },
  SettlementMismatch: {
    code: 'SETTLEMENT_MISMATCH',
    meaning:
      'A final account must name every contract of the project once, each with a settled amount equal to what was paid on it net of refunds.',
    extensions: {
      field: 'the argument at fault',
      contractId: 'the contract at fault',
      paidFen: 'paid on it net of refunds, a decimal string (null when the contract is missing or unknown)',
    },
  },
});
export type ReconstructionProjectErrorCode = CodeOf<typeof ReconstructionProjectErrorCode>;

export class ReconstructionProjectException extends DomainError {
  constructor(
    code: ReconstructionProjectErrorCode | CommonErrorCode,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}
