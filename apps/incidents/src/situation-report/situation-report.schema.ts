import { Type, type Static } from '@sinclair/typebox';

const dateTime = Type.String({ format: 'date-time' });
const uuid = Type.String({ format: 'uuid' });
const count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]);
const grade = Type.Union([Type.Literal('I'), Type.Literal('II'), Type.Literal('III'), Type.Literal('IV')]);

/**
 * A situation report (情况报告): an incident's state as its report chain gives it at one instant, for other agencies
 * and for the next level up. Its sections follow OASIS EDXL-SitRep 1.0 where they fit (report purpose, number and
 * version, time period, incident lifecycle phase, casualty and illness summary), written as JSON in camelCase;
 * figures the national disaster statistics forms ask for and SitRep has no element for (relocated people, houses,
 * direct loss) have sections of their own. Published as docs/schemas/situation-report.schema.json.
 */
export const SITUATION_REPORT_SCHEMA = Type.Object(
  {
    $schema: Type.Literal('urn:emergency:situation-report:1'),
    reportPurpose: Type.String({ minLength: 1 }),
    reportNumber: Type.Integer({ minimum: 0, description: 'how many reports of the chain it is built from' }),
    reportVersion: Type.Union([Type.Literal('Initial'), Type.Literal('Update'), Type.Literal('Final')]),
    preparedAt: dateTime,
    forTimePeriod: Type.Object(
      { fromDateTime: dateTime, toDateTime: dateTime },
      { additionalProperties: false },
    ),
    incident: Type.Object(
      {
        incidentId: uuid,
        incidentName: Type.String({ minLength: 1 }),
        category: Type.String({ minLength: 1 }),
        subcategory: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
        regionCode: Type.String({ pattern: '^[0-9]{6}$' }),
        occurredAt: dateTime,
        severity: grade,
        responseLevel: Type.Union([grade, Type.Null()]),
        incidentLifecyclePhase: Type.Union([
          Type.Literal('REPORTED'),
          Type.Literal('RESPONDING'),
          Type.Literal('RECOVERY'),
          Type.Literal('CLOSED'),
        ]),
      },
      { additionalProperties: false },
    ),
    casualtyAndIllnessSummary: Type.Object(
      { fatalities: count, missing: count, injured: count, seriouslyInjured: count },
      { additionalProperties: false },
    ),
    populationAffected: Type.Object(
      { relocated: count, needingRelief: count },
      { additionalProperties: false },
    ),
    damageSummary: Type.Object(
      {
        housesCollapsed: count,
        housesSeverelyDamaged: count,
        housesDamaged: count,
        affectedAreaHectares: count,
        directLossFen: Type.Union([Type.String({ pattern: '^(0|[1-9][0-9]*)$' }), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    reportChain: Type.Array(
      Type.Object(
        {
          reportId: uuid,
          kind: Type.String({ minLength: 1 }),
          number: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
          reportedAt: dateTime,
          reportingOrganisationId: Type.Union([uuid, Type.Null()]),
          toLevel: Type.String({ minLength: 1 }),
          late: Type.Boolean(),
          lateByMinutes: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
          text: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    warnings: Type.Array(
      Type.Object(
        {
          identifier: Type.String({ minLength: 1 }),
          level: Type.String({ minLength: 1 }),
          status: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
    openItems: Type.Object(
      {
        overdueReports: Type.Integer({ minimum: 0 }),
        openInstructions: Type.Integer({ minimum: 0 }),
        overdueInstructions: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'urn:emergency:situation-report:1', title: 'Situation report' },
);
export type SituationReport = Static<typeof SITUATION_REPORT_SCHEMA>;
