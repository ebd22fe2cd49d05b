import { useMemo } from 'react';
import { FlowTraceDocument, type FlowSummaryFragment } from '../generated/graphql';
import { request } from '../client';
import { Sankey } from '../chart';
import { chinaDay, sumFen, yuan } from '../format';
import { hashOf } from '../route';
import type { SankeyModel } from '../sankey';
import { Loading, partyName, Table, useLoad, useSettings, Yuan } from '../ui';
import { ContributionShares } from './contributions';
import { flowColumns } from './flow-columns';
import { GoodsOutcomes } from './goods';

async function traceOf(flowId: string) {
  const first = await request(FlowTraceDocument, { id: flowId });
  const flow = first.flow;
  if (!flow) return null;
  const uses = flow.contributionUses.edges.map((e) => e.node);
  for (let page = flow.contributionUses.pageInfo; page.hasNextPage; ) {
    const next = (await request(FlowTraceDocument, { id: flowId, usesAfter: page.endCursor })).flow
      ?.contributionUses;
    if (!next) break;
    uses.push(...next.edges.map((e) => e.node));
    page = next.pageInfo;
  }
  return { flow, uses };
}

const label = (f: FlowSummaryFragment) =>
  `${partyName(f.payerName, f.payer)} → ${partyName(f.payeeName, f.payee)}`;

/**
 * One flow followed both ways: back to the contributions its money is, to the fen (drawn, and listed), and, for
 * money raised, forward to every flow that moved part of it.
 */
export function TraceView({ flowId }: { flowId: string }) {
  const { t } = useSettings();
  const [loaded] = useLoad(() => traceOf(flowId), `trace ${flowId}`);
  return <Loading loaded={loaded}>{(trace) => (trace ? <Trace {...trace} /> : <p>{t.nothing}</p>)}</Loading>;
}

function Trace({ flow, uses }: NonNullable<Awaited<ReturnType<typeof traceOf>>>) {
  const { t } = useSettings();
  const self = `${t.stageName[flow.stage]}: ${label(flow)}`;
  const model = useMemo<SankeyModel>(() => {
    const nodes = [{ id: 'flow', name: self, column: 1 }];
    const bands = flow.origins.map((o, i) => {
      nodes.push({
        id: `origin:${i}`,
        name: o.flow
          ? `${partyName(o.flow.payerName, o.flow.payer)} ${chinaDay(o.flow.occurredAt)}`
          : o.contributionId,
        column: 0,
      });
      return {
        stage: 'RAISED' as const,
        source: `origin:${i}`,
        target: 'flow',
        valueFen: BigInt(o.amountFen),
        flowIds: [],
      };
    });
    return { nodes, bands };
  }, [flow, self]);
  const stages = ['ALLOCATED', 'DISBURSED', 'USED'];
  return (
    <section>
      <h2>
        {t.traceTitle}: {flow.description}
      </h2>
      <dl className="flow-card">
        <dt>{t.stage}</dt>
        <dd>
          {t.stageName[flow.stage]}
          {flow.reverses ? t.paren(t.reversal) : ''}
        </dd>
        <dt>{t.payer}</dt>
        <dd>{partyName(flow.payerName, flow.payer)}</dd>
        <dt>{t.payee}</dt>
        <dd>{partyName(flow.payeeName, flow.payee)}</dd>
        <dt>{t.date}</dt>
        <dd>{chinaDay(flow.occurredAt)}</dd>
        <dt>{t.amount}</dt>
        <dd>
          <Yuan fen={flow.amountFen} />
        </dd>
        <dt>{t.fund}</dt>
        <dd>{flow.fund?.name ?? '—'}</dd>
        {flow.projectId && (
          <>
            <dt>{t.project}</dt>
            <dd>
              <a href={hashOf({ view: 'project', projectId: flow.projectId })}>{t.projectPaidBy}</a>
            </dd>
          </>
        )}
      </dl>
      <h3>{t.backward}</h3>
      {flow.origins.length > 1 && (
        <Sankey
          model={model}
          label={`${t.backward}: ${self}`}
          height={Math.max(200, flow.origins.length * 48)}
        />
      )}
      <ContributionShares caption={t.backward} file={`trace-${flow.id}-origins`} shares={flow.origins} />
      {flow.sources.length > 0 && (
        <Table
          caption={t.sources}
          file={`trace-${flow.id}-sources`}
          rowKey={(s) => s.flowId}
          rows={flow.sources.filter((s) => s.flow)}
          columns={flowColumns(
            t,
            (s: (typeof flow.sources)[number]) => s.flow!,
            (s) => s.amountFen,
          )}
        />
      )}
      {flow.goodsOutcomes && (
        <>
          <h3>{t.goods.ofFlow}</h3>
          <GoodsOutcomes goods={flow.goodsOutcomes} caption={t.goods.title} file={`trace-${flow.id}-goods`} />
        </>
      )}
      {flow.stage === 'RAISED' &&
        stages.map((stage) => {
          const rows = uses.filter((u) => u.stage === stage);
          if (rows.length === 0) return null;
          const total = sumFen(rows.map((u) => (u.reversal ? `-${u.amountFen}` : u.amountFen)));
          return (
            <Table
              key={stage}
              caption={`${t.forward} — ${t.stageName[stage]}`}
              file={`trace-${flow.id}-${stage.toLowerCase()}`}
              rowKey={(u, i) => `${u.flow.id}:${i}`}
              rows={rows}
              columns={flowColumns(
                t,
                (u: (typeof uses)[number]) => u.flow,
                (u) => (u.reversal ? `-${u.amountFen}` : u.amountFen),
              )}
              footer={['', '', '', '', t.sumOfRows, yuan(total), '']}
            />
          );
        })}
    </section>
  );
}
