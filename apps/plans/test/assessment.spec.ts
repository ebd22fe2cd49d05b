import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { AssessmentSheetSet, DutyShiftCancelled, DutyShiftScheduled } from '@emergency/contracts';
import { domainTopic } from '@emergency/events';
import {
  eventually,
  identities,
  publishEvent,
  readTopic,
  standClockAt,
  testProducer,
  type TestSubgraph,
} from '@emergency/testing';
import { chinaInstant } from '@emergency/domain';
import { HUANGGANG_EMERGENCY, registerOwners, startPlans } from './fixtures';

const TUANFENG_EMERGENCY = {
  id: '00000000-0000-4000-8000-0000000e0003',
  name: 'Tuanfeng County Emergency Management Bureau',
  regionCode: '421121',
};
const HONGAN_EMERGENCY = {
  id: '00000000-0000-4000-8000-0000000e0004',
  name: "Hong'an County Emergency Management Bureau",
  regionCode: '421122',
};

const SET_SHEET = `mutation($input: SetAssessmentSheetInput!) {
  setAssessmentSheet(input: $input) { regionPrefix maxScore items { key indicator points } }
}`;
const SHEET = `query($regionCode: String) { assessmentSheet(regionCode: $regionCode) { regionPrefix maxScore items { key } } }`;
const ITEMS = `items { item { key } due met score unmet { kind id reason } unmetCount }`;
const OF_ORGANISATION = `query($id: ID!, $year: Int!) {
  organisationAssessment(organisationId: $id, year: $year) { organisation { id } year score maxScore ${ITEMS} }
}`;
const OF_REGIONS = `query($regionCode: String!, $year: Int!) {
  regionAssessments(regionCode: $regionCode, year: $year) { regionCode organisationCount score maxScore ${ITEMS} }
}`;

interface ItemScore {
  item: { key: string };
  due: number;
  met: number;
  score: number;
  unmet: { kind: string; id: string; reason: string }[];
  unmetCount: number;
}

/** The annual assessment, scored by a jurisdiction's sheet from the records, here from duty rosters. */
describe('annual assessment', () => {
  let sut: TestSubgraph;
  let producer: Producer;

  beforeAll(async () => {
    sut = await startPlans();
    producer = await testProducer();
    await registerOwners(sut, [HUANGGANG_EMERGENCY, TUANFENG_EMERGENCY, HONGAN_EMERGENCY]);
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await sut?.stop();
  });

  const shift = (
    organisationId: string,
    role: 'DUTY_OFFICER' | 'LEADER_ON_DUTY',
    from: string,
    to: string,
  ) => ({
    shiftId: randomUUID(),
    organisationId,
    personId: randomUUID(),
    role,
    startsAt: from,
    endsAt: to,
  });

  /** Plays the organisations service scheduling (and cancelling) shifts; waits until plans has them. */
  async function roster(shifts: ReturnType<typeof shift>[], cancelled: ReturnType<typeof shift>[] = []) {
    const topic = domainTopic('organisations', sut.topicPrefix);
    for (const s of [...shifts, ...cancelled])
      await publishEvent(producer, topic, DutyShiftScheduled, s.organisationId, s);
    for (const s of cancelled)
      await publishEvent(producer, topic, DutyShiftCancelled, s.organisationId, {
        ...s,
        reason: 'Officer called to the flood front',
        cancelledAt: '2026-07-01T00:00:00.000Z',
      });
    await eventually(async () => {
      const { rows } = await sut.db.query(
        `SELECT count(*) FILTER (WHERE cancelled_at IS NOT NULL)::int AS cancelled, count(*)::int AS n
           FROM duty_shift WHERE shift_id = ANY($1::uuid[])`,
        [[...shifts, ...cancelled].map((s) => s.shiftId)],
      );
      const { n, cancelled: gone } = rows[0] as { n: number; cancelled: number };
      if (n !== shifts.length + cancelled.length || gone !== cancelled.length)
        throw new Error('duty shifts not projected yet');
    });
  }

  it('computes every indicator the default sheet scores', async () => {
    const { complianceIndicators, assessmentSheet } = await sut.call<{
      complianceIndicators: { key: string; description: string }[];
      assessmentSheet: { maxScore: number; items: { indicator: string }[] };
    }>(`{ complianceIndicators { key description } assessmentSheet { maxScore items { indicator } } }`);
    expect(complianceIndicators.map((i) => i.key).sort()).toEqual([
      'DRILLS_WITHIN_RULE',
      'DRILL_FINDINGS_CLOSED',
      'DUTY_COVERAGE',
      'HAZARDS_RECTIFIED_ON_TIME',
      'PLANS_EVALUATED_ON_TIME',
      'PLANS_FILED_ON_TIME',
      'REPORTS_ON_TIME',
    ]);
    expect(assessmentSheet.items.map((i) => i.indicator).sort()).toEqual(
      complianceIndicators.map((i) => i.key).sort(),
    );
    expect(assessmentSheet.maxScore).toBe(100);
  });

  it('replaces a jurisdiction’s sheet by admins only, with known indicators, and announces it', async () => {
    const reader = await readTopic(sut.topic);
    try {
      const items = [
        {
          key: 'DUTY',
          indicator: 'DUTY_COVERAGE',
          title: '24-hour duty with a leader',
          points: 40,
          basis: 'Huanggang duty rules',
        },
      ];
      const unknown = await sut.failure(SET_SHEET, {
        input: { regionCode: '421100', items: [{ ...items[0], indicator: 'PARADES_HELD' }] },
      });
      expect(unknown).toMatchObject({ code: 'ASSESSMENT_INDICATOR_UNKNOWN', field: 'items[0].indicator' });
      const twice = await sut.failure(SET_SHEET, {
        input: { regionCode: '421100', items: [...items, ...items] },
      });
      expect(twice).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items[1].key' });
      const operator = await sut.failure(
        SET_SHEET,
        { input: { regionCode: '421100', items } },
        identities.operator('421100'),
      );
      expect(operator.code).toBe('FORBIDDEN');
      expect(await sut.count("assessment_sheet_item WHERE region_prefix = '4211'")).toBe(0);

      const { setAssessmentSheet } = await sut.call<{ setAssessmentSheet: unknown }>(SET_SHEET, {
        input: { regionCode: '421100', items },
      });
      expect(setAssessmentSheet).toEqual({
        regionPrefix: '4211',
        maxScore: 40,
        items: [{ key: 'DUTY', indicator: 'DUTY_COVERAGE', points: 40 }],
      });
      // Tuanfeng has no sheet of its own: Huanggang's applies; Hubei's other prefectures keep the default.
      const tuanfeng = await sut.call<{ assessmentSheet: { regionPrefix: string } }>(SHEET, {
        regionCode: '421121',
      });
      expect(tuanfeng.assessmentSheet.regionPrefix).toBe('4211');
      const wuhan = await sut.call<{ assessmentSheet: { regionPrefix: string; maxScore: number } }>(SHEET, {
        regionCode: '420100',
      });
      expect(wuhan.assessmentSheet).toMatchObject({ regionPrefix: '', maxScore: 100 });

      const event = await eventually(async () => {
        const found = reader.messages.find((m) => m.headers.ce_type === AssessmentSheetSet.type);
        if (!found) throw new Error('AssessmentSheetSet not on the topic yet');
        return found;
      });
      expect(event.value).toMatchObject({ regionPrefix: '4211', items });
    } finally {
      await reader.stop();
    }
  });

  it('scores duty coverage day by day, to the records of each day not covered', async () => {
    const day = (d: string, hh = '00:00') => chinaInstant(d, hh).toISOString();
    const id = TUANFENG_EMERGENCY.id;
    // 1 and 3 July covered round the clock; on 2 July the leader's morning shift was cancelled.
    await roster(
      [
        shift(id, 'DUTY_OFFICER', day('2026-07-01'), day('2026-07-04')),
        shift(id, 'LEADER_ON_DUTY', day('2026-07-01'), day('2026-07-02', '08:00')),
        shift(id, 'LEADER_ON_DUTY', day('2026-07-02', '12:00'), day('2026-07-04')),
      ],
      [shift(id, 'LEADER_ON_DUTY', day('2026-07-02', '08:00'), day('2026-07-02', '12:00'))],
    );
    standClockAt(sut, chinaInstant('2026-07-04', '10:00'));

    const { organisationAssessment } = await sut.call<{
      organisationAssessment: { score: number; maxScore: number; items: ItemScore[] };
    }>(OF_ORGANISATION, { id, year: 2026 });
    // 1 January to 3 July: 184 whole days, of which 2 covered.
    const [duty] = organisationAssessment.items;
    expect(duty).toMatchObject({ item: { key: 'DUTY' }, due: 184, met: 2, unmetCount: 182 });
    expect(duty.score).toBeCloseTo((40 * 2) / 184, 2);
    expect(organisationAssessment).toMatchObject({ maxScore: 40, score: duty.score });
    expect(duty.unmet).toHaveLength(50);
    // Most recent first: 2 July lacked its leader for the cancelled morning; 1 and 3 July were whole.
    expect(duty.unmet.slice(0, 2)).toEqual([
      {
        kind: 'DutyDay',
        id: `${id}/2026-07-02`,
        reason: '2026-07-02: no leader on duty for part or all of the day',
      },
      {
        kind: 'DutyDay',
        id: `${id}/2026-06-30`,
        reason: '2026-06-30: no duty officer and no leader on duty for part or all of the day',
      },
    ]);
  });

  it('sums a prefecture’s counties, each by its sheet, within the caller’s jurisdiction', async () => {
    standClockAt(sut, chinaInstant('2026-07-04', '10:00'));
    const { regionAssessments } = await sut.call<{
      regionAssessments: { regionCode: string; organisationCount: number; items: ItemScore[] }[];
    }>(OF_REGIONS, { regionCode: '421100', year: 2026 });
    const byCode = new Map(regionAssessments.map((r) => [r.regionCode, r]));
    expect(byCode.get('421121')).toMatchObject({ organisationCount: 1, items: [{ due: 184, met: 2 }] });
    expect(byCode.get('421122')).toMatchObject({ organisationCount: 1, items: [{ due: 184, met: 0 }] });
    // Huanggang's own bureau sits at the prefecture, in none of its counties.
    expect(regionAssessments.reduce((n, r) => n + r.organisationCount, 0)).toBe(2);
    // A county none of whose organisations is known is not assessed.
    expect(byCode.get('421124')).toMatchObject({ organisationCount: 0, score: null });

    const county = await sut.call<{ regionAssessments: { regionCode: string }[] }>(
      OF_REGIONS,
      { regionCode: '421100', year: 2026 },
      identities.operator('421121'),
    );
    expect(county.regionAssessments.map((r) => r.regionCode)).toEqual(['421121']);
    const outside = await sut.failure(
      OF_ORGANISATION,
      { id: HONGAN_EMERGENCY.id, year: 2026 },
      identities.operator('421121'),
    );
    expect(outside).toMatchObject({ code: 'ASSESSED_ORGANISATION_NOT_FOUND', field: 'organisationId' });
    const future = await sut.failure(OF_ORGANISATION, { id: HONGAN_EMERGENCY.id, year: 2027 });
    expect(future).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
  });
});
