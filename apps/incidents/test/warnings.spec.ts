import { identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { Clock } from '@emergency/subgraph';
import { publishedData, reportIncident, startIncidents } from './fixtures';
import {
  baseUrl,
  HUANGGANG_GOVERNMENT,
  issueWarning,
  MET_BUREAU,
  rowsOfWarnings,
  TOWNSHIP_GOVERNMENT,
  TUANFENG_GOVERNMENT,
  validateCap,
  warningInput,
  type Warning,
} from './warnings.fixtures';
import {
  CHANGE_WARNING,
  INCIDENT_WARNINGS,
  ISSUE_WARNING,
  LIFT_WARNING,
  WARNING,
  WARNINGS,
} from './warnings.operations';
import { registerGovernments } from './warnings.fixtures';

/** Warnings against the real PostgreSQL and broker; their CAP documents against the OASIS CAP 1.2 schema. */
describe('warnings', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let clock: jest.SpyInstance<Date, []>;

  beforeAll(async () => {
    sut = await startIncidents();
    await registerGovernments(sut);
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  beforeEach(() => (clock = jest.spyOn(sut.app.get(Clock), 'now')));
  afterEach(() => clock.mockRestore());

  const at = (iso: string) => clock.mockReturnValue(new Date(iso));

  describe('a red rainstorm warning changed to orange and lifted', () => {
    let incidentId: string;
    let issued: Warning;
    let changed: Warning;
    let lifted: Warning;

    beforeAll(async () => {
      clock = jest.spyOn(sut.app.get(Clock), 'now');
      const incident = await reportIncident(sut, {
        subcategory: 'FLOOD',
        occurredAt: '2026-07-05T20:00:00+08:00',
      });
      incidentId = incident.id;
      at('2026-07-06T05:30:15.400+08:00');
      issued = await issueWarning(sut, { incidentId });
      at('2026-07-06T18:00:00+08:00');
      changed = (
        await sut.call<{ changeWarning: Warning }>(CHANGE_WARNING, {
          input: {
            warningId: issued.id,
            level: 'ORANGE',
            headline: '黄冈市人民政府将暴雨红色预警调整为橙色预警',
            reason: '降雨减弱，举水水位回落',
          },
        })
      ).changeWarning;
      at('2026-07-07T20:00:00+08:00');
      lifted = (
        await sut.call<{ liftWarning: Warning }>(LIFT_WARNING, {
          input: { warningId: issued.id, reason: '降雨过程结束，险情解除' },
        })
      ).liftWarning;
      clock.mockRestore();
    });

    it('names the warning in the GB/T 35965 form and keeps each message', () => {
      expect(issued.identifier).toBe('4211000000A001202607060530150001');
      expect(issued).toMatchObject({ level: 'RED', status: 'ACTIVE', incident: { id: incidentId } });
      expect(issued.issuingOrganisation).toEqual({ id: HUANGGANG_GOVERNMENT });
      expect(changed).toMatchObject({ identifier: issued.identifier, level: 'ORANGE', status: 'ACTIVE' });
      expect(lifted).toMatchObject({ identifier: issued.identifier, level: 'ORANGE', status: 'LIFTED' });
      expect(lifted.liftedAt).toBe('2026-07-07T12:00:00.000Z');
      expect(lifted.messages.map((m) => [m.sequence, m.msgType, m.level, m.identifier])).toEqual([
        [1, 'Alert', 'RED', '4211000000A001202607060530150001'],
        [2, 'Update', 'ORANGE', '4211000000A001202607061800000001'],
        [3, 'Cancel', 'ORANGE', '4211000000A001202607072000000001'],
      ]);
    });

    it('chains each message to the one it supersedes', () => {
      const [alert, update, cancel] = lifted.messages;
      expect(alert.referencesIdentifier).toBeNull();
      expect(update.referencesIdentifier).toBe(alert.identifier);
      expect(cancel.referencesIdentifier).toBe(update.identifier);
      const sender = `urn:uuid:${HUANGGANG_GOVERNMENT}`;
      expect(alert.capXml).not.toContain('<references>');
      expect(update.capXml).toContain(
        `<references>${sender},${alert.identifier},2026-07-06T05:30:15+08:00</references>`,
      );
      expect(cancel.capXml).toContain(
        `<references>${sender},${update.identifier},2026-07-06T18:00:00+08:00</references>`,
      );
      expect(update.reason).toBe('降雨减弱，举水水位回落');
    });

    it('renders every message as a CAP 1.2 document valid against the OASIS schema', () => {
      for (const message of lifted.messages) {
        const verdict = validateCap(message.capXml);
        expect(verdict.output).toContain('validates');
        expect(verdict.status).toBe(0);
      }
      const [alert, update, cancel] = lifted.messages;
      expect(alert.capXml).toContain('<msgType>Alert</msgType>');
      expect(alert.capXml).toContain('<severity>Extreme</severity>');
      expect(alert.capXml).toContain('<category>Met</category>');
      expect(alert.capXml).toContain('<sent>2026-07-06T05:30:15+08:00</sent>');
      expect(alert.capXml).toContain('<onset>2026-07-06T06:00:00+08:00</onset>');
      expect(alert.capXml).toContain('<expires>2026-07-08T06:00:00+08:00</expires>');
      expect(alert.capXml).toContain('<senderName>黄冈市人民政府</senderName>');
      expect(alert.capXml).toContain('<language>zh-CN</language>');
      expect(alert.capXml).toContain('<value>421100</value>');
      expect(update.capXml).toContain('<msgType>Update</msgType>');
      expect(update.capXml).toContain('<severity>Severe</severity>');
      expect(cancel.capXml).toContain('<msgType>Cancel</msgType>');
      expect(lifted.capXml).toBe(cancel.capXml);
    });

    it('catches a document the schema refuses', () => {
      const broken = lifted.messages[0].capXml.replace('<status>Actual</status>', '<status>Real</status>');
      expect(validateCap(broken).status).not.toBe(0);
    });

    it('serves the CAP documents over HTTP without any identity', async () => {
      const newest = await fetch(`${baseUrl(sut)}/warnings/${issued.identifier}/cap.xml`);
      expect(newest.status).toBe(200);
      expect(newest.headers.get('content-type')).toMatch(/^application\/cap\+xml/);
      expect(await newest.text()).toBe(lifted.messages[2].capXml);
      const first = await fetch(`${baseUrl(sut)}/warnings/${issued.identifier}/messages/1/cap.xml`);
      expect(first.status).toBe(200);
      expect(await first.text()).toBe(lifted.messages[0].capXml);
      expect((await fetch(`${baseUrl(sut)}/warnings/${issued.identifier}/messages/4/cap.xml`)).status).toBe(
        404,
      );
      expect((await fetch(`${baseUrl(sut)}/warnings/421100NOSUCH/cap.xml`)).status).toBe(404);
      // The GraphQL endpoint beside it still wants the gateway's identity.
      const bypass = await sut.request(WARNING, { id: issued.id }, null);
      expect(bypass.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('publishes WarningIssued, WarningChanged and WarningLifted with the CAP document', async () => {
      const issuedEvent = await publishedData<Record<string, unknown>>(
        events,
        'incidents.WarningIssued.v1',
        (d) => d.warningId === issued.id,
      );
      expect(issuedEvent).toMatchObject({
        identifier: issued.identifier,
        warningIdentifier: issued.identifier,
        level: 'RED',
        regionCode: '421100',
        msgType: 'Alert',
        references: null,
        onset: '2026-07-05T22:00:00.000Z',
        expires: '2026-07-07T22:00:00.000Z',
        capXml: lifted.messages[0].capXml,
        incidentId,
      });
      const changedEvent = await publishedData<Record<string, unknown>>(
        events,
        'incidents.WarningChanged.v1',
        (d) => d.warningId === issued.id,
      );
      expect(changedEvent).toMatchObject({
        msgType: 'Update',
        level: 'ORANGE',
        references: issued.identifier,
        capXml: lifted.messages[1].capXml,
      });
      const liftedEvent = await publishedData<Record<string, unknown>>(
        events,
        'incidents.WarningLifted.v1',
        (d) => d.warningId === issued.id,
      );
      expect(liftedEvent).toMatchObject({ msgType: 'Cancel', reason: '降雨过程结束，险情解除', sequence: 3 });
    });

    it('answers the warning, the lists and the incident’s warnings', async () => {
      const { warning } = await sut.call<{ warning: Warning }>(WARNING, { id: issued.id });
      expect(warning).toMatchObject({ status: 'LIFTED', level: 'ORANGE' });
      const { warnings } = await sut.call<{ warnings: { edges: { node: { id: string } }[] } }>(WARNINGS, {
        filter: { regionCode: '421100', status: 'LIFTED', level: 'ORANGE' },
      });
      expect(warnings.edges.map((e) => e.node.id)).toContain(issued.id);
      const active = await sut.call<{ warnings: { edges: { node: { id: string } }[] } }>(WARNINGS, {
        filter: { status: 'ACTIVE', level: 'ORANGE' },
      });
      expect(active.warnings.edges.map((e) => e.node.id)).not.toContain(issued.id);
      const { incident } = await sut.call<{ incident: { warnings: { edges: { node: { id: string } }[] } } }>(
        INCIDENT_WARNINGS,
        { id: incidentId },
      );
      expect(incident.warnings.edges.map((e) => e.node.id)).toEqual([issued.id]);
    });

    it('refuses to change or lift it again, with nothing written', async () => {
      const before = await rowsOfWarnings(sut);
      expect(
        await sut.failure(CHANGE_WARNING, { input: { warningId: issued.id, level: 'BLUE', reason: 'x' } }),
      ).toMatchObject({ code: 'WARNING_LIFTED', field: 'warningId' });
      expect(await sut.failure(LIFT_WARNING, { input: { warningId: issued.id, reason: 'x' } })).toMatchObject(
        {
          code: 'WARNING_LIFTED',
          field: 'warningId',
        },
      );
      expect(await rowsOfWarnings(sut)).toEqual(before);
    });
  });

  it('numbers two messages of a region within one second 0001 and 0002', async () => {
    at('2026-07-09T10:00:00.100+08:00');
    const first = await issueWarning(sut, {
      regionCode: '421121',
      issuingOrganisationId: TUANFENG_GOVERNMENT,
    });
    at('2026-07-09T10:00:00.900+08:00');
    const second = await issueWarning(sut, {
      regionCode: '421121',
      issuingOrganisationId: HUANGGANG_GOVERNMENT,
    });
    expect(first.identifier).toBe('4211210000A002202607091000000001');
    expect(second.identifier).toBe('4211210000A001202607091000000002');
  });

  describe('refusals', () => {
    it.each([
      [
        'a non-government organisation',
        { issuingOrganisationId: MET_BUREAU },
        { code: 'ORGANISATION_WRONG_TYPE', field: 'issuingOrganisationId', required: 'GOVERNMENT' },
      ],
      [
        'a township government',
        { issuingOrganisationId: TOWNSHIP_GOVERNMENT, regionCode: '421121' },
        { code: 'WARNING_ISSUER_BELOW_COUNTY', field: 'issuingOrganisationId' },
      ],
      [
        'a county warning outside its county',
        { issuingOrganisationId: TUANFENG_GOVERNMENT, regionCode: '421100' },
        { code: 'WARNING_REGION_OUTSIDE_ISSUER', field: 'regionCode' },
      ],
      [
        'an unknown organisation',
        { issuingOrganisationId: '00000000-0000-4000-8000-00000000dead' },
        { code: 'ORGANISATION_UNKNOWN', field: 'issuingOrganisationId' },
      ],
      [
        'a subcategory of another category',
        { subcategory: 'MINING' },
        { code: 'BAD_USER_INPUT', field: 'subcategory' },
      ],
      [
        'an expiry before the onset',
        { expires: '2026-07-06T05:00:00+08:00' },
        { code: 'WARNING_EXPIRES_BEFORE_ONSET', field: 'expires' },
      ],
      ['an empty headline', { headline: ' ' }, { code: 'BAD_USER_INPUT', field: 'headline' }],
      [
        'an incident that does not exist',
        { incidentId: '00000000-0000-4000-8000-000000000000' },
        { code: 'INCIDENT_NOT_FOUND', field: 'incidentId' },
      ],
    ])('refuses %s', async (_what, overrides, expected) => {
      const before = await rowsOfWarnings(sut);
      expect(await sut.failure(ISSUE_WARNING, warningInput(overrides))).toMatchObject(expected);
      expect(await rowsOfWarnings(sut)).toEqual(before);
    });

    it('refuses a region outside the caller’s jurisdiction and an auditor', async () => {
      const before = await rowsOfWarnings(sut);
      expect(
        await sut.failure(ISSUE_WARNING, warningInput(), identities.operator('421121', TUANFENG_GOVERNMENT)),
      ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'regionCode' });
      expect(await sut.failure(ISSUE_WARNING, warningInput(), identities.auditor('420000'))).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await rowsOfWarnings(sut)).toEqual(before);
    });

    it('refuses a change that changes nothing, and a warning outside the caller’s jurisdiction', async () => {
      const warning = await issueWarning(sut);
      const before = await rowsOfWarnings(sut);
      expect(
        await sut.failure(CHANGE_WARNING, { input: { warningId: warning.id, level: 'RED', reason: 'same' } }),
      ).toMatchObject({ code: 'WARNING_UNCHANGED' });
      expect(
        await sut.failure(
          LIFT_WARNING,
          { input: { warningId: warning.id, reason: 'x' } },
          identities.operator('421121', TUANFENG_GOVERNMENT),
        ),
      ).toMatchObject({ code: 'WARNING_NOT_FOUND', field: 'warningId' });
      expect(await rowsOfWarnings(sut)).toEqual(before);
    });
  });

  it('hides warnings outside the caller’s jurisdiction', async () => {
    const warning = await issueWarning(sut);
    const county = identities.operator('421121');
    expect(
      (await sut.call<{ warning: Warning | null }>(WARNING, { id: warning.id }, county)).warning,
    ).toBeNull();
    const { warnings } = await sut.call<{ warnings: { edges: { node: { regionCode: string } }[] } }>(
      WARNINGS,
      { first: 50 },
      county,
    );
    expect(warnings.edges.every((e) => e.node.regionCode.startsWith('421121'))).toBe(true);
  });
});
