import { followUpFloodAudit } from './demo/audit-findings';
import { DemoClient, type TokenSigner } from './demo/client';
import { receiveDonatedGoods, tentsForHouseholdsAllocation } from './demo/donated-goods';
import { loadDrills } from './demo/drills';
import { loadFloodIncident } from './demo/flood-incident';
import { loadHazards } from './demo/hazards';
import { loadHubeiOrganisations } from './demo/hubei-organisations';
import { showFloodPlans } from './demo/plan-activation';
import { loadPlanSystem } from './demo/plan-system';
import { loadReconstructionFund } from './demo/reconstruction-fund';
import { loadReserves } from './demo/reserves';
import { payShelterCosts, tuanfengSuppliesAllocation } from './demo/shelter-costs';
import { loadShelters } from './demo/shelters';
import { loadStock } from './demo/stock';
import { playDispatch } from './demo/supplies-dispatch';
import { playRequisition } from './demo/supplies-requisition';

/**
 * The demo data set `npm start` loads into an empty system, through the gateway like any client (see
 * `demo/`): part of Hubei's organisation tree on real division codes, with its people, leading groups, rescue
 * teams, a week of duty, information officers, experts, training and a demonstration community; Hubei's plan
 * system, issued and filed, which the flood starts; a flood in Huanggang, its reports, zero reports, leader
 * instruction, response and warning, and its reconstruction fund, raised, allocated and spent; the reserves of
 * Hubei, Huanggang and Tuanfeng with their stock by lot, and Tuanfeng's shelters opened for the flood; tents bought
 * with the fund and pitched at a shelter, a dispatch from Huanggang received short, donated tents and quilts received
 * and given out, a requisitioned pump and a requisitioned pump truck compensated; the provincial audit office's
 * tracking audit of the fund with a finding under rectification; Huanggang's
 * flood drill, whose findings send its plan back for revision; and Tuanfeng's hazard ledger.
 */
export async function loadDemoData(gatewayUrl: string, token: string, signer: TokenSigner): Promise<boolean> {
  const client = new DemoClient(gatewayUrl, token, signer);
  const existing = await client.run<{ organisations: { edges: unknown[] } }>(
    `{ organisations(first: 1) { edges { cursor } } }`,
  );
  if (existing.organisations.edges.length > 0) return false;
  const organisations = await loadHubeiOrganisations(client);
  // In force before the flood is reported, so that its events start them.
  const plans = await loadPlanSystem(client, organisations);
  const flood = await loadFloodIncident(client, organisations);
  const started = await showFloodPlans(client, flood);
  if (started.activations.length === 0)
    throw new Error('demo data: the flood should start the flood control plans in force');
  const reserves = await loadReserves(client, organisations);
  const fund = await loadReconstructionFund(client, organisations, flood, reserves.tuanfengPoint);
  const shelters = await loadShelters(client, organisations, flood);
  const tuanfengSupplies = await tuanfengSuppliesAllocation(client, organisations, fund);
  await payShelterCosts(client, organisations, shelters.ids, tuanfengSupplies);
  await loadStock(client, organisations, reserves, { shelterId: shelters.ids[0], incidentId: flood });
  await playDispatch(client, organisations, reserves, { incidentId: flood, shelterId: shelters.ids[0] });
  await receiveDonatedGoods(client, organisations, reserves, {
    tentsForHouseholdsAllocationId: await tentsForHouseholdsAllocation(client, organisations, fund),
    suppliesAllocationId: tuanfengSupplies,
    shelterId: shelters.ids[0],
  });
  await playRequisition(client, organisations, reserves, {
    incidentId: flood,
    allocationId: tuanfengSupplies,
  });
  await followUpFloodAudit(client, organisations, { fundId: fund, incidentId: flood });
  await loadDrills(client, organisations, plans);
  await loadHazards(client, organisations);
  return true;
}
