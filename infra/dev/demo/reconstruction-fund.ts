import { yuan, type DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/**
 * Two contingency plans, and the money of a flood: the Ju River flood in Huanggang, its reconstruction fund with
 * an appropriation and donations, allocations to two counties and the supplies they bought with them.
 *
 * Plans, incidents and supplies learn of organisations and allocations by event, moments after they are made, and
 * refuse them until then (ORGANISATION_UNKNOWN, ALLOCATION_UNKNOWN): those mutations are retried for a while.
 */
export async function loadReconstructionFund(client: DemoClient, orgs: HubeiOrganisations): Promise<void> {
  const { province, emergency, finance, redCross, huanggangEmergency, tuanfeng, luotian } = orgs;
  await client.mutateOnceKnown('draftContingencyPlan', 'DraftContingencyPlanInput', {
    title: 'Hubei Province Flood Control and Drought Relief Emergency Plan',
    level: 'PROVINCIAL',
    category: 'FLOOD_CONTROL',
    ownerOrganisationId: emergency,
    regionCode: '420000',
    reviewDueOn: '2027-06-30',
  });
  await client.mutateOnceKnown('draftContingencyPlan', 'DraftContingencyPlanInput', {
    title: 'Huanggang Municipal Overall Emergency Plan',
    level: 'PREFECTURAL',
    category: 'GENERAL',
    ownerOrganisationId: huanggangEmergency,
    regionCode: '421100',
    reviewDueOn: '2027-03-31',
  });

  const incident = await client.mutate('reportIncident', 'ReportIncidentInput', {
    title: 'Ju River flood, Huanggang',
    category: 'NATURAL_DISASTER',
    severity: 'II',
    regionCode: '421100',
    occurredAt: '2026-07-06T04:30:00+08:00',
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
  const contribute = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('recordFundContribution', 'RecordFundContributionInput', {
      fundId: fund,
      ...input,
    });
  await contribute({
    kind: 'APPROPRIATION',
    status: 'PAID',
    amountFen: yuan(50_000_000n),
    contributorName: 'Hubei Provincial People’s Government',
    payerOrganisationId: province,
  });
  await contribute({
    kind: 'DONATION',
    status: 'PAID',
    amountFen: yuan(8_600_000n),
    contributorName: 'Hubei Red Cross Society',
    payerOrganisationId: redCross,
  });
  await contribute({
    kind: 'DONATION',
    status: 'PLEDGED',
    amountFen: yuan(3_000_000n),
    contributorName: 'Wuhan Iron and Steel employees’ donation drive',
  });

  const allocate = (organisationId: string, amount: bigint, purpose: string) =>
    client.mutateOnceKnown('allocateFund', 'AllocateFundInput', {
      fundId: fund,
      organisationId,
      amountFen: yuan(amount),
      purposeCategory: 'SUPPLIES',
      purpose,
    });
  const tuanfengAllocation = await allocate(
    tuanfeng,
    12_000_000n,
    'Shelter and relief supplies for displaced households',
  );
  const luotianAllocation = await allocate(luotian, 9_500_000n, 'Drainage pumps and dyke repair materials');

  const procure = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('recordProcurement', 'RecordProcurementInput', input, [
      'ALLOCATION_UNKNOWN',
      'ORGANISATION_UNKNOWN',
    ]);
  await procure({
    allocationId: tuanfengAllocation,
    supplierName: 'Wuhan Relief Materials Co., Ltd.',
    itemDescription: 'Family tent, 12 m²',
    quantity: 1500,
    unitPriceFen: yuan(1_280n),
  });
  await procure({
    allocationId: tuanfengAllocation,
    supplierName: 'Xiantao Textile Co., Ltd.',
    itemDescription: 'Cotton blanket, 1.5 × 2 m',
    quantity: 20_000,
    unitPriceFen: yuan(85n),
  });
  await procure({
    allocationId: luotianAllocation,
    supplierName: 'Hubei Pump Works',
    itemDescription: 'Submersible drainage pump, 300 m³/h',
    quantity: 300,
    unitPriceFen: yuan(6_800n),
  });
}
