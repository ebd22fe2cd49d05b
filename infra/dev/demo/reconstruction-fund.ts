import type { DemoClient } from './client';
import { loadFloodMoney } from './flood-money';
import type { HubeiOrganisations } from './hubei-organisations';

/**
 * The money of a flood: the reconstruction fund of the Ju River flood in Huanggang (`incident`), whose money story
 * is told in flood-money.ts; the tents it buys are received at Tuanfeng's reserve point. Returns the fund's id.
 *
 * Incidents and supplies learn of organisations and allocations by event, moments after they are made, and refuse
 * them until then (ORGANISATION_UNKNOWN, ALLOCATION_UNKNOWN): those mutations are retried for a while.
 */
export async function loadReconstructionFund(
  client: DemoClient,
  orgs: HubeiOrganisations,
  incident: string,
  tuanfengReservePoint: string,
): Promise<string> {
  const fund = await client.mutateOnceKnown(
    'establishReconstructionFund',
    'EstablishReconstructionFundInput',
    {
      incidentId: incident,
      name: 'Huanggang flood reconstruction fund',
      managingOrganisationId: orgs.finance,
    },
  );
  await loadFloodMoney(client, orgs, fund, tuanfengReservePoint);
  return fund;
}
