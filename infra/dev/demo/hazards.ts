import { addCalendarDays, chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/** A calendar day `days` from today in China Standard Time, YYYY-MM-DD. */
const day = (days: number) => addCalendarDays(chinaToday(), days);

/**
 * Tuanfeng's hazard ledger after the Ju River flood: a MAJOR seepage of the Baiyang reservoir embankment being
 * rectified under its six fixes and supervised by the Huanggang emergency bureau; an ORDINARY blocked drain fixed
 * on the spot and closed; and a riverside landslide whose rectification is past its deadline.
 */
export async function loadHazards(client: DemoClient, orgs: HubeiOrganisations): Promise<void> {
  const county = orgs.money.tuanfengGovernment;
  const person = (name: string, post: string) =>
    client.mutate('registerPerson', 'RegisterPersonInput', { organisationId: county, name, post });
  const keeper = await person('周建平', '白羊水库管理所所长');
  const engineer = await person('陈立新', '县水利局工程股股长');
  const reviewer = await person('刘文斌', '县应急管理局安全生产股股长');

  const record = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('recordHazard', 'RecordHazardInput', {
      kind: 'HIDDEN_DANGER',
      regionCode: '421121',
      responsibleOrganisationId: county,
      responsiblePersonId: keeper,
      foundByOrganisationId: orgs.tuanfeng,
      ...input,
    });
  const step = (field: string, inputType: string, input: Record<string, unknown>) =>
    client.mutate(field, inputType, input);

  const seepage = await record({
    category: 'NATURAL_DISASTER',
    subcategory: 'FLOOD',
    place: '举水团风段白羊水库大坝背水坡',
    latitude: 30.6431,
    longitude: 114.8722,
    level: 'MAJOR',
    description: '洪水过后大坝背水坡出现集中渗水点三处，高水位下有管涌风险。',
    foundOn: day(-20),
    supervisingOrganisationId: orgs.huanggangEmergency,
  });
  await step('registerHazard', 'RegisterHazardInput', {
    hazardId: seepage,
    note: '报黄冈市应急管理局挂牌督办',
  });
  await step('planHazardRectification', 'PlanHazardRectificationInput', {
    hazardId: seepage,
    item: '大坝背水坡渗水处理',
    measures: '开挖反滤导渗沟，铺设土工布和反滤料；降低库水位运行；汛期每日两次巡查。',
    fundsFen: '1250000000',
    responsiblePersonId: engineer,
    deadline: day(40),
    reviewerPersonId: reviewer,
  });

  const drain = await record({
    place: '团风镇河西岸社区排水沟',
    level: 'ORDINARY',
    description: '排水沟被淤泥和杂物堵塞，暴雨时易内涝。',
    foundOn: day(-12),
  });
  await step('verifyHazardRectification', 'VerifyHazardRectificationInput', {
    hazardId: drain,
    verifiedOn: day(-12),
    result: 'PASSED',
    reviewerPersonId: reviewer,
    note: '现场清淤疏通',
  });
  await step('closeHazard', 'CloseHazardInput', { hazardId: drain, closedOn: day(-11) });

  const landslide = await record({
    kind: 'HAZARD_SOURCE',
    category: 'NATURAL_DISASTER',
    subcategory: 'LANDSLIDE',
    place: '方高坪镇举水右岸堤外边坡',
    level: 'ORDINARY',
    description: '洪水冲刷后边坡出现裂缝，有小型滑坡可能。',
    foundOn: day(-30),
  });
  await step('registerHazard', 'RegisterHazardInput', { hazardId: landslide });
  await step('planHazardRectification', 'PlanHazardRectificationInput', {
    hazardId: landslide,
    item: '堤外边坡加固',
    measures: '削坡减载，坡脚抛石护坡，设置警示标志。',
    fundsFen: '38000000',
    responsiblePersonId: engineer,
    deadline: day(-5),
    reviewerPersonId: reviewer,
  });
}
