import type { DemoClient } from './client';

interface DemoFigure {
  key: string;
  item: string;
  amountYuan: string;
  count: number | null;
}

interface DemoAnnouncement {
  disasterAnnouncement: {
    figures: DemoFigure[];
    figure: {
      flows: { edges: { node: { amountFen: string; flow: { id: string; description: string } } }[] };
    } | null;
  } | null;
}

/**
 * The Ju River flood's announcement table as the provincial audit office publishes it, asked by an auditor
 * (`auditor` a client with an auditor's token): raised by source and receiver, spent by use, the balance by status,
 * then the findings; and one figure drilled into, the central appropriation, down to its flows. Waits up to a
 * minute for the audit to have followed the money `loadFloodMoney` moved. Returns the headline figures by key.
 */
export async function showFloodAnnouncement(
  auditor: DemoClient,
  incidentId: string,
): Promise<Record<string, string>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const data = await auditor.run<DemoAnnouncement>(
      `query($id: ID!) {
        disasterAnnouncement(incidentId: $id) {
          figures { key item amountYuan count }
          figure(key: "raised.fiscal.level.CENTRAL") {
            flows(first: 10) { edges { node { amountFen flow { id description } } } }
          }
        }
      }`,
      { id: incidentId },
    );
    const table = data.disasterAnnouncement;
    const drilled = table?.figure?.flows.edges ?? [];
    if (table && drilled.length > 0) {
      return Object.fromEntries(table.figures.map((f) => [f.key, f.amountYuan]));
    }
    if (Date.now() > deadline) throw new Error('demo data: the audit has not followed the flood money');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
