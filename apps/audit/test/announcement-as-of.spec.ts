import { randomUUID } from 'node:crypto';
import type { Identity } from '@emergency/auth';
import { chinaInstant } from '@emergency/domain';
import { Clock } from '@emergency/subgraph';
import { startAudit, type Audit } from './fixtures';
import { ANNOUNCEMENT, type Figure } from './announcement.fixtures';
import {
  ADVANCE_ENGAGEMENT,
  engagementInput,
  findingInput,
  insertFlow,
  ISSUE_FINDING,
  ISSUE_PROBLEM_LIST,
  ISSUE_RECTIFICATION_LIST,
  OPEN_ENGAGEMENT,
  OWNER,
  provincialAuditor,
  RECORD_FINDING,
  RECORD_OUTCOME,
  RESPOND,
  tuanfengUnit,
  UPDATE_ITEM,
  VERIFY,
  type Engagement,
  type Finding,
  type Item,
} from './finding.fixtures';

/**
 * The announcement as of a cut-off counts the follow-up as it stood then: a recommendation adopted, a finding
 * rectified and money recovered after the cut-off are not in the table as of it, and are as of a later instant.
 * The finding is followed through the findings feature's own mutations on an injected clock.
 */
describe('audit: the announcement’s adoption, rectification and recovery as of its cut-off', () => {
  let sut: Audit;
  let clock: jest.SpyInstance<Date, []>;
  const incidentId = randomUUID();
  const at: Record<'responded' | 'closed' | 'recovered', Date> = {} as never;

  const standOn = (date: string, time = '12:00') => {
    const instant = chinaInstant(date, time);
    clock.mockReturnValue(instant);
    return instant;
  };
  const call = async <T>(
    query: string,
    input: Record<string, unknown>,
    identity: Identity = provincialAuditor(),
  ) => Object.values(await sut.call<Record<string, T>>(query, { input }, identity))[0]!;

  /** The follow-up figures of the announcement as of `asOf`: amount and count by key. */
  const followUp = async (asOf: Date) => {
    const { disasterAnnouncement } = await sut.call<{ disasterAnnouncement: { figures: Figure[] } | null }>(
      ANNOUNCEMENT,
      { incidentId, asOf: asOf.toISOString() },
      provincialAuditor(),
    );
    const of = (key: string) => {
      const f = disasterAnnouncement!.figures.find((x) => x.key === key)!;
      return { amountFen: f.amountFen, count: f.count };
    };
    return {
      made: of('recommendations.made'),
      adopted: of('recommendations.adopted'),
      rectified: of('rectification.RECTIFIED'),
      recovered: of('outcomes.recovered'),
    };
  };

  beforeAll(async () => {
    sut = await startAudit();
    clock = jest.spyOn(sut.app.get(Clock), 'now');
    await sut.db.query(
      `INSERT INTO audit_incident (id, region_code, source_event_id) VALUES ($1, '421100', $2)`,
      [incidentId, randomUUID()],
    );

    standOn('2026-07-15');
    const engagement = await call<Engagement>(OPEN_ENGAGEMENT, engagementInput({ incidentId }));
    await call<Engagement>(ADVANCE_ENGAGEMENT, { engagementId: engagement.id, stage: 'FIELDWORK' });
    const recorded = await call<Finding>(RECORD_FINDING, findingInput(engagement.id));
    standOn('2026-07-20');
    const issued = await call<Finding>(ISSUE_FINDING, { findingId: recorded.id, issuedOn: '2026-07-20' });
    const [pay, timetable] = issued.recommendations;

    at.responded = standOn('2026-07-30', '23:00');
    await call<Finding>(
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
    standOn('2026-08-03');
    await call<Finding>(ISSUE_PROBLEM_LIST, {
      findingId: recorded.id,
      issuedOn: '2026-08-03',
      rectifyBy: '2026-08-31',
    });
    standOn('2026-09-01');
    const rectifying = await call<Finding>(ISSUE_RECTIFICATION_LIST, {
      findingId: recorded.id,
      issuedOn: '2026-09-01',
      items: [{ text: 'Pay the 37 remaining households', ownerPersonId: OWNER, dueOn: '2026-09-15' }],
    });
    standOn('2026-09-10');
    await call<Item>(
      UPDATE_ITEM,
      {
        itemId: rectifying.rectification.items[0]!.id,
        state: 'RECTIFIED',
        evidence: [{ kind: 'Flow', id: randomUUID(), note: 'the payments' }],
      },
      tuanfengUnit(),
    );
    at.closed = standOn('2026-09-25');
    await call<Finding>(VERIFY, { findingId: recorded.id, verifiedOn: '2026-09-25' });

    const returned = await insertFlow(sut, { reverses: await insertFlow(sut), amountFen: 3_000_00n });
    at.recovered = standOn('2026-10-12', '09:30');
    await call<Finding>(RECORD_OUTCOME, {
      findingId: recorded.id,
      recoveredFen: '300000',
      savedFen: '0',
      transferredForHandling: false,
      recoveryFlowIds: [returned],
    });
  }, 120_000);
  afterAll(async () => {
    clock?.mockRestore();
    await sut?.stop();
  });

  const before = (instant: Date) => new Date(instant.getTime() - 1);
  const none = { amountFen: '0', count: 0 };
  const rectified = { amountFen: '12000000', count: 1 };
  const recovered = { amountFen: '300000', count: 1 };

  it('counts a recommendation as adopted from the written response that adopted it, not before', async () => {
    const answered = await followUp(before(at.responded));
    expect(answered.made.count).toBe(2);
    expect(answered.adopted.count).toBe(0);
    expect((await followUp(at.responded)).adopted.count).toBe(1);
    expect((await followUp(chinaInstant('2026-08-01', '00:00'))).adopted.count).toBe(1);
  });

  it('counts a finding as rectified from its closing by verification, not before', async () => {
    expect((await followUp(before(at.closed))).rectified).toEqual(none);
    expect((await followUp(at.closed)).rectified).toEqual(rectified);
    expect((await followUp(chinaInstant('2026-10-01', '00:00'))).rectified).toEqual(rectified);
  });

  it('counts money recovered from the outcome that recorded it, not before', async () => {
    expect((await followUp(before(at.recovered))).recovered).toEqual(none);
    expect((await followUp(at.recovered)).recovered).toEqual(recovered);
    // As of now: everything the follow-up has reached.
    const now = await followUp(chinaInstant('2026-11-01', '00:00'));
    expect(now).toMatchObject({ rectified, recovered, adopted: { count: 1 } });
  });

  it('answers, as of a later cut-off, the outcome recorded last by then', async () => {
    at.recovered = standOn('2026-10-20');
    const revised = at.recovered;
    const findingId = (
      (await sut.db.query(`SELECT finding_id FROM audit_finding_outcome LIMIT 1`)).rows[0] as {
        finding_id: string;
      }
    ).finding_id;
    await call<Finding>(RECORD_OUTCOME, {
      findingId,
      recoveredFen: '450000',
      savedFen: '0',
      transferredForHandling: false,
      recoveryFlowIds: [],
    });
    expect((await followUp(before(revised))).recovered).toEqual(recovered);
    expect((await followUp(revised)).recovered).toEqual({ amountFen: '450000', count: 1 });
  });
});
