import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { dateTime, nullableUuid, regionCode, stringEnum, text, uuid } from '../common';

const level = stringEnum(['RED', 'ORANGE', 'YELLOW', 'BLUE']);

/** What every warning message says: the warning, this message, and its CAP 1.2 document. */
const warningMessage = {
  warningId: uuid,
  /** The warning's identifier (its first message's). */
  warningIdentifier: text,
  /** This message's identifier (GB/T 35965 form: region, organisation code, CST time, sequence). */
  identifier: text,
  /** 1 for the first message, then 2, 3, ... */
  sequence: Type.Integer({ minimum: 1 }),
  incidentId: nullableUuid,
  category: text,
  subcategory: text,
  level,
  regionCode,
  issuingOrganisationId: uuid,
  onset: dateTime,
  expires: Type.Union([dateTime, Type.Null()]),
  sent: dateTime,
  /** The identifier of the message this one supersedes; null for the first. */
  references: Type.Union([text, Type.Null()]),
  /** The CAP 1.2 document (urn:oasis:names:tc:emergency:cap:1.2) of this message. */
  capXml: text,
};

export const WarningIssued = defineEvent({
  domain: 'incidents',
  name: 'WarningIssued',
  version: 1,
  description:
    'A county-or-higher government issued a warning (ERL art. 64): its first message (CAP msgType Alert) with its level, region, onset and expiry, and its CAP 1.2 document.',
  schema: Type.Object({ ...warningMessage, msgType: stringEnum(['Alert']) }, { additionalProperties: false }),
});
export type WarningIssuedV1 = EventData<typeof WarningIssued>;

export const WarningChanged = defineEvent({
  domain: 'incidents',
  name: 'WarningChanged',
  version: 1,
  description:
    'A warning was changed (ERL art. 70: its level or contents adjusted): a new message (CAP msgType Update) superseding the previous one, with the reason and its CAP 1.2 document.',
  schema: Type.Object(
    { ...warningMessage, msgType: stringEnum(['Update']), reason: text },
    { additionalProperties: false },
  ),
});
export type WarningChangedV1 = EventData<typeof WarningChanged>;

export const WarningLifted = defineEvent({
  domain: 'incidents',
  name: 'WarningLifted',
  version: 1,
  description:
    'A warning was lifted (ERL art. 70): its last message (CAP msgType Cancel) referencing the previous one, with the reason and its CAP 1.2 document.',
  schema: Type.Object(
    { ...warningMessage, msgType: stringEnum(['Cancel']), reason: text },
    { additionalProperties: false },
  ),
});
export type WarningLiftedV1 = EventData<typeof WarningLifted>;
