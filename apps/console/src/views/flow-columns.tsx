import type { FlowSummaryFragment } from '../generated/graphql';
import { chinaDay, yuan } from '../format';
import { hashOf } from '../route';
import type { Messages } from '../i18n';
import { partyName, type Column } from '../ui';

/** The columns a list of flows shows; `amountOf` the amount a row counts (a part of the flow, signed). */
export function flowColumns<Row>(
  t: Messages,
  flowOf: (row: Row) => FlowSummaryFragment,
  amountOf: (row: Row) => string,
): Column<Row>[] {
  const stage = (f: FlowSummaryFragment) =>
    `${t.stageName[f.stage] ?? f.stage}${f.reverses ? t.paren(t.reversal) : ''}`;
  return [
    {
      header: t.date,
      cell: (r) => chinaDay(flowOf(r).occurredAt),
      text: (r) => chinaDay(flowOf(r).occurredAt),
    },
    { header: t.stage, cell: (r) => stage(flowOf(r)), text: (r) => stage(flowOf(r)) },
    {
      header: t.payer,
      cell: (r) => partyName(flowOf(r).payerName, flowOf(r).payer),
      text: (r) => partyName(flowOf(r).payerName, flowOf(r).payer),
    },
    {
      header: t.payee,
      cell: (r) => partyName(flowOf(r).payeeName, flowOf(r).payee),
      text: (r) => partyName(flowOf(r).payeeName, flowOf(r).payee),
    },
    { header: t.description, cell: (r) => flowOf(r).description, text: (r) => flowOf(r).description },
    {
      header: t.amount,
      numeric: true,
      cell: (r) => <span className="money">{yuan(amountOf(r))}</span>,
      text: (r) => yuan(amountOf(r)),
    },
    {
      header: t.trace,
      cell: (r) => (
        <a
          href={hashOf({ view: 'trace', flowId: flowOf(r).id })}
          aria-label={`${t.trace} ${flowOf(r).description}`}
        >
          →
        </a>
      ),
      text: (r) => flowOf(r).id,
    },
  ];
}
