import { chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

// Huanggang and its county-level divisions: every one reports today except Luotian, which the duty officer will chase.
const HUANGGANG_UNITS = [
  '421100',
  '421102',
  '421121',
  '421122',
  '421124',
  '421125',
  '421126',
  '421127',
  '421171',
  '421181',
  '421182',
];
const SILENT_COUNTY = '421123';

/**
 * The duty office during the Ju River flood: daily zero reporting over Huanggang from today, every county but
 * Luotian reporting (Tuanfeng and Macheng with something to say), and the governor's instruction passed to Tuanfeng
 * and Macheng, Tuanfeng reporting back and Macheng left past its deadline.
 */
export async function loadDutyOffice(
  client: DemoClient,
  orgs: HubeiOrganisations,
  incidentId: string,
): Promise<void> {
  const today = chinaToday();
  const period = await client.mutate('openZeroReporting', 'OpenZeroReportingInput', {
    incidentId,
    kind: 'RESPONSE',
    regionCode: '421100',
    startsOn: today,
    title: 'Ju River flood: daily reporting',
  });
  await client.mutateMany(
    'submitZeroReport',
    'SubmitZeroReportInput',
    HUANGGANG_UNITS.filter((c) => c !== SILENT_COUNTY).map((unitRegionCode) => ({
      periodId: period,
      unitRegionCode,
      date: today,
      nothingToReport: unitRegionCode !== '421121' && unitRegionCode !== '421181',
      text:
        unitRegionCode === '421121'
          ? '团风县新增转移群众320人，无人员伤亡'
          : unitRegionCode === '421181'
            ? '麻城市举水河水位回落，堤防巡查正常'
            : null,
    })),
  );

  const instruction = await client.run<{
    recordLeaderInstruction: { assignments: { id: string; organisation: { id: string } }[] };
  }>(
    `mutation($input: RecordLeaderInstructionInput!) {
      recordLeaderInstruction(input: $input) { id assignments { id organisation { id } } }
    }`,
    {
      input: {
        incidentId,
        leaderTitle: '省长',
        text: '全力做好举水河沿线群众转移安置和堤防巡查，确保人民群众生命安全',
        givenAt: '2026-07-07T10:00:00+08:00',
        assignments: [{ organisationId: orgs.tuanfeng }, { organisationId: orgs.money.macheng }],
      },
    },
  );
  const tuanfeng = instruction.recordLeaderInstruction.assignments.find(
    (a) => a.organisation.id === orgs.tuanfeng,
  )!;
  await client.mutate('submitInstructionFeedback', 'SubmitInstructionFeedbackInput', {
    assignmentId: tuanfeng.id,
    text: '已转移安置沿江群众1200人，堤防24小时巡查',
    final: true,
  });
}
