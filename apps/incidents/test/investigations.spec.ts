import { chinaInstant } from '@emergency/domain';
import { Clock } from '@emergency/subgraph';
import { identities, readTopic, type TestSubgraph, type TopicReader } from '@emergency/testing';
import { InvestigationOverdueScan } from '../src/investigation/investigation-overdue.scan';
import { COUNTY_BUREAU, publishedData, reportIncident, startIncidents } from './fixtures';
import {
  HUANGGANG_CITY,
  HUBEI_GOVERNMENT,
  openInput,
  registerInvestigators,
  reportInput,
  SAFETY_BUREAU,
  STATE_COUNCIL,
  TUANFENG_COUNTY,
  WUHAN_CITY,
  writtenByInvestigations,
  type Investigation,
} from './investigations.fixtures';
import {
  COMPLETE_ITEM,
  EXTEND_INVESTIGATION,
  EXTEND_REPLY,
  INCIDENT_INVESTIGATION,
  INVESTIGATION,
  INVESTIGATIONS,
  OPEN_INVESTIGATION,
  RECORD_REPLY,
  RULE_IN_FORCE,
  RULES,
  SET_RULE,
  SUBMIT_REPORT,
} from './investigations.operations';

/** Investigation and evaluation against the real PostgreSQL and broker, with an injected clock. */
describe('investigations', () => {
  let sut: TestSubgraph;
  let events: TopicReader;
  let clock: jest.SpyInstance<Date, []>;

  beforeAll(async () => {
    sut = await startIncidents();
    await registerInvestigators(sut);
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  beforeEach(() => (clock = jest.spyOn(sut.app.get(Clock), 'now')));
  afterEach(() => clock.mockRestore());

  const standOn = (date: string, time = '12:00') => {
    const at = chinaInstant(date, time);
    clock.mockReturnValue(at);
    return at;
  };
  const scan = (date: string, time: string) =>
    sut.app.get(InvestigationOverdueScan).scan(chinaInstant(date, time));
  const read = async (id: string) =>
    (await sut.call<{ investigation: Investigation }>(INVESTIGATION, { id })).investigation;
  const incident = (severity = 'III', overrides: Record<string, unknown> = {}) =>
    reportIncident(sut, {
      severity,
      regionCode: '421121',
      occurredAt: '2026-07-06T04:30:00+08:00',
      ...overrides,
    });
  const open = async (incidentId: string, overrides: Record<string, unknown> = {}) => {
    standOn('2026-08-01');
    return (
      await sut.call<{ openInvestigation: Investigation }>(
        OPEN_INVESTIGATION,
        openInput(incidentId, overrides),
      )
    ).openInvestigation;
  };

  it('opens the investigation with its team and the report due 60 days later, and publishes it', async () => {
    const { id: incidentId } = await incident();
    const investigation = await open(incidentId);
    expect(investigation).toMatchObject({
      grade: 'III',
      status: 'OPEN',
      openedOn: '2026-08-01',
      reportDueOn: '2026-09-30',
      extensionDays: null,
      reportOverdue: false,
      replyDueOn: null,
      leadOrganisation: { id: HUANGGANG_CITY },
    });
    expect(investigation.team).toEqual(
      expect.arrayContaining([
        { organisation: { id: SAFETY_BUREAU }, role: '应急管理部门' },
        { organisation: { id: COUNTY_BUREAU }, role: '县级应急管理部门' },
      ]),
    );
    const event = await publishedData<Record<string, unknown>>(
      events,
      'incidents.InvestigationOpened.v1',
      (d) => d.investigationId === investigation.id,
    );
    expect(event).toMatchObject({
      incidentId,
      grade: 'III',
      reportDueOn: '2026-09-30',
      leadOrganisationId: HUANGGANG_CITY,
    });
    const { incident: withIt } = await sut.call<{ incident: { investigation: { id: string } } }>(
      INCIDENT_INVESTIGATION,
      { id: incidentId },
    );
    expect(withIt.investigation.id).toBe(investigation.id);
  });

  it('takes a report submitted exactly on the 60th day as on time, with the reply due 15 days later', async () => {
    const investigation = await open((await incident()).id);
    standOn('2026-09-30', '23:59');
    const { submitInvestigationReport: reported } = await sut.call<{
      submitInvestigationReport: Investigation;
    }>(SUBMIT_REPORT, reportInput(investigation.id));
    expect(reported).toMatchObject({
      status: 'REPORTED',
      submittedOn: '2026-09-30',
      submittedLate: false,
      replyDueOn: '2026-10-15',
      replyExtensionDays: 0,
    });
    expect(
      reported.rectificationItems.map((i) => [i.text, i.ownerOrganisation.id, i.dueOn, i.status]),
    ).toEqual([
      ['新建城区排涝泵站', TUANFENG_COUNTY, '2026-12-31', 'OPEN'],
      ['修订县防汛应急预案', SAFETY_BUREAU, '2026-10-31', 'OPEN'],
    ]);
    const event = await publishedData<Record<string, unknown>>(
      events,
      'incidents.InvestigationReportSubmitted.v1',
      (d) => d.investigationId === investigation.id,
    );
    expect(event).toMatchObject({ late: false, replyDueOn: '2026-10-15', reportDueOn: '2026-09-30' });
    expect(event.measures).toHaveLength(2);
    // Submitted reports are never overdue, whatever the scan finds later.
    await scan('2026-10-02', '00:00');
    expect((await read(investigation.id)).reportOverdue).toBe(false);

    standOn('2026-10-15');
    const { recordInvestigationReply: replied } = await sut.call<{ recordInvestigationReply: Investigation }>(
      RECORD_REPLY,
      {
        input: {
          investigationId: investigation.id,
          reply: '同意调查报告，责成团风县落实整改。',
          repliedOn: '2026-10-15',
        },
      },
    );
    expect(replied).toMatchObject({ status: 'REPLIED', repliedOn: '2026-10-15' });
    expect(
      await publishedData<Record<string, unknown>>(
        events,
        'incidents.InvestigationReplied.v1',
        (d) => d.investigationId === investigation.id,
      ),
    ).toMatchObject({ late: false, replyDueOn: '2026-10-15' });
  });

  it('finds a report not submitted by the 60th day overdue on the 61st, once, and publishes it', async () => {
    const investigation = await open((await incident()).id);
    await scan('2026-09-30', '23:59');
    expect((await read(investigation.id)).reportOverdue).toBe(false);
    await scan('2026-10-01', '00:00');
    expect((await read(investigation.id)).reportOverdue).toBe(true);
    const event = await publishedData<Record<string, unknown>>(
      events,
      'incidents.InvestigationReportOverdue.v1',
      (d) => d.investigationId === investigation.id,
    );
    expect(event).toMatchObject({ reportDueOn: '2026-09-30', leadOrganisationId: HUANGGANG_CITY });
    const outbox = await sut.count('outbox');
    await scan('2026-10-02', '00:00');
    expect(await sut.count('outbox')).toBe(outbox);
    // A report after the due date is recorded as late.
    standOn('2026-10-08');
    const { submitInvestigationReport: late } = await sut.call<{ submitInvestigationReport: Investigation }>(
      SUBMIT_REPORT,
      reportInput(investigation.id, { submittedOn: '2026-10-08' }),
    );
    expect(late).toMatchObject({ submittedLate: true, reportOverdue: false, replyDueOn: '2026-10-23' });
  });

  it('extends the due date once, by up to 60 days', async () => {
    const investigation = await open((await incident()).id);
    const before = await writtenByInvestigations(sut);
    expect(
      await sut.failure(EXTEND_INVESTIGATION, {
        input: { investigationId: investigation.id, days: 61, reason: '补充鉴定' },
      }),
    ).toMatchObject({ code: 'EXTENSION_TOO_LONG', field: 'days', maxDays: 60 });
    expect(
      await sut.failure(EXTEND_INVESTIGATION, {
        input: { investigationId: investigation.id, days: 0, reason: '补充鉴定' },
      }),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
    expect(await writtenByInvestigations(sut)).toEqual(before);
    const { extendInvestigation: extended } = await sut.call<{ extendInvestigation: Investigation }>(
      EXTEND_INVESTIGATION,
      { input: { investigationId: investigation.id, days: 60, reason: '需要技术鉴定' } },
    );
    expect(extended).toMatchObject({ extensionDays: 60, reportDueOn: '2026-11-29' });
    const after = await writtenByInvestigations(sut);
    expect(
      await sut.failure(EXTEND_INVESTIGATION, {
        input: { investigationId: investigation.id, days: 1, reason: '再延' },
      }),
    ).toMatchObject({ code: 'INVESTIGATION_ALREADY_EXTENDED', field: 'investigationId' });
    expect(await writtenByInvestigations(sut)).toEqual(after);
    // Its old due date has passed without making it overdue.
    await scan('2026-10-01', '00:00');
    expect((await read(investigation.id)).reportOverdue).toBe(false);
  });

  it('tracks the measures as rectification items to their completion, and finds the late ones', async () => {
    const investigation = await open((await incident()).id);
    standOn('2026-09-20');
    const { submitInvestigationReport: reported } = await sut.call<{
      submitInvestigationReport: Investigation;
    }>(SUBMIT_REPORT, reportInput(investigation.id, { submittedOn: '2026-09-20' }));
    const [pumps, plan] = reported.rectificationItems;
    await scan('2026-10-31', '23:59');
    expect((await read(investigation.id)).rectificationItems.map((i) => i.overdue)).toEqual([false, false]);
    await scan('2026-11-01', '00:00');
    expect((await read(investigation.id)).rectificationItems.map((i) => i.overdue)).toEqual([false, true]);
    expect(
      await publishedData<Record<string, unknown>>(
        events,
        'incidents.RectificationItemOverdue.v1',
        (d) => d.itemId === plan.id,
      ),
    ).toMatchObject({
      dueOn: '2026-10-31',
      ownerOrganisationId: SAFETY_BUREAU,
      investigationId: investigation.id,
    });

    standOn('2026-11-20');
    const before = await writtenByInvestigations(sut);
    expect(
      await sut.failure(
        COMPLETE_ITEM,
        { input: { itemId: pumps.id, evidence: '泵站验收报告', completedOn: '2026-11-20' } },
        identities.operator('421121', SAFETY_BUREAU),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await writtenByInvestigations(sut)).toEqual(before);
    const { completeRectificationItem: done } = await sut.call<{
      completeRectificationItem: { status: string; completedOn: string; overdue: boolean };
    }>(COMPLETE_ITEM, {
      input: { itemId: plan.id, evidence: '修订后的预案及印发文件', completedOn: '2026-11-20' },
    });
    expect(done).toEqual({
      status: 'DONE',
      completedOn: '2026-11-20',
      evidence: '修订后的预案及印发文件',
      overdue: false,
      id: plan.id,
    });
    expect(
      await publishedData<Record<string, unknown>>(
        events,
        'incidents.RectificationItemCompleted.v1',
        (d) => d.itemId === plan.id,
      ),
    ).toMatchObject({ late: true, completedOn: '2026-11-20' });
    const after = await writtenByInvestigations(sut);
    expect(
      await sut.failure(COMPLETE_ITEM, {
        input: { itemId: plan.id, evidence: '再次', completedOn: '2026-11-20' },
      }),
    ).toMatchObject({ code: 'RECTIFICATION_ITEM_DONE', field: 'itemId' });
    expect(await writtenByInvestigations(sut)).toEqual(after);
  });

  it('gives a grade I reply 30 days, extendable by 30, and lets the State Council lead it', async () => {
    const investigation = await open((await incident('I')).id, { leadOrganisationId: STATE_COUNCIL });
    standOn('2026-09-01');
    const { submitInvestigationReport: reported } = await sut.call<{
      submitInvestigationReport: Investigation;
    }>(SUBMIT_REPORT, reportInput(investigation.id, { submittedOn: '2026-09-01' }));
    expect(reported).toMatchObject({ replyDueOn: '2026-10-01', replyExtensionDays: 30 });
  });

  describe('refusals, each with its code and field and nothing written', () => {
    it.each([
      [
        'a lead below the grade II level',
        'II',
        { leadOrganisationId: HUANGGANG_CITY },
        {
          code: 'LEAD_LEVEL_TOO_LOW',
          field: 'leadOrganisationId',
          required: 'PROVINCE',
          actual: 'PREFECTURE',
        },
      ],
      [
        'a lead below the grade I level',
        'I',
        { leadOrganisationId: HUBEI_GOVERNMENT },
        { code: 'LEAD_LEVEL_TOO_LOW', field: 'leadOrganisationId', required: 'STATE_COUNCIL' },
      ],
      [
        'a county leading a grade III',
        'III',
        { leadOrganisationId: TUANFENG_COUNTY },
        { code: 'LEAD_LEVEL_TOO_LOW', field: 'leadOrganisationId' },
      ],
      [
        'a lead of another region',
        'III',
        { leadOrganisationId: WUHAN_CITY },
        { code: 'LEAD_OUTSIDE_INCIDENT_REGION', field: 'leadOrganisationId' },
      ],
      [
        'a lead that is no government',
        'IV',
        { leadOrganisationId: SAFETY_BUREAU },
        { code: 'ORGANISATION_WRONG_TYPE', field: 'leadOrganisationId' },
      ],
      ['an empty team', 'III', { team: [] }, { code: 'BAD_USER_INPUT', field: 'team' }],
      [
        'a team member named twice',
        'III',
        {
          team: [
            { organisationId: SAFETY_BUREAU, role: 'a' },
            { organisationId: SAFETY_BUREAU, role: 'b' },
          ],
        },
        { code: 'BAD_USER_INPUT', field: 'team[1].organisationId' },
      ],
      [
        'an unknown team member',
        'III',
        { team: [{ organisationId: '00000000-0000-4000-8000-00000000dead', role: 'a' }] },
        { code: 'ORGANISATION_UNKNOWN', field: 'team[0].organisationId' },
      ],
      [
        'an opening in the future',
        'III',
        { openedOn: '2026-08-02' },
        { code: 'DATE_IN_FUTURE', field: 'openedOn' },
      ],
    ])('refuses %s', async (_what, severity, overrides, expected) => {
      const { id } = await incident(severity);
      standOn('2026-08-01');
      const before = await writtenByInvestigations(sut);
      expect(await sut.failure(OPEN_INVESTIGATION, openInput(id, overrides))).toMatchObject(expected);
      expect(await writtenByInvestigations(sut)).toEqual(before);
    });

    it('refuses a second investigation of an incident, a caller outside the jurisdiction and an auditor', async () => {
      const { id } = await incident();
      const first = await open(id);
      const other = await incident('III', { regionCode: '420100' });
      const before = await writtenByInvestigations(sut);
      expect(await sut.failure(OPEN_INVESTIGATION, openInput(id))).toMatchObject({
        code: 'INVESTIGATION_ALREADY_OPEN',
        field: 'incidentId',
        investigationId: first.id,
      });
      expect(
        await sut.failure(OPEN_INVESTIGATION, openInput(other.id), identities.operator('421121')),
      ).toMatchObject({ code: 'INCIDENT_NOT_FOUND', field: 'incidentId' });
      expect(await sut.failure(OPEN_INVESTIGATION, openInput(id), identities.auditor())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await writtenByInvestigations(sut)).toEqual(before);
    });

    it('refuses a reply before the report, a report before the opening, a second report and a measure without owner', async () => {
      const investigation = await open((await incident()).id);
      standOn('2026-09-01');
      const before = await writtenByInvestigations(sut);
      expect(
        await sut.failure(RECORD_REPLY, {
          input: { investigationId: investigation.id, reply: 'x', repliedOn: '2026-09-01' },
        }),
      ).toMatchObject({ code: 'INVESTIGATION_NOT_REPORTED', field: 'investigationId' });
      expect(
        await sut.failure(SUBMIT_REPORT, reportInput(investigation.id, { submittedOn: '2026-07-31' })),
      ).toMatchObject({ code: 'INVESTIGATION_DATE_TOO_EARLY', field: 'submittedOn' });
      expect(
        await sut.failure(
          SUBMIT_REPORT,
          reportInput(investigation.id, { submittedOn: '2026-09-01', measures: [] }),
        ),
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'measures',
      });
      expect(
        await sut.failure(
          SUBMIT_REPORT,
          reportInput(investigation.id, {
            submittedOn: '2026-09-01',
            measures: [
              { text: 'x', ownerOrganisationId: '00000000-0000-4000-8000-00000000dead', dueOn: '2026-12-01' },
            ],
          }),
        ),
      ).toMatchObject({ code: 'ORGANISATION_UNKNOWN', field: 'measures[0].ownerOrganisationId' });
      expect(
        await sut.failure(
          SUBMIT_REPORT,
          reportInput(investigation.id, {
            submittedOn: '2026-09-01',
            measures: [{ text: 'x', ownerOrganisationId: SAFETY_BUREAU, dueOn: '2026-08-31' }],
          }),
        ),
      ).toMatchObject({ code: 'INVESTIGATION_DATE_TOO_EARLY', field: 'measures[0].dueOn' });
      expect(await writtenByInvestigations(sut)).toEqual(before);
      await sut.call(SUBMIT_REPORT, reportInput(investigation.id, { submittedOn: '2026-09-01' }));
      const after = await writtenByInvestigations(sut);
      expect(
        await sut.failure(SUBMIT_REPORT, reportInput(investigation.id, { submittedOn: '2026-09-01' })),
      ).toMatchObject({ code: 'INVESTIGATION_NOT_OPEN', field: 'investigationId', status: 'REPORTED' });
      expect(
        await sut.failure(EXTEND_INVESTIGATION, {
          input: { investigationId: investigation.id, days: 10, reason: 'x' },
        }),
      ).toMatchObject({ code: 'INVESTIGATION_NOT_OPEN', field: 'investigationId' });
      expect(await writtenByInvestigations(sut)).toEqual(after);
    });
  });

  it('reads the rules in force as data and lets an admin set a jurisdiction’s own', async () => {
    const { investigationRules } = await sut.call<{ investigationRules: Record<string, unknown>[] }>(RULES);
    expect(investigationRules).toContainEqual({
      regionPrefix: '',
      category: null,
      reportDays: 60,
      maxExtensionDays: 60,
      replyDays: 15,
      gradeIReplyDays: 30,
      gradeIReplyExtensionDays: 30,
      source: 'State Council Order 493, art. 29 and 32',
    });
    const rule = {
      regionPrefix: '4211',
      category: 'ACCIDENT',
      reportDays: 45,
      maxExtensionDays: 30,
      replyDays: 10,
      gradeIReplyDays: 30,
      gradeIReplyExtensionDays: 30,
      source: '黄冈市生产安全事故调查规定（示例）',
    };
    const before = await writtenByInvestigations(sut);
    expect(await sut.failure(SET_RULE, { input: rule }, identities.operator('421100'))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await sut.failure(SET_RULE, { input: { ...rule, regionPrefix: '421' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'regionPrefix',
    });
    expect(await writtenByInvestigations(sut)).toEqual(before);
    const setAt = standOn('2026-07-16', '11:00');
    await sut.call(SET_RULE, { input: rule });
    expect(
      await publishedData<Record<string, unknown>>(
        events,
        'incidents.InvestigationRuleSet.v1',
        (d) => d.regionPrefix === '4211' && d.category === 'ACCIDENT',
      ),
    ).toEqual({
      regionPrefix: '4211',
      category: 'ACCIDENT',
      reportDays: 45,
      maxExtensionDays: 30,
      replyDays: 10,
      gradeIReplyDays: 30,
      gradeIReplyExtensionDays: 30,
      source: '黄冈市生产安全事故调查规定（示例）',
      setAt: setAt.toISOString(),
    });
    const inForce = (regionCode: string, category: string) =>
      sut.call<{ investigationRuleInForce: { regionPrefix: string; reportDays: number } }>(RULE_IN_FORCE, {
        regionCode,
        category,
      });
    expect((await inForce('421121', 'ACCIDENT')).investigationRuleInForce).toMatchObject({
      regionPrefix: '4211',
      reportDays: 45,
    });
    expect((await inForce('421121', 'NATURAL_DISASTER')).investigationRuleInForce).toMatchObject({
      regionPrefix: '',
      reportDays: 60,
    });
    expect((await inForce('420100', 'ACCIDENT')).investigationRuleInForce).toMatchObject({
      regionPrefix: '',
      reportDays: 60,
    });

    const accident = await incident('III', { category: 'ACCIDENT', subcategory: 'MINING' });
    const investigation = await open(accident.id);
    expect(investigation.reportDueOn).toBe('2026-09-15');
    expect(
      await sut.failure(EXTEND_INVESTIGATION, {
        input: { investigationId: investigation.id, days: 31, reason: 'x' },
      }),
    ).toMatchObject({ code: 'EXTENSION_TOO_LONG', maxDays: 30 });
  });

  it('hides investigations outside the caller’s jurisdiction', async () => {
    const elsewhere = await open((await incident('III', { regionCode: '421122' })).id);
    const county = identities.operator('421121');
    expect(
      (await sut.call<{ investigation: unknown }>(INVESTIGATION, { id: elsewhere.id }, county)).investigation,
    ).toBeNull();
    const { investigations } = await sut.call<{ investigations: { edges: { node: { id: string } }[] } }>(
      INVESTIGATIONS,
      {},
      county,
    );
    expect(investigations.edges.map((e) => e.node.id)).not.toContain(elsewhere.id);
    const all = await sut.call<{ investigations: { edges: { node: { id: string } }[] } }>(INVESTIGATIONS, {
      filter: { regionCode: '421100' },
    });
    expect(all.investigations.edges.map((e) => e.node.id)).toContain(elsewhere.id);
  });

  describe('the extension of a grade I reply (O493 art. 32: 30 days, extendable by 30)', () => {
    /** A grade `severity` investigation whose report was submitted on 2026-09-01 (reply due 10-01 for grade I). */
    const reported = async (severity = 'I') => {
      const leadOrganisationId = severity === 'I' ? STATE_COUNCIL : HUBEI_GOVERNMENT;
      const { id: incidentId } = await incident(severity);
      const investigation = await open(incidentId, { leadOrganisationId });
      standOn('2026-09-01');
      await sut.call(SUBMIT_REPORT, reportInput(investigation.id, { submittedOn: '2026-09-01' }));
      return { ...investigation, incidentId };
    };
    const extend = (investigationId: string, days = 30, reason = '需补充国务院有关部门意见') => ({
      input: { investigationId, days, reason },
    });
    /** Rows, outbox and the investigation as read: what a refusal must leave as it was. */
    const state = async (id: string) => ({
      written: await writtenByInvestigations(sut),
      row: await read(id),
    });

    it('moves the reply’s due date, publishes it, and the reply is on time on the new last day', async () => {
      const investigation = await reported();
      // Exactly on the reply's first due date the extension is still in time.
      standOn('2026-10-01', '23:59');
      const { extendInvestigationReply: extended } = await sut.call<{
        extendInvestigationReply: Investigation;
      }>(EXTEND_REPLY, extend(investigation.id));
      expect(extended).toMatchObject({
        status: 'REPORTED',
        replyDueOn: '2026-10-31',
        replyExtensionDays: 30,
        replyExtendedDays: 30,
        replyExtensionReason: '需补充国务院有关部门意见',
        replyOverdue: false,
      });
      expect(await read(investigation.id)).toMatchObject({ replyDueOn: '2026-10-31', replyExtendedDays: 30 });
      expect(
        await publishedData<Record<string, unknown>>(
          events,
          'incidents.InvestigationReplyExtended.v1',
          (d) => d.investigationId === investigation.id,
        ),
      ).toEqual({
        investigationId: investigation.id,
        incidentId: investigation.incidentId,
        regionCode: '421121',
        grade: 'I',
        days: 30,
        replyDueOn: '2026-10-31',
      });
      standOn('2026-10-31', '23:59');
      const { recordInvestigationReply: replied } = await sut.call<{
        recordInvestigationReply: Investigation;
      }>(RECORD_REPLY, {
        input: { investigationId: investigation.id, reply: '同意调查报告。', repliedOn: '2026-10-31' },
      });
      expect(replied).toMatchObject({ status: 'REPLIED', repliedOn: '2026-10-31', replyOverdue: false });
      expect(
        await publishedData<Record<string, unknown>>(
          events,
          'incidents.InvestigationReplied.v1',
          (d) => d.investigationId === investigation.id,
        ),
      ).toMatchObject({ late: false, replyDueOn: '2026-10-31' });
    });

    it('is found overdue by the scan only after the extended due date, once', async () => {
      const investigation = await reported();
      standOn('2026-09-15');
      await sut.call(EXTEND_REPLY, extend(investigation.id));
      // Past the first due date (10-01) it is not overdue: the scan reads the extended one.
      await scan('2026-10-02', '00:00');
      expect((await read(investigation.id)).replyOverdue).toBe(false);
      await scan('2026-10-31', '23:59');
      expect((await read(investigation.id)).replyOverdue).toBe(false);
      await scan('2026-11-01', '00:00');
      expect((await read(investigation.id)).replyOverdue).toBe(true);
      expect(
        await publishedData<Record<string, unknown>>(
          events,
          'incidents.InvestigationReplyOverdue.v1',
          (d) => d.investigationId === investigation.id,
        ),
      ).toMatchObject({ replyDueOn: '2026-10-31', grade: 'I', leadOrganisationId: STATE_COUNCIL });
      const outbox = await sut.count('outbox');
      await scan('2026-11-02', '00:00');
      expect(await sut.count('outbox')).toBe(outbox);
      // A reply after it is late.
      standOn('2026-11-02');
      await sut.call(RECORD_REPLY, {
        input: { investigationId: investigation.id, reply: '同意。', repliedOn: '2026-11-02' },
      });
      expect(
        await publishedData<Record<string, unknown>>(
          events,
          'incidents.InvestigationReplied.v1',
          (d) => d.investigationId === investigation.id,
        ),
      ).toMatchObject({ late: true, replyDueOn: '2026-10-31' });
      expect((await read(investigation.id)).replyOverdue).toBe(false);
    });

    it('refuses a grade II investigation’s reply', async () => {
      const investigation = await reported('II');
      const before = await state(investigation.id);
      expect(before.row).toMatchObject({ replyDueOn: '2026-09-16', replyExtensionDays: 0 });
      expect(await sut.failure(EXTEND_REPLY, extend(investigation.id, 10))).toMatchObject({
        code: 'REPLY_EXTENSION_NOT_ALLOWED',
        field: 'investigationId',
        grade: 'II',
      });
      expect(await state(investigation.id)).toEqual(before);
    });

    it('refuses a second extension, and one beyond the maximum', async () => {
      const investigation = await reported();
      standOn('2026-09-20');
      const before = await state(investigation.id);
      expect(await sut.failure(EXTEND_REPLY, extend(investigation.id, 31))).toMatchObject({
        code: 'EXTENSION_TOO_LONG',
        field: 'days',
        maxDays: 30,
      });
      expect(await sut.failure(EXTEND_REPLY, extend(investigation.id, 0))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'days',
      });
      expect(await sut.failure(EXTEND_REPLY, extend(investigation.id, 10, '  '))).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'reason',
      });
      expect(await sut.failure(EXTEND_REPLY, extend(investigation.id), identities.auditor())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(
        await sut.failure(EXTEND_REPLY, extend(investigation.id), identities.operator('420100')),
      ).toMatchObject({ code: 'INVESTIGATION_NOT_FOUND', field: 'investigationId' });
      expect(await state(investigation.id)).toEqual(before);

      await sut.call(EXTEND_REPLY, extend(investigation.id, 10));
      const after = await state(investigation.id);
      expect(after.row).toMatchObject({ replyDueOn: '2026-10-11', replyExtendedDays: 10 });
      expect(await sut.failure(EXTEND_REPLY, extend(investigation.id, 5))).toMatchObject({
        code: 'REPLY_ALREADY_EXTENDED',
        field: 'investigationId',
        replyExtendedDays: 10,
      });
      expect(await state(investigation.id)).toEqual(after);
    });

    it('refuses after the reply’s due date, before the report and after the reply', async () => {
      const late = await reported();
      standOn('2026-10-02', '00:00');
      const before = await state(late.id);
      expect(await sut.failure(EXTEND_REPLY, extend(late.id))).toMatchObject({
        code: 'REPLY_PAST_DUE',
        field: 'investigationId',
        replyDueOn: '2026-10-01',
      });
      expect(await state(late.id)).toEqual(before);

      const unreported = await open((await incident('I')).id, { leadOrganisationId: STATE_COUNCIL });
      standOn('2026-09-01');
      const opened = await state(unreported.id);
      expect(await sut.failure(EXTEND_REPLY, extend(unreported.id))).toMatchObject({
        code: 'INVESTIGATION_NOT_REPORTED',
        field: 'investigationId',
        status: 'OPEN',
      });
      expect(await state(unreported.id)).toEqual(opened);

      const replied = await reported();
      standOn('2026-09-10');
      await sut.call(RECORD_REPLY, {
        input: { investigationId: replied.id, reply: '同意。', repliedOn: '2026-09-10' },
      });
      const done = await state(replied.id);
      expect(await sut.failure(EXTEND_REPLY, extend(replied.id))).toMatchObject({
        code: 'INVESTIGATION_NOT_REPORTED',
        field: 'investigationId',
        status: 'REPLIED',
      });
      expect(await state(replied.id)).toEqual(done);
    });
  });
});
