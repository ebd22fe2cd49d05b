import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { GatewayError, request } from './client';
import { toCsv } from './csv';
import { yuan } from './format';
import { MESSAGES, type Language, type Messages } from './i18n';
import type { TypedDocumentString } from './generated/graphql';

export interface Settings {
  language: Language;
  t: Messages;
  setLanguage: (language: Language) => void;
  /** Whether the caller may write audit records (dismiss anomalies): auditors and admins. */
  canAudit: boolean;
  onUnauthorised: () => void;
}

export const SettingsContext = createContext<Settings>({
  language: 'zh-CN',
  t: MESSAGES['zh-CN'],
  setLanguage: () => undefined,
  canAudit: false,
  onUnauthorised: () => undefined,
});

export const useSettings = () => useContext(SettingsContext);

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; error: GatewayError | Error }
  | { state: 'done'; data: T };

/** Runs `load` whenever `key` changes; a token the gateway refuses signs the caller out. */
export function useLoad<T>(load: () => Promise<T>, key: string): [Loaded<T>, () => void] {
  const { onUnauthorised } = useSettings();
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoaded({ state: 'loading' });
    load().then(
      (data) => current && setLoaded({ state: 'done', data }),
      (error: Error) => {
        if (!current) return;
        if (error instanceof GatewayError && error.code === 'UNAUTHENTICATED') onUnauthorised();
        setLoaded({ state: 'error', error });
      },
    );
    return () => {
      current = false;
    };
    // `load` is a new closure each render; `key` says when what it loads changes.
  }, [key, round]);
  return [loaded, useCallback(() => setRound((r) => r + 1), [])];
}

/** Every page of a connection, `after` cursor by cursor. */
export async function allPages<TResult, TVariables extends { after?: string | null }, TNode>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  page: (result: TResult) => { nodes: TNode[]; hasNextPage: boolean; endCursor?: string | null } | null,
): Promise<TNode[]> {
  const nodes: TNode[] = [];
  let after: string | null | undefined = undefined;
  for (;;) {
    const result = page(await request(document, { ...variables, after }));
    if (!result) return nodes;
    nodes.push(...result.nodes);
    if (!result.hasNextPage || !result.endCursor) return nodes;
    after = result.endCursor;
  }
}

export function Loading<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const { t } = useSettings();
  if (loaded.state === 'loading') return <p role="status">{t.loading}</p>;
  if (loaded.state === 'error')
    return (
      <p role="alert" className="error">
        {t.error}: {loaded.error.message}
        {loaded.error instanceof GatewayError && loaded.error.code ? ` (${loaded.error.code})` : ''}
      </p>
    );
  return <>{children(loaded.data)}</>;
}

/** An amount in yuan, exact to the fen, right-aligned. */
export function Yuan({ fen }: { fen: string | bigint }) {
  return <span className="money">{yuan(fen)}</span>;
}

export interface Column<Row> {
  header: string;
  /** The cell as shown. */
  cell: (row: Row) => ReactNode;
  /** The cell as exported: the same value as text. */
  text: (row: Row) => string;
  numeric?: boolean;
}

/**
 * A table with an export of exactly what it shows to CSV. `footer` is a last row (a total) shown and exported too.
 */
export function Table<Row>({
  caption,
  columns,
  rows,
  footer,
  file,
  rowKey,
  onRowClick,
  selected,
}: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  footer?: string[];
  file: string;
  rowKey: (row: Row, index: number) => string;
  onRowClick?: (row: Row) => void;
  selected?: string;
}) {
  const { t } = useSettings();
  const download = () => {
    const csv = toCsv(
      columns.map((c) => c.header),
      [...rows.map((row) => columns.map((c) => c.text(row))), ...(footer ? [footer] : [])],
    );
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
    link.download = `${file}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <div className="table" data-table={file}>
      <div className="table-head">
        <h3>{caption}</h3>
        <button type="button" onClick={download}>
          {t.exportCsv}
        </button>
      </div>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'numeric' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr className="empty">
              <td colSpan={columns.length}>{t.nothing}</td>
            </tr>
          )}
          {rows.map((row, i) => {
            const key = rowKey(row, i);
            return (
              <tr
                key={key}
                className={
                  [onRowClick ? 'clickable' : '', selected === key ? 'selected' : ''].join(' ').trim() ||
                  undefined
                }
                onClick={onRowClick ? () => onRowClick(row) : undefined}
              >
                {columns.map((c) => (
                  <td key={c.header} className={c.numeric ? 'numeric' : undefined}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
        {footer && (
          <tfoot>
            <tr>
              {footer.map((value, i) => (
                <td key={i} className={columns[i]?.numeric ? 'numeric' : undefined}>
                  {value}
                </td>
              ))}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** A party as the flow names it: the organisation's name, else the name on the record. */
export const partyName = (name?: string | null, organisation?: { name: string } | null) =>
  organisation?.name ?? name ?? '—';

/** A contribution as a list names it: who paid, and what the record says. */
export const contributionLabel = (
  t: Messages,
  flow: { payerName?: string | null; payer?: { name: string } | null; description: string },
) => t.labelled(partyName(flow.payerName, flow.payer), flow.description);
