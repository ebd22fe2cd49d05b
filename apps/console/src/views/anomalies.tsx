import { useState } from 'react';
import {
  AnomaliesDocument,
  AuditFindingType,
  DismissAnomalyDocument,
  EngagementsDocument,
  RecordFindingDocument,
  type AnomalyDetailFragment,
} from '../generated/graphql';
import { GatewayError, request } from '../client';
import { chinaDay, fenOfYuan, yuan } from '../format';
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
  const [recording, setRecording] = useState(false);
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
        <strong>{t.ruleNames[a.ruleKey] ?? a.ruleKey}</strong>{' '}
        <span className="badge">{t.anomalyStatus[a.status] ?? a.status}</span> <Yuan fen={a.amountFen} />
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
      {canAudit && a.status === 'OPEN' && !dismissing && !recording && (
        <p className="actions">
          <button type="button" onClick={() => setRecording(true)}>
            {t.toFinding}
          </button>{' '}
          <button type="button" onClick={() => setDismissing(true)}>
            {t.dismiss}
          </button>
        </p>
      )}
      {recording && (
        <FindingForm
          anomaly={a}
          incidentId={incidentId}
          onCancel={() => setRecording(false)}
          onRecorded={() => {
            setRecording(false);
            onChange();
          }}
        />
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

/** Every finding type the schema names, in its order. */
const FINDING_TYPES = Object.values(AuditFindingType);

/** The anomaly's rule as the finding type it most often becomes; the auditor may choose another. */
const TYPE_OF_RULE: Record<string, AuditFindingType> = {
  IDLE_ALLOCATION: 'IDLE_FUNDS',
  LATE_DISBURSEMENT: 'LATE_DISBURSEMENT',
  DUPLICATE_PAYMENT: 'DUPLICATE_PAYMENT',
  UNIT_PRICE_FAR_FROM_MEDIAN: 'OVER_STANDARD',
  GOODS_PAID_NOT_RECEIVED: 'UNBOOKED_GOODS',
  HOUSEHOLD_PAID_TWICE: 'UNFAIR_DISTRIBUTION',
  HOUSEHOLD_NOT_PUBLISHED: 'UNFAIR_DISTRIBUTION',
  DIRECTED_DONATION_MISUSED: 'DIVERSION',
  MONEY_TO_DISSOLVED_ORGANISATION: 'MISAPPROPRIATION',
  SPLIT_BELOW_TENDER_THRESHOLD: 'PROJECT_MANAGEMENT',
};

/**
 * An anomaly recorded as a draft finding of one of the disaster's engagements, with the anomaly's evidence and the
 * organisation it names as the audited unit. The audit checks it again and refuses with a stable code.
 */
function FindingForm({
  anomaly: a,
  incidentId,
  onCancel,
  onRecorded,
}: {
  anomaly: AnomalyDetailFragment;
  incidentId: string;
  onCancel: () => void;
  onRecorded: () => void;
}) {
  const { t } = useSettings();
  const [engagements] = useLoad(
    () =>
      request(EngagementsDocument, { incidentId }).then((r) => r.auditEngagements.edges.map((e) => e.node)),
    `engagements ${incidentId}`,
  );
  const units = new Map<string, string>();
  for (const e of a.evidence)
    for (const party of [e.flow?.payee, e.flow?.payer]) if (party) units.set(party.id, party.name);
  const [engagementId, setEngagementId] = useState('');
  const [type, setType] = useState<AuditFindingType>(TYPE_OF_RULE[a.ruleKey] ?? 'OTHER');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState(a.summary);
  const [amount, setAmount] = useState(yuan(a.amountFen));
  const [unit, setUnit] = useState([...units.keys()][0] ?? '');
  const [recommendations, setRecommendations] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    const amountFen = fenOfYuan(amount);
    const chosen = engagementId || (engagements.state === 'done' ? (engagements.data[0]?.id ?? '') : '');
    if (!chosen) return setProblem(t.noEngagement);
    if (!title.trim() || !description.trim() || !unit) return setProblem(t.required);
    if (amountFen === null) return setProblem(t.amountInvalid);
    try {
      await request(RecordFindingDocument, {
        input: {
          engagementId: chosen,
          type,
          title: title.trim(),
          description: description.trim(),
          amountFen: amountFen.toString(),
          auditedOrganisationId: unit,
          regionCode: a.regionCode,
          evidence: a.evidence.map((e) => ({ kind: e.kind, id: e.id, note: e.note })),
          anomalyIds: [a.id],
          recommendations: recommendations
            .split('\n')
            .map((r) => r.trim())
            .filter(Boolean),
        },
      });
      onRecorded();
    } catch (error) {
      setProblem(error instanceof GatewayError ? `${error.message} (${error.code ?? ''})` : String(error));
    }
  };

  return (
    <form
      className="finding-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Loading loaded={engagements}>
        {(list) =>
          list.length === 0 ? (
            <p role="alert">{t.noEngagement}</p>
          ) : (
            <label>
              {t.engagement}
              <select value={engagementId || list[0].id} onChange={(e) => setEngagementId(e.target.value)}>
                {list.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.title}
                  </option>
                ))}
              </select>
            </label>
          )
        }
      </Loading>
      <label>
        {t.findingType}
        <select value={type} onChange={(e) => setType(e.target.value as AuditFindingType)}>
          {FINDING_TYPES.map((key) => (
            <option key={key} value={key}>
              {t.findingTypes[key]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.findingTitle}
        <input value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <label>
        {t.findingDescription}
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <label>
        {t.amountInvolved}
        <input value={amount} inputMode="decimal" onChange={(e) => setAmount(e.target.value)} />
      </label>
      <label>
        {t.auditedUnit}
        <select value={unit} onChange={(e) => setUnit(e.target.value)}>
          {[...units].map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.recommendations}
        <textarea value={recommendations} onChange={(e) => setRecommendations(e.target.value)} />
      </label>
      {problem && <p role="alert">{problem}</p>}
      <button type="submit">{t.record}</button>{' '}
      <button type="button" onClick={onCancel}>
        {t.cancel}
      </button>
    </form>
  );
}
