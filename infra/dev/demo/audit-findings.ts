import { yuan, type DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

interface IssuedFinding {
  issueRectificationList: { rectification: { items: { id: string }[] } };
}

/**
 * The provincial audit office's tracking audit of the Huanggang flood fund (at the province's level, 420000): one
 * finding, Tuanfeng county's housing subsidies (200 000 yuan to six households) paid on 15 September, two months
 * after the money arrived; issued to the county government, its problem list and a rectification list of two items,
 * one rectified, the team and the item owners registered as people of the audit office and the county. The
 * county's written response needs a token of the
 * county's own (an operator acting for it): the demo's admin token cannot answer for it, so the finding stays
 * ISSUED until the county answers. Returns the finding's id.
 */
export async function followUpFloodAudit(
  client: DemoClient,
  orgs: HubeiOrganisations,
  { fundId, incidentId }: { fundId: string; incidentId: string },
): Promise<string> {
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
  await client.mutate('issueAuditFinding', 'IssueAuditFindingInput', { findingId, issuedOn: '2026-10-20' });
  await client.mutate('advanceAuditEngagement', 'AdvanceAuditEngagementInput', {
    engagementId,
    stage: 'REPORTED',
    reportIssuedOn: '2026-10-20',
  });
  await client.mutate('issueAuditProblemList', 'IssueProblemListInput', {
    findingId,
    issuedOn: '2026-10-26',
    rectifyBy: '2026-11-20',
  });
  const listed = await client.run<IssuedFinding>(
    `mutation($input: IssueRectificationListInput!) {
      issueRectificationList(input: $input) { rectification { items { id } } } }`,
    {
      input: {
        findingId,
        issuedOn: '2026-11-23',
        items: [
          {
            text: 'Pay the remaining eligible households',
            ownerPersonId: housingOfficer,
            dueOn: '2026-12-15',
          },
          { text: 'Adopt a disbursement timetable', ownerPersonId: financeOfficer, dueOn: '2026-12-31' },
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
  return findingId;
}
