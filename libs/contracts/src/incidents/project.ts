import { Type } from '@sinclair/typebox';
import { PROJECT_CATEGORIES } from '@emergency/domain';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, calendarDate, regionCode, stringEnum, text, uuid } from '../common';
import { moneyBlock } from '../money';

/** The categories of reconstruction projects. */
const projectCategory = stringEnum(PROJECT_CATEGORIES);

// A reconstruction project's life (planned, started, completed, accepted, settled) and the money paid to its
// contractors. Every event is keyed by the project's fund, so a fund's flows arrive in the order they happened.

export const ReconstructionProjectRegistered = defineEvent({
  domain: 'incidents',
  name: 'ReconstructionProjectRegistered',
  version: 1,
  description:
    'A reconstruction project was planned for a fund: its category, region, owner organisation and planned ' +
    'investment. It is paid from allocations made to it.',
  schema: Type.Object(
    {
      projectId: uuid,
      fundId: uuid,
      incidentId: uuid,
      name: text,
      category: projectCategory,
      regionCode,
      ownerOrganisationId: uuid,
      plannedInvestmentFen: amountFen,
    },
    { additionalProperties: false },
  ),
});
export type ReconstructionProjectRegisteredV1 = EventData<typeof ReconstructionProjectRegistered>;

export const ProjectContractSigned = defineEvent({
  domain: 'incidents',
  name: 'ProjectContractSigned',
  version: 1,
  description:
    'A construction contract of a reconstruction project was signed with a contractor (an enterprise).',
  schema: Type.Object(
    {
      contractId: uuid,
      projectId: uuid,
      fundId: uuid,
      contractorOrganisationId: uuid,
      amountFen,
      signedOn: calendarDate,
      reference: text,
    },
    { additionalProperties: false },
  ),
});
export type ProjectContractSignedV1 = EventData<typeof ProjectContractSigned>;

export const ReconstructionProjectStarted = defineEvent({
  domain: 'incidents',
  name: 'ReconstructionProjectStarted',
  version: 1,
  description: 'Construction of a reconstruction project started (PLANNED to STARTED).',
  schema: Type.Object(
    { projectId: uuid, fundId: uuid, startedOn: calendarDate },
    { additionalProperties: false },
  ),
});
export type ReconstructionProjectStartedV1 = EventData<typeof ReconstructionProjectStarted>;

export const ProjectProgressReported = defineEvent({
  domain: 'incidents',
  name: 'ProjectProgressReported',
  version: 1,
  description:
    'Progress of a started reconstruction project: percent complete (never decreasing) and a milestone.',
  schema: Type.Object(
    {
      projectId: uuid,
      fundId: uuid,
      percentComplete: Type.Integer({ minimum: 0, maximum: 100 }),
      milestone: text,
      reportedOn: calendarDate,
    },
    { additionalProperties: false },
  ),
});
export type ProjectProgressReportedV1 = EventData<typeof ProjectProgressReported>;

export const ProjectPaymentMade = defineEvent({
  domain: 'incidents',
  name: 'ProjectPaymentMade',
  version: 1,
  description:
    'A stage payment of a reconstruction project to the contractor of one of its contracts. Its money block ' +
    '(DISBURSED, flow id = payment id) is paid by the project’s owner organisation to the contractor and draws on ' +
    'the allocations made to the project, as the payer split it, each with the contributions it is made of; ' +
    '`allocationId` is null when the payment is split over several allocations.',
  schema: Type.Object(
    {
      paymentId: uuid,
      projectId: uuid,
      contractId: uuid,
      paidOn: calendarDate,
      voucherNumber: text,
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type ProjectPaymentMadeV1 = EventData<typeof ProjectPaymentMade>;

export const ProjectPaymentRefunded = defineEvent({
  domain: 'incidents',
  name: 'ProjectPaymentRefunded',
  version: 1,
  description:
    'Part or all of a project payment came back from the contractor. Its money block (DISBURSED, `reverses` = the ' +
    'payment) gives the money back to the allocations the payment drew on, the last drawn first, with their origins.',
  schema: Type.Object(
    { refundId: uuid, paymentId: uuid, projectId: uuid, reason: text, money: moneyBlock },
    { additionalProperties: false },
  ),
});
export type ProjectPaymentRefundedV1 = EventData<typeof ProjectPaymentRefunded>;

export const ReconstructionProjectCompleted = defineEvent({
  domain: 'incidents',
  name: 'ReconstructionProjectCompleted',
  version: 1,
  description:
    'Construction of a reconstruction project was completed (STARTED to COMPLETED, at 100 percent).',
  schema: Type.Object(
    { projectId: uuid, fundId: uuid, completedOn: calendarDate },
    { additionalProperties: false },
  ),
});
export type ReconstructionProjectCompletedV1 = EventData<typeof ReconstructionProjectCompleted>;

export const ReconstructionProjectAccepted = defineEvent({
  domain: 'incidents',
  name: 'ReconstructionProjectAccepted',
  version: 1,
  description: 'A completed reconstruction project passed its completion acceptance (COMPLETED to ACCEPTED).',
  schema: Type.Object(
    { projectId: uuid, fundId: uuid, acceptedOn: calendarDate, acceptingBody: text },
    { additionalProperties: false },
  ),
});
export type ReconstructionProjectAcceptedV1 = EventData<typeof ReconstructionProjectAccepted>;

export const ReconstructionProjectSettled = defineEvent({
  domain: 'incidents',
  name: 'ReconstructionProjectSettled',
  version: 1,
  description:
    'The final account of an accepted reconstruction project was settled (ACCEPTED to SETTLED): each contract’s ' +
    'settled amount equals what was paid on it. Its money block (USED, flow id = settlement id) confirms the use of ' +
    'every payment of the project: its sources are the payments with their net amounts and origins.',
  schema: Type.Object(
    {
      settlementId: uuid,
      projectId: uuid,
      settledOn: calendarDate,
      contracts: Type.Array(
        Type.Object({ contractId: uuid, settledAmountFen: amountFen }, { additionalProperties: false }),
      ),
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type ReconstructionProjectSettledV1 = EventData<typeof ReconstructionProjectSettled>;
