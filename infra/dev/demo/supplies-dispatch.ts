import { chinaToday } from '@emergency/domain';
import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';
import type { DemoReserves } from './reserves';
import { STOCK_DEMO_ITEMS } from './stock';

const DISPATCH_FIELDS = `id status shipments { shipmentId itemCode quantity }`;

/**
 * The Ju River flood's dispatch (调拨): Tuanfeng asks Huanggang by phone for tents and water for its shelter (flagged,
 * as the county still holds some water of its own), records the written paperwork, Huanggang's leader approves,
 * Huanggang instructs and sends 60 tents and 200 bottles of water from its reserve point to Tuanfeng's, and Tuanfeng
 * receives them three tents short. `people` are the contacts and the approver; registered when not given.
 */
export async function playDispatch(
  client: DemoClient,
  orgs: HubeiOrganisations,
  points: DemoReserves,
  refs: {
    incidentId?: string;
    shelterId?: string;
    people?: { countyContact: string; prefectureContact: string; leader: string };
  },
): Promise<{ requestId: string; dispatchId: string }> {
  const person = (organisationId: string, name: string, post: string) =>
    client.mutate('registerPerson', 'RegisterPersonInput', { organisationId, name, post });
  const people = refs.people ?? {
    countyContact: await person(orgs.tuanfeng, '刘建国', '团风县应急管理局物资保障股股长'),
    prefectureContact: await person(
      orgs.huanggangEmergency,
      '何晓东',
      '黄冈市应急管理局救灾和物资保障科科长',
    ),
    leader: await person(orgs.huanggangEmergency, '吴振华', '黄冈市应急管理局局长'),
  };
  const { requestSupplies } = await client.run<{ requestSupplies: { id: string } }>(
    `mutation($input: RequestSuppliesInput!) { requestSupplies(input: $input) { id } }`,
    {
      input: {
        requesterRegionCode: '421121',
        askedRegionCode: '421100',
        incidentId: refs.incidentId ?? null,
        channel: 'PHONE',
        lines: [
          { itemCode: STOCK_DEMO_ITEMS.tent, quantity: 80 },
          { itemCode: STOCK_DEMO_ITEMS.water, quantity: 200 },
        ],
        receivingReservePointId: points.tuanfengPoint,
        shelterId: refs.shelterId ?? null,
        contactPersonIds: [people.countyContact],
      },
    },
  );
  const requestId = requestSupplies.id;
  const step = (mutation: string, inputType: string, input: Record<string, unknown>, fields = 'id') =>
    client.run<Record<string, Record<string, unknown>>>(
      `mutation($input: ${inputType}!) { ${mutation}(input: $input) { ${fields} } }`,
      { input },
    );
  await step('recordSuppliesRequestPaperwork', 'RecordSuppliesRequestPaperworkInput', {
    requestId,
    documentNumber: '团应急〔2026〕21号',
  });
  await step('decideSuppliesRequest', 'DecideSuppliesRequestInput', {
    requestId,
    decision: 'APPROVED',
    approverPersonId: people.leader,
    note: '同意从市级储备调拨，先发帐篷60顶、饮用水200箱',
  });
  const instructed = await step(
    'issueDispatchInstruction',
    'IssueDispatchInstructionInput',
    {
      requestId,
      documentNumber: '黄应急调〔2026〕8号',
      sendingReservePointId: points.huanggangPoint,
      lines: [
        { itemCode: STOCK_DEMO_ITEMS.tent, quantity: 60 },
        { itemCode: STOCK_DEMO_ITEMS.water, quantity: 200 },
      ],
      contactPersonIds: [people.prefectureContact, people.countyContact],
    },
    'id',
  );
  const dispatchId = instructed.issueDispatchInstruction.id as string;
  const sent = (await step('sendDispatch', 'SendDispatchInput', { dispatchId }, DISPATCH_FIELDS))
    .sendDispatch as { shipments: { shipmentId: string; itemCode: string; quantity: number }[] };
  const tents = sent.shipments.find((s) => s.itemCode === STOCK_DEMO_ITEMS.tent)!;
  await step(
    'receiveDispatch',
    'ReceiveDispatchInput',
    {
      dispatchId,
      receivedOn: chinaToday(),
      lines: [{ shipmentId: tents.shipmentId, receivedQuantity: tents.quantity - 3 }],
      note: '帐篷3顶运输途中破损，未入库',
    },
    DISPATCH_FIELDS,
  );
  return { requestId, dispatchId };
}
