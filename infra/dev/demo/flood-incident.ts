import type { DemoClient } from './client';
import { loadDutyOffice } from './duty-office';
import type { HubeiOrganisations } from './hubei-organisations';
import { loadIncidentLifecycle } from './incident-lifecycle';
import { loadReportChain } from './report-chain';
import { loadWarnings } from './warnings';

/**
 * The Ju River flood as the duty offices handle it: reported by Tuanfeng County with the first figures, its report
 * chain up to the province (one relay late), the daily zero reports over Huanggang (Luotian silent), the governor's
 * instruction (Macheng's feedback overdue), the response raised from level III to II (and a mine accident in Macheng
 * graded II by State Council Order 493), and the rainstorm warning lowered from red to orange and lifted. Returns
 * the flood's id, which the reconstruction fund names.
 */
export async function loadFloodIncident(client: DemoClient, orgs: HubeiOrganisations): Promise<string> {
  const incident = await client.mutateOnceKnown('reportIncident', 'ReportIncidentInput', {
    title: 'Ju River flood, Huanggang',
    category: 'NATURAL_DISASTER',
    subcategory: 'FLOOD',
    severity: 'II',
    regionCode: '421100',
    occurredAt: '2026-07-06T04:30:00+08:00',
    reportingOrganisationId: orgs.tuanfeng,
    figures: { deaths: 3, missing: 2, relocated: 12_000 },
  });
  await loadReportChain(client, orgs, incident);
  await loadDutyOffice(client, orgs, incident);
  await loadIncidentLifecycle(client, orgs, incident);
  await loadWarnings(client, orgs, incident);
  return incident;
}
