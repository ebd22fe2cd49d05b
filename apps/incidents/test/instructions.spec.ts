import { identities, readTopic, type TestSubgraph } from '@emergency/testing';
import {
  COUNTY_BUREAU,
  FINANCE_BUREAU,
  NO_SUCH_ID,
  publishedData,
  reportIncident,
  startIncidents,
} from './fixtures';
import {
  cst,
  instructionInput,
  published,
  recordInstruction,
  standAt,
  type Instruction,
} from './duty.fixtures';
import {
  CLOSE_INSTRUCTION,
  DECIDE_EXTENSION,
  INCIDENT_INSTRUCTIONS,
  INSTRUCTION_RULE,
  LEADER_INSTRUCTION,
  OPEN_INSTRUCTIONS,
  RECORD_INSTRUCTION,
  REQUEST_EXTENSION,
  SET_INSTRUCTION_RULE,
  SUBMIT_FEEDBACK,
} from './duty.operations';
import { InstructionOverdueScan } from '../src/instruction/instruction.scan';

/** The end of a working day in China Standard Time. */
const endOf = (date: string) => new Date(cst(date, '23:59').getTime() + 59_999).toISOString();

/** Leader instructions on an incident, against PostgreSQL and the broker, on an injected clock. */
describe('leader instructions', () => {
  let sut: TestSubgraph;
  let incidentId: string;

  beforeAll(async () => {
    sut = await startIncidents();
    incidentId = (await reportIncident(sut)).id;
  }, 120_000);
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => sut?.stop());

  const given = cst('2026-09-25', '15:00');
  const twoOrganisations = {
    assignments: [{ organisationId: FINANCE_BUREAU }, { organisationId: COUNTY_BUREAU }],
  };
  const read = async (id: string) =>
    (await sut.call<{ leaderInstruction: Instruction }>(LEADER_INSTRUCTION, { id })).leaderInstruction;

  it('logs an instruction given on Friday 25 September due at the end of Friday 9 October, across National Day', async () => {
    standAt(sut, cst('2026-09-25', '16:00'));
    const instruction = await recordInstruction(sut, incidentId, twoOrganisations);
    expect(instruction).toMatchObject({
      regionCode: '421100',
      leaderTitle: '省长',
      givenAt: given.toISOString(),
      closedAt: null,
    });
    expect(instruction.assignments.map((a) => [a.organisation.id, a.dueAt, a.status, a.overdue])).toEqual([
      [FINANCE_BUREAU, endOf('2026-10-09'), 'OPEN', false],
      [COUNTY_BUREAU, endOf('2026-10-09'), 'OPEN', false],
    ]);
    const [event] = (await published(sut, 'incidents.LeaderInstructionRecorded.v1')).filter(
      (e) => e.instructionId === instruction.id,
    );
    expect(event).toMatchObject({
      incidentId,
      leaderTitle: '省长',
      regionCode: '421100',
      assignments: [
        { organisationId: FINANCE_BUREAU, feedbackDueAt: endOf('2026-10-09') },
        { organisationId: COUNTY_BUREAU, feedbackDueAt: endOf('2026-10-09') },
      ],
    });
    const onIncident = await sut.call<{ incident: { instructions: { edges: { node: { id: string } }[] } } }>(
      INCIDENT_INSTRUCTIONS,
      { id: incidentId },
    );
    expect(onIncident.incident.instructions.edges.map((e) => e.node.id)).toContain(instruction.id);
  });

  it('takes a feedback deadline given with the assignment, and the jurisdiction’s default from data', async () => {
    standAt(sut, cst('2026-09-25', '16:00'));
    const rule = await sut.call<{ instructionRule: { feedbackWorkingDays: number; regionPrefix: string } }>(
      INSTRUCTION_RULE,
      { regionCode: '421121' },
    );
    expect(rule.instructionRule).toMatchObject({ feedbackWorkingDays: 5, regionPrefix: '' });
    const own = await recordInstruction(sut, incidentId, {
      assignments: [{ organisationId: FINANCE_BUREAU, feedbackDueAt: '2026-09-27T18:00:00+08:00' }],
    });
    expect(own.assignments[0]!.dueAt).toBe(cst('2026-09-27', '18:00').toISOString());

    const input = { regionCode: '421100', feedbackWorkingDays: 2, source: 'Huanggang duty office rules' };
    expect(await sut.failure(SET_INSTRUCTION_RULE, { input }, identities.operator())).toMatchObject({
      code: 'FORBIDDEN',
    });
    await sut.call(SET_INSTRUCTION_RULE, { input });
    const shorter = await recordInstruction(sut, incidentId, {
      assignments: [{ organisationId: FINANCE_BUREAU }],
    });
    // Two working days after Friday: Monday 28, Tuesday 29 September.
    expect(shorter.assignments[0]!.dueAt).toBe(endOf('2026-09-29'));
    await sut.call(SET_INSTRUCTION_RULE, { input: { ...input, feedbackWorkingDays: 5 } });

    const events = await readTopic(sut.topic);
    try {
      const set = (days: number) =>
        publishedData(
          events,
          'incidents.InstructionRuleSet.v1',
          (d) => d.regionPrefix === '4211' && d.feedbackWorkingDays === days,
        );
      const setAt = cst('2026-09-25', '16:00').toISOString();
      expect(await set(2)).toEqual({
        regionPrefix: '4211',
        feedbackWorkingDays: 2,
        source: 'Huanggang duty office rules',
        setAt,
      });
      expect(await set(5)).toMatchObject({ feedbackWorkingDays: 5, source: 'Huanggang duty office rules' });
      const sent = events.messages.filter((m) => m.headers.ce_type === 'incidents.InstructionRuleSet.v1');
      expect(sent.map((m) => (m.value as { feedbackWorkingDays: number }).feedbackWorkingDays)).toEqual([
        2, 5,
      ]);
    } finally {
      await events.stop();
    }
  });

  it('refuses a wrong instruction with its code and field, writing nothing', async () => {
    standAt(sut, cst('2026-09-25', '16:00'));
    const before = [await sut.count('leader_instruction'), await sut.count('instruction_assignment')];
    const outbox = await sut.count('outbox');
    const cases: [Record<string, unknown>, Record<string, unknown>, ReturnType<typeof identities.admin>?][] =
      [
        [
          { incidentId: NO_SUCH_ID, ...twoOrganisations },
          { code: 'INCIDENT_NOT_FOUND', field: 'incidentId' },
        ],
        [{ assignments: [] }, { code: 'BAD_USER_INPUT', field: 'assignments' }],
        [
          { ...twoOrganisations, leaderTitle: ' ' },
          { code: 'BAD_USER_INPUT', field: 'leaderTitle' },
        ],
        [
          { ...twoOrganisations, givenAt: '2026-09-25T17:00:00+08:00' },
          { code: 'DATE_IN_FUTURE', field: 'givenAt' },
        ],
        [
          { assignments: [{ organisationId: FINANCE_BUREAU }, { organisationId: FINANCE_BUREAU }] },
          { code: 'ASSIGNMENT_DUPLICATED', field: 'assignments[1].organisationId' },
        ],
        [
          { assignments: [{ organisationId: FINANCE_BUREAU, feedbackDueAt: '2026-09-25T14:00:00+08:00' }] },
          { code: 'FEEDBACK_DUE_BEFORE_GIVEN', field: 'assignments[0].feedbackDueAt' },
        ],
        [
          { assignments: [{ organisationId: NO_SUCH_ID }] },
          { code: 'ORGANISATION_UNKNOWN', field: 'assignments[0].organisationId' },
        ],
        [
          twoOrganisations,
          { code: 'INCIDENT_NOT_FOUND', field: 'incidentId' },
          identities.operator('420200'),
        ],
        [twoOrganisations, { code: 'FORBIDDEN' }, identities.operator('421100', COUNTY_BUREAU)],
        [twoOrganisations, { code: 'FORBIDDEN' }, identities.auditor()],
      ];
    for (const [overrides, expected, identity] of cases) {
      const variables = instructionInput((overrides.incidentId as string) ?? incidentId, overrides);
      expect(await sut.failure(RECORD_INSTRUCTION, variables, identity ?? identities.admin())).toMatchObject(
        expected,
      );
    }
    expect([await sut.count('leader_instruction'), await sut.count('instruction_assignment')]).toEqual(
      before,
    );
    expect(await sut.count('outbox')).toBe(outbox);
  });

  it('takes feedback from an assignee, extends on a request before the deadline, refuses one after it', async () => {
    standAt(sut, cst('2026-09-25', '16:00'));
    const instruction = await recordInstruction(sut, incidentId, twoOrganisations);
    const [finance, county] = instruction.assignments;
    const countyDesk = identities.operator('421121', COUNTY_BUREAU);

    // Another organisation may not answer for the county bureau.
    const feedbacks = await sut.count('instruction_feedback');
    expect(
      await sut.failure(
        SUBMIT_FEEDBACK,
        { input: { assignmentId: county!.id, text: '已转移', final: true } },
        identities.operator('420000', FINANCE_BUREAU),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sut.count('instruction_feedback')).toBe(feedbacks);

    standAt(sut, cst('2026-10-08', '10:00'));
    const progress = await sut.call<{ submitInstructionFeedback: { final: boolean } }>(
      SUBMIT_FEEDBACK,
      { input: { assignmentId: county!.id, text: '已转移群众1200人，正在安置', final: false } },
      countyDesk,
    );
    expect(progress.submitInstructionFeedback.final).toBe(false);
    const requested = await sut.call<{ requestInstructionExtension: { id: string; status: string } }>(
      REQUEST_EXTENSION,
      {
        input: {
          assignmentId: county!.id,
          newDueAt: '2026-10-16T18:00:00+08:00',
          reason: '安置点核查未完成',
        },
      },
      countyDesk,
    );
    expect(requested.requestInstructionExtension.status).toBe('PENDING');
    expect(
      await sut.failure(
        REQUEST_EXTENSION,
        { input: { assignmentId: county!.id, newDueAt: '2026-10-17T18:00:00+08:00', reason: '再延' } },
        countyDesk,
      ),
    ).toMatchObject({ code: 'EXTENSION_PENDING', field: 'assignmentId' });
    expect(
      await sut.failure(
        DECIDE_EXTENSION,
        { input: { extensionId: requested.requestInstructionExtension.id, grant: true } },
        countyDesk,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    await sut.call(DECIDE_EXTENSION, {
      input: { extensionId: requested.requestInstructionExtension.id, grant: true },
    });
    expect(
      await sut.failure(DECIDE_EXTENSION, {
        input: { extensionId: requested.requestInstructionExtension.id, grant: false },
      }),
    ).toMatchObject({ code: 'EXTENSION_DECIDED', field: 'extensionId' });

    // The finance bureau asks only after its deadline (end of 9 October): refused, nothing written.
    standAt(sut, cst('2026-10-10', '09:00'));
    const extensions = await sut.count('instruction_extension');
    expect(
      await sut.failure(
        REQUEST_EXTENSION,
        { input: { assignmentId: finance!.id, newDueAt: '2026-10-16T18:00:00+08:00', reason: '材料未齐' } },
        identities.operator('420000', FINANCE_BUREAU),
      ),
    ).toMatchObject({ code: 'EXTENSION_TOO_LATE', field: 'assignmentId', dueAt: endOf('2026-10-09') });
    expect(await sut.count('instruction_extension')).toBe(extensions);

    const seen = await read(instruction.id);
    expect(seen.assignments.map((a) => [a.dueAt, a.status, a.overdue])).toEqual([
      [endOf('2026-10-09'), 'OPEN', true],
      [cst('2026-10-16', '18:00').toISOString(), 'OPEN', false],
    ]);
    expect(seen.assignments[1]!.feedback.map((f) => [f.final, f.byOrganisation])).toEqual([
      [false, { id: COUNTY_BUREAU }],
    ]);
    expect(seen.assignments[1]!.extensions.map((e) => e.status)).toEqual(['GRANTED']);
  });

  it('marks an assignment overdue once, and lists the instructions open past their deadline', async () => {
    standAt(sut, cst('2026-09-25', '16:00'));
    const instruction = await recordInstruction(sut, incidentId, twoOrganisations);
    const [finance, county] = instruction.assignments;
    standAt(sut, cst('2026-10-09', '20:00'));
    await sut.call(
      SUBMIT_FEEDBACK,
      { input: { assignmentId: finance!.id, text: '资金已下拨', final: true } },
      identities.operator('420000', FINANCE_BUREAU),
    );
    const scan = sut.app.get(InstructionOverdueScan);
    await scan.scan(new Date(endOf('2026-10-09')));
    const overdue = async () =>
      (
        await sut.db.query(
          `SELECT id FROM instruction_assignment WHERE instruction_id = $1 AND overdue_at IS NOT NULL`,
          [instruction.id],
        )
      ).rows.map((r: { id: string }) => r.id);
    expect(await overdue()).toEqual([]); // exactly on the deadline is not yet overdue
    const after = cst('2026-10-10', '00:00');
    await scan.scan(after);
    expect(await scan.scan(after)).toBe(0);
    expect(await overdue()).toEqual([county!.id]);
    const events = (await published(sut, 'incidents.InstructionFeedbackOverdue.v1')).filter(
      (e) => e.instructionId === instruction.id,
    );
    expect(events).toEqual([
      {
        instructionId: instruction.id,
        assignmentId: county!.id,
        incidentId,
        organisationId: COUNTY_BUREAU,
        regionCode: '421100',
        feedbackDueAt: endOf('2026-10-09'),
      },
    ]);

    standAt(sut, after);
    const list = async (variables: Record<string, unknown>, identity = identities.admin()) =>
      (
        await sut.call<{ openInstructions: { edges: { node: { id: string } }[] } }>(
          OPEN_INSTRUCTIONS,
          variables,
          identity,
        )
      ).openInstructions.edges.map((e) => e.node.id);
    expect(await list({ regionCode: '420000', overdueOnly: true, first: 100 })).toContain(instruction.id);
    expect(
      await list({ regionCode: '421100', overdueOnly: true, first: 100 }, identities.operator('420200')),
    ).toEqual([]);
  });

  it('is closed by the duty office once every assignee reported back, or with a reason', async () => {
    standAt(sut, cst('2026-09-25', '16:00'));
    const instruction = await recordInstruction(sut, incidentId, twoOrganisations);
    const [finance] = instruction.assignments;
    await sut.call(
      SUBMIT_FEEDBACK,
      { input: { assignmentId: finance!.id, text: '资金已下拨', final: true } },
      identities.operator('420000', FINANCE_BUREAU),
    );
    const outbox = await sut.count('outbox');
    expect(await sut.failure(CLOSE_INSTRUCTION, { input: { instructionId: instruction.id } })).toMatchObject({
      code: 'INSTRUCTION_FEEDBACK_MISSING',
      field: 'reason',
      organisationIds: [COUNTY_BUREAU],
    });
    expect(
      await sut.failure(
        CLOSE_INSTRUCTION,
        { input: { instructionId: instruction.id, reason: '已并入新批示办理' } },
        identities.operator('421100', COUNTY_BUREAU),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await sut.count('outbox')).toBe(outbox);
    expect((await read(instruction.id)).closedAt).toBeNull();

    const closed = await sut.call<{
      closeInstruction: { closedAt: string; assignments: { status: string }[] };
    }>(
      CLOSE_INSTRUCTION,
      { input: { instructionId: instruction.id, reason: '已并入新批示办理' } },
      identities.operator('421100'),
    );
    expect(closed.closeInstruction).toMatchObject({
      closedAt: cst('2026-09-25', '16:00').toISOString(),
      assignments: [{ status: 'CLOSED' }, { status: 'CLOSED' }],
    });
    const [event] = (await published(sut, 'incidents.InstructionClosed.v1')).filter(
      (e) => e.instructionId === instruction.id,
    );
    expect(event).toMatchObject({ incidentId, withoutFeedbackFrom: [COUNTY_BUREAU] });
    expect(await sut.failure(CLOSE_INSTRUCTION, { input: { instructionId: instruction.id } })).toMatchObject({
      code: 'INSTRUCTION_CLOSED',
      field: 'instructionId',
    });
    expect(
      await sut.failure(
        SUBMIT_FEEDBACK,
        { input: { assignmentId: instruction.assignments[1]!.id, text: '迟到的反馈', final: true } },
        identities.operator('421121', COUNTY_BUREAU),
      ),
    ).toMatchObject({ code: 'INSTRUCTION_CLOSED', field: 'assignmentId' });
  });

  it('pages an incident’s instructions, newest given first, and hides them outside the jurisdiction', async () => {
    standAt(sut, cst('2026-09-25', '16:00'));
    const own = (await reportIncident(sut, { regionCode: '421121' })).id;
    const ids: string[] = [];
    for (const hour of ['09:00', '10:00', '11:00']) {
      const recorded = await recordInstruction(sut, own, {
        givenAt: `2026-09-25T${hour}:00+08:00`,
        assignments: [{ organisationId: COUNTY_BUREAU }],
      });
      ids.unshift(recorded.id);
    }
    const page = (after?: string) =>
      sut.call<{
        incident: {
          instructions: {
            edges: { node: { id: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        };
      }>(
        `query($id: ID!, $after: String) { incident(id: $id) { instructions(first: 2, after: $after) {
          edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
        { id: own, after },
      );
    const first = (await page()).incident.instructions;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await page(first.pageInfo.endCursor)).incident.instructions;
    expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(ids);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const hidden = await sut.call<{ leaderInstruction: unknown }>(
      LEADER_INSTRUCTION,
      { id: ids[0] },
      identities.operator('421181'),
    );
    expect(hidden.leaderInstruction).toBeNull();
    const above = await sut.call<{ leaderInstruction: { id: string } }>(
      LEADER_INSTRUCTION,
      { id: ids[0] },
      identities.operator('421100'),
    );
    expect(above.leaderInstruction.id).toBe(ids[0]);
  });
});
