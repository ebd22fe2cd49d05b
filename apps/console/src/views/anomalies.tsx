import { useState } from 'react';
import { AnomaliesDocument, DismissAnomalyDocument, type AnomalyDetailFragment } from '../generated/graphql';
import { GatewayError, request } from '../client';
import { chinaDay } from '../format';
import { hashOf } from '../route';
import { allPages, Loading, useLoad, useSettings, Yuan } from '../ui';

/** A disaster's anomalies with their evidence; an auditor dismisses one with a reason. */
export function AnomaliesView({ incidentId }: { incidentId: string }) {
  const { t } = useSettings();
  const [loaded, reload] = useLoad(
    () =>
      allPages(AnomaliesDocument, { filter: { incidentId } }, (r) => ({
        nodes: r.anomalies.edges.map((e) => e.node),
        ...r.anomalies.pageInfo,
      })),
    `anomalies ${incidentId}`,
  );
  return (
    <section>
      <h2>{t.anomalies}</h2>
      <Loading loaded={loaded}>
        {(anomalies) =>
          anomalies.length === 0 ? (
            <p>{t.nothing}</p>
          ) : (
            <ul className="cards">
              {anomalies.map((a) => (
                <AnomalyCard key={a.id} anomaly={a} incidentId={incidentId} onChange={reload} />
              ))}
            </ul>
          )
        }
      </Loading>
    </section>
  );
}

function AnomalyCard({
  anomaly: a,
  incidentId,
  onChange,
}: {
  anomaly: AnomalyDetailFragment;
  incidentId: string;
  onChange: () => void;
}) {
  const { t, canAudit } = useSettings();
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const dismiss = async () => {
    if (!reason.trim()) return setProblem(t.reasonRequired);
    try {
      await request(DismissAnomalyDocument, { input: { anomalyId: a.id, reason: reason.trim() } });
      setDismissing(false);
      onChange();
    } catch (error) {
      setProblem(error instanceof GatewayError ? `${error.message} (${error.code ?? ''})` : String(error));
    }
  };
  return (
    <li className={`card anomaly status-${a.status.toLowerCase()}`} data-anomaly={a.id}>
      <header>
        <strong>{a.ruleKey}</strong> <span className="badge">{t.anomalyStatus[a.status] ?? a.status}</span>{' '}
        <Yuan fen={a.amountFen} />
      </header>
      <p>{a.summary}</p>
      <p className="meta">
        {t.region} {a.regionCode} · {chinaDay(a.detectedAt)}
      </p>
      <h4>{t.evidence}</h4>
      <ul>
        {a.evidence.map((e) => (
          <li key={`${e.kind}:${e.id}`}>
            {e.kind === 'Flow' ? (
              <a href={hashOf({ view: 'trace', flowId: e.id })}>{e.note}</a>
            ) : (
              `${e.kind}: ${e.note}`
            )}
          </li>
        ))}
      </ul>
      {a.dismissedReason && (
        <p>
          {t.dismissedBecause}: {a.dismissedReason}
        </p>
      )}
      {a.findingId && (
        <p>
          <a href={hashOf({ view: 'findings', incidentId })}>
            {t.finding} {a.findingId.slice(0, 8)}
          </a>
        </p>
      )}
      {canAudit && a.status === 'OPEN' && !dismissing && (
        <button type="button" onClick={() => setDismissing(true)}>
          {t.dismiss}
        </button>
      )}
      {dismissing && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void dismiss();
          }}
        >
          <label>
            {t.dismissReason}
            <textarea value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
          </label>
          {problem && <p role="alert">{problem}</p>}
          <button type="submit">{t.confirmDismiss}</button>
          <button type="button" onClick={() => setDismissing(false)}>
            {t.cancel}
          </button>
        </form>
      )}
    </li>
  );
}
