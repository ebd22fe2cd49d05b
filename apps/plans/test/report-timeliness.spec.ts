import { randomUUID } from 'node:crypto';
import {
  IncidentReportSubmitted,
  ReportDeadlinePassed,
  ZeroReportMissed,
  ZeroReportSubmitted,
  type IncidentReportSubmittedV1,
} from '@emergency/contracts';
import { publishEvent } from '@emergency/testing';
import { ComplianceIndicators } from '../src/assessment/compliance-indicator';
import {
  applied,
  LUOTIAN_EMERGENCY,
  startActivation,
  stopActivation,
  TUANFENG_EMERGENCY,
  HUBEI_FLOOD_HQ,
  type ActivationWorld,
} from './activation.fixtures';

const JULY = { from: '2026-07-01', to: '2026-07-31' };
const incidentId = randomUUID();

const report = (
  reportedAt: string,
  late: boolean,
  organisationId = TUANFENG_EMERGENCY.id,
): IncidentReportSubmittedV1 => ({
  reportId: randomUUID(),
  incidentId,
  regionCode: '421121',
  category: 'NATURAL_DISASTER',
  subcategory: 'FLOOD',
  kind: 'FOLLOW_UP',
  number: 1,
  channel: 'WRITTEN',
  reportingOrganisationId: organisationId,
  toLevel: 'PREFECTURE',
  skippedLevels: [],
  reportedAt,
  figures: {
    deaths: null,
    missing: null,
    injured: null,
    seriouslyInjured: null,
    relocated: null,
    needingRelief: null,
    housesCollapsed: null,
    housesSeverelyDamaged: null,
    housesDamaged: null,
    directLossFen: null,
    affectedAreaHectares: null,
  },
  late,
  lateByMinutes: late ? 45 : null,
});

/** REPORTS_ON_TIME, from the reports and report deadlines the incidents topic announces. */
describe('report timeliness', () => {
  let world: ActivationWorld;

  beforeAll(async () => (world = await startActivation()), 120_000);
  afterAll(() => stopActivation(world));

  const play = async <T>(contract: Parameters<typeof publishEvent<T>>[2], data: T) =>
    applied(
      world.sut,
      await publishEvent(world.producer, world.topic, contract, incidentId, data),
      'ReportTimelinessProjector',
    );

  it('counts an organisation’s reports and, for its region’s emergency office, what the region owed', async () => {
    const onTime = report('2026-07-06T06:00:00+08:00', false);
    const late = report('2026-07-06T10:00:00+08:00', true);
    // The last minutes of 31 July in China are in the period; the first of 1 August are not.
    const lastDay = report('2026-07-31T23:50:00+08:00', false);
    const nextMonth = report('2026-08-01T00:10:00+08:00', true);
    // A functional department reports too; it answers for its own reports only.
    const department = report('2026-07-07T09:00:00+08:00', false, HUBEI_FLOOD_HQ.id);
    for (const r of [onTime, late, lastDay, nextMonth, department]) await play(IncidentReportSubmitted, r);
    const deadlineId = randomUUID();
    await play(ReportDeadlinePassed, {
      deadlineId,
      incidentId,
      regionCode: '421121',
      category: 'NATURAL_DISASTER',
      kind: 'VERIFIED',
      level: 'PREFECTURE',
      channel: null,
      dueAt: '2026-07-07T10:00:00+08:00',
      reportingRegion: '421121',
    });
    const periodId = randomUUID();
    const zeroReportId = randomUUID();
    await play(ZeroReportSubmitted, {
      reportId: zeroReportId,
      periodId,
      incidentId,
      unitRegionCode: '421121',
      date: '2026-07-08',
      nothingToReport: true,
      dueAt: '2026-07-08T16:00:00+08:00',
      submittedAt: '2026-07-08T15:00:00+08:00',
      late: false,
    });
    const missed = {
      periodId,
      incidentId,
      unitRegionCode: '421121',
      date: '2026-07-09',
      dueAt: '2026-07-09T16:00:00+08:00',
    };
    // Announced twice (a republished event): counted once.
    await play(ZeroReportMissed, missed);
    await play(ZeroReportMissed, missed);
    // The neighbouring county's miss is its own office's.
    await play(ZeroReportMissed, { ...missed, unitRegionCode: '421123' });

    const indicator = world.sut.app.get(ComplianceIndicators).get('REPORTS_ON_TIME')!;
    const measures = await indicator.measure(
      [TUANFENG_EMERGENCY.id, LUOTIAN_EMERGENCY.id, HUBEI_FLOOD_HQ.id],
      JULY,
      new Date('2027-01-10T00:00:00Z'),
    );
    const of = (id: string) => measures.find((m) => m.organisationId === id);
    expect(of(TUANFENG_EMERGENCY.id)).toEqual({
      organisationId: TUANFENG_EMERGENCY.id,
      due: 6,
      met: 3,
      unmet: expect.arrayContaining([
        { kind: 'IncidentReport', id: late.reportId, reason: expect.stringContaining('45 minutes late') },
        { kind: 'ReportDeadline', id: deadlineId, reason: expect.stringContaining('not submitted') },
        { kind: 'ZeroReportingPeriod', id: periodId, reason: expect.stringContaining('2026-07-09') },
      ]),
    });
    expect(of(TUANFENG_EMERGENCY.id)?.unmet).toHaveLength(3);
    expect(of(LUOTIAN_EMERGENCY.id)).toMatchObject({ due: 1, met: 0 });
    expect(of(HUBEI_FLOOD_HQ.id)).toMatchObject({ due: 1, met: 1, unmet: [] });
    expect(
      await indicator.measure([TUANFENG_EMERGENCY.id], { from: '2026-08-01', to: '2026-08-31' }, new Date()),
    ).toEqual([
      {
        organisationId: TUANFENG_EMERGENCY.id,
        due: 1,
        met: 0,
        unmet: [{ kind: 'IncidentReport', id: nextMonth.reportId, reason: expect.any(String) }],
      },
    ]);
  });
});
