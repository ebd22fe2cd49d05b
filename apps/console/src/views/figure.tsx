import { FigureRecordsDocument } from '../generated/graphql';
import { request } from '../client';
import { sumFen, yuan } from '../format';
import { hashOf } from '../route';
import { Loading, Table, useLoad, useSettings, Yuan } from '../ui';
import { flowColumns } from './flow-columns';

async function figureRecords(incidentId: string, key: string, asOf?: string) {
  const variables = { incidentId, key, asOf: asOf ?? null };
  const first = await request(FigureRecordsDocument, variables);
  const figure = first.disasterAnnouncement?.figure;
  if (!figure) return null;
  const flows = figure.flows.edges.map((e) => e.node);
  const findings = figure.findings.edges.map((e) => e.node);
  // The rest of each list, page by page.
  for (let page = figure.flows.pageInfo; page.hasNextPage; ) {
    const next = await request(FigureRecordsDocument, { ...variables, after: page.endCursor });
    const more = next.disasterAnnouncement?.figure?.flows;
    if (!more) break;
    flows.push(...more.edges.map((e) => e.node));
    page = more.pageInfo;
  }
  for (let page = figure.findings.pageInfo; page.hasNextPage; ) {
    const next = await request(FigureRecordsDocument, { ...variables, findingsAfter: page.endCursor });
    const more = next.disasterAnnouncement?.figure?.findings;
    if (!more) break;
    findings.push(...more.edges.map((e) => e.node));
    page = more.pageInfo;
  }
  return { figure, flows, findings };
}

/** One figure of the announcement and the records behind it, which add up to it. */
export function FigureView({
  incidentId,
  figureKey,
  asOf,
}: {
  incidentId: string;
  figureKey: string;
  asOf?: string;
}) {
  const { t, language } = useSettings();
  const [loaded] = useLoad(
    () => figureRecords(incidentId, figureKey, asOf),
    `figure ${incidentId} ${figureKey} ${asOf}`,
  );
  return (
    <Loading loaded={loaded}>
      {(records) => {
        if (!records) return <p>{t.nothing}</p>;
        const { figure, flows, findings } = records;
        const flowTotal = sumFen(flows.map((f) => f.amountFen));
        const findingTotal = sumFen(findings.map((f) => f.amountFen));
        const total = flows.length > 0 ? flowTotal : findingTotal;
        const name = language === 'en' ? figure.itemEn : figure.item;
        const item = figure.organisation ? t.labelled(name, figure.organisation.name) : name;
        return (
          <section>
            <p>
              <a href={hashOf({ view: 'overview', incidentId }, asOf)}>← {t.overview}</a>
            </p>
            <h2>
              {item}: <Yuan fen={figure.amountFen} />
            </h2>
            <p className={total === BigInt(figure.amountFen) ? 'ok' : 'warning'} data-testid="figure-check">
              {t.sumOfRows} {yuan(total)} — {total === BigInt(figure.amountFen) ? t.matches : t.differs}
            </p>
            {(flows.length > 0 || findings.length === 0) && (
              <Table
                caption={t.flowsBehind}
                file={`figure-${figure.key}-flows`}
                rowKey={(r, i) => `${r.flow.id}:${i}`}
                rows={flows}
                columns={flowColumns(
                  t,
                  (r: (typeof flows)[number]) => r.flow,
                  (r) => r.amountFen,
                )}
                footer={['', '', '', '', t.sumOfRows, yuan(flowTotal), '']}
              />
            )}
            {findings.length > 0 && (
              <Table
                caption={t.findingsBehind}
                file={`figure-${figure.key}-findings`}
                rowKey={(r) => r.findingId}
                rows={findings}
                columns={[
                  {
                    header: t.finding,
                    cell: (r) => (
                      <a href={hashOf({ view: 'findings', incidentId })}>
                        {t.findingTypes[r.type] ?? r.type}
                      </a>
                    ),
                    text: (r) => t.findingTypes[r.type] ?? r.type,
                  },
                  { header: t.count, numeric: true, cell: (r) => r.count, text: (r) => String(r.count) },
                  {
                    header: t.amount,
                    numeric: true,
                    cell: (r) => <Yuan fen={r.amountFen} />,
                    text: (r) => yuan(r.amountFen),
                  },
                ]}
                footer={[t.sumOfRows, String(findings.reduce((n, f) => n + f.count, 0)), yuan(findingTotal)]}
              />
            )}
          </section>
        );
      }}
    </Loading>
  );
}
