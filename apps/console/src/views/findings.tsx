import { FindingsDocument, type FindingsQuery } from '../generated/graphql';
import { sumFen, yuan } from '../format';
import { allPages, Loading, Table, useLoad, useSettings, Yuan } from '../ui';

type Finding = FindingsQuery['auditFindings']['edges'][number]['node'];

const COLUMNS = ['NOT_RECTIFIED', 'CONTINUING', 'PENDING', 'RECTIFIED'] as const;

/**
 * Findings as a board by rectification state (not rectified, continuing, still rectifying, rectified), overdue items
 * marked, with the amounts recovered; and the same findings as a table to export. Findings of the disaster's region
 * and below, as the caller's jurisdiction allows.
 */
export function FindingsView({ regionCode }: { regionCode: string }) {
  const { t } = useSettings();
  const [loaded] = useLoad(
    () =>
      allPages(FindingsDocument, { filter: { regionCode } }, (r) => ({
        nodes: r.auditFindings.edges.map((e) => e.node),
        ...r.auditFindings.pageInfo,
      })),
    `findings ${regionCode}`,
  );
  return (
    <section>
      <h2>{t.findings}</h2>
      <Loading loaded={loaded}>
        {(findings) => {
          const stateOf = (f: Finding) => f.rectificationState ?? 'PENDING';
          return (
            <>
              <div className="board">
                {COLUMNS.map((state) => (
                  <div key={state} className="board-column" data-state={state}>
                    <h3>{t.rectificationState[state]}</h3>
                    {findings
                      .filter((f) => stateOf(f) === state)
                      .map((f) => (
                        <FindingCard key={f.id} finding={f} />
                      ))}
                  </div>
                ))}
              </div>
              <Table
                caption={t.findings}
                file="findings"
                rowKey={(f) => f.id}
                rows={findings}
                columns={[
                  { header: t.finding, cell: (f) => f.title, text: (f) => f.title },
                  {
                    header: t.auditedUnit,
                    cell: (f) => f.auditedOrganisation?.name ?? '',
                    text: (f) => f.auditedOrganisation?.name ?? '',
                  },
                  {
                    header: t.status,
                    cell: (f) => t.rectificationState[stateOf(f)],
                    text: (f) => t.rectificationState[stateOf(f)],
                  },
                  {
                    header: t.amount,
                    numeric: true,
                    cell: (f) => <Yuan fen={f.amountFen} />,
                    text: (f) => yuan(f.amountFen),
                  },
                  {
                    header: t.recovered,
                    numeric: true,
                    cell: (f) => <Yuan fen={f.recoveredFen} />,
                    text: (f) => yuan(f.recoveredFen),
                  },
                ]}
                footer={[
                  t.sumOfRows,
                  '',
                  '',
                  yuan(sumFen(findings.map((f) => f.amountFen))),
                  yuan(sumFen(findings.map((f) => f.recoveredFen))),
                ]}
              />
            </>
          );
        }}
      </Loading>
    </section>
  );
}

function FindingCard({ finding: f }: { finding: Finding }) {
  const { t } = useSettings();
  const overdue = (f.rectification?.overdue.length ?? 0) > 0 || f.rectification?.items.some((i) => i.overdue);
  return (
    <article className={`card finding${overdue ? ' overdue' : ''}`} data-finding={f.id}>
      <header>
        <strong>{f.title}</strong> {overdue && <span className="badge overdue">{t.overdue}</span>}
      </header>
      <p className="meta">
        {t.findingTypes[f.type] ?? f.type} · {f.auditedOrganisation?.name ?? f.regionCode}
      </p>
      <p>
        {t.amount}: <Yuan fen={f.amountFen} />
        {BigInt(f.recoveredFen) > 0n && (
          <>
            {' '}
            · {t.recovered}: <Yuan fen={f.recoveredFen} />
          </>
        )}
      </p>
      <p>
        {t.labelled(
          t.response,
          f.response ?? `${t.noResponse}${t.paren(`${t.dueOn} ${f.responseDueOn ?? '—'}`)}`,
        )}
      </p>
      {f.rectification && f.rectification.items.length > 0 && (
        <ul className="items">
          {f.rectification.items.map((item) => (
            <li key={item.id} className={item.overdue ? 'overdue' : undefined}>
              {item.text} — {item.state ? t.rectificationState[item.state] : '…'} · {t.dueOn} {item.dueOn}
              {item.overdue ? ` · ${t.overdue}` : ''}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
