import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { identities, type TestSubgraph } from '@emergency/testing';
import { SITUATION_REPORT_SCHEMA } from '../src/situation-report/situation-report.schema';
import { COUNTY_BUREAU, startIncidents } from './fixtures';
import { countyAccident, cst, standAt, submitReport, useReportSubgraph } from './report.fixtures';

const SITUATION = `query($id: ID!, $at: DateTime) { incident(id: $id) { situationReport(at: $at) } }`;
const DECLARE = `mutation($input: DeclareIncidentResponseInput!) { declareIncidentResponse(input: $input) { id } }`;
const SCHEMA_FILE = join(__dirname, '../../../docs/schemas/situation-report.schema.json');

/** Situation reports built from the report chain, against the real PostgreSQL and broker, on an injected clock. */
describe('situation reports', () => {
  let sut: TestSubgraph;
  const validate = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })).compile(
    SITUATION_REPORT_SCHEMA,
  );

  beforeAll(async () => {
    sut = await startIncidents();
    useReportSubgraph(sut);
  }, 120_000);
  afterAll(() => sut?.stop());
  afterEach(() => jest.restoreAllMocks());

  const situation = async (id: string, at: string, identity = identities.admin()) => {
    const { incident } = await sut.call<{ incident: { situationReport: string } | null }>(
      SITUATION,
      { id, at: cst(at).toISOString() },
      identity,
    );
    return incident && (JSON.parse(incident.situationReport) as Record<string, unknown>);
  };

  it('publishes its JSON Schema as docs/schemas/situation-report.schema.json (npm run situation-report:schema)', () => {
    expect(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(SITUATION_REPORT_SCHEMA)),
    );
  });

  it('gives the figures, the chain with its lateness, the response and what is overdue, valid against its schema', async () => {
    standAt(sut, '2026-07-06T10:30');
    const incident = await countyAccident('2026-07-06T10:00', {
      figures: { deaths: 1, injured: 4, seriouslyInjured: 2, directLossFen: '350000000' },
    });
    const initial = await situation(incident.id, '2026-07-06T10:45');
    expect(validate(initial)).toBe(true);
    expect(initial).toMatchObject({
      reportNumber: 0,
      reportVersion: 'Initial',
      incident: {
        incidentId: incident.id,
        severity: 'IV',
        responseLevel: null,
        incidentLifecyclePhase: 'REPORTED',
      },
      casualtyAndIllnessSummary: { fatalities: 1, missing: null, injured: 4, seriouslyInjured: 2 },
      damageSummary: { directLossFen: '350000000', housesCollapsed: null },
      reportChain: [],
      openItems: { overdueReports: 0, openInstructions: 0, overdueInstructions: 0 },
    });

    // The unit reports to the county 20 minutes after its hour; the county's relay (2 hours) is then owed.
    standAt(sut, '2026-07-06T11:20');
    const report = await submitReport(incident.id, { figures: { deaths: 2 } });
    standAt(sut, '2026-07-06T11:30');
    await sut.call(DECLARE, {
      input: { incidentId: incident.id, level: 'IV', declaringOrganisationId: COUNTY_BUREAU },
    });

    const later = await situation(incident.id, '2026-07-06T13:21');
    expect(validate(later)).toBe(true);
    expect(later).toMatchObject({
      reportNumber: 1,
      reportVersion: 'Initial',
      forTimePeriod: {
        fromDateTime: cst('2026-07-06T10:00').toISOString(),
        toDateTime: cst('2026-07-06T13:21').toISOString(),
      },
      incident: { responseLevel: 'IV', incidentLifecyclePhase: 'RESPONDING' },
      casualtyAndIllnessSummary: { fatalities: 2, injured: 4 },
      reportChain: [
        { reportId: report.id, kind: 'INITIAL', toLevel: 'COUNTY', late: true, lateByMinutes: 20 },
      ],
      openItems: { overdueReports: 1 },
    });
    expect(validate({ ...later, reportNumber: -1 })).toBe(false);
    expect(validate({ ...later, unexpected: true })).toBe(false);
    // A minute earlier the county's relay was not yet due.
    expect(await situation(incident.id, '2026-07-06T13:20')).toMatchObject({
      openItems: { overdueReports: 0 },
    });
  });

  it('is not given for an incident outside the caller’s jurisdiction', async () => {
    standAt(sut, '2026-07-06T10:30');
    const incident = await countyAccident('2026-07-06T10:00');
    expect(await situation(incident.id, '2026-07-06T11:00', identities.operator('421122'))).toBeNull();
    expect(await situation(incident.id, '2026-07-06T11:00', identities.operator('421100'))).not.toBeNull();
  });
});
