import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import {
  CONTRIBUTION_KINDS,
  CONTRIBUTOR_TYPES,
  DONATION_CHANNELS,
  FISCAL_LEVELS,
  MONEY_PURPOSES,
} from '@emergency/domain';
import {
  calendarDate,
  nullableStringEnum,
  nullableText,
  nullableUuid,
  stringEnum,
  text,
  uuid,
} from '../common';
import { moneyBlock } from '../money';

// A contribution's life, as the incidents service records it: recorded (pledged, committed or paid), committed,
// paid, withdrawn, or corrected by a reversing entry and a new contribution. docs/adr/0026-the-money-model.md.

const contributionKind = stringEnum(CONTRIBUTION_KINDS);
/** The statuses a contribution can be recorded in; WITHDRAWN and CORRECTED are reached by their own events. */
const recordedStatus = stringEnum(['PLEDGED', 'COMMITTED', 'PAID']);

export const FundContributionRecorded = defineEvent({
  domain: 'incidents',
  name: 'FundContributionRecorded',
  version: 3,
  description:
    'Money or goods in kind were contributed to a reconstruction fund: a fiscal appropriation (with its level and ' +
    'programme), a social donation (with its channel, form and the donor’s direction) or special party dues, pledged, ' +
    'committed or paid (with the day and voucher). Its money block is RAISED when paid and PLEDGED otherwise; the ' +
    'payer is the contributor (a natural person’s name masked), the payee the receiving organisation or else the ' +
    'fund’s managing organisation. `correctsId` names the contribution this one corrects (published just before as ' +
    'FundContributionCorrected). The contribution id is the root of every flow traced from it.',
  schema: Type.Object(
    {
      contributionId: uuid,
      kind: contributionKind,
      status: recordedStatus,
      contributorType: stringEnum(CONTRIBUTOR_TYPES),
      fiscalLevel: nullableStringEnum(FISCAL_LEVELS),
      programme: nullableText,
      channel: nullableStringEnum(DONATION_CHANNELS),
      receivingOrganisationId: nullableUuid,
      directedPurpose: nullableStringEnum(MONEY_PURPOSES),
      directedOrganisationId: nullableUuid,
      paidOn: Type.Union([calendarDate, Type.Null()]),
      voucherNumber: nullableText,
      correctsId: nullableUuid,
      money: moneyBlock,
    },
    { additionalProperties: false },
  ),
});
export type FundContributionRecordedV3 = EventData<typeof FundContributionRecorded>;

export const FundContributionCommitted = defineEvent({
  domain: 'incidents',
  name: 'FundContributionCommitted',
  version: 1,
  description:
    'A pledged contribution was committed (a signed agreement, an approved budget line). Still a promise: its ' +
    'money block is PLEDGED and moves nothing.',
  schema: Type.Object({ contributionId: uuid, money: moneyBlock }, { additionalProperties: false }),
});
export type FundContributionCommittedV1 = EventData<typeof FundContributionCommitted>;

export const FundContributionPaid = defineEvent({
  domain: 'incidents',
  name: 'FundContributionPaid',
  version: 1,
  description:
    'A pledged or committed contribution was paid into the fund on `paidOn` against receipt or voucher ' +
    '`voucherNumber`. Its money block is RAISED with the contribution id as its flow id: from now on allocations ' +
    'may draw on it.',
  schema: Type.Object(
    { contributionId: uuid, paidOn: calendarDate, voucherNumber: text, money: moneyBlock },
    { additionalProperties: false },
  ),
});
export type FundContributionPaidV1 = EventData<typeof FundContributionPaid>;

export const FundContributionWithdrawn = defineEvent({
  domain: 'incidents',
  name: 'FundContributionWithdrawn',
  version: 1,
  description:
    'A pledged or committed contribution will not be paid. Its money block (PLEDGED) reverses the promise: ' +
    '`reverses` is the contribution id.',
  schema: Type.Object(
    { contributionId: uuid, reason: text, money: moneyBlock },
    { additionalProperties: false },
  ),
});
export type FundContributionWithdrawnV1 = EventData<typeof FundContributionWithdrawn>;

export const FundContributionCorrected = defineEvent({
  domain: 'incidents',
  name: 'FundContributionCorrected',
  version: 1,
  description:
    'A contribution recorded wrongly was corrected: nothing is edited in place. This event is the reversing entry ' +
    '(its money block, of a new flow id, reverses the original for its whole amount: RAISED when the original was ' +
    'paid, PLEDGED otherwise); the corrected contribution `correctionId` follows as FundContributionRecorded with ' +
    '`correctsId` = `correctedId`.',
  schema: Type.Object(
    { correctedId: uuid, correctionId: uuid, reason: text, money: moneyBlock },
    { additionalProperties: false },
  ),
});
export type FundContributionCorrectedV1 = EventData<typeof FundContributionCorrected>;
