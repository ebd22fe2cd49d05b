import { addCalendarDays, chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/**
 * Huanggang's live flood drill on the Ju River dike at Tuanfeng, two months ago: held, evaluated by the provincial
 * department in the guide's six categories, with two findings. The warning relay finding sends the Huanggang flood
 * plan back for revision, which Huanggang makes (version 2, issued today), closing the task with it; the pump
 * finding has an improvement action past its deadline. Huanggang Rural Housing Construction Co., Ltd., a
 * construction enterprise the city puts under the high-risk regime (every 6 months), has never drilled:
 * `undrilledUnits(regionCode: "421100")` lists it.
 */
export async function loadDrills(
  client: DemoClient,
  orgs: HubeiOrganisations,
  plans: { huanggangFlood: string },
): Promise<{ drillId: string }> {
  const today = chinaToday();
  const heldOn = addCalendarDays(today, -60);
  await client.mutateOnceKnown('setAnnualDrillPlan', 'SetAnnualDrillPlanInput', {
    organisationId: orgs.huanggangEmergency,
    year: Number(today.slice(0, 4)),
    plannedDrills: [
      { form: 'LIVE', content: 'COMPREHENSIVE', planIds: [plans.huanggangFlood], month: 6 },
      { form: 'TABLETOP', content: 'SINGLE_FUNCTION', planIds: [plans.huanggangFlood], month: 11 },
    ],
  });
  const drillId = await client.mutateOnceKnown('planDrill', 'PlanDrillInput', {
    form: 'LIVE',
    content: 'COMPREHENSIVE',
    purpose: 'TESTING',
    planIds: [plans.huanggangFlood],
    organiserOrganisationId: orgs.huanggangEmergency,
    participants: [
      { kind: 'ORGANISATION', participantId: orgs.money.tuanfengGovernment, role: '县防汛指挥' },
      { kind: 'ORGANISATION', participantId: orgs.tuanfeng, role: '转移安置' },
      { kind: 'ORGANISATION', participantId: orgs.money.huanggangWater, role: '水情监测与堤防抢险技术支持' },
    ],
    scenario: '举水柳子港站水位超保证水位，团风县城段堤防出现管涌，沿河三个村需紧急转移群众。',
    scheduledOn: heldOn,
    regionCode: '421121',
    place: '团风县举水河堤团风县城段',
  });
  await client.mutate('recordDrillHeld', 'RecordDrillHeldInput', { drillId, heldOn });
  await client.mutateOnceKnown('evaluateDrill', 'EvaluateDrillInput', {
    drillId,
    evaluatorOrganisationId: orgs.emergency,
    thirdParty: false,
    categories: [
      { category: 'EXECUTION', rating: 4, notes: '各环节按脚本完成，转移用时比方案多40分钟。' },
      { category: 'PLAN_SOUNDNESS', rating: 2, notes: '预案中的预警传递名单未随村干部调整更新。' },
      { category: 'COMMAND_AND_COORDINATION', rating: 4, notes: '市县两级指挥衔接顺畅。' },
      { category: 'RESPONDERS', rating: 4, notes: '抢险队伍到位及时，管涌处置规范。' },
      { category: 'EQUIPMENT', rating: 3, notes: '两台排涝泵启动失败。' },
      {
        category: 'RECOMMENDATIONS',
        rating: 3,
        notes: '修订预警传递章节，开展村级信息员培训，检修排涝设备。',
      },
    ],
  });
  const warningFindingInput = {
    drillId,
    category: 'PLAN_SOUNDNESS',
    severity: 'MAJOR',
    description: '预警信息传递到两个村滞后约50分钟：预案附件中的联系人名单已过时。',
    revisePlanId: plans.huanggangFlood,
    improvementActions: [
      {
        ownerOrganisationId: orgs.huanggangEmergency,
        description: '修订防汛应急预案预警传递章节及联系人名单',
        dueOn: addCalendarDays(today, 30),
      },
    ],
  };
  const { recordDrillFinding: warningFinding } = await client.run<{
    recordDrillFinding: { revisionTask: { id: string }; improvementActions: { id: string }[] };
  }>(
    `mutation($input: RecordDrillFindingInput!) {
      recordDrillFinding(input: $input) { revisionTask { id } improvementActions { id } }
    }`,
    { input: warningFindingInput },
  );
  await client.mutate('recordDrillFinding', 'RecordDrillFindingInput', {
    drillId,
    category: 'EQUIPMENT',
    severity: 'MINOR',
    description: '两台排涝泵因维护不到位无法启动。',
    improvementActions: [
      {
        ownerOrganisationId: orgs.money.tuanfengGovernment,
        description: '检修县城段排涝泵并建立月度试机制度',
        dueOn: addCalendarDays(today, -10),
      },
    ],
  });
  await client.mutate('archiveDrill', 'ArchiveDrillInput', {
    drillId,
    summary: {
      purpose: '检验黄冈市防汛应急预案中堤防抢险和群众转移程序',
      timeAndPlace: `${heldOn}，团风县举水河堤团风县城段`,
      participants: '黄冈市应急管理局、团风县人民政府、团风县应急管理局、黄冈市水利和湖泊局',
      scenarioSummary: '举水超保证水位，堤防管涌，三个村紧急转移',
      problemsAndCauses: '预警传递滞后（联系人名单过时）；排涝泵无法启动（维护不到位）',
      lessons: '联系人名单须与村干部名册同步；设备须定期试机',
      improvements: '修订预案预警传递章节；培训村级信息员；检修排涝设备',
    },
  });
  // The finding's revision: Huanggang updates its warning chapter and contact list in a minor revision, issues it
  // and closes the task with the version that made it.
  await client.mutate('revisePlan', 'RevisePlanInput', {
    planId: plans.huanggangFlood,
    trigger: 'RESPONSE_OR_DRILL_PROBLEMS',
    note: '汛期演练发现预警传递滞后，更新预警传递章节和联系人名单',
    major: false,
    sections: {
      preventionAndWarning: '预警信息经市防指、县防指直达村级信息员，联系人名单随村干部名册每月核对更新。',
    },
  });
  await client.mutate('issuePlan', 'IssuePlanInput', { planId: plans.huanggangFlood, issuedOn: today });
  await client.mutate('completeImprovementAction', 'CompleteImprovementActionInput', {
    actionId: warningFinding.improvementActions[0]!.id,
  });
  await client.mutate('closePlanRevisionTask', 'ClosePlanRevisionTaskInput', {
    taskId: warningFinding.revisionTask.id,
    revisedInVersion: 2,
  });
  // Known by now: the organisations were learned before the drill was planned.
  await client.run(
    `mutation($input: SetDrillRegimeInput!) { setDrillRegime(input: $input) { organisationId } }`,
    { input: { organisationId: orgs.money.housingBuilder, regime: 'HIGH_RISK_UNIT' } },
  );
  return { drillId };
}
