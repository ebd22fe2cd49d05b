import { addCalendarDays, chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/** The plans of the demo other parts refer to. */
export interface PlanSystem {
  hubeiOverall: string;
  hubeiFlood: string;
  hubeiEarthquake: string;
  hubeiGeological: string;
  hubeiForestFire: string;
  hubeiHazardousChemicals: string;
  hubeiPublicHealth: string;
  huanggangFlood: string;
  tuanfengFlood: string;
}

interface Cycle {
  approvingBody: string;
  meeting: string;
  /** Days before today: approval, issuance, and filing (null: not filed). */
  approved: number;
  issued: number;
  filed: number | null;
  filedWith: string;
}

/**
 * Hubei's plan system as a provincial registry holds it: the overall plan and six special plans, Huanggang's and
 * Tuanfeng's flood control plans under the province's, each drafted with its text, approved, issued and filed (备案);
 * the provincial flood control plan revised once (version 2) after the higher plan changed. Dates are counted back
 * from today, so that today the earthquake plan is overdue for evaluation (issued three years and 45 days ago, never
 * evaluated) and Tuanfeng's flood plan overdue for filing (issued 60 days ago, not filed).
 *
 * The organisation tree this system holds stops at the province: the filings of provincial plans with the State
 * Council's bodies are recorded against the provincial government, the highest body held.
 */
export async function loadPlanSystem(client: DemoClient, orgs: HubeiOrganisations): Promise<PlanSystem> {
  const today = chinaToday();
  const daysAgo = (days: number) => addCalendarDays(today, -days);
  const sections = (subject: string) => ({
    organisationAndDuties: `The command body for ${subject}, its member units and their duties.`,
    preventionAndWarning: `Monitoring, risk assessment and the four warning levels for ${subject}.`,
    responseProcedures: `Response levels IV to I for ${subject}: who decides, who acts, who reports.`,
    support: 'Rescue teams, supplies, funds, communications and transport.',
    recovery: 'Relief, damage assessment, insurance and reconstruction.',
  });

  const draft = (input: Record<string, unknown>, subject: string) =>
    client.mutateOnceKnown('draftContingencyPlan', 'DraftContingencyPlanInput', {
      ...input,
      sections: sections(subject),
      attachments: [
        { title: 'Response flow chart', reference: `urn:hubei:plan:${subject.replace(/\W+/g, '-')}:flow` },
      ],
    });
  const run = async (planId: string, cycle: Cycle, version = 1) => {
    await client.mutate('approvePlan', 'ApprovePlanInput', {
      planId,
      approvingBody: cycle.approvingBody,
      meeting: cycle.meeting,
      approvedOn: daysAgo(cycle.approved),
    });
    await client.mutate('issuePlan', 'IssuePlanInput', { planId, issuedOn: daysAgo(cycle.issued) });
    if (cycle.filed !== null)
      await client.mutateOnceKnown('recordPlanFiling', 'RecordPlanFilingInput', {
        planId,
        version,
        filedOn: daysAgo(cycle.filed),
        filedWithOrganisationId: cycle.filedWith,
        receiptNumber: `备-${daysAgo(cycle.filed).replace(/-/g, '')}-${planId.slice(0, 4)}`,
      });
    return planId;
  };
  const provincial = (issued: number): Cycle => ({
    approvingBody: 'Hubei Provincial People’s Government',
    meeting: 'Executive meeting of the provincial government',
    approved: issued + 7,
    issued,
    filed: issued - 12,
    filedWith: orgs.province,
  });

  const hubeiOverall = await run(
    await draft(
      {
        title: 'Hubei Province Overall Emergency Plan',
        planType: 'OVERALL',
        level: 'PROVINCIAL',
        ownerOrganisationId: orgs.province,
        leadOrganisationId: orgs.emergency,
        regionCode: '420000',
      },
      'all emergencies in Hubei',
    ),
    provincial(420),
  );
  const special = async (title: string, category: string, subcategories: string[], commandBody: string) =>
    draft(
      {
        title,
        planType: 'SPECIAL',
        level: 'PROVINCIAL',
        category,
        subcategories,
        ownerOrganisationId: orgs.emergency,
        commandBody,
        parentPlanId: hubeiOverall,
        regionCode: '420000',
      },
      title,
    );

  const hubeiFlood = await run(
    await special(
      'Hubei Province Flood Control and Drought Relief Emergency Plan',
      'NATURAL_DISASTER',
      ['FLOOD', 'DROUGHT'],
      'Hubei Provincial Flood Control and Drought Relief Headquarters',
    ),
    provincial(400),
  );
  await client.mutate('revisePlan', 'RevisePlanInput', {
    planId: hubeiFlood,
    trigger: 'LAW_OR_HIGHER_PLAN_CHANGED',
    note: 'The national flood control plan was revised: response levels and the headquarters’ member units change.',
    major: true,
    sections: {
      responseProcedures:
        'Response levels IV to I by river stage, forecast and dike danger, per the national plan.',
    },
  });
  await run(hubeiFlood, provincial(100), 2);

  // Issued three years and 45 days ago and never evaluated: overdue for evaluation today.
  const hubeiEarthquake = await run(
    await special(
      'Hubei Province Earthquake Emergency Plan',
      'NATURAL_DISASTER',
      ['EARTHQUAKE'],
      'Hubei Provincial Earthquake Relief Headquarters',
    ),
    provincial(3 * 365 + 45),
  );
  const hubeiGeological = await run(
    await special(
      'Hubei Province Geological Hazard Emergency Plan',
      'NATURAL_DISASTER',
      ['COLLAPSE', 'LANDSLIDE', 'DEBRIS_FLOW'],
      'Hubei Provincial Geological Hazard Emergency Headquarters',
    ),
    provincial(380),
  );
  const hubeiForestFire = await run(
    await special(
      'Hubei Province Forest Fire Emergency Plan',
      'NATURAL_DISASTER',
      ['FOREST_AND_GRASSLAND_FIRE'],
      'Hubei Provincial Forest Fire Prevention and Extinguishing Headquarters',
    ),
    provincial(360),
  );
  const hubeiHazardousChemicals = await run(
    await special(
      'Hubei Province Hazardous Chemicals Accident Emergency Plan',
      'ACCIDENT',
      ['HAZARDOUS_CHEMICALS'],
      'Hubei Provincial Work Safety Emergency Headquarters',
    ),
    provincial(340),
  );
  const hubeiPublicHealth = await run(
    await special(
      'Hubei Province Public Health Emergency Plan',
      'PUBLIC_HEALTH',
      [],
      'Hubei Provincial Public Health Emergency Headquarters',
    ),
    provincial(320),
  );

  const huanggangFlood = await run(
    await draft(
      {
        title: 'Huanggang Municipal Flood Control and Drought Relief Emergency Plan',
        planType: 'SPECIAL',
        level: 'PREFECTURAL',
        category: 'NATURAL_DISASTER',
        subcategories: ['FLOOD', 'DROUGHT'],
        ownerOrganisationId: orgs.huanggangEmergency,
        leadOrganisationId: orgs.money.huanggangWater,
        commandBody: 'Huanggang Municipal Flood Control and Drought Relief Headquarters',
        parentPlanId: hubeiFlood,
        regionCode: '421100',
      },
      'floods and droughts in Huanggang',
    ),
    {
      approvingBody: 'Huanggang Municipal People’s Government',
      meeting: 'Executive meeting of the municipal government',
      approved: 210,
      issued: 200,
      filed: 185,
      filedWith: orgs.emergency,
    },
  );
  // Issued 60 days ago and not filed: overdue for filing today.
  const tuanfengFlood = await run(
    await draft(
      {
        title: 'Tuanfeng County Flood Control Emergency Plan',
        planType: 'SPECIAL',
        level: 'COUNTY',
        category: 'NATURAL_DISASTER',
        subcategories: ['FLOOD'],
        ownerOrganisationId: orgs.tuanfeng,
        commandBody: 'Tuanfeng County Flood Control and Drought Relief Headquarters',
        parentPlanId: huanggangFlood,
        regionCode: '421121',
      },
      'floods of the Ju River in Tuanfeng',
    ),
    {
      approvingBody: 'Tuanfeng County People’s Government',
      meeting: 'Executive meeting of the county government',
      approved: 65,
      issued: 60,
      filed: null,
      filedWith: orgs.huanggangEmergency,
    },
  );

  return {
    hubeiOverall,
    hubeiFlood,
    hubeiEarthquake,
    hubeiGeological,
    hubeiForestFire,
    hubeiHazardousChemicals,
    hubeiPublicHealth,
    huanggangFlood,
    tuanfengFlood,
  };
}
