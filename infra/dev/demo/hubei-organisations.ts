import { chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';

/** The organisations other parts of the demo data refer to. */
export interface HubeiOrganisations {
  province: string;
  emergency: string;
  finance: string;
  auditOffice: string;
  redCross: string;
  huanggangEmergency: string;
  tuanfeng: string;
  luotian: string;
  /** Who raises, receives, manages and spends the flood's money, and who builds with it. */
  money: {
    huanggang: string;
    huanggangWater: string;
    charityFederation: string;
    tuanfengGovernment: string;
    tuanfengEducation: string;
    macheng: string;
    machengHousing: string;
    schoolBuilder: string;
    dikeBuilder: string;
    housingBuilder: string;
  };
}

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** A calendar day `days` from today in China Standard Time, YYYY-MM-DD. */
const chinaDay = (days: number) => chinaToday(new Date(Date.now() + days * DAY_MS));

/**
 * Part of Hubei's organisation tree on real division codes, as a provincial system would hold it: governments
 * and their emergency offices from the province down to Tuanfeng's townships; the people in them (a few with
 * phone numbers, masked for auditors); Huanggang's emergency leading group and the provincial flood control
 * headquarters; Jingzhou's flood rescue teams and others; Xiaogan's duty roster for the coming week with two
 * gaps; disaster information officers for Tuanfeng's villages, three of which have none; experts, training
 * records and a demonstration community.
 */
export async function loadHubeiOrganisations(client: DemoClient): Promise<HubeiOrganisations> {
  const org = (input: {
    name: string;
    type: string;
    regionCode: string;
    parentId?: string;
    sector?: string;
  }) => client.mutate('registerOrganisation', 'RegisterOrganisationInput', input);
  const person = (organisationId: string, name: string, post: string, phone?: string) =>
    client.mutate('registerPerson', 'RegisterPersonInput', { organisationId, name, post, phone });

  // The province.
  const province = await org({
    name: 'Hubei Provincial People’s Government',
    type: 'GOVERNMENT',
    regionCode: '420000',
  });
  const emergency = await org({
    name: 'Hubei Provincial Department of Emergency Management',
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode: '420000',
    parentId: province,
  });
  const finance = await org({
    name: 'Hubei Provincial Department of Finance',
    type: 'FINANCE_BUREAU',
    regionCode: '420000',
    parentId: province,
  });
  const auditOffice = await org({
    name: 'Hubei Provincial Audit Office',
    type: 'AUDIT_OFFICE',
    regionCode: '420000',
    parentId: province,
  });
  const water = await org({
    name: 'Hubei Provincial Department of Water Resources',
    type: 'FUNCTIONAL_DEPARTMENT',
    sector: 'WATER_RESOURCES',
    regionCode: '420000',
    parentId: province,
  });
  const redCross = await org({
    name: 'Hubei Red Cross Society',
    type: 'RED_CROSS_OR_CHARITY',
    regionCode: '420000',
  });

  // Huanggang and two of its counties.
  const huanggang = await org({
    name: 'Huanggang Municipal People’s Government',
    type: 'GOVERNMENT',
    regionCode: '421100',
    parentId: province,
  });
  const huanggangEmergency = await org({
    name: 'Huanggang Municipal Emergency Management Bureau',
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode: '421100',
    parentId: huanggang,
  });
  const huanggangWater = await org({
    name: 'Huanggang Municipal Water and Lakes Bureau',
    type: 'FUNCTIONAL_DEPARTMENT',
    sector: 'WATER_RESOURCES',
    regionCode: '421100',
    parentId: huanggang,
  });
  const tuanfengGovernment = await org({
    name: 'Tuanfeng County People’s Government',
    type: 'GOVERNMENT',
    regionCode: '421121',
    parentId: huanggang,
  });
  const tuanfeng = await org({
    name: 'Tuanfeng County Emergency Management Bureau',
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode: '421121',
    parentId: huanggangEmergency,
  });
  const luotian = await org({
    name: 'Luotian County Emergency Management Bureau',
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode: '421123',
    parentId: huanggangEmergency,
  });
  const tuanfengEducation = await org({
    name: 'Tuanfeng County Education Bureau',
    type: 'FUNCTIONAL_DEPARTMENT',
    sector: 'EDUCATION',
    regionCode: '421121',
    parentId: tuanfengGovernment,
  });
  const macheng = await org({
    name: 'Macheng Municipal People’s Government',
    type: 'GOVERNMENT',
    regionCode: '421181',
    parentId: huanggang,
  });
  const machengHousing = await org({
    name: 'Macheng Housing and Urban-Rural Development Bureau',
    type: 'FUNCTIONAL_DEPARTMENT',
    sector: 'HOUSING_AND_CONSTRUCTION',
    regionCode: '421181',
    parentId: macheng,
  });
  // Who receives donations beside the Red Cross, and the contractors of the reconstruction projects.
  const charityFederation = await org({
    name: 'Hubei Charity Federation',
    type: 'RED_CROSS_OR_CHARITY',
    regionCode: '420000',
  });
  const schoolBuilder = await org({
    name: 'Hubei Construction Engineering Group Co., Ltd.',
    type: 'ENTERPRISE',
    regionCode: '420100',
  });
  const dikeBuilder = await org({
    name: 'Changjiang Water Conservancy Construction Co., Ltd.',
    type: 'ENTERPRISE',
    regionCode: '420100',
  });
  const housingBuilder = await org({
    name: 'Huanggang Rural Housing Construction Co., Ltd.',
    type: 'ENTERPRISE',
    regionCode: '421100',
  });

  // Xiaogan.
  const xiaogan = await org({
    name: 'Xiaogan Municipal People’s Government',
    type: 'GOVERNMENT',
    regionCode: '420900',
    parentId: province,
  });
  const xiaoganEmergency = await org({
    name: 'Xiaogan Municipal Emergency Management Bureau',
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode: '420900',
    parentId: xiaogan,
  });

  // Jingzhou, its flood-prone counties and the bodies behind its rescue teams.
  const jingzhou = await org({
    name: 'Jingzhou Municipal People’s Government',
    type: 'GOVERNMENT',
    regionCode: '421000',
    parentId: province,
  });
  const jingzhouEmergency = await org({
    name: 'Jingzhou Municipal Emergency Management Bureau',
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode: '421000',
    parentId: jingzhou,
  });
  const jingzhouFire = await org({
    name: 'Jingzhou Fire and Rescue Detachment',
    type: 'FUNCTIONAL_DEPARTMENT',
    sector: 'FIRE_AND_RESCUE',
    regionCode: '421000',
    parentId: jingzhou,
  });
  const honghu = await org({
    name: 'Honghu Emergency Management Bureau',
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode: '421083',
    parentId: jingzhouEmergency,
  });
  const jianli = await org({
    name: 'Jianli Emergency Management Bureau',
    type: 'EMERGENCY_MANAGEMENT_OFFICE',
    regionCode: '421088',
    parentId: jingzhouEmergency,
  });
  const blueSky = await org({
    name: 'Gong’an Blue Sky Rescue Association',
    type: 'RED_CROSS_OR_CHARITY',
    regionCode: '421022',
  });

  // People.
  const governor = await person(province, '王忠林', '省长');
  const waterHead = await person(water, '张文华', '厅长');
  const emergencyHead = await person(emergency, '孙立新', '厅长');
  const hydrologist = await person(water, '林国栋', '总工程师');
  const geologist = await person(emergency, '宋雅琴', '地质灾害防治处处长');
  const mayor = await person(huanggang, '李明华', '市长');
  const executiveViceMayor = await person(huanggang, '周建平', '常务副市长');
  const viceMayor = await person(huanggang, '陈志刚', '副市长');
  const huanggangEmergencyHead = await person(huanggangEmergency, '王海涛', '局长', '13807130101');
  const huanggangEmergencyDeputy = await person(huanggangEmergency, '刘芳', '副局长', '13807130102');
  const huanggangWaterHead = await person(huanggangWater, '赵国强', '局长');

  // Huanggang's emergency leading group: the mayor leads, the emergency bureau runs its office.
  const huanggangGroup = await client.mutate('establishLeadingGroup', 'EstablishLeadingGroupInput', {
    organisationId: huanggang,
    name: '黄冈市应急管理工作领导小组 (Huanggang Municipal Emergency Management Leading Group)',
    kind: 'GENERAL_EMERGENCY',
    purpose: 'Directs prevention, response and recovery for emergencies in Huanggang',
    leader: { personId: mayor, post: '市长' },
  });
  await client.mutateMany('appointLeadingGroupMember', 'AppointLeadingGroupMemberInput', [
    { groupId: huanggangGroup, personId: executiveViceMayor, role: 'DEPUTY_LEADER', post: '常务副市长' },
    { groupId: huanggangGroup, personId: viceMayor, role: 'DEPUTY_LEADER', post: '副市长' },
    {
      groupId: huanggangGroup,
      personId: huanggangEmergencyHead,
      role: 'OFFICE_DIRECTOR',
      post: '市应急管理局局长',
    },
    { groupId: huanggangGroup, personId: huanggangWaterHead, role: 'MEMBER', post: '市水利和湖泊局局长' },
    {
      groupId: huanggangGroup,
      personId: huanggangEmergencyDeputy,
      role: 'MEMBER',
      post: '市应急管理局副局长',
    },
  ]);
  const floodHeadquarters = await client.mutate('establishLeadingGroup', 'EstablishLeadingGroupInput', {
    organisationId: province,
    name: '湖北省防汛抗旱指挥部 (Hubei Provincial Flood Control and Drought Relief Headquarters)',
    kind: 'FLOOD_CONTROL_AND_DROUGHT_RELIEF',
    purpose: 'Commands flood control and drought relief across the province',
    leader: { personId: governor, post: '省长' },
  });
  await client.mutateMany('appointLeadingGroupMember', 'AppointLeadingGroupMemberInput', [
    { groupId: floodHeadquarters, personId: waterHead, role: 'DEPUTY_LEADER', post: '省水利厅厅长' },
    {
      groupId: floodHeadquarters,
      personId: emergencyHead,
      role: 'OFFICE_DIRECTOR',
      post: '省应急管理厅厅长',
    },
  ]);

  await xiaoganDutyRoster(client, xiaogan, xiaoganEmergency);

  // Jingzhou's rescue teams: the flood teams of the city and two counties, a volunteer team, the fire brigade.
  // Each team's captain is on the staff of the organisation that owns it.
  const team = async (
    input: { organisationId: string } & Record<string, unknown>,
    captain: string,
    equipment: { name: string; quantity: number; unit: string }[] = [],
  ) => {
    const teamId = await client.mutate('registerRescueTeam', 'RegisterRescueTeamInput', input);
    const captainId = await person(input.organisationId, captain, '队长');
    await client.mutate('addRescueTeamMember', 'AddRescueTeamMemberInput', {
      teamId,
      personId: captainId,
      role: 'CAPTAIN',
    });
    if (equipment.length > 0) {
      await client.mutate('setRescueTeamEquipment', 'SetRescueTeamEquipmentInput', {
        teamId,
        items: equipment,
      });
    }
    return captainId;
  };
  const jingzhouCaptain = await team(
    {
      organisationId: jingzhouEmergency,
      name: 'Jingzhou Municipal Flood Rescue Team',
      type: 'FLOOD_CONTROL',
      baseRegionCode: '421002',
      headcount: 60,
      specialties: ['WATER_RESCUE', 'SWIFT_WATER_RESCUE', 'FLOOD_DEFENCE', 'DRONE_RECONNAISSANCE'],
      readiness: 'READY',
    },
    '谢卫东',
    [
      { name: '冲锋舟 (assault boat)', quantity: 12, unit: '艘' },
      { name: '救生衣 (life jacket)', quantity: 300, unit: '件' },
      { name: '移动排涝泵 (mobile drainage pump)', quantity: 8, unit: '台' },
    ],
  );
  await team(
    {
      organisationId: honghu,
      name: 'Honghu Flood Rescue Commando Team',
      type: 'FLOOD_CONTROL',
      baseRegionCode: '421083',
      headcount: 40,
      specialties: ['WATER_RESCUE', 'FLOOD_DEFENCE'],
      readiness: 'READY',
    },
    '曹勇',
    [{ name: '冲锋舟 (assault boat)', quantity: 6, unit: '艘' }],
  );
  await team(
    {
      organisationId: jianli,
      name: 'Jianli Flood Emergency Rescue Team',
      type: 'FLOOD_CONTROL',
      baseRegionCode: '421088',
      headcount: 35,
      specialties: ['FLOOD_DEFENCE', 'HEAVY_MACHINERY'],
      readiness: 'STANDING_DOWN',
      readinessNote: 'Refitting boats and pumps after the summer deployment on the Yangtze dykes',
    },
    '彭飞',
  );
  await team(
    {
      organisationId: blueSky,
      name: 'Gong’an Blue Sky Rescue Team',
      type: 'VOLUNTEER',
      baseRegionCode: '421022',
      headcount: 25,
      specialties: ['WATER_RESCUE', 'SEARCH_DOGS', 'ROPE_RESCUE'],
      readiness: 'READY',
    },
    '邓强',
  );
  await team(
    {
      organisationId: jingzhouFire,
      name: 'Jingzhou Fire and Rescue Special Service Team',
      type: 'FIRE',
      baseRegionCode: '421003',
      headcount: 80,
      specialties: ['FIREFIGHTING', 'COLLAPSED_STRUCTURE', 'HAZMAT_DETECTION'],
      readiness: 'READY',
    },
    '韩磊',
  );
  await team(
    {
      organisationId: huanggangEmergency,
      name: 'Huanggang Hazardous Chemicals Rescue Team',
      type: 'HAZMAT',
      baseRegionCode: '421102',
      headcount: 30,
      specialties: ['HAZMAT_DETECTION', 'DECONTAMINATION'],
      readiness: 'READY',
    },
    '钱进',
  );

  const townships = await tuanfengInformationOfficers(client, tuanfengGovernment);

  await client.mutateMany('admitExpert', 'AdmitExpertInput', [
    {
      personId: hydrologist,
      fields: ['HYDROLOGY', 'FLOOD_CONTROL'],
      title: '教授级高级工程师',
      poolLevel: 'PROVINCIAL',
      summary: 'Flood forecasting on the middle Yangtze and the Han River',
      admittedOn: '2021-03-15',
    },
    {
      personId: geologist,
      fields: ['GEOLOGICAL_HAZARDS', 'EMERGENCY_MANAGEMENT'],
      title: '高级工程师',
      poolLevel: 'PROVINCIAL',
      summary: 'Landslide and debris-flow risk in western Hubei',
      admittedOn: '2022-05-10',
    },
    {
      personId: huanggangWaterHead,
      fields: ['FLOOD_CONTROL'],
      title: '高级工程师',
      poolLevel: 'PREFECTURAL',
      admittedOn: '2023-06-01',
    },
  ]);

  await client.mutateMany('recordTraining', 'RecordTrainingInput', [
    {
      personId: jingzhouCaptain,
      courseTitle: 'Swift-water rescue technician',
      category: 'RESCUE_SKILLS',
      provider: 'Hubei Provincial Emergency Management Training Centre',
      startedOn: chinaDay(-95),
      completedOn: chinaDay(-90),
      hours: 40,
      result: 'PASSED',
      certificateNumber: 'HBYJ-SWR-2026-0187',
    },
    {
      personId: huanggangEmergencyDeputy,
      courseTitle: 'Emergency command for prefecture-level officials',
      category: 'COMMAND_AND_COORDINATION',
      provider: 'Hubei Provincial Emergency Management Training Centre',
      startedOn: chinaDay(-40),
      completedOn: chinaDay(-38),
      hours: 16,
      result: 'PASSED',
    },
  ]);

  const site = await client.mutate('designateDemonstrationSite', 'DesignateDemonstrationSiteInput', {
    name: '团风镇河西岸社区 (Hexi’an Community, Tuanfeng Town)',
    kind: 'COMMUNITY',
    level: 'NATIONAL',
    regionCode: '421121100001',
    organisationId: townships.get('421121100')!,
    designatedOn: '2023-12-20',
  });
  await client.mutate('recordDemonstrationSiteInspection', 'RecordDemonstrationSiteInspectionInput', {
    siteId: site,
    inspectedOn: chinaDay(-200),
    inspectorId: huanggangEmergencyDeputy,
    result: 'PASSED',
    findings: 'Evacuation map, shelter signage and the community’s drill records are up to date.',
  });

  return {
    province,
    emergency,
    finance,
    auditOffice,
    redCross,
    huanggangEmergency,
    tuanfeng,
    luotian,
    money: {
      huanggang,
      huanggangWater,
      charityFederation,
      tuanfengGovernment,
      tuanfengEducation,
      macheng,
      machengHousing,
      schoolBuilder,
      dikeBuilder,
      housingBuilder,
    },
  };
}

/**
 * Eight days of 24-hour duty at the Xiaogan emergency bureau from 08:00 today (China Standard Time), so the next
 * seven days are covered: duty officers in 12-hour shifts, a leader on duty for each day (one day led by a vice
 * mayor of the city government). Two gaps are left on purpose: no duty officer on the fourth night, no leader on
 * the sixth day.
 */
async function xiaoganDutyRoster(client: DemoClient, government: string, bureau: string) {
  const staff = (name: string, post: string, phone: string) =>
    client.mutate('registerPerson', 'RegisterPersonInput', { organisationId: bureau, name, post, phone });
  const officers = [
    await staff('何静', '值班员', '13971200001'),
    await staff('马超', '值班员', '13971200002'),
    await staff('罗敏', '值班员', '13971200003'),
    await staff('高翔', '值班员', '13971200004'),
  ];
  const leaders = [
    await staff('黄志远', '局长', '13971200010'),
    await staff('吴建军', '副局长', '13971200011'),
    await staff('郑丽', '副局长', '13971200012'),
  ];
  const viceMayor = await client.mutate('registerPerson', 'RegisterPersonInput', {
    organisationId: government,
    name: '杨晓东',
    post: '副市长',
  });

  const nowCst = new Date(Date.now() + CST_MS);
  let firstDay = Date.UTC(nowCst.getUTCFullYear(), nowCst.getUTCMonth(), nowCst.getUTCDate(), 8) - CST_MS;
  if (firstDay > Date.now()) firstDay -= DAY_MS;
  const at = (day: number, hours: number) =>
    new Date(firstDay + day * DAY_MS + hours * 3_600_000).toISOString();

  const shifts: Record<string, unknown>[] = [];
  for (let day = 0; day < 8; day++) {
    shifts.push({
      personId: officers[day % 2],
      role: 'DUTY_OFFICER',
      startsAt: at(day, 0),
      endsAt: at(day, 12),
    });
    if (day !== 3) {
      shifts.push({
        personId: officers[2 + (day % 2)],
        role: 'DUTY_OFFICER',
        startsAt: at(day, 12),
        endsAt: at(day, 24),
      });
    }
    if (day !== 5) {
      const leader = day === 1 ? viceMayor : leaders[day % 3];
      shifts.push({ personId: leader, role: 'LEADER_ON_DUTY', startsAt: at(day, 0), endsAt: at(day, 24) });
    }
  }
  await client.run(
    `mutation($input: ScheduleDutyRosterInput!) { scheduleDutyRoster(input: $input) { id } }`,
    { input: { organisationId: bureau, shifts } },
  );
}

const OFFICER_NAMES = [
  '陈红梅',
  '刘建华',
  '张德胜',
  '杨春燕',
  '黄立新',
  '赵小兵',
  '周桂芳',
  '吴志强',
  '徐丽娟',
  '孙国平',
  '胡明',
];

/**
 * A government for each of Tuanfeng's townships, with a disaster information officer covering its villages,
 * except three: two villages of 团风镇 have none yet, and one of 杜皮乡 has only a grid worker. Returns the
 * township governments by township code.
 */
async function tuanfengInformationOfficers(client: DemoClient, county: string): Promise<Map<string, string>> {
  type Regions = { regions: { edges: { node: { code: string; name: string } }[] } };
  const regions = async (within: string, level: string) =>
    (
      await client.run<Regions>(
        `query($filter: RegionFilter) { regions(filter: $filter, first: 100) { edges { node { code name } } } }`,
        { filter: { within, level } },
      )
    ).regions.edges.map((e) => e.node);

  const governments = new Map<string, string>();
  const assignments: Record<string, unknown>[] = [];
  const townships = await regions('421121', 'TOWNSHIP');
  for (const [i, township] of townships.entries()) {
    const government = await client.mutate('registerOrganisation', 'RegisterOrganisationInput', {
      name: /[镇乡]$/.test(township.name) ? `${township.name}人民政府` : township.name,
      type: 'GOVERNMENT',
      regionCode: township.code,
      parentId: county,
    });
    governments.set(township.code, government);
    const officer = await client.mutate('registerPerson', 'RegisterPersonInput', {
      organisationId: government,
      name: OFFICER_NAMES[i % OFFICER_NAMES.length],
      post: '灾害信息员',
    });
    const villages = await regions(township.code, 'VILLAGE');
    const uncovered = township.code === '421121100' ? 2 : township.code === '421121201' ? 1 : 0;
    for (const village of villages.slice(0, villages.length - uncovered)) {
      assignments.push({ personId: officer, villageCode: village.code, role: 'INFORMATION_OFFICER' });
    }
    if (township.code === '421121201') {
      assignments.push({ personId: officer, villageCode: villages.at(-1)!.code, role: 'GRID_WORKER' });
    }
  }
  await client.mutateMany('assignGridWorker', 'AssignGridWorkerInput', assignments);
  return governments;
}
