import { defineEvent } from '@emergency/events';
import { amountFen, currency, flowSources, nullableUuid, regionCode, uuid, type FlowSource } from './common';

export interface IncidentReportedV1 {
  incidentId: string;
  title: string;
  category: string;
  severity: string;
  regionCode: string;
  occurredAt: string;
}

export const IncidentReported = defineEvent<IncidentReportedV1>({
  domain: 'incidents',
  name: 'IncidentReported',
  version: 1,
  description: 'An incident was first reported.',
  schema: {
    type: 'object',
    properties: {
      incidentId: uuid,
      title: { type: 'string', minLength: 1 },
      category: { type: 'string', minLength: 1 },
      severity: { type: 'string', enum: ['I', 'II', 'III', 'IV'] },
      regionCode,
      occurredAt: { type: 'string', format: 'date-time' },
    },
    required: ['incidentId', 'title', 'category', 'severity', 'regionCode', 'occurredAt'],
    additionalProperties: false,
  },
});

export interface ReconstructionFundEstablishedV1 {
  fundId: string;
  incidentId: string;
  name: string;
  managingOrganisationId: string;
  currency: 'CNY';
}

export const ReconstructionFundEstablished = defineEvent<ReconstructionFundEstablishedV1>({
  domain: 'incidents',
  name: 'ReconstructionFundEstablished',
  version: 1,
  description: 'A post-disaster reconstruction fund was set up for an incident, managed by an organisation.',
  schema: {
    type: 'object',
    properties: {
      fundId: uuid,
      incidentId: uuid,
      name: { type: 'string', minLength: 1 },
      managingOrganisationId: uuid,
      currency,
    },
    required: ['fundId', 'incidentId', 'name', 'managingOrganisationId', 'currency'],
    additionalProperties: false,
  },
});

export interface FundContributionRecordedV1 {
  contributionId: string;
  fundId: string;
  incidentId: string;
  kind: 'APPROPRIATION' | 'DONATION';
  status: 'PLEDGED' | 'COMMITTED' | 'PAID';
  amountFen: string;
  currency: 'CNY';
  contributorName: string;
  payerOrganisationId: string | null;
  payeeOrganisationId: string;
}

export const FundContributionRecorded = defineEvent<FundContributionRecordedV1>({
  domain: 'incidents',
  name: 'FundContributionRecorded',
  version: 1,
  description:
    'Money was raised into a reconstruction fund (appropriation or donation), with its pledge status. ' +
    'The contribution id is the root of every flow traced from it.',
  schema: {
    type: 'object',
    properties: {
      contributionId: uuid,
      fundId: uuid,
      incidentId: uuid,
      kind: { type: 'string', enum: ['APPROPRIATION', 'DONATION'] },
      status: { type: 'string', enum: ['PLEDGED', 'COMMITTED', 'PAID'] },
      amountFen,
      currency,
      contributorName: { type: 'string', minLength: 1 },
      payerOrganisationId: nullableUuid,
      payeeOrganisationId: uuid,
    },
    required: [
      'contributionId',
      'fundId',
      'incidentId',
      'kind',
      'status',
      'amountFen',
      'currency',
      'contributorName',
      'payerOrganisationId',
      'payeeOrganisationId',
    ],
    additionalProperties: false,
  },
});

export interface FundAllocatedV1 {
  allocationId: string;
  fundId: string;
  incidentId: string;
  amountFen: string;
  currency: 'CNY';
  purpose: string;
  payerOrganisationId: string;
  payeeOrganisationId: string;
  /** The paid contributions this allocation draws on; their amounts add up to `amountFen`. */
  sources: FlowSource[];
}

export const FundAllocated = defineEvent<FundAllocatedV1>({
  domain: 'incidents',
  name: 'FundAllocated',
  version: 1,
  description:
    'Part of a fund was allocated to an organisation for a purpose, drawing on paid contributions.',
  schema: {
    type: 'object',
    properties: {
      allocationId: uuid,
      fundId: uuid,
      incidentId: uuid,
      amountFen,
      currency,
      purpose: { type: 'string', minLength: 1 },
      payerOrganisationId: uuid,
      payeeOrganisationId: uuid,
      sources: flowSources,
    },
    required: [
      'allocationId',
      'fundId',
      'incidentId',
      'amountFen',
      'currency',
      'purpose',
      'payerOrganisationId',
      'payeeOrganisationId',
      'sources',
    ],
    additionalProperties: false,
  },
});
