import type { DemoClient } from './client';

/** The flood fund's figures as the announcement table breaks them down, and its balance by status. */
export interface FloodFundBreakdown {
  bySourceKind: {
    key: string | null;
    total: { raisedFen: string; allocatedFen: string; disbursedFen: string };
  }[];
  byReceiver: {
    key: string | null;
    total: { raisedFen: string; allocatedFen: string; disbursedFen: string };
  }[];
  balance: { balanceFen: string; awaitingAllocationFen: string; releasedWithProjectProgressFen: string };
}

const BREAKDOWN = `query($fundId: ID!) {
  fundTrace(fundId: $fundId) {
    raisedFen
    bySourceKind: breakdown(by: SOURCE_KIND) { key total { raisedFen allocatedFen disbursedFen } }
    byReceiver: breakdown(by: RECEIVING_ORGANISATION) { key total { raisedFen allocatedFen disbursedFen } }
    balance { balanceFen awaitingAllocationFen releasedWithProjectProgressFen }
  }
}`;

/**
 * Once the audit has recorded the Ju River flood's money (`loadFloodMoney`), reads the Huanggang fund's figures by
 * source kind (appropriations, donations, party dues) and by receiving organisation, and its balance split into
 * money awaiting allocation and money released with the projects' progress. Waits up to a minute for the audit.
 */
export async function floodFundBreakdown(client: DemoClient, fund: string): Promise<FloodFundBreakdown> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { fundTrace } = await client.run<{
      fundTrace: (FloodFundBreakdown & { raisedFen: string }) | null;
    }>(BREAKDOWN, { fundId: fund });
    if (fundTrace && fundTrace.raisedFen !== '0') return fundTrace;
    if (Date.now() > deadline) throw new Error('demo data: the audit has not recorded the flood fund');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
