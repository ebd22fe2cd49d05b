import { ContributionFlowDocument, LotTraceDocument, type GoodsSummaryFragment } from '../generated/graphql';
import { request } from '../client';
import { yuan } from '../format';
import { hashOf } from '../route';
import { ContributionShares } from './contributions';
import { Loading, Table, useLoad, useSettings, Yuan } from '../ui';

const OUTCOMES = [
  'onHand',
  'inTransit',
  'dispatched',
  'used',
  'distributed',
  'writtenOff',
  'lost',
  'adjusted',
] as const;

/**
 * Goods and where they went: what was received, then every outcome (on hand, in transit, dispatched, used at
 * shelters, given to households, written off, lost, adjusted), which add up to it; by reserve point and by shelter;
 * and the lots, each a link to its own trace.
 */
export function GoodsOutcomes({
  goods,
  caption,
  file,
}: {
  goods: GoodsSummaryFragment;
  caption: string;
  file: string;
}) {
  const { t } = useSettings();
  const rows = OUTCOMES.map((key) => ({ key, ...goods[key] })).filter(
    (r) => r.quantity !== 0 || r.valueFen !== '0',
  );
  return (
    <>
      <Table
        caption={caption}
        file={file}
        rowKey={(r) => r.key}
        rows={rows}
        columns={[
          { header: t.goods.outcome, cell: (r) => t.goods[r.key], text: (r) => t.goods[r.key] },
          {
            header: t.goods.quantity,
            numeric: true,
            cell: (r) => r.quantity,
            text: (r) => String(r.quantity),
          },
          {
            header: t.goods.value,
            numeric: true,
            cell: (r) => <Yuan fen={r.valueFen} />,
            text: (r) => yuan(r.valueFen),
          },
        ]}
        footer={[
          `${t.goods.received}${t.paren(goods.balanced ? t.goods.balanced : t.goods.unbalanced)}`,
          String(goods.received.quantity),
          yuan(goods.received.valueFen),
        ]}
      />
      {(goods.onHandByPoint.length > 0 || goods.usedByShelter.length > 0) && (
        <Table
          caption={`${t.goods.atPoints} · ${t.goods.atShelters}`}
          file={`${file}-places`}
          rowKey={(r, i) => `${r.kind}:${i}`}
          rows={[
            ...goods.onHandByPoint.map((p) => ({
              kind: t.goods.onHand,
              place: p.reservePoint?.name ?? '—',
              ...p,
            })),
            ...goods.usedByShelter.map((s) => ({ kind: t.goods.used, place: s.shelter?.name ?? '—', ...s })),
          ]}
          columns={[
            { header: t.goods.outcome, cell: (r) => r.kind, text: (r) => r.kind },
            { header: t.goods.place, cell: (r) => r.place, text: (r) => r.place },
            {
              header: t.goods.quantity,
              numeric: true,
              cell: (r) => r.quantity,
              text: (r) => String(r.quantity),
            },
            {
              header: t.goods.value,
              numeric: true,
              cell: (r) => <Yuan fen={r.valueFen} />,
              text: (r) => yuan(r.valueFen),
            },
          ]}
        />
      )}
      <Table
        caption={t.goods.lots}
        file={`${file}-lots`}
        rowKey={(l) => l.id}
        rows={goods.lots}
        columns={[
          {
            header: t.goods.lot,
            cell: (l) => <a href={hashOf({ view: 'lot', lotId: l.id })}>{l.id.slice(0, 8)}</a>,
            text: (l) => l.id,
          },
          { header: t.goods.item, cell: (l) => l.itemCode, text: (l) => l.itemCode },
          {
            header: t.goods.source,
            cell: (l) => t.sourceKind[l.sourceKind] ?? l.sourceKind,
            text: (l) => t.sourceKind[l.sourceKind] ?? l.sourceKind,
          },
        ]}
      />
    </>
  );
}

async function lotTrace(lotId: string) {
  const { goodsTrace } = await request(LotTraceDocument, { id: lotId });
  if (!goodsTrace) return null;
  const contributions = await Promise.all(
    goodsTrace.paidBy.map(async (share) => ({
      ...share,
      flow: (await request(ContributionFlowDocument, { id: share.contributionId })).flow,
    })),
  );
  return { trace: goodsTrace, contributions };
}

/** A lot of goods (a tent bought, a donated quilt) back to the contributions that paid for it, and where it went. */
export function LotView({ lotId }: { lotId: string }) {
  const { t } = useSettings();
  const [loaded] = useLoad(() => lotTrace(lotId), `lot ${lotId}`);
  return (
    <Loading loaded={loaded}>
      {(found) => {
        if (!found) return <p>{t.nothing}</p>;
        const { trace, contributions } = found;
        return (
          <section>
            <h2>
              {t.goods.lot} {trace.lot.itemCode} · {t.sourceKind[trace.sourceKind] ?? trace.sourceKind}
            </h2>
            <dl className="flow-card">
              <dt>{t.goods.unitValue}</dt>
              <dd>
                <Yuan fen={trace.lot.unitValueFen} />
              </dd>
              <dt>{t.region}</dt>
              <dd>{trace.lot.regionCode}</dd>
              {trace.lot.expiresOn && (
                <>
                  <dt>{t.goods.expiresOn}</dt>
                  <dd>{trace.lot.expiresOn}</dd>
                </>
              )}
            </dl>
            <ContributionShares
              caption={t.goods.paidBy}
              file={`lot-${lotId}-paid-by`}
              shares={contributions}
            />
            <GoodsOutcomes goods={trace.outcomes} caption={t.goods.title} file={`lot-${lotId}`} />
          </section>
        );
      }}
    </Loading>
  );
}
