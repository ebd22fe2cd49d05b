import type { DemoClient } from './client';

const DETECT = `mutation($input: DetectAnomaliesInput!) { detectAnomalies(input: $input) { flagged { id } } }`;
const ANOMALIES = `query($filter: AnomalyFilter, $after: String) {
  anomalies(filter: $filter, first: 100, after: $after) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface AnomalyPage {
  anomalies: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/**
 * The audit's anomaly rules run over the Ju River flood fund's money and goods as they stand (retried for up to a
 * minute while the audit has not yet learned of the fund by event); returns how many anomalies the fund has.
 * Its money is all dated the day the demo runs, so the rules on days (idle allocations, late payments, goods unpaid
 * or unused) find nothing yet: the scan flags them as the days pass.
 */
export async function flagFloodAnomalies(
  client: DemoClient,
  { fundId }: { fundId: string },
): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const result = await client.request(DETECT, { input: { fundId } });
    if (!result.errors?.length) break;
    if (result.errors[0]?.extensions?.code !== 'ANOMALY_FUND_NOT_FOUND' || Date.now() > deadline)
      throw new Error(`demo data: ${result.errors.map((e) => e.message).join('; ')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  let count = 0;
  let after: string | null = null;
  do {
    const page: AnomalyPage = await client.run<AnomalyPage>(ANOMALIES, { filter: { fundId }, after });
    count += page.anomalies.edges.length;
    after = page.anomalies.pageInfo.hasNextPage ? page.anomalies.pageInfo.endCursor : null;
  } while (after);
  return count;
}
