import type { DemoClient } from './client';
import { loadFloodMoney } from './flood-money';
import type { HubeiOrganisations } from './hubei-organisations';

/**
 * Two contingency plans, and the money of a flood: the reconstruction fund of the Ju River flood in Huanggang
 * (`incident`), whose money story is told in flood-money.ts.
 *
 * Plans, incidents and supplies learn of organisations and allocations by event, moments after they are made, and
 * refuse them until then (ORGANISATION_UNKNOWN, ALLOCATION_UNKNOWN): those mutations are retried for a while.
 */
export async function loadReconstructionFund(
  client: DemoClient,
  orgs: HubeiOrganisations,
  incident: string,
): Promise<void> {
  const { emergency, finance, huanggangEmergency } = orgs;
  await client.mutateOnceKnown('draftContingencyPlan', 'DraftContingencyPlanInput', {
    title: 'Hubei Province Flood Control and Drought Relief Emergency Plan',
    planType: 'SPECIAL',
    level: 'PROVINCIAL',
    category: 'NATURAL_DISASTER',
    subcategories: ['FLOOD', 'DROUGHT'],
    ownerOrganisationId: emergency,
    regionCode: '420000',
    reviewDueOn: '2027-06-30',
  });
  await client.mutateOnceKnown('draftContingencyPlan', 'DraftContingencyPlanInput', {
    title: 'Huanggang Municipal Overall Emergency Plan',
    planType: 'OVERALL',
    level: 'PREFECTURAL',
    ownerOrganisationId: huanggangEmergency,
    regionCode: '421100',
    reviewDueOn: '2027-03-31',
  });

  const fund = await client.mutateOnceKnown(
    'establishReconstructionFund',
    'EstablishReconstructionFundInput',
    {
      incidentId: incident,
      name: 'Huanggang flood reconstruction fund',
      managingOrganisationId: finance,
    },
  );
  await loadFloodMoney(client, orgs, fund);
}
