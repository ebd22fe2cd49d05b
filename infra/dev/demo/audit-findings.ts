import { addCalendarDays, chinaToday } from '@emergency/domain';
import { flagFloodAnomalies } from './audit-anomalies';
import { yuan, type DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

interface IssuedFinding {
  issueRectificationList: { rectification: { items: { id: string }[] } };
}

/**
 * The provincial audit office's tracking audit of the Huanggang flood fund (at the province's level, 420000): one
 * finding, Tuanfeng county's housing subsidies (200 000 yuan to six households) paid on 15 September, two months
 * after the money arrived; issued to the county government, its problem list and a rectification list of two items,
 * one rectified, the team and the item owners registered as people of the audit office and the county; the county's
 * written response, adopting both recommendations, posted as the county itself (an operator acting for its
 * government, through a token the client signs for it); and a housing stage payment made twice, flagged by the
 * anomaly rules, recorded as a finding and recovered. Returns the finding's id.
 */
export async function followUpFloodAudit(
  client: DemoClient,
  orgs: HubeiOrganisations,
  { fundId, incidentId }: { fundId: string; incidentId: string },
): Promise<string> {
  // The audit runs now, over the money moved since July: its steps are dated today, its deadlines ahead.
  const today = chinaToday();
  const person = (organisationId: string, name: string, post: string) =>
    client.mutate('registerPerson', 'RegisterPersonInput', { organisationId, name, post });
  const lead = await person(orgs.auditOffice, '陈立新', '湖北省审计厅社会保障审计处处长');
  const auditor = await person(orgs.auditOffice, '王敏', '湖北省审计厅社会保障审计处主任科员');
  const housingOfficer = await person(
    orgs.money.tuanfengGovernment,
    '李春生',
    '团风县住房和城乡建设局副局长',
  );
  const financeOfficer = await person(orgs.money.tuanfengGovernment, '周丽', '团风县财政局预算股股长');
  const engagementId = await client.mutate('openAuditEngagement', 'OpenAuditEngagementInput', {
    title: 'Tracking audit of the Huanggang flood reconstruction fund',
    incidentId,
    fundId,
    regionCode: '420000',
    periodFrom: '2026-07-01',
    periodTo: '2026-12-31',
    leadPersonId: lead,
    teamPersonIds: [lead, auditor],
  });
  await client.mutate('advanceAuditEngagement', 'AdvanceAuditEngagementInput', {
    engagementId,
    stage: 'FIELDWORK',
  });
  const findingId = await client.mutate('recordAuditFinding', 'RecordAuditFindingInput', {
    engagementId,
    type: 'LATE_DISBURSEMENT',
    title: 'Housing subsidies paid two months after the allocation',
    description:
      'Tuanfeng county received 600 000 yuan for housing reconstruction subsidies in July and paid the first six ' +
      'households 200 000 yuan on 15 September.',
    amountFen: yuan(200_000n),
    auditedOrganisationId: orgs.money.tuanfengGovernment,
    regionCode: '421121',
    evidence: [
      {
        kind: 'Document',
        id: 'TF-2026-HS-01',
        note: 'the published subsidy lists of Linjiangpu and Luohuozhou',
      },
    ],
    recommendations: [
      'Pay the remaining eligible households at once',
      'Set a disbursement timetable for reconstruction subsidies',
    ],
  });
  const { issueAuditFinding } = await client.run<{
    issueAuditFinding: { recommendations: { id: string }[] };
  }>(
    `mutation($input: IssueAuditFindingInput!) { issueAuditFinding(input: $input) { recommendations { id } } }`,
    { input: { findingId, issuedOn: today } },
  );
  // The county's written response, within the 10 days: only the audited unit, an operator acting for the county
  // government, may give it.
  const county = await client.as({
    subject: 'demo-tuanfeng-government',
    roles: ['operator'],
    regionCode: '421121',
    organisationId: orgs.money.tuanfengGovernment,
  });
  await county.mutate('respondToAuditFinding', 'RespondToAuditFindingInput', {
    findingId,
    response:
      '团风县人民政府对审计发现无异议。县住建局将于30日内向其余符合条件的农户足额发放住房重建补助，' +
      '县财政局同步制定重建补助资金拨付时间表，整改结果按期书面报送审计厅。',
    recommendations: issueAuditFinding.recommendations.map((r) => ({
      recommendationId: r.id,
      adopted: true,
    })),
  });
  await client.mutate('advanceAuditEngagement', 'AdvanceAuditEngagementInput', {
    engagementId,
    stage: 'REPORTED',
    reportIssuedOn: today,
  });
  await client.mutate('issueAuditProblemList', 'IssueProblemListInput', {
    findingId,
    issuedOn: today,
    rectifyBy: today,
  });
  const listed = await client.run<IssuedFinding>(
    `mutation($input: IssueRectificationListInput!) {
      issueRectificationList(input: $input) { rectification { items { id } } } }`,
    {
      input: {
        findingId,
        issuedOn: today,
        items: [
          {
            text: 'Pay the remaining eligible households',
            ownerPersonId: housingOfficer,
            dueOn: addCalendarDays(today, 30),
          },
          {
            text: 'Adopt a disbursement timetable',
            ownerPersonId: financeOfficer,
            dueOn: addCalendarDays(today, 45),
          },
        ],
      },
    },
  );
  const [paid] = listed.issueRectificationList.rectification.items;
  await client.mutate('updateRectificationItem', 'UpdateRectificationItemInput', {
    itemId: paid!.id,
    state: 'RECTIFIED',
    evidence: [{ kind: 'Document', id: 'TF-2026-HS-02', note: 'the second subsidy list, paid' }],
  });
  await recoverDuplicatePayment(client, orgs, { fundId, engagementId });
  return findingId;
}

interface DuplicateAnomalies {
  anomalies: {
    edges: { node: { id: string; amountFen: string; evidence: { kind: string; id: string }[] } }[];
  };
}

/**
 * The anomaly rules run over the fund find Zhongguanyi's housing stage payment made twice (flood-money.ts); the
 * audit records it as a finding of the engagement, the builder refunds the second payment where the money lives
 * (the incidents service), and the audit links that refund to the finding as money recovered.
 */
async function recoverDuplicatePayment(
  client: DemoClient,
  orgs: HubeiOrganisations,
  { fundId, engagementId }: { fundId: string; engagementId: string },
): Promise<void> {
  await flagFloodAnomalies(client, { fundId });
  const { anomalies } = await client.run<DuplicateAnomalies>(
    `query($filter: AnomalyFilter) {
      anomalies(filter: $filter, first: 5) { edges { node { id amountFen evidence { kind id } } } }
    }`,
    { filter: { fundId, ruleKey: 'DUPLICATE_PAYMENT' } },
  );
  const duplicate = anomalies.edges[0]?.node;
  if (!duplicate) throw new Error('demo data: the housing payment made twice was not flagged');
  const payments = duplicate.evidence.filter((e) => e.kind === 'Flow').map((e) => e.id);
  const findingId = await client.mutate('recordAuditFinding', 'RecordAuditFindingInput', {
    engagementId,
    type: 'DUPLICATE_PAYMENT',
    title: 'A housing stage payment made twice',
    description:
      'The first stage of the Zhongguanyi housing contract (1 100 000 yuan) was paid on 20 and again on 21 ' +
      'October, under two vouchers, from the same allocation.',
    amountFen: yuan(1_100_000n),
    auditedOrganisationId: orgs.money.machengHousing,
    regionCode: '421181',
    evidence: payments.map((id) => ({ kind: 'Flow', id, note: 'a payment of the same stage' })),
    anomalyIds: [duplicate.id],
    recommendations: [
      'Recover the second payment from the builder',
      'Check vouchers against contract stages',
    ],
  });
  await client.mutate('issueAuditFinding', 'IssueAuditFindingInput', { findingId, issuedOn: chinaToday() });
  // The second payment, refunded by the builder where the money lives.
  const { refundProjectPayment } = await client.run<{ refundProjectPayment: { refunds: { id: string }[] } }>(
    `mutation($input: RefundProjectPaymentInput!) { refundProjectPayment(input: $input) { refunds { id } } }`,
    {
      input: {
        paymentId: payments[payments.length - 1],
        amountFen: yuan(1_100_000n),
        reason: 'Paid twice for the same stage; returned at the audit’s request',
      },
    },
  );
  const [refund] = refundProjectPayment.refunds;
  // The audit learns of the refund by event, moments later.
  await client.mutateOnceKnown(
    'recordFindingOutcome',
    'RecordFindingOutcomeInput',
    {
      findingId,
      recoveredFen: yuan(1_100_000n),
      savedFen: '0',
      transferredForHandling: false,
      recoveryFlowIds: [refund!.id],
    },
    ['RECOVERY_FLOW_NOT_A_RETURN'],
  );
}
