import { yuan, type DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';
import { STOCK_DEMO_ITEMS } from './stock';

/** A resident identity number of `region` born on `birth` (YYYYMMDD), with its GB 11643 check character. */
function idNumber(region: string, birth: string, sequence: string): string {
  const body = `${region}${birth}${sequence}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

// Two villages of Tuanfeng town on the Yangtze: Linjiangpu and the river island of Luohuozhou.
const LINJIANGPU = '421121100201';
const LUOHUOZHOU = '421121100203';

/**
 * The money of the Ju River flood, as the audit announcements group it, from where it was raised to where it was
 * used: central, provincial and prefecture appropriations and special party dues; donations in cash and in kind,
 * directed and undirected, domestic, foreign and from Hong Kong, received by the Red Cross and the charity
 * federation, one of them by a private person; a pledge withdrawn, a pledge paid, a donation corrected. Allocations
 * to three counties and three reconstruction projects (a school, a dike section, rural housing) with their
 * contractors, contracts, progress and stage payments, the school settled; housing subsidies and tents paid to
 * households in two villages, whose lists are published; supplies bought with a payment split over two allocations
 * (the tents received into Tuanfeng's reserve point, `tuanfengReservePoint`), a refund for blankets not delivered, and money returned by a county.
 */
export async function loadFloodMoney(
  client: DemoClient,
  orgs: HubeiOrganisations,
  fund: string,
  tuanfengReservePoint: string,
): Promise<void> {
  const { province, redCross, tuanfeng, luotian } = orgs;
  const m = orgs.money;

  // Money in.
  const contribute = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('recordFundContribution', 'RecordFundContributionInput', {
      fundId: fund,
      ...input,
    });
  const paid = (paidOn: string, voucherNumber: string) => ({ status: 'PAID', paidOn, voucherNumber });
  const donation = (channel: string, receivingOrganisationId: string) => ({
    kind: 'DONATION',
    channel,
    receivingOrganisationId,
  });
  await contribute({
    kind: 'APPROPRIATION',
    fiscalLevel: 'CENTRAL',
    programme: 'Central natural disaster relief fund',
    amountFen: yuan(30_000_000n),
    contributorName: 'Ministry of Finance',
    ...paid('2026-07-09', 'MOF-ZHJZ-2026-0417'),
  });
  await contribute({
    kind: 'APPROPRIATION',
    fiscalLevel: 'PROVINCIAL',
    programme: 'Provincial disaster relief and reconstruction',
    amountFen: yuan(50_000_000n),
    contributorName: 'Hubei Provincial People’s Government',
    payerOrganisationId: province,
    ...paid('2026-07-08', 'HBCZ-2026-0708-01'),
  });
  await contribute({
    kind: 'APPROPRIATION',
    fiscalLevel: 'PREFECTURE',
    programme: 'Municipal flood recovery reserve',
    amountFen: yuan(8_000_000n),
    contributorName: 'Huanggang Municipal People’s Government',
    payerOrganisationId: m.huanggang,
    ...paid('2026-07-12', 'HGCZ-2026-0712-03'),
  });
  const tents = await contribute({
    ...donation('DOMESTIC', redCross),
    form: 'IN_KIND',
    goods: [
      { description: 'Family tent, 12 m²', unit: 'tent', quantity: 500, unitValueFen: yuan(1_280n) },
      { description: 'Cotton quilt', unit: 'quilt', quantity: 2_000, unitValueFen: yuan(120n) },
    ],
    valuationBasis: 'Invoice prices of the donor’s own sales of the same goods in June 2026',
    contributorName: 'Zhejiang Tiantai Tent Co., Ltd.',
    ...paid('2026-07-10', 'HBRC-2026-0710-02'),
  });
  await contribute({
    ...donation('DOMESTIC', redCross),
    amountFen: yuan(8_600_000n),
    contributorName: 'Online public fundraising of the Hubei Red Cross Society',
    ...paid('2026-07-14', 'HBRC-2026-0714-01'),
  });
  await contribute({
    ...donation('DOMESTIC', m.charityFederation),
    directedPurpose: 'SCHOOLS',
    amountFen: yuan(5_000_000n),
    contributorName: 'China Three Gorges Corporation',
    ...paid('2026-07-15', 'HBCF-2026-0715-01'),
  });
  await contribute({
    ...donation('DOMESTIC', redCross),
    contributorType: 'PERSON',
    amountFen: yuan(50_000n),
    contributorName: '张建国',
    ...paid('2026-07-16', 'HBRC-2026-0716-11'),
  });
  await contribute({
    ...donation('HONG_KONG_MACAO_TAIWAN', m.charityFederation),
    directedPurpose: 'HOUSING',
    amountFen: yuan(1_200_000n),
    contributorName: 'Hong Kong Hubei Fellowship Association',
    ...paid('2026-07-18', 'HBCF-2026-0718-02'),
  });
  await contribute({
    kind: 'PARTY_DUES',
    amountFen: yuan(2_000_000n),
    contributorName: 'Special party dues of Communist Party members in Hubei',
    ...paid('2026-07-20', 'HBDF-2026-0720'),
  });
  await contribute({
    ...donation('FOREIGN', m.charityFederation),
    amountFen: yuan(300_000n),
    contributorName: 'Hubei Association of Canada',
    ...paid('2026-07-21', 'HBCF-2026-0721-05'),
  });
  // Recorded with an extra zero, then corrected: the original reversed, the right amount recorded beside it.
  const keyedWrong = await contribute({
    ...donation('DOMESTIC', redCross),
    amountFen: yuan(1_000_000n),
    contributorName: 'Huangzhou District Chamber of Commerce',
    ...paid('2026-07-22', 'HBRC-2026-0722-09'),
  });
  await client.mutate('correctFundContribution', 'CorrectFundContributionInput', {
    id: keyedWrong,
    reason: 'Keyed with an extra zero; receipt HBRC-2026-0722-09 shows 100,000.00 yuan',
    corrected: {
      fundId: fund,
      ...donation('DOMESTIC', redCross),
      amountFen: yuan(100_000n),
      contributorName: 'Huangzhou District Chamber of Commerce',
      ...paid('2026-07-22', 'HBRC-2026-0722-09'),
    },
  });
  const withdrawn = await contribute({
    kind: 'DONATION',
    channel: 'DOMESTIC',
    status: 'PLEDGED',
    amountFen: yuan(2_000_000n),
    contributorName: 'Jiangxia Real Estate Development Co., Ltd.',
  });
  await client.mutate('withdrawFundContribution', 'WithdrawFundContributionInput', {
    id: withdrawn,
    reason: 'The company withdrew its pledge after flood losses of its own',
  });
  const drive = await contribute({
    kind: 'DONATION',
    channel: 'DOMESTIC',
    status: 'PLEDGED',
    amountFen: yuan(3_000_000n),
    contributorName: 'Wuhan Iron and Steel employees’ donation drive',
  });
  await client.mutate('commitFundContribution', 'CommitFundContributionInput', { id: drive });
  await client.mutate('payFundContribution', 'PayFundContributionInput', {
    id: drive,
    paidOn: '2026-08-02',
    voucherNumber: 'HBRC-2026-0802-01',
  });

  // Money through: projects first, so that allocations can be made to them.
  const project = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('registerReconstructionProject', 'RegisterReconstructionProjectInput', {
      fundId: fund,
      ...input,
    });
  const school = await project({
    name: 'Tuanfeng No. 2 Middle School teaching building',
    category: 'SCHOOLS',
    regionCode: '421121',
    ownerOrganisationId: m.tuanfengEducation,
    plannedInvestmentFen: yuan(9_000_000n),
  });
  const dike = await project({
    name: 'Ju River left-bank dike, section K12–K15, Luotian',
    category: 'WATER',
    regionCode: '421123',
    ownerOrganisationId: m.huanggangWater,
    plannedInvestmentFen: yuan(15_000_000n),
  });
  const housing = await project({
    name: 'Rural housing reconstruction, Zhongguanyi town, Macheng',
    category: 'HOUSING',
    regionCode: '421181',
    ownerOrganisationId: m.machengHousing,
    plannedInvestmentFen: yuan(6_000_000n),
  });

  const allocate = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('allocateFund', 'AllocateFundInput', { fundId: fund, ...input });
  const tuanfengSupplies = await allocate({
    organisationId: tuanfeng,
    purposeCategory: 'SUPPLIES',
    amountFen: yuan(12_000_000n),
    purpose: 'Shelter and relief supplies for displaced households',
  });
  const tuanfengRelief = await allocate({
    organisationId: tuanfeng,
    purposeCategory: 'LIVING_RELIEF',
    amountFen: yuan(1_500_000n),
    purpose: 'Emergency living relief for families of the flooded villages',
  });
  const luotianSupplies = await allocate({
    organisationId: luotian,
    purposeCategory: 'SUPPLIES',
    amountFen: yuan(9_500_000n),
    purpose: 'Drainage pumps and dike repair materials',
  });
  // The Three Gorges donation is directed to schools: the school's allocation draws on it first.
  const schoolMoney = await allocate({
    projectId: school,
    purposeCategory: 'SCHOOLS',
    amountFen: yuan(8_600_000n),
    purpose: 'Rebuilding the teaching building of Tuanfeng No. 2 Middle School',
  });
  const dikeMoney = await allocate({
    projectId: dike,
    purposeCategory: 'WATER',
    amountFen: yuan(8_000_000n),
    purpose: 'First phase of the K12–K15 dike section',
  });
  const housingMoney = await allocate({
    projectId: housing,
    purposeCategory: 'HOUSING',
    amountFen: yuan(4_000_000n),
    purpose: 'Rebuilding collapsed rural houses in Zhongguanyi',
  });
  const subsidies = await allocate({
    organisationId: m.tuanfengGovernment,
    purposeCategory: 'HOUSING',
    amountFen: yuan(600_000n),
    purpose: 'Housing reconstruction subsidies for households whose houses collapsed',
  });
  const tentsForHouseholds = await allocate({
    organisationId: tuanfeng,
    purposeCategory: 'LIVING_RELIEF',
    form: 'IN_KIND',
    goods: {
      contributionId: tents,
      lines: [
        { description: 'Family tent, 12 m²', unit: 'tent', quantity: 200 },
        { description: 'Cotton quilt', unit: 'quilt', quantity: 800 },
      ],
    },
    purpose: 'Tents and quilts for households on Luohuozhou island',
  });

  // The projects: contracts, progress and stage payments; the school is built, accepted and settled.
  const sign = (
    projectId: string,
    contractorOrganisationId: string,
    amount: bigint,
    signedOn: string,
    reference: string,
  ) =>
    client.mutateOnceKnown('signProjectContract', 'SignProjectContractInput', {
      projectId,
      contractorOrganisationId,
      amountFen: yuan(amount),
      signedOn,
      reference,
    });
  const progress = (projectId: string, percentComplete: number, milestone: string, reportedOn: string) =>
    client.mutate('reportProjectProgress', 'ReportProjectProgressInput', {
      projectId,
      percentComplete,
      milestone,
      reportedOn,
    });
  const pay = (
    projectId: string,
    contractId: string,
    allocationId: string,
    amount: bigint,
    paidOn: string,
    voucherNumber: string,
  ) =>
    client.mutate('makeProjectPayment', 'MakeProjectPaymentInput', {
      projectId,
      contractId,
      amountFen: yuan(amount),
      paidOn,
      voucherNumber,
      from: [{ allocationId, amountFen: yuan(amount) }],
    });
  const start = (projectId: string, startedOn: string) =>
    client.mutate('startReconstructionProject', 'StartReconstructionProjectInput', { projectId, startedOn });

  const schoolContract = await sign(school, m.schoolBuilder, 8_600_000n, '2026-08-10', 'TF-JY-2026-017');
  await start(school, '2026-08-20');
  await progress(school, 35, 'Foundations and ground-floor frame', '2026-09-20');
  await pay(school, schoolContract, schoolMoney, 3_000_000n, '2026-09-25', 'TFJY-ZF-2026-0925');
  await progress(school, 100, 'Main structure topped out and fitted out', '2026-11-10');
  await client.mutate('completeReconstructionProject', 'CompleteReconstructionProjectInput', {
    projectId: school,
    completedOn: '2026-11-12',
  });
  await client.mutate('acceptReconstructionProject', 'AcceptReconstructionProjectInput', {
    projectId: school,
    acceptedOn: '2026-11-18',
    acceptingBody: 'Tuanfeng County completion acceptance committee for school buildings',
  });
  await pay(school, schoolContract, schoolMoney, 5_600_000n, '2026-11-20', 'TFJY-ZF-2026-1120');
  await client.mutate('settleReconstructionProject', 'SettleReconstructionProjectInput', {
    projectId: school,
    settledOn: '2026-11-25',
    contracts: [{ contractId: schoolContract, settledAmountFen: yuan(8_600_000n) }],
  });

  const dikeContract = await sign(dike, m.dikeBuilder, 14_200_000n, '2026-08-05', 'HG-SL-2026-033');
  await start(dike, '2026-08-12');
  await progress(dike, 60, 'Dike body filled to design height along 1.8 km', '2026-10-30');
  await pay(dike, dikeContract, dikeMoney, 6_000_000n, '2026-11-05', 'HGSL-ZF-2026-1105');

  const housingContract = await sign(housing, m.housingBuilder, 5_500_000n, '2026-09-01', 'MC-ZJ-2026-008');
  await start(housing, '2026-09-10');
  await progress(housing, 20, 'Foundations of 46 houses laid', '2026-10-15');
  await pay(housing, housingContract, housingMoney, 1_100_000n, '2026-10-20', 'MCZJ-ZF-2026-1020');
  // The same stage paid again the next day, keyed twice by the county's finance office: the audit's anomaly rules
  // flag it, and the builder refunds it at the audit's request (audit-findings.ts).
  await pay(housing, housingContract, housingMoney, 1_100_000n, '2026-10-21', 'MCZJ-ZF-2026-1021');

  // Households: housing subsidies in two villages and tents on the island, then each village's list published.
  const households: [string, string, string, bigint][] = [
    [LINJIANGPU, '周德华', idNumber('421121', '19620314', '031'), 40_000n],
    [LINJIANGPU, '陈桂兰', idNumber('421121', '19570921', '042'), 35_000n],
    [LINJIANGPU, '刘国强', idNumber('421121', '19750602', '053'), 40_000n],
    [LUOHUOZHOU, '罗长青', idNumber('421121', '19681111', '014'), 40_000n],
    [LUOHUOZHOU, '胡秀英', idNumber('421121', '19590705', '026'), 20_000n],
    [LUOHUOZHOU, '王建军', idNumber('421121', '19800128', '037'), 25_000n],
  ];
  for (const [villageCode, headName, id, amount] of households) {
    await client.mutate('recordReliefPayment', 'RecordReliefPaymentInput', {
      allocationId: subsidies,
      kind: 'HOUSING_SUBSIDY',
      household: { headName, idNumber: id, size: 4 },
      villageCode,
      amountFen: yuan(amount),
      paidOn: '2026-09-15',
    });
  }
  for (const [, headName, id] of households.filter(([village]) => village === LUOHUOZHOU)) {
    await client.mutate('recordReliefPayment', 'RecordReliefPaymentInput', {
      allocationId: tentsForHouseholds,
      kind: 'LIVING_RELIEF',
      household: { headName, idNumber: id, size: 4 },
      villageCode: LUOHUOZHOU,
      goods: [
        { description: 'Family tent, 12 m²', unit: 'tent', quantity: 1 },
        { description: 'Cotton quilt', unit: 'quilt', quantity: 2 },
      ],
      paidOn: '2026-07-24',
    });
  }
  for (const villageCode of [LINJIANGPU, LUOHUOZHOU]) {
    await client.run(
      `mutation($input: PublishVillageReliefListInput!) { publishVillageReliefList(input: $input) { id } }`,
      { input: { fundId: fund, villageCode, publishedOn: '2026-09-20' } },
    );
  }

  // Money out through supplies, which learns of the allocations by event.
  const procure = (input: Record<string, unknown>) =>
    client.mutateOnceKnown('recordProcurement', 'RecordProcurementInput', input, [
      'ALLOCATION_UNKNOWN',
      'ORGANISATION_UNKNOWN',
    ]);
  // One purchase of tents paid from two allocations, as the county's finance office split it.
  const familyTents = await procure({
    payments: [
      { allocationId: tuanfengSupplies, amountFen: yuan(1_500_000n) },
      { allocationId: tuanfengRelief, amountFen: yuan(420_000n) },
    ],
    supplierName: 'Wuhan Relief Materials Co., Ltd.',
    itemDescription: 'Family tent, 12 m²',
    itemCode: STOCK_DEMO_ITEMS.tent,
    quantity: 1_500,
    unitPriceFen: yuan(1_280n),
  });
  await client.mutate('recordProcurementInvoice', 'RecordProcurementInvoiceInput', {
    procurementId: familyTents,
    number: '42001926-00018817',
    issuedOn: '2026-07-12',
    amountFen: yuan(1_920_000n),
  });
  await client.mutate('acceptProcurementDelivery', 'AcceptProcurementDeliveryInput', {
    procurementId: familyTents,
    acceptedOn: '2026-07-15',
    receivedQuantity: 1_500,
    reservePointId: tuanfengReservePoint,
  });
  const blankets = await procure({
    allocationId: tuanfengSupplies,
    supplierName: 'Xiantao Textile Co., Ltd.',
    itemDescription: 'Cotton blanket, 1.5 × 2 m',
    quantity: 20_000,
    unitPriceFen: yuan(85n),
  });
  await client.mutate('refundProcurement', 'RefundProcurementInput', {
    procurementId: blankets,
    amountFen: yuan(170_000n),
    reason: '2,000 blankets were never delivered; the supplier refunded them',
  });
  await client.mutate('acceptProcurementDelivery', 'AcceptProcurementDeliveryInput', {
    procurementId: blankets,
    acceptedOn: '2026-07-18',
    receivedQuantity: 18_000,
    note: 'The 2,000 short were refunded',
  });
  await procure({
    allocationId: luotianSupplies,
    supplierName: 'Hubei Pump Works',
    itemDescription: 'Submersible drainage pump, 300 m³/h',
    quantity: 300,
    unitPriceFen: yuan(6_800n),
  });
  // Luotian gives back what it did not need, as the audit of the emergency phase asked.
  await client.mutate('returnAllocation', 'ReturnAllocationInput', {
    allocationId: luotianSupplies,
    amountFen: yuan(500_000n),
    destination: 'FUND',
    reason: 'Unspent after the pump purchase; returned to the fund at the audit’s request',
  });
}
