import type { FlowSummaryFragment } from '../generated/graphql';
import { chinaDay, sumFen, yuan } from '../format';
import { hashOf } from '../route';
import { contributionLabel, Table, useSettings, Yuan } from '../ui';

export interface ContributionShare {
  contributionId: string;
  amountFen: string | bigint;
  /** The contribution's raised flow; null while the audit has not recorded it. */
  flow?: FlowSummaryFragment | null;
}

/**
 * The contributions something was paid by, each a link to its own trace, with their total: what a payment, a
 * project or a lot of goods traces back to.
 */
export function ContributionShares({
  caption,
  file,
  shares,
}: {
  caption: string;
  file: string;
  shares: ContributionShare[];
}) {
  const { t } = useSettings();
  const label = (c: ContributionShare) =>
    c.flow ? contributionLabel(t, c.flow) : `${c.contributionId}${t.paren(t.notRecorded)}`;
  return (
    <Table
      caption={caption}
      file={file}
      rowKey={(c) => c.contributionId}
      rows={shares}
      columns={[
        {
          header: t.contribution,
          cell: (c) => <a href={hashOf({ view: 'trace', flowId: c.contributionId })}>{label(c)}</a>,
          text: label,
        },
        {
          header: t.date,
          cell: (c) => (c.flow ? chinaDay(c.flow.occurredAt) : ''),
          text: (c) => (c.flow ? chinaDay(c.flow.occurredAt) : ''),
        },
        {
          header: t.amount,
          numeric: true,
          cell: (c) => <Yuan fen={c.amountFen} />,
          text: (c) => yuan(c.amountFen),
        },
      ]}
      footer={[t.sumOfRows, '', yuan(sumFen(shares.map((c) => c.amountFen)))]}
    />
  );
}
