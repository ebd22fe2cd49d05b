import { Type } from '@sinclair/typebox';
import { defineEvent, type EventData } from '@emergency/events';
import { amountFen, dateTime, nullableUuid, regionCode, stringEnum, text, uuid } from '../common';

const nullableCount = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);

/**
 * An incident's figures as a report gave them (or as they stand after it): counts of people, houses (rooms) and
 * hectares, the direct economic loss as a decimal string of fen; null where the figure is not known.
 */
export const incidentFigures = Type.Object(
  {
    deaths: nullableCount,
    missing: nullableCount,
    injured: nullableCount,
    seriouslyInjured: nullableCount,
    relocated: nullableCount,
    needingRelief: nullableCount,
    housesCollapsed: nullableCount,
    housesSeverelyDamaged: nullableCount,
    housesDamaged: nullableCount,
    directLossFen: Type.Union([amountFen, Type.Null()]),
    affectedAreaHectares: nullableCount,
  },
  { additionalProperties: false },
);

export const IncidentReported = defineEvent({
  domain: 'incidents',
  name: 'IncidentReported',
  version: 2,
  description:
    'An incident was first reported: its category and subcategory in the shared tree, its grade as first given, where and when it happened, who reported it and the figures known then.',
  schema: Type.Object(
    {
      incidentId: uuid,
      title: text,
      category: text,
      subcategory: Type.Union([text, Type.Null()]),
      severity: stringEnum(['I', 'II', 'III', 'IV']),
      regionCode,
      occurredAt: dateTime,
      reportingOrganisationId: nullableUuid,
      figures: incidentFigures,
    },
    { additionalProperties: false },
  ),
});
export type IncidentReportedV2 = EventData<typeof IncidentReported>;

/** The first version, before subcategories and figures; kept for the events already published with it. */
export const IncidentReportedV1Contract = defineEvent({
  domain: 'incidents',
  name: 'IncidentReported',
  version: 1,
  description: 'An incident was first reported.',
  schema: Type.Object(
    {
      incidentId: uuid,
      title: text,
      category: text,
      severity: stringEnum(['I', 'II', 'III', 'IV']),
      regionCode,
      occurredAt: dateTime,
    },
    { additionalProperties: false },
  ),
});
export type IncidentReportedV1 = EventData<typeof IncidentReportedV1Contract>;
