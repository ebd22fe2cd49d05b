import { randomUUID } from 'node:crypto';
import type { Identity } from '@emergency/auth';
import { chinaInstant } from '@emergency/domain';
import { Clock } from '@emergency/subgraph';
import { eventually, identities, readTopic, type TopicReader } from '@emergency/testing';
import { FindingDeadlineScan } from '../src/finding/finding-deadline.scan';
import { startAudit, type Audit } from './fixtures';
import {
  ADVANCE_ENGAGEMENT,
  ENGAGEMENT,
  ENGAGEMENTS,
  engagementInput,
  FINDING,
  findingInput,
  FINDINGS,
  insertAnomaly,
  insertFlow,
  ISSUE_FINDING,
  ISSUE_PROBLEM_LIST,
  ISSUE_RECTIFICATION_LIST,
  OPEN_ENGAGEMENT,
  otherUnit,
  OWNER,
  provincialAuditor,
  RATES,
  RECORD_FINDING,
  RECORD_OUTCOME,
  RESPOND,
  RULES,
  SET_RULES,
  tuanfengUnit,
  UPDATE_ITEM,
  VERIFY,
  xianningAuditor,
  type Engagement,
  type Finding,
  type Item,
} from './finding.fixtures';

/**
 * The audit follows a finding from the anomaly it was made from to its closing by verification: the provincial
 * audit office's tracking audit of the Ju River flood finds Tuanfeng county's housing subsidies paid late, issues the
 * finding, hears the county's answer, issues the problem list and the rectification list, checks each item and
 * closes it; the scan announces each deadline passed once, and only the audited unit answers.
 */
interface Page {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('audit: findings and their rectification', () => {
  let sut: Audit;
  let events: TopicReader;
  let clock: jest.SpyInstance<Date, []>;

  beforeAll(async () => {
    sut = await startAudit();
    events = await readTopic(sut.topic);
  }, 120_000);
  afterAll(async () => {
    await events?.stop();
    await sut?.stop();
  });
  beforeEach(() => {
    clock = jest.spyOn(sut.app.get(Clock), 'now');
    standOn('2026-07-15');
  });
  afterEach(() => clock.mockRestore());

  const standOn = (date: string, time = '12:00') => {
    const at = chinaInstant(date, time);
    clock.mockReturnValue(at);
    return at;
  };
  const scan = (date: string, time: string) =>
    sut.app.get(FindingDeadlineScan).scan(chinaInstant(date, time));
  const auditor = provincialAuditor;
  const call = async <T>(query: string, input: Record<string, unknown>, identity: Identity = auditor()) =>
    Object.values(await sut.call<Record<string, T>>(query, { input }, identity))[0]!;
  const read = async (id: string, identity: Identity = auditor()) =>
    (await sut.call<{ auditFinding: Finding | null }>(FINDING, { id }, identity)).auditFinding;
  const published = (type: string, findingId: string) =>
    events.messages.filter(
      (m) =>
        m.headers.ce_type === `audit.${type}.v1` &&
        (m.value as { findingId?: string }).findingId === findingId,
    );
  const eventOf = (type: string, findingId: string) =>
    eventually(async () => {
      const [found] = published(type, findingId);
      if (!found) throw new Error(`no ${type} for ${findingId} yet`);
      return found.value as Record<string, unknown>;
    });

  const open = (overrides: Record<string, unknown> = {}) =>
    call<Engagement>(OPEN_ENGAGEMENT, engagementInput(overrides));
  const advance = (engagementId: string, stage: string, reportIssuedOn?: string) =>
    call<Engagement>(ADVANCE_ENGAGEMENT, { engagementId, stage, reportIssuedOn });
  const fieldwork = async () => {
    const e = await open();
    await advance(e.id, 'FIELDWORK');
    return e;
  };
  const record = (engagementId: string, overrides: Record<string, unknown> = {}) =>
    call<Finding>(RECORD_FINDING, findingInput(engagementId, overrides));
  const issue = (findingId: string, issuedOn: string) =>
    call<Finding>(ISSUE_FINDING, { findingId, issuedOn });
  /** A finding issued on `issuedOn` in an engagement at FIELDWORK. */
  const issued = async (issuedOn = '2026-07-20') => {
    const e = await fieldwork();
    const f = await record(e.id);
    standOn(issuedOn);
    return { engagement: e, finding: await issue(f.id, issuedOn) };
  };

  it('follows a finding from an anomaly to its closing by verification', async () => {
    const anomalyId = await insertAnomaly(sut);
    const engagement = await open({ incidentId: randomUUID() });
    expect(engagement).toMatchObject({ stage: 'PLANNED', regionCode: '421100', problemListDueOn: null });
    await eventually(async () => {
      const opened = events.messages.find(
        (m) =>
          m.headers.ce_type === 'audit.AuditEngagementOpened.v1' &&
          (m.value as { engagementId: string }).engagementId === engagement.id,
      );
      expect(opened?.value).toMatchObject({ leadPersonId: engagement.leadPersonId, regionCode: '421100' });
    });
    await advance(engagement.id, 'FIELDWORK');

    const recorded = await record(engagement.id, { anomalyIds: [anomalyId] });
    expect(recorded).toMatchObject({ status: 'DRAFT', amountFen: '12000000', anomalyIds: [anomalyId] });
    expect(recorded.recommendations.map((r) => r.adopted)).toEqual([null, null]);
    const { rows: anomalies } = await sut.db.query(
      `SELECT status, finding_id, decided_by FROM audit_anomaly WHERE id = $1`,
      [anomalyId],
    );
    expect(anomalies[0]).toMatchObject({
      status: 'FINDING',
      finding_id: recorded.id,
      decided_by: 'test-auditor',
    });
    expect(await eventOf('AuditFindingRecorded', recorded.id)).toMatchObject({
      type: 'LATE_DISBURSEMENT',
      amountFen: '12000000',
      anomalyIds: [anomalyId],
      auditedOrganisationId: recorded.auditedOrganisationId,
    });
    // A draft is the audit team's own: the audited unit does not see it yet.
    expect(await read(recorded.id, tuanfengUnit())).toBeNull();

    standOn('2026-07-20');
    const issuedFinding = await issue(recorded.id, '2026-07-20');
    expect(issuedFinding).toMatchObject({
      status: 'ISSUED',
      issuedOn: '2026-07-20',
      responseDueOn: '2026-07-30',
    });
    expect(await eventOf('AuditFindingIssued', recorded.id)).toMatchObject({ responseDueOn: '2026-07-30' });

    // The audited unit answers on the last day: on time.
    standOn('2026-07-30', '23:00');
    const [pay, timetable] = issuedFinding.recommendations;
    const answered = await call<Finding>(
      RESPOND,
      {
        findingId: recorded.id,
        response: 'The remaining households will be paid by 31 August.',
        recommendations: [
          { recommendationId: pay!.id, adopted: true },
          { recommendationId: timetable!.id, adopted: false },
        ],
      },
      tuanfengUnit(),
    );
    expect(answered.status).toBe('RESPONDED');
    expect(answered.engagement).toBeNull(); // the unit does not see the engagement
    expect(answered.anomalyIds).toEqual([]);
    expect(answered.rectification.responseLate).toBe(false);
    expect(answered.recommendations.map((r) => [r.adopted, r.decidedOn])).toEqual([
      [true, '2026-07-30'],
      [false, '2026-07-30'],
    ]);
    expect(await eventOf('AuditFindingResponded', recorded.id)).toMatchObject({
      late: false,
      adoptedRecommendationIds: [pay!.id],
      rejectedRecommendationIds: [timetable!.id],
    });

    // The report on Friday 31 July: the problem list is due five working days later.
    standOn('2026-07-31');
    const reported = await advance(engagement.id, 'REPORTED', '2026-07-31');
    expect(reported).toMatchObject({
      stage: 'REPORTED',
      reportIssuedOn: '2026-07-31',
      problemListDueOn: '2026-08-07',
    });
    expect((await read(recorded.id))!.rectification.problemListDueOn).toBe('2026-08-07');

    standOn('2026-08-03');
    const listed = await call<Finding>(ISSUE_PROBLEM_LIST, {
      findingId: recorded.id,
      issuedOn: '2026-08-03',
      rectifyBy: '2026-08-31',
    });
    expect(listed.rectification).toMatchObject({
      problemListIssuedOn: '2026-08-03',
      rectifyBy: '2026-08-31',
      // 15 working days after 31 August: the 15th is Sunday 20 September, worked before National Day.
      rectificationListDueOn: '2026-09-20',
    });
    expect(await eventOf('AuditProblemListIssued', recorded.id)).toMatchObject({
      late: false,
      dueOn: '2026-08-07',
    });

    standOn('2026-09-01');
    const rectifying = await call<Finding>(ISSUE_RECTIFICATION_LIST, {
      findingId: recorded.id,
      issuedOn: '2026-09-01',
      items: [
        { text: 'Pay the 37 remaining households', ownerPersonId: OWNER, dueOn: '2026-09-15' },
        { text: 'Adopt a disbursement timetable', ownerPersonId: OWNER, dueOn: '2026-09-30' },
      ],
    });
    expect(rectifying.status).toBe('RECTIFYING');
    const [payItem, timetableItem] = rectifying.rectification.items as [Item, Item];
    expect(payItem).toMatchObject({ state: null, dueOn: '2026-09-15', ownerPersonId: OWNER, overdue: false });
    expect(await eventOf('RectificationListIssued', recorded.id)).toMatchObject({
      dueOn: '2026-09-20',
      late: false,
      items: [
        { itemId: payItem.id, ownerPersonId: OWNER, dueOn: '2026-09-15' },
        { itemId: timetableItem.id, ownerPersonId: OWNER, dueOn: '2026-09-30' },
      ],
    });

    // The unit reports the payment made; an auditor's check finds the timetable not adopted.
    standOn('2026-09-10');
    const paid = await call<Item>(
      UPDATE_ITEM,
      {
        itemId: payItem.id,
        state: 'RECTIFIED',
        evidence: [{ kind: 'Flow', id: randomUUID(), note: 'the payments' }],
      },
      tuanfengUnit(),
    );
    expect(paid).toMatchObject({
      state: 'RECTIFIED',
      history: [{ state: 'RECTIFIED', byAuditedUnit: true }],
    });
    await call<Item>(UPDATE_ITEM, {
      itemId: timetableItem.id,
      state: 'NOT_RECTIFIED',
      evidence: [],
      note: 'no timetable yet',
    });

    // Not yet verifiable: nothing written.
    const refused = await sut.failure(
      VERIFY,
      { input: { findingId: recorded.id, verifiedOn: '2026-09-10' } },
      auditor(),
    );
    expect(refused).toMatchObject({
      code: 'RECTIFICATION_NOT_VERIFIABLE',
      field: 'findingId',
      itemIds: [timetableItem.id],
    });
    expect((await read(recorded.id))!.status).toBe('RECTIFYING');

    standOn('2026-09-25');
    await call<Item>(
      UPDATE_ITEM,
      { itemId: timetableItem.id, state: 'RECTIFIED', evidence: [{ kind: 'Document', id: 'TF-2026-118' }] },
      tuanfengUnit(),
    );
    const closed = await call<Finding>(VERIFY, {
      findingId: recorded.id,
      verifiedOn: '2026-09-25',
      note: 'checked on site',
    });
    expect(closed).toMatchObject({ status: 'CLOSED', rectificationState: 'RECTIFIED' });
    expect(closed.rectification.verifiedOn).toBe('2026-09-25');
    expect(closed.rectification.items[1]!.history.map((h) => [h.state, h.byAuditedUnit])).toEqual([
      ['NOT_RECTIFIED', false],
      ['RECTIFIED', true],
    ]);
    expect(await eventOf('AuditFindingClosed', recorded.id)).toMatchObject({
      rectificationState: 'RECTIFIED',
      verifiedOn: '2026-09-25',
    });
    const { rows: state } = await sut.db.query(
      `SELECT status, rectification_state FROM audit_finding WHERE id = $1`,
      [recorded.id],
    );
    expect(state[0]).toEqual({ status: 'CLOSED', rectification_state: 'RECTIFIED' });

    // Money recovered: a return recorded where the money lives, linked to the finding.
    const allocation = await insertFlow(sut);
    const returned = await insertFlow(sut, { reverses: allocation, amountFen: 3_000_00n });
    const outcome = await call<Finding>(RECORD_OUTCOME, {
      findingId: recorded.id,
      recoveredFen: '300000',
      savedFen: '50000',
      transferredForHandling: true,
      recoveryFlowIds: [returned],
    });
    expect(outcome).toMatchObject({
      recoveredFen: '300000',
      savedFen: '50000',
      transferredForHandling: true,
      recoveryFlowIds: [returned],
    });
    expect(await eventOf('AuditFindingOutcomeRecorded', recorded.id)).toMatchObject({
      recoveredFen: '300000',
      recoveryFlowIds: [returned],
    });
  });

  describe('refusals write nothing', () => {
    it('refuses an anomaly already decided, and leaves the open one open', async () => {
      const e = await fieldwork();
      const open1 = await insertAnomaly(sut);
      const dismissed = await insertAnomaly(sut, { status: 'DISMISSED' });
      const findings = await sut.count('audit_finding');
      const recommendations = await sut.count('audit_recommendation');
      const error = await sut.failure(
        RECORD_FINDING,
        { input: findingInput(e.id, { anomalyIds: [open1, dismissed] }) },
        auditor(),
      );
      expect(error).toMatchObject({
        code: 'AUDIT_FINDING_ANOMALY_NOT_OPEN',
        field: 'anomalyIds.1',
        anomalyId: dismissed,
        status: 'DISMISSED',
      });
      expect(await sut.count('audit_finding')).toBe(findings);
      expect(await sut.count('audit_recommendation')).toBe(recommendations);
      const { rows } = await sut.db.query(`SELECT status, finding_id FROM audit_anomaly WHERE id = $1`, [
        open1,
      ]);
      expect(rows[0]).toEqual({ status: 'OPEN', finding_id: null });
    });

    it('refuses a finding outside the auditor’s jurisdiction and writes by anyone but auditors', async () => {
      const e = await fieldwork();
      const findings = await sut.count('audit_finding');
      expect(
        await sut.failure(RECORD_FINDING, { input: findingInput(e.id) }, xianningAuditor()),
      ).toMatchObject({
        code: 'OUTSIDE_JURISDICTION',
        field: 'regionCode',
      });
      expect(await sut.failure(RECORD_FINDING, { input: findingInput(e.id) }, tuanfengUnit())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await sut.failure(OPEN_ENGAGEMENT, { input: engagementInput() }, tuanfengUnit())).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await sut.count('audit_finding')).toBe(findings);
    });

    it('moves an engagement through its stages in order, REPORTED with its report’s date', async () => {
      const e = await open();
      expect(
        await sut.failure(
          ADVANCE_ENGAGEMENT,
          { input: { engagementId: e.id, stage: 'REPORTED', reportIssuedOn: '2026-07-10' } },
          auditor(),
        ),
      ).toMatchObject({ code: 'AUDIT_ENGAGEMENT_STAGE_NOT_ALLOWED', stage: 'PLANNED', to: 'REPORTED' });
      await advance(e.id, 'FIELDWORK');
      expect(
        await sut.failure(
          ADVANCE_ENGAGEMENT,
          { input: { engagementId: e.id, stage: 'REPORTED' } },
          auditor(),
        ),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reportIssuedOn' });
      const { rows } = await sut.db.query(
        `SELECT stage, report_issued_on FROM audit_engagement WHERE id = $1`,
        [e.id],
      );
      expect(rows[0]).toEqual({ stage: 'FIELDWORK', report_issued_on: null });
    });

    it('lets only the audited unit answer, once, naming its own recommendations', async () => {
      const { finding } = await issued();
      const answer = {
        findingId: finding.id,
        response: 'Agreed.',
        recommendations: [{ recommendationId: finding.recommendations[0]!.id, adopted: true }],
      };
      expect(await sut.failure(RESPOND, { input: answer }, auditor())).toMatchObject({
        code: 'AUDIT_FINDING_NOT_YOUR_UNIT',
      });
      expect(await sut.failure(RESPOND, { input: answer }, otherUnit())).toMatchObject({
        code: 'AUDIT_FINDING_NOT_FOUND',
        field: 'findingId',
      });
      const unknown = { ...answer, recommendations: [{ recommendationId: randomUUID(), adopted: true }] };
      expect(await sut.failure(RESPOND, { input: unknown }, tuanfengUnit())).toMatchObject({
        code: 'AUDIT_RECOMMENDATION_UNKNOWN',
        field: 'recommendations.0.recommendationId',
      });
      const after = await read(finding.id);
      expect(after).toMatchObject({ status: 'ISSUED', response: null });
      expect(after!.recommendations.every((r) => r.adopted === null)).toBe(true);
      await call<Finding>(RESPOND, answer, tuanfengUnit());
      expect(await sut.failure(RESPOND, { input: answer }, tuanfengUnit())).toMatchObject({
        code: 'AUDIT_FINDING_STEP_NOT_ALLOWED',
        status: 'RESPONDED',
      });
    });

    it('refuses the rectification list before the problem list, and a recovery flow that is not a return', async () => {
      const { finding } = await issued();
      const items = [{ text: 'Pay', ownerPersonId: OWNER, dueOn: '2026-09-01' }];
      expect(
        await sut.failure(
          ISSUE_RECTIFICATION_LIST,
          { input: { findingId: finding.id, issuedOn: '2026-07-20', items } },
          auditor(),
        ),
      ).toMatchObject({ code: 'AUDIT_FINDING_STEP_NOT_ALLOWED', step: 'RECTIFICATION_LIST' });
      expect(await sut.count(`audit_rectification_item WHERE finding_id = '${finding.id}'`)).toBe(0);

      const forward = await insertFlow(sut);
      const outcome = {
        findingId: finding.id,
        recoveredFen: '100',
        savedFen: '0',
        transferredForHandling: false,
        recoveryFlowIds: [forward],
      };
      expect(await sut.failure(RECORD_OUTCOME, { input: outcome }, auditor())).toMatchObject({
        code: 'RECOVERY_FLOW_NOT_A_RETURN',
        field: 'recoveryFlowIds.0',
        flowId: forward,
      });
      const missing = randomUUID();
      expect(
        await sut.failure(RECORD_OUTCOME, { input: { ...outcome, recoveryFlowIds: [missing] } }, auditor()),
      ).toMatchObject({ code: 'RECOVERY_FLOW_NOT_A_RETURN', flowId: missing });
      expect(await read(finding.id)).toMatchObject({ recoveredFen: '0', recoveryFlowIds: [] });
    });
  });

  describe('deadlines', () => {
    it('announces the response deadline once, the day after it, and records silence as no objection', async () => {
      const { finding } = await issued('2026-07-20');
      await scan('2026-07-30', '23:59');
      expect(published('AuditDeadlinePassed', finding.id)).toHaveLength(0);
      standOn('2026-07-30', '23:59');
      expect((await read(finding.id))!.rectification.overdue).toEqual([]);

      await scan('2026-07-31', '00:00');
      const passed = await eventOf('AuditDeadlinePassed', finding.id);
      expect(passed).toMatchObject({ kind: 'RESPONSE', deadline: '2026-07-30', itemId: null });
      await scan('2026-08-01', '09:00');
      standOn('2026-08-01');
      const silent = await read(finding.id);
      expect(silent!.rectification).toMatchObject({ noObjectionFrom: '2026-07-31', overdue: ['RESPONSE'] });
      // A late answer is still taken, and recorded as late.
      const late = await call<Finding>(
        RESPOND,
        { findingId: finding.id, response: 'Late, but agreed.', recommendations: [] },
        tuanfengUnit(),
      );
      expect(late.rectification.responseLate).toBe(true);
      await scan('2026-08-02', '09:00');
      expect(published('AuditDeadlinePassed', finding.id)).toHaveLength(1);
    });

    it('counts the problem list in working days across National Day and announces it once', async () => {
      const { engagement, finding } = await issued('2026-09-28');
      standOn('2026-09-30');
      const reported = await advance(engagement.id, 'REPORTED', '2026-09-30');
      // Wednesday 30 September: 8, 9, 10 (a Saturday worked), 12 and 13 October.
      expect(reported.problemListDueOn).toBe('2026-10-13');
      expect((await read(finding.id))!.rectification.problemListDueOn).toBe('2026-10-13');

      // The response was due 8 October (ten calendar days, the holiday included).
      expect(finding.responseDueOn).toBe('2026-10-08');
      await scan('2026-10-13', '23:59');
      const kinds = () =>
        published('AuditDeadlinePassed', finding.id).map((m) => (m.value as { kind: string }).kind);
      await eventually(async () => expect(kinds()).toEqual(['RESPONSE']));
      await scan('2026-10-14', '00:00');
      await eventually(async () => expect(kinds()).toEqual(['RESPONSE', 'PROBLEM_LIST']));
      await scan('2026-10-15', '00:00');
      expect(kinds()).toEqual(['RESPONSE', 'PROBLEM_LIST']);

      // Issued late, it says so.
      standOn('2026-10-16');
      await call<Finding>(ISSUE_PROBLEM_LIST, {
        findingId: finding.id,
        issuedOn: '2026-10-16',
        rectifyBy: '2026-11-16',
      });
      expect(await eventOf('AuditProblemListIssued', finding.id)).toMatchObject({
        late: true,
        dueOn: '2026-10-13',
      });
    });

    it('announces a rectification item past its deadline once, and not one that continues', async () => {
      const { finding } = await issued('2026-07-20');
      standOn('2026-08-03');
      await call<Finding>(ISSUE_PROBLEM_LIST, {
        findingId: finding.id,
        issuedOn: '2026-08-03',
        rectifyBy: '2026-08-31',
      });
      standOn('2026-09-01');
      const f = await call<Finding>(ISSUE_RECTIFICATION_LIST, {
        findingId: finding.id,
        issuedOn: '2026-09-01',
        items: [
          { text: 'Pay', ownerPersonId: OWNER, dueOn: '2026-09-15' },
          { text: 'Rebuild the bridge', ownerPersonId: OWNER, dueOn: '2026-09-15' },
        ],
      });
      const [pay, bridge] = f.rectification.items as [Item, Item];
      standOn('2026-09-14');
      expect(
        await sut.failure(
          UPDATE_ITEM,
          { input: { itemId: bridge.id, state: 'CONTINUING', evidence: [] } },
          tuanfengUnit(),
        ),
      ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
      await call<Item>(
        UPDATE_ITEM,
        {
          itemId: bridge.id,
          state: 'CONTINUING',
          evidence: [],
          note: 'a flood-season works ban until November',
        },
        tuanfengUnit(),
      );
      const itemKinds = () =>
        published('AuditDeadlinePassed', finding.id)
          .map((m) => m.value as { kind: string; itemId: string | null })
          .filter((v) => v.kind === 'RECTIFICATION_ITEM');
      await scan('2026-09-15', '23:59');
      expect(itemKinds()).toHaveLength(0);
      await scan('2026-09-16', '00:00');
      await eventually(async () => expect(itemKinds().map((v) => v.itemId)).toEqual([pay.id]));
      standOn('2026-09-16');
      const overdue = await read(finding.id);
      expect(overdue!.rectification.items.map((i) => i.overdue)).toEqual([true, false]);
      expect(overdue!.rectification.overdue).toEqual(['RECTIFICATION_ITEM']);
      await scan('2026-09-17', '00:00');
      expect(itemKinds()).toHaveLength(1);

      // Closed with one item continuing for its reason.
      await call<Item>(
        UPDATE_ITEM,
        { itemId: pay.id, state: 'RECTIFIED', evidence: [{ kind: 'Flow', id: 'x' }] },
        tuanfengUnit(),
      );
      const closed = await call<Finding>(VERIFY, { findingId: finding.id, verifiedOn: '2026-09-16' });
      expect(closed).toMatchObject({ status: 'CLOSED', rectificationState: 'CONTINUING' });
    });
  });

  describe('access', () => {
    it('shows the audited unit only its own issued findings, and others nothing', async () => {
      const { engagement, finding } = await issued();
      const other = await record(engagement.id, {
        auditedOrganisationId: '00000000-0000-4000-8000-0000000a0999',
      });
      await issue(other.id, '2026-07-20');

      expect((await read(finding.id, tuanfengUnit()))!.id).toBe(finding.id);
      expect(await read(other.id, tuanfengUnit())).toBeNull();
      expect(await read(finding.id, otherUnit())).toBeNull();
      expect(await read(finding.id, xianningAuditor())).toBeNull();
      expect(await read(finding.id, identities.operator('421121'))).toBeNull();
      expect((await read(finding.id, auditor()))!.engagement!.id).toBe(engagement.id);

      const listOf = async (identity: Identity) =>
        (
          await sut.call<{ auditFindings: { edges: { node: { id: string } }[] } }>(
            FINDINGS,
            { filter: { engagementId: engagement.id } },
            identity,
          )
        ).auditFindings.edges.map((e) => e.node.id);
      expect(await listOf(tuanfengUnit())).toEqual([finding.id]);
      expect(await listOf(otherUnit())).toEqual([]);
      expect(await listOf(xianningAuditor())).toEqual([]);
      expect((await listOf(auditor())).sort()).toEqual([finding.id, other.id].sort());

      const engagementOf = async (identity: Identity) =>
        (await sut.call<{ auditEngagement: Engagement | null }>(ENGAGEMENT, { id: engagement.id }, identity))
          .auditEngagement;
      expect(await engagementOf(tuanfengUnit())).toBeNull();
      expect(await engagementOf(xianningAuditor())).toBeNull();
      expect((await engagementOf(auditor()))!.id).toBe(engagement.id);
      const engagements = await sut.call<{ auditEngagements: { edges: unknown[] } }>(
        ENGAGEMENTS,
        {},
        tuanfengUnit(),
      );
      expect(engagements.auditEngagements.edges).toEqual([]);
    });

    it('lets the audited unit report its items but not verify, list or issue', async () => {
      const { finding } = await issued();
      expect(
        await sut.failure(
          ISSUE_PROBLEM_LIST,
          { input: { findingId: finding.id, issuedOn: '2026-07-20', rectifyBy: '2026-08-20' } },
          tuanfengUnit(),
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
      expect(
        await sut.failure(
          VERIFY,
          { input: { findingId: finding.id, verifiedOn: '2026-07-20' } },
          tuanfengUnit(),
        ),
      ).toMatchObject({ code: 'FORBIDDEN' });
      expect(
        (await sut.call<{ auditFollowUpRates: unknown }>(RATES, { regionCode: '421121' }, tuanfengUnit()))
          .auditFollowUpRates,
      ).toBeNull();
    });
  });

  it('gives the rates of recommendations adopted, findings rectified and amounts recovered', async () => {
    const incidentId = randomUUID();
    const e = await open({ incidentId });
    await advance(e.id, 'FIELDWORK');
    const a = await record(e.id);
    const b = await record(e.id, { recommendations: ['Return the money'] });
    await record(e.id); // a draft: not counted
    standOn('2026-07-20');
    const issuedA = await issue(a.id, '2026-07-20');
    await issue(b.id, '2026-07-20');
    await call<Finding>(
      RESPOND,
      {
        findingId: a.id,
        response: 'Agreed in part.',
        recommendations: issuedA.recommendations.map((r, i) => ({
          recommendationId: r.id,
          adopted: i === 0,
        })),
      },
      tuanfengUnit(),
    );
    standOn('2026-07-21');
    await call<Finding>(ISSUE_PROBLEM_LIST, {
      findingId: a.id,
      issuedOn: '2026-07-21',
      rectifyBy: '2026-07-31',
    });
    const listed = await call<Finding>(ISSUE_RECTIFICATION_LIST, {
      findingId: a.id,
      issuedOn: '2026-07-21',
      items: [{ text: 'Pay', ownerPersonId: OWNER, dueOn: '2026-07-31' }],
    });
    await call<Item>(UPDATE_ITEM, {
      itemId: listed.rectification.items[0]!.id,
      state: 'RECTIFIED',
      evidence: [{ kind: 'Flow', id: 'paid' }],
    });
    await call<Finding>(VERIFY, { findingId: a.id, verifiedOn: '2026-07-21' });
    const returned = await insertFlow(sut, { reverses: await insertFlow(sut) });
    await call<Finding>(RECORD_OUTCOME, {
      findingId: b.id,
      recoveredFen: '250000',
      savedFen: '10000',
      transferredForHandling: true,
      recoveryFlowIds: [returned],
    });

    const rates = (
      await sut.call<{ auditFollowUpRates: Record<string, unknown> }>(
        RATES,
        { regionCode: '421100', incidentId },
        auditor(),
      )
    ).auditFollowUpRates;
    expect(rates).toEqual({
      regionCode: '421100',
      incidentId,
      recommendationsMade: 3,
      recommendationsAdopted: 1,
      adoptionRate: 0.3333,
      findingsMade: 2,
      findingsRectified: 1,
      rectificationRate: 0.5,
      recoveredFen: '250000',
      savedFen: '10000',
      transferredForHandling: 1,
    });
    const elsewhere = (
      await sut.call<{ auditFollowUpRates: Record<string, unknown> | null }>(
        RATES,
        { regionCode: '421100', incidentId },
        xianningAuditor(),
      )
    ).auditFollowUpRates;
    expect(elsewhere).toBeNull();
  });

  it('pages engagements and findings newest first to the end, and answers only through the gateway', async () => {
    const incidentId = randomUUID();
    const opened: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      standOn('2026-07-15', `12:0${i}`);
      opened.push((await open({ incidentId })).id);
    }
    const pageThrough = async (query: string, variables: Record<string, unknown>) => {
      const ids: string[] = [];
      let after: string | null = null;
      for (;;) {
        const data: Record<string, Page> = await sut.call<Record<string, Page>>(
          query,
          { ...variables, first: 2, after },
          auditor(),
        );
        const page: Page = Object.values(data)[0]!;
        ids.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) return ids;
        after = page.pageInfo.endCursor;
      }
    };
    expect(await pageThrough(ENGAGEMENTS, { filter: { incidentId } })).toEqual([...opened].reverse());
    await advance(opened[0]!, 'FIELDWORK');
    const recorded: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      standOn('2026-07-15', `13:0${i}`);
      recorded.push((await record(opened[0]!)).id);
    }
    expect(await pageThrough(FINDINGS, { filter: { engagementId: opened[0] } })).toEqual(
      [...recorded].reverse(),
    );
    expect(
      await sut.failure(ENGAGEMENTS, { filter: { incidentId }, first: 2, after: 'not-a-cursor' }, auditor()),
    ).toMatchObject({ code: 'BAD_USER_INPUT' });
    const res = await sut.request(FINDINGS, {}, null);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps the deadline rules as data: national by default, a jurisdiction’s own set in force below it', async () => {
    const rulesOf = async (regionCode: string) =>
      (
        await sut.call<{
          rectificationRules: { regionPrefix: string; key: string; days: number; source: string }[];
        }>(RULES, { regionCode }, auditor())
      ).rectificationRules;
    const national = await rulesOf('421121');
    expect(national.map((r) => [r.regionPrefix, r.key, r.days])).toEqual([
      ['', 'PROBLEM_LIST_WORKING_DAYS', 5],
      ['', 'RECTIFICATION_LIST_WORKING_DAYS', 15],
      ['', 'RESPONSE_CALENDAR_DAYS', 10],
      ['', 'SHAM_RECTIFICATION_BUFFER_DAYS', 15],
    ]);
    expect(national.every((r) => r.source.length > 0)).toBe(true);

    const input = {
      regionPrefix: '4212',
      rules: [
        { key: 'RESPONSE_CALENDAR_DAYS', days: 10, source: 'SJF art. 44' },
        { key: 'PROBLEM_LIST_WORKING_DAYS', days: 3, source: 'a prefecture’s practice' },
      ],
    };
    expect(await sut.failure(SET_RULES, { input }, auditor())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sut.failure(SET_RULES, { input }, identities.admin())).toMatchObject({
      code: 'RECTIFICATION_RULES_INCOMPLETE',
      key: 'RECTIFICATION_LIST_WORKING_DAYS',
    });
    expect(await rulesOf('421202')).toHaveLength(4);
    const set = {
      ...input,
      rules: [
        ...input.rules,
        { key: 'RECTIFICATION_LIST_WORKING_DAYS', days: 10, source: 'a prefecture’s practice' },
      ],
    };
    await sut.call(SET_RULES, { input: set }, identities.admin());
    expect((await rulesOf('421202')).map((r) => [r.regionPrefix, r.key, r.days])).toEqual([
      ['4212', 'PROBLEM_LIST_WORKING_DAYS', 3],
      ['4212', 'RECTIFICATION_LIST_WORKING_DAYS', 10],
      ['4212', 'RESPONSE_CALENDAR_DAYS', 10],
    ]);
    expect(await rulesOf('421121')).toHaveLength(4);
    await eventually(async () => {
      const event = events.messages.find(
        (m) =>
          m.headers.ce_type === 'audit.RectificationRulesSet.v1' &&
          (m.value as { regionPrefix: string }).regionPrefix === '4212',
      );
      expect((event?.value as { rules: unknown[] } | undefined)?.rules).toHaveLength(3);
    });
  });
});
