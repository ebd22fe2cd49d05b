import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/**
 * The report chain of the Ju River flood (`incident`, Huanggang, occurred 6 July 2026 04:30): Tuanfeng County's
 * initial report by phone to the prefecture within its 2 hours, the prefecture's relay to the province 15 minutes
 * past its 2 hours (late by 15), two numbered follow-ups, the second explaining why the deaths more than doubled,
 * and the verified report once the waters fell.
 */
export async function loadReportChain(
  client: DemoClient,
  orgs: HubeiOrganisations,
  incident: string,
): Promise<void> {
  const report = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('submitIncidentReport', 'SubmitIncidentReportInput', {
      incidentId: incident,
      ...input,
    });
  await report({
    kind: 'INITIAL',
    channel: 'PHONE',
    reportingOrganisationId: orgs.tuanfeng,
    toLevel: 'PREFECTURE',
    reportedAt: '2026-07-06T06:10:00+08:00',
    text: 'The Ju River burst its bank at Luohuozhou at 04:30; 3 dead, 2 missing, 12,000 people being moved.',
    figures: { deaths: 3, missing: 2, relocated: 12_000 },
  });
  await report({
    kind: 'INITIAL',
    channel: 'WRITTEN',
    reportingOrganisationId: orgs.huanggangEmergency,
    toLevel: 'PROVINCE',
    reportedAt: '2026-07-06T08:25:00+08:00',
    text: 'Huanggang relays Tuanfeng County’s report of the Ju River flood, with the municipal figures.',
    figures: { relocated: 18_500 },
  });
  await report({
    kind: 'FOLLOW_UP',
    channel: 'WRITTEN',
    reportingOrganisationId: orgs.huanggangEmergency,
    toLevel: 'PROVINCE',
    reportedAt: '2026-07-06T17:00:00+08:00',
    text: '续报一: the breach is closed with rock-filled cages; relocation goes on in Tuanfeng and Luotian.',
    figures: { relocated: 26_000, housesCollapsed: 340 },
  });
  await report({
    kind: 'FOLLOW_UP',
    channel: 'WRITTEN',
    reportingOrganisationId: orgs.huanggangEmergency,
    toLevel: 'PROVINCE',
    reportedAt: '2026-07-07T08:00:00+08:00',
    text: '续报二: searchers found the two missing people dead, and two villagers died in a collapsed house.',
    explanation: 'The two missing were found dead and two more died when a house collapsed overnight.',
    figures: { deaths: 7, missing: 0 },
  });
  await report({
    kind: 'VERIFIED',
    channel: 'SYSTEM',
    reportingOrganisationId: orgs.tuanfeng,
    toLevel: 'PREFECTURE',
    reportedAt: '2026-07-16T16:00:00+08:00',
    text: '核报: the verified figures of the flood, with the ledgers of the dead and of the damaged houses.',
    figures: { deaths: 7, missing: 0, relocated: 26_400, housesCollapsed: 352, directLossFen: '61200000000' },
  });
}
