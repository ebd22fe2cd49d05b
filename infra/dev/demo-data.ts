import { DemoClient } from './demo/client';
import { loadHubeiOrganisations } from './demo/hubei-organisations';
import { loadFloodIncident } from './demo/flood-incident';
import { loadReconstructionFund } from './demo/reconstruction-fund';

/**
 * The demo data set `npm start` loads into an empty system, through the gateway like any client (see
 * `demo/`): part of Hubei's organisation tree on real division codes, with its people, leading groups, rescue
 * teams, a week of duty, information officers, experts, training and a demonstration community; contingency
 * plans; and a flood in Huanggang, its reports, zero reports, leader instruction, response and warning, and its
 * reconstruction fund, raised, allocated and spent.
 */
export async function loadDemoData(gatewayUrl: string, token: string): Promise<boolean> {
  const client = new DemoClient(gatewayUrl, token);
  const existing = await client.run<{ organisations: { edges: unknown[] } }>(
    `{ organisations(first: 1) { edges { cursor } } }`,
  );
  if (existing.organisations.edges.length > 0) return false;
  const organisations = await loadHubeiOrganisations(client);
  const flood = await loadFloodIncident(client, organisations);
  await loadReconstructionFund(client, organisations, flood);
  return true;
}
