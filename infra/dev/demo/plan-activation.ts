import type { DemoClient } from './client';

/** Which plans the demo flood started and who leads, as `plansForIncident` answers. */
export interface FloodPlans {
  incidentId: string;
  activations: { planId: string; plan: { title: string } | null; level: string; activatedAt: string }[];
  lead: {
    planLevel: string;
    planType: string;
    organisation: { id: string } | null;
    commandBody: string | null;
  } | null;
}

const PLANS_FOR_INCIDENT = `query($incidentId: ID!) {
  plansForIncident(incidentId: $incidentId) {
    incidentId
    activations { planId plan { title } level activatedAt }
    lead { planLevel planType organisation { id } commandBody }
  }
}`;

/**
 * The Ju River flood's events start the flood-control plans in force by themselves: this waits (a few seconds at
 * most) until the plans service lists at least one activation for the flood, and returns which plans apply and who
 * leads, for the loader to print.
 */
export async function showFloodPlans(client: DemoClient, floodIncidentId: string): Promise<FloodPlans> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { plansForIncident } = await client.run<{ plansForIncident: FloodPlans }>(PLANS_FOR_INCIDENT, {
      incidentId: floodIncidentId,
    });
    if (plansForIncident.activations.length > 0 || Date.now() > deadline) return plansForIncident;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
