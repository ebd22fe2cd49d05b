import { useMemo, useState } from 'react';
import { FundFlowsDocument, IncidentSummaryDocument } from '../generated/graphql';
import { request } from '../client';
import { Sankey } from '../chart';
import { yuan } from '../format';
import { hashOf } from '../route';
import { sankeyOf, stageTotal, type SankeyBand } from '../sankey';
import { Loading, Table, useLoad, useSettings, Yuan } from '../ui';
import { flowColumns } from './flow-columns';

async function fundFlows(incidentId: string, fundId?: string) {
  const { incident } = await request(IncidentSummaryDocument, { id: incidentId });
  const funds = incident?.funds ?? [];
  const chosen = fundId ?? funds[0]?.id;
  if (!chosen) return { funds, trace: null, flows: [] };
  const first = await request(FundFlowsDocument, { fundId: chosen });
  const trace = first.fundTrace;
  if (!trace) return { funds, trace: null, flows: [] };
  const flows = trace.flows.edges.map((e) => e.node);
  for (let page = trace.flows.pageInfo; page.hasNextPage; ) {
    const next = (await request(FundFlowsDocument, { fundId: chosen, after: page.endCursor })).fundTrace
      ?.flows;
    if (!next) break;
    flows.push(...next.edges.map((e) => e.node));
    page = next.pageInfo;
  }
  return { funds, trace, flows };
}

/**
 * A fund's money from its contributors to the fund, its recipients and their payees, as a Sankey diagram with the
 * same bands listed below it; choosing a band (in the diagram or the list) lists its flows.
 */
export function MoneyFlowView({ incidentId, fundId }: { incidentId: string; fundId?: string }) {
  const { t } = useSettings();
  const [loaded] = useLoad(() => fundFlows(incidentId, fundId), `flows ${incidentId} ${fundId}`);
  const [band, setBand] = useState<number | null>(null);
  return (
    <Loading loaded={loaded}>
      {({ funds, trace, flows }) => {
        if (!trace) return <p>{t.nothing}</p>;
        return (
          <FundSankey
            incidentId={incidentId}
            funds={funds}
            trace={trace}
            flows={flows}
            band={band}
            onBand={setBand}
          />
        );
      }}
    </Loading>
  );
}

type Loaded = Awaited<ReturnType<typeof fundFlows>>;

function FundSankey({
  incidentId,
  funds,
  trace,
  flows,
  band,
  onBand,
}: {
  incidentId: string;
  funds: Loaded['funds'];
  trace: NonNullable<Loaded['trace']>;
  flows: Loaded['flows'];
  band: number | null;
  onBand: (band: number | null) => void;
}) {
  const { t } = useSettings();
  const model = useMemo(
    () =>
      sankeyOf(flows, {
        fund: trace.fund?.name ?? t.fund,
        unallocated: t.unallocated,
        undisbursed: t.undisbursed,
      }),
    [flows, trace, t],
  );
  const name = (id: string) => model.nodes.find((n) => n.id === id)?.name ?? id;
  const chosen: SankeyBand | null = band === null ? null : (model.bands[band] ?? null);
  const byId = new Map(flows.map((f) => [f.id, f]));
  const totals = [
    ['RAISED', trace.raisedFen],
    ['ALLOCATED', trace.allocatedFen],
    ['DISBURSED', trace.disbursedFen],
  ] as const;
  return (
    <section>
      <h2>
        {t.moneyFlow}: {trace.fund?.name}
      </h2>
      {funds.length > 1 && (
        <nav aria-label={t.funds}>
          {funds.map((f) => (
            <a key={f.id} href={hashOf({ view: 'flows', incidentId, fundId: f.id })}>
              {f.name}
            </a>
          ))}
        </nav>
      )}
      <dl className="totals">
        {totals.map(([stage, fen]) => (
          <div key={stage} data-stage={stage}>
            <dt>{t.stageName[stage]}</dt>
            <dd>
              <Yuan fen={fen} />
              <span className={stageTotal(model, stage) === BigInt(fen) ? 'ok' : 'warning'}>
                {stageTotal(model, stage) === BigInt(fen) ? ' ✓' : ` ≠ ${yuan(stageTotal(model, stage))}`}
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <Sankey model={model} label={`${t.moneyFlow}: ${trace.fund?.name ?? ''}`} onBand={onBand} />
      <Table
        caption={t.bands}
        file="money-flow-bands"
        rowKey={(_, i) => String(i)}
        rows={model.bands}
        selected={band === null ? undefined : String(band)}
        onRowClick={(b) => onBand(model.bands.indexOf(b))}
        columns={[
          { header: t.stage, cell: (b) => t.stageName[b.stage], text: (b) => t.stageName[b.stage] },
          { header: t.from, cell: (b) => name(b.source), text: (b) => name(b.source) },
          { header: t.to, cell: (b) => name(b.target), text: (b) => name(b.target) },
          {
            header: t.amount,
            numeric: true,
            cell: (b) => <Yuan fen={b.valueFen} />,
            text: (b) => yuan(b.valueFen),
          },
          {
            header: t.count,
            numeric: true,
            cell: (b) => b.flowIds.length,
            text: (b) => String(b.flowIds.length),
          },
        ]}
      />
      {chosen && chosen.flowIds.length > 0 && (
        <Table
          caption={`${t.bandFlows}: ${name(chosen.source)} → ${name(chosen.target)}`}
          file="money-flow-band"
          rowKey={(f) => f.id}
          rows={chosen.flowIds.map((id) => byId.get(id)!).filter(Boolean)}
          columns={flowColumns(
            t,
            (f: (typeof flows)[number]) => f,
            (f) => (f.reverses ? `-${f.amountFen}` : f.amountFen),
          )}
        />
      )}
    </section>
  );
}
