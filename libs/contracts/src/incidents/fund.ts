import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, currency, flowSources, nullableUuid, stringEnum, text, uuid } from '../common';
import { moneyBlockV1 } from '../money';

export const ReconstructionFundEstablished = defineEvent({
  domain: 'incidents',
  name: 'ReconstructionFundEstablished',
  version: 1,
  description: 'A post-disaster reconstruction fund was set up for an incident, managed by an organisation.',
  schema: Type.Object(
    { fundId: uuid, incidentId: uuid, name: text, managingOrganisationId: uuid, currency },
    { additionalProperties: false },
  ),
});
export type ReconstructionFundEstablishedV1 = EventData<typeof ReconstructionFundEstablished>;

const contributionKind = stringEnum(['APPROPRIATION', 'DONATION']);
const contributionStatus = stringEnum(['PLEDGED', 'COMMITTED', 'PAID']);

/** Superseded by {@link FundContributionRecorded} (v2); kept so events published as v1 still validate. */
export const FundContributionRecordedV1Contract = defineEvent({
  domain: 'incidents',
  name: 'FundContributionRecorded',
  version: 1,
  description:
    'Deprecated: published before the money block; see v2. ' +
    'Money was raised into a reconstruction fund (appropriation or donation), with its pledge status. ' +
    'The contribution id is the root of every flow traced from it.',
  schema: Type.Object(
    {
      contributionId: uuid,
      fundId: uuid,
      incidentId: uuid,
      kind: contributionKind,
      status: contributionStatus,
      amountFen,
      currency,
      contributorName: text,
      payerOrganisationId: nullableUuid,
      payeeOrganisationId: uuid,
    },
    { additionalProperties: false },
  ),
});
export type FundContributionRecordedV1 = EventData<typeof FundContributionRecordedV1Contract>;

/** Superseded by {@link FundContributionRecorded} (v3, in contribution.ts); kept so events published as v2 still validate. */
export const FundContributionRecordedV2Contract = defineEvent({
  domain: 'incidents',
  name: 'FundContributionRecorded',
  version: 2,
  description:
    'Deprecated: published before the full money model; see v3. ' +
    'Money was raised into a reconstruction fund (appropriation or donation), with its pledge status. Its money ' +
    'block is RAISED when paid and PLEDGED while only pledged or committed; the payer is the contributor, the ' +
    'payee the fund’s managing organisation. The contribution id is the root of every flow traced from it.',
  schema: Type.Object(
    { contributionId: uuid, kind: contributionKind, status: contributionStatus, money: moneyBlockV1 },
    { additionalProperties: false },
  ),
});
export type FundContributionRecordedV2 = EventData<typeof FundContributionRecordedV2Contract>;

/** Superseded by {@link FundAllocated} (v3); kept so events published as v1 still validate. */
export const FundAllocatedV1Contract = defineEvent({
  domain: 'incidents',
  name: 'FundAllocated',
  version: 1,
  description:
    'Deprecated: published before the money block; see v2. ' +
    'Part of a fund was allocated to an organisation for a purpose, drawing on paid contributions.',
  schema: Type.Object(
    {
      allocationId: uuid,
      fundId: uuid,
      incidentId: uuid,
      amountFen,
      currency,
      purpose: text,
      payerOrganisationId: uuid,
      payeeOrganisationId: uuid,
      /** The paid contributions this allocation draws on; their amounts add up to `amountFen`. */
      sources: flowSources,
    },
    { additionalProperties: false },
  ),
});
export type FundAllocatedV1 = EventData<typeof FundAllocatedV1Contract>;

/** Superseded by {@link FundAllocated} (v3, in allocation.ts); kept so events published as v2 still validate. */
export const FundAllocatedV2Contract = defineEvent({
  domain: 'incidents',
  name: 'FundAllocated',
  version: 2,
  description:
    'Deprecated: published with the first money block; see v3. ' +
    'Part of a fund was allocated to an organisation for a purpose. Its money block (ALLOCATED) is paid by the ' +
    'fund’s managing organisation to the recipient, draws on paid contributions as its sources, and carries the ' +
    'allocation id as both flow and allocation.',
  schema: Type.Object(
    { allocationId: uuid, purpose: text, money: moneyBlockV1 },
    { additionalProperties: false },
  ),
});
export type FundAllocatedV2 = EventData<typeof FundAllocatedV2Contract>;
