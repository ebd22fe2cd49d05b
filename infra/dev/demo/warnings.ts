import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/**
 * The rainstorm warning of the Ju River flood: the Huanggang Municipal People’s Government issues a red warning for
 * the rainstorm (a FLOOD hazard), lowers it to orange as the rain eases, and lifts it once the rain has passed.
 * Each step is a CAP 1.2 message, at GET /warnings/{identifier}/cap.xml on the incidents service.
 */
export async function loadWarnings(
  client: DemoClient,
  orgs: HubeiOrganisations,
  incidentId: string,
): Promise<void> {
  const warning = await client.mutateOnceKnown('issueWarning', 'IssueWarningInput', {
    incidentId,
    category: 'NATURAL_DISASTER',
    subcategory: 'FLOOD',
    level: 'RED',
    issuingOrganisationId: orgs.money.huanggang,
    regionCode: '421100',
    areaDescription: '黄冈市团风县、红安县、麻城市举水流域及沿江低洼地带',
    headline: '黄冈市人民政府发布暴雨红色预警',
    description: '预计未来24小时举水流域累计降雨量将达250毫米以上，可能引发洪涝、山洪和城乡内涝。',
    instruction: '停止集会、停课、停业（特殊行业除外）；立即转移低洼地带、河道沿岸和危险区域人员。',
    onset: '2026-07-06T06:00:00+08:00',
    expires: '2026-07-08T06:00:00+08:00',
  });
  await client.mutate('changeWarning', 'ChangeWarningInput', {
    warningId: warning,
    level: 'ORANGE',
    headline: '黄冈市人民政府将暴雨红色预警调整为橙色预警',
    description: '降雨强度减弱，预计未来12小时举水流域仍有50至100毫米降雨，河道水位仍处高位。',
    reason: '降雨减弱，举水柳子港站水位回落',
  });
  await client.mutate('liftWarning', 'LiftWarningInput', {
    warningId: warning,
    reason: '本轮降雨过程结束，举水水位回落至警戒水位以下',
  });
}
