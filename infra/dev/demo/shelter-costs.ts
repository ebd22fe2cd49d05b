import { yuan, type DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

interface AllocationPage {
  edges: { node: { id: string; purposeCategory: string; recipientOrganisation: { id: string } | null } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface FundAllocations {
  reconstructionFund: { allocations: AllocationPage } | null;
}

/**
 * The flood fund's allocation to the Tuanfeng County Emergency Management Bureau for shelter and relief supplies
 * (made by `loadFloodMoney`): the one a shelter upgrade in Tuanfeng is paid from.
 */
export async function tuanfengSuppliesAllocation(
  client: DemoClient,
  orgs: HubeiOrganisations,
  fundId: string,
): Promise<string> {
  let after: string | null = null;
  for (;;) {
    const data: FundAllocations = await client.run<FundAllocations>(
      `query($id: ID!, $after: String) {
        reconstructionFund(id: $id) {
          allocations(first: 50, after: $after) {
            edges { node { id purposeCategory recipientOrganisation { id } } }
            pageInfo { hasNextPage endCursor }
          }
        }
      }`,
      { id: fundId, after },
    );
    const allocations: AllocationPage | undefined = data.reconstructionFund?.allocations;
    const found = allocations?.edges.find(
      (e) => e.node.purposeCategory === 'SUPPLIES' && e.node.recipientOrganisation?.id === orgs.tuanfeng,
    );
    if (found) return found.node.id;
    if (!allocations?.pageInfo.hasNextPage) throw new Error('demo data: no supplies allocation to Tuanfeng');
    after = allocations.pageInfo.endCursor;
  }
}

/**
 * The upgrade of Tuanfeng's first shelter (the No. 1 Middle School gymnasium) after the flood: showers, a second
 * power line and ventilation, paid by the county's emergency management bureau to a local contractor from its
 * supplies allocation of the flood fund. Returns the cost's id.
 */
export async function payShelterCosts(
  client: DemoClient,
  orgs: HubeiOrganisations,
  shelterIds: string[],
  allocationId: string,
): Promise<string> {
  return client.mutateOnceKnown(
    'payShelterCost',
    'PayShelterCostInput',
    {
      shelterId: shelterIds[0],
      kind: 'UPGRADE',
      description: 'Shower block, second power line and ventilation for the gymnasium',
      contractorName: '团风县建安建筑工程有限公司',
      payerOrganisationId: orgs.tuanfeng,
      amountFen: yuan(380_000n),
      paidOn: '2026-08-20',
      allocationId,
    },
    ['ALLOCATION_UNKNOWN', 'ORGANISATION_UNKNOWN'],
  );
}
