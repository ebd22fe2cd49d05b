import type { AnomalyRuleKey } from './anomaly-rules';

/**
 * Each anomaly rule as one SQL statement over the audit's own records of a fund (`:fund`, its incident `:incident`
 * in region `:region`) on a China date (`:today`), with the rule's numbers (`:days`, `:factor`, `:threshold`).
 * Each returns the anomalies it finds: `dedupe_key` (rule and subject: one anomaly per subject, whenever the rule
 * runs), `region_code`, `amount_fen`, `summary` and `evidence` ([{ kind, id, note }]). Households are never named:
 * their payments are evidence by flow id.
 */

/** A flow's China date. */
const day = (alias: string) => `((${alias}.occurred_at AT TIME ZONE 'Asia/Shanghai')::date)`;
const notReversed = (alias: string) => `NOT EXISTS (SELECT 1 FROM flow r WHERE r.reverses = ${alias}.id)`;
const evidence = (kind: string, id: string, note: string) =>
  `jsonb_build_object('kind', '${kind}', 'id', ${id}, 'note', ${note})`;
const PROCUREMENT = `'supplies.ProcurementRecorded.%'`;
const RELIEF_PAYMENT = `'incidents.ReliefPaymentMade.%'`;
const samePayee = (a: string, b: string) =>
  `${a}.payee_organisation_id IS NOT DISTINCT FROM ${b}.payee_organisation_id
   AND ${a}.payee_name IS NOT DISTINCT FROM ${b}.payee_name`;

export const RULE_SQL: Record<AnomalyRuleKey, string> = {
  // (a) A stage exceeding the one before it, forward less reversed, cash and in kind together.
  STAGE_EXCEEDS_PREVIOUS: `
    WITH net AS (
      SELECT st.stage, st.n, coalesce(sum(t.forward_fen - t.reversed_fen), 0) AS fen
      FROM (VALUES ('RAISED', 1), ('ALLOCATED', 2), ('DISBURSED', 3), ('USED', 4)) AS st (stage, n)
      LEFT JOIN fund_total t ON t.fund_id = :fund::uuid AND t.stage = st.stage
      GROUP BY st.stage, st.n)
    SELECT 'STAGE_EXCEEDS_PREVIOUS:' || :fund::uuid::text || ':' || cur.stage AS dedupe_key,
      :region::text AS region_code,
      (cur.fen - prev.fen)::bigint AS amount_fen,
      format('%s exceeds %s by %s fen (%s fen against %s fen)', cur.stage, prev.stage, cur.fen - prev.fen,
        cur.fen, prev.fen) AS summary,
      jsonb_build_array(${evidence(
        'Fund',
        ':fund::uuid::text',
        `format('%s %s fen, %s %s fen (forward less reversed, cash and in kind) on %s', prev.stage, prev.fen,
          cur.stage, cur.fen, :today::date)`,
      )})
      || coalesce((
        SELECT jsonb_agg(${evidence('Flow', 'f.id', `format('%s %s fen on %s', f.stage, f.amount_fen, ${day('f')})`)}
          ORDER BY f.seq DESC)
        FROM (SELECT * FROM flow f WHERE f.fund_id = :fund::uuid AND f.stage = cur.stage AND f.reverses IS NULL
              ORDER BY f.seq DESC LIMIT 10) f), '[]'::jsonb) AS evidence
    FROM net cur JOIN net prev ON prev.n = cur.n - 1
    WHERE cur.fen > prev.fen`,

  // (b) Money allocated and not disbursed more than :days days after its allocation.
  IDLE_ALLOCATION: `
    WITH a AS (
      SELECT f.id, ${day('f')} AS on_day,
        f.amount_fen - coalesce((SELECT sum(r.amount_fen) FROM flow r WHERE r.reverses = f.id), 0) AS allocated,
        coalesce((SELECT sum(CASE WHEN d.reverses IS NULL THEN d.amount_fen ELSE -d.amount_fen END)
                  FROM flow d WHERE d.allocation_id = f.id AND d.stage = 'DISBURSED'), 0) AS disbursed
      FROM flow f
      WHERE f.fund_id = :fund::uuid AND f.stage = 'ALLOCATED' AND f.reverses IS NULL
        AND ${day('f')} + :days::int < :today::date)
    SELECT 'IDLE_ALLOCATION:' || a.id AS dedupe_key,
      :region::text AS region_code,
      (a.allocated - a.disbursed)::bigint AS amount_fen,
      format('%s fen of an allocation of %s fen made on %s not disbursed after %s days', a.allocated - a.disbursed,
        a.allocated, a.on_day, :days::int) AS summary,
      jsonb_build_array(${evidence(
        'Flow',
        'a.id',
        `format('allocated %s fen on %s; %s fen of it disbursed by %s', a.allocated, a.on_day, a.disbursed, :today::date)`,
      )})
      || coalesce((
        SELECT jsonb_agg(${evidence('Flow', 'd.id', `format('disbursed %s fen on %s', d.amount_fen, ${day('d')})`)}
          ORDER BY d.seq)
        FROM flow d WHERE d.allocation_id = a.id AND d.stage = 'DISBURSED' AND d.reverses IS NULL), '[]'::jsonb)
        AS evidence
    FROM a WHERE a.allocated - a.disbursed > 0`,

  // Disbursement later than the rule allows after its allocation.
  LATE_DISBURSEMENT: `
    SELECT 'LATE_DISBURSEMENT:' || d.id AS dedupe_key,
      :region::text AS region_code,
      d.amount_fen,
      format('%s fen paid %s days after its allocation (the rule allows %s)', d.amount_fen,
        ${day('d')} - ${day('a')}, :days::int) AS summary,
      jsonb_build_array(
        ${evidence('Flow', 'd.id', `format('disbursed %s fen on %s', d.amount_fen, ${day('d')})`)},
        ${evidence('Flow', 'a.id', `format('allocated %s fen on %s', a.amount_fen, ${day('a')})`)}) AS evidence
    FROM flow d JOIN flow a ON a.id = d.allocation_id AND a.stage = 'ALLOCATED'
    WHERE d.fund_id = :fund::uuid AND d.stage = 'DISBURSED' AND d.reverses IS NULL
      AND ${day('d')} - ${day('a')} > :days::int`,

  // (c) The same payee paid the same amount again within :days days (neither payment reversed).
  DUPLICATE_PAYMENT: `
    SELECT 'DUPLICATE_PAYMENT:' || b.id AS dedupe_key,
      :region::text AS region_code,
      b.amount_fen,
      format('%s fen paid to the same payee %s days after an equal payment', b.amount_fen,
        ${day('b')} - ${day('a')}) AS summary,
      jsonb_build_array(
        ${evidence('Flow', 'b.id', `format('paid %s fen on %s', b.amount_fen, ${day('b')})`)},
        ${evidence('Flow', 'a.id', `format('the same amount to the same payee on %s', ${day('a')})`)}) AS evidence
    FROM flow b
    JOIN LATERAL (
      SELECT a.* FROM flow a
      WHERE a.fund_id = b.fund_id AND a.stage = 'DISBURSED' AND a.reverses IS NULL AND a.id <> b.id
        AND a.amount_fen = b.amount_fen AND ${samePayee('a', 'b')}
        AND (a.occurred_at, a.seq) < (b.occurred_at, b.seq)
        AND ${day('b')} - ${day('a')} <= :days::int
        AND ${notReversed('a')}
      ORDER BY a.occurred_at DESC, a.seq DESC LIMIT 1) a ON true
    WHERE b.fund_id = :fund::uuid AND b.stage = 'DISBURSED' AND b.reverses IS NULL AND ${notReversed('b')}`,

  // (d) A purchase's unit price more than :factor times, or less than 1/:factor of, the median of the same catalogue
  // item over every purchase the audit knows.
  UNIT_PRICE_FAR_FROM_MEDIAN: `
    WITH m AS (
      SELECT item_code, (percentile_cont(0.5) WITHIN GROUP (ORDER BY unit_value_fen))::numeric AS median,
        count(*) AS lots
      FROM goods_lot WHERE source_kind = 'PURCHASE' AND from_lot_id IS NULL GROUP BY item_code),
    r AS (
      SELECT lot_id, sum(quantity) AS quantity, sum(value_fen) AS value_fen
      FROM goods_movement WHERE kind = 'RECEIVED' GROUP BY lot_id)
    SELECT 'UNIT_PRICE_FAR_FROM_MEDIAN:' || l.id AS dedupe_key,
      coalesce(l.region_code, :region::text) AS region_code,
      coalesce(r.value_fen, 0)::bigint AS amount_fen,
      format('Item %s bought at %s fen a unit against a median of %s fen over %s purchases', l.item_code,
        l.unit_value_fen, round(m.median, 2), m.lots) AS summary,
      jsonb_build_array(${evidence(
        'GoodsLot',
        'l.id',
        `format('%s units of item %s received at %s fen a unit', coalesce(r.quantity, 0), l.item_code,
          l.unit_value_fen)`,
      )})
      || CASE WHEN l.procurement_id IS NULL THEN '[]'::jsonb
         ELSE jsonb_build_array(${evidence('Flow', 'l.procurement_id', `'the procurement that paid for the lot'`)})
         END AS evidence
    FROM goods_lot l JOIN m USING (item_code) LEFT JOIN r ON r.lot_id = l.id
    WHERE l.fund_id = :fund::uuid AND l.source_kind = 'PURCHASE' AND l.from_lot_id IS NULL
      AND (l.unit_value_fen > :factor::numeric * m.median OR l.unit_value_fen * :factor::numeric < m.median)`,

  // (e) A procurement paid and not refunded whose goods no lot names and whose delivery no acceptance (a USED flow
  // drawing on it) confirms, more than :days days later.
  GOODS_PAID_NOT_RECEIVED: `
    SELECT 'GOODS_PAID_NOT_RECEIVED:' || p.id AS dedupe_key,
      :region::text AS region_code,
      p.amount_fen,
      format('Goods paid %s fen on %s, none received after %s days', p.amount_fen, ${day('p')}, :days::int)
        AS summary,
      jsonb_build_array(${evidence(
        'Flow',
        'p.id',
        `format('procurement (%s) paid %s fen on %s; no goods lot or accepted delivery names it by %s', p.description, p.amount_fen,
          ${day('p')}, :today::date)`,
      )}) AS evidence
    FROM flow p
    WHERE p.fund_id = :fund::uuid AND p.stage = 'DISBURSED' AND p.reverses IS NULL
      AND p.source_event_type LIKE ${PROCUREMENT} AND ${notReversed('p')}
      AND NOT EXISTS (SELECT 1 FROM goods_lot l WHERE l.procurement_id = p.id)
      AND NOT EXISTS (
        SELECT 1 FROM flow_link k JOIN flow u ON u.id = k.flow_id WHERE k.source_flow_id = p.id AND u.stage = 'USED')
      AND ${day('p')} + :days::int < :today::date`,

  // (e) Goods of the fund received and nothing of them issued, shipped, moved or written off after :days days.
  GOODS_RECEIVED_NOT_USED: `
    WITH s AS (
      SELECT m.lot_id, min(m.at) FILTER (WHERE m.quantity > 0) AS first_in, sum(m.quantity) AS on_hand,
        sum(m.value_fen) AS value_fen, bool_or(m.quantity < 0) AS moved_out
      FROM goods_movement m JOIN goods_lot l ON l.id = m.lot_id
      WHERE l.fund_id = :fund::uuid GROUP BY m.lot_id)
    SELECT 'GOODS_RECEIVED_NOT_USED:' || l.id AS dedupe_key,
      coalesce(l.region_code, :region::text) AS region_code,
      s.value_fen::bigint AS amount_fen,
      format('%s units of item %s received on %s, none used after %s days', s.on_hand, l.item_code,
        (s.first_in AT TIME ZONE 'Asia/Shanghai')::date, :days::int) AS summary,
      jsonb_build_array(${evidence(
        'GoodsLot',
        'l.id',
        `format('%s units of item %s worth %s fen in store since %s; nothing issued, shipped or written off by %s',
          s.on_hand, l.item_code, s.value_fen, (s.first_in AT TIME ZONE 'Asia/Shanghai')::date, :today::date)`,
      )})
      || CASE WHEN l.procurement_id IS NULL THEN '[]'::jsonb
         ELSE jsonb_build_array(${evidence('Flow', 'l.procurement_id', `'the procurement that paid for the lot'`)})
         END AS evidence
    FROM s JOIN goods_lot l ON l.id = s.lot_id
    WHERE NOT s.moved_out AND s.on_hand > 0
      AND (s.first_in AT TIME ZONE 'Asia/Shanghai')::date + :days::int < :today::date`,

  // (f) Procurements from one payer to one supplier, each below :threshold, :days days or less from the first of
  // them, together reaching it. The first of a run (none like it in the :days days before) names the anomaly.
  SPLIT_BELOW_TENDER_THRESHOLD: `
    WITH p AS (
      SELECT f.id, f.seq, f.occurred_at, ${day('f')} AS on_day, f.amount_fen, f.payer_organisation_id,
        f.payer_name, f.payee_organisation_id, f.payee_name
      FROM flow f
      WHERE f.fund_id = :fund::uuid AND f.stage = 'DISBURSED' AND f.reverses IS NULL
        AND f.source_event_type LIKE ${PROCUREMENT} AND f.amount_fen < :threshold::bigint AND ${notReversed('f')}),
    g AS (
      SELECT first.id AS first_id, count(*) AS n, sum(q.amount_fen) AS total,
        jsonb_agg(${evidence('Flow', 'q.id', `format('bought for %s fen on %s', q.amount_fen, q.on_day)`)}
          ORDER BY q.occurred_at, q.seq) AS evidence
      FROM p first JOIN p q
        ON q.payer_organisation_id IS NOT DISTINCT FROM first.payer_organisation_id
        AND q.payer_name IS NOT DISTINCT FROM first.payer_name AND ${samePayee('q', 'first')}
        AND (q.occurred_at, q.seq) >= (first.occurred_at, first.seq) AND q.on_day - first.on_day <= :days::int
      WHERE NOT EXISTS (
        SELECT 1 FROM p e
        WHERE e.payer_organisation_id IS NOT DISTINCT FROM first.payer_organisation_id
          AND e.payer_name IS NOT DISTINCT FROM first.payer_name AND ${samePayee('e', 'first')}
          AND (e.occurred_at, e.seq) < (first.occurred_at, first.seq) AND first.on_day - e.on_day <= :days::int)
      GROUP BY first.id)
    SELECT 'SPLIT_BELOW_TENDER_THRESHOLD:' || g.first_id AS dedupe_key,
      :region::text AS region_code,
      g.total::bigint AS amount_fen,
      format('%s purchases from one payer to one supplier within %s days, each below the tender threshold of %s fen, together %s fen',
        g.n, :days::int, :threshold::bigint, g.total) AS summary,
      g.evidence
    FROM g WHERE g.n >= 2 AND g.total >= :threshold::bigint`,

  // (h) Relief of the same kind (its description names the kind and the village) and form paid again by the same
  // payer from the fund to a household of the same (masked) name.
  HOUSEHOLD_PAID_TWICE: `
    SELECT 'HOUSEHOLD_PAID_TWICE:' || b.id AS dedupe_key,
      :region::text AS region_code,
      b.amount_fen,
      format('Relief of %s fen paid again by the same payer to a household of the same masked name (paid %s fen on %s); check the household register',
        b.amount_fen, a.amount_fen, ${day('a')}) AS summary,
      jsonb_build_array(
        ${evidence('Flow', 'b.id', `format('relief paid %s fen on %s', b.amount_fen, ${day('b')})`)},
        ${evidence('Flow', 'a.id', `format('relief paid %s fen on %s to the same name', a.amount_fen, ${day('a')})`)})
        AS evidence
    FROM flow b
    JOIN LATERAL (
      SELECT a.* FROM flow a
      WHERE a.fund_id = b.fund_id AND a.stage = 'DISBURSED' AND a.reverses IS NULL AND a.id <> b.id
        AND a.source_event_type LIKE ${RELIEF_PAYMENT} AND a.payee_name = b.payee_name
        AND a.form = b.form AND a.description = b.description
        AND a.payer_organisation_id IS NOT DISTINCT FROM b.payer_organisation_id
        AND (a.occurred_at, a.seq) < (b.occurred_at, b.seq) AND ${notReversed('a')}
      ORDER BY a.occurred_at, a.seq LIMIT 1) a ON true
    WHERE b.fund_id = :fund::uuid AND b.stage = 'DISBURSED' AND b.reverses IS NULL
      AND b.source_event_type LIKE ${RELIEF_PAYMENT} AND b.payee_name IS NOT NULL
      AND b.payee_organisation_id IS NULL AND ${notReversed('b')}`,

  // Money or goods in kind allocated or paid to an organisation on or after its dissolution.
  MONEY_TO_DISSOLVED_ORGANISATION: `
    SELECT 'MONEY_TO_DISSOLVED_ORGANISATION:' || f.id AS dedupe_key,
      :region::text AS region_code,
      f.amount_fen,
      format('%s fen %s on %s to organisation %s, dissolved on %s', f.amount_fen,
        CASE f.stage WHEN 'ALLOCATED' THEN 'allocated' ELSE 'paid' END, ${day('f')}, f.payee_organisation_id,
        (o.dissolved_at AT TIME ZONE 'Asia/Shanghai')::date) AS summary,
      jsonb_build_array(${evidence(
        'Flow',
        'f.id',
        `format('%s %s fen (%s) on %s to organisation %s, dissolved on %s', lower(f.stage), f.amount_fen,
          lower(f.form), ${day('f')}, f.payee_organisation_id, (o.dissolved_at AT TIME ZONE 'Asia/Shanghai')::date)`,
      )}) AS evidence
    FROM flow f JOIN anomaly_dissolved_organisation o ON o.organisation_id = f.payee_organisation_id
    WHERE f.fund_id = :fund::uuid AND f.stage IN ('ALLOCATED', 'DISBURSED') AND f.reverses IS NULL
      AND f.occurred_at >= o.dissolved_at AND ${notReversed('f')}`,

  // Goods of the fund still in store after the expiry date their receipt stated (usable on that day, expired after).
  GOODS_EXPIRED_IN_STORE: `
    WITH s AS (
      SELECT m.lot_id, sum(m.quantity) AS on_hand, sum(m.value_fen) AS value_fen
      FROM goods_movement m JOIN goods_lot l ON l.id = m.lot_id
      WHERE l.fund_id = :fund::uuid GROUP BY m.lot_id)
    SELECT 'GOODS_EXPIRED_IN_STORE:' || l.id AS dedupe_key,
      coalesce(l.region_code, :region::text) AS region_code,
      greatest(s.value_fen, 0)::bigint AS amount_fen,
      format('%s units of item %s still in store after they expired on %s', s.on_hand, l.item_code, l.expires_on)
        AS summary,
      jsonb_build_array(${evidence(
        'GoodsLot',
        'l.id',
        `format('%s units of item %s worth %s fen in store on %s; expired on %s', s.on_hand, l.item_code,
          s.value_fen, :today::date, l.expires_on)`,
      )}) AS evidence
    FROM s JOIN goods_lot l ON l.id = s.lot_id
    WHERE s.on_hand > 0 AND l.expires_on < :today::date`,
  // (g) An allocation drawing on a directed donation for another purpose, or for another organisation than the one
  // the donor named (allocations whose purpose the audit does not know are checked for the organisation only).
  DIRECTED_DONATION_MISUSED: `
    SELECT 'DIRECTED_DONATION_MISUSED:' || a.id || ':' || d.id AS dedupe_key,
      :region::text AS region_code,
      sum(o.amount_fen)::bigint AS amount_fen,
      format('%s fen of a donation directed to %s allocated to %s', sum(o.amount_fen),
        coalesce(d.directed_purpose, 'organisation ' || d.directed_organisation_id),
        coalesce(p.purpose_category || ', organisation ' || a.payee_organisation_id,
          'organisation ' || a.payee_organisation_id)) AS summary,
      jsonb_build_array(
        ${evidence(
          'Flow',
          'a.id',
          `format('allocated %s fen on %s for %s to organisation %s', a.amount_fen, ${day('a')},
            coalesce(p.purpose_category, 'a purpose the audit does not know'), a.payee_organisation_id)`,
        )},
        ${evidence(
          'Flow',
          'd.id',
          `format('the donation, directed to %s; %s fen of it drawn by the allocation',
            concat_ws(' and ', d.directed_purpose, 'organisation ' || d.directed_organisation_id), sum(o.amount_fen))`,
        )}) AS evidence
    FROM flow a
    JOIN flow_origin o ON o.flow_id = a.id
    JOIN audit_contribution d ON d.id = o.contribution_id
      AND (d.directed_purpose IS NOT NULL OR d.directed_organisation_id IS NOT NULL)
    LEFT JOIN audit_allocation p ON p.id = a.id
    WHERE a.fund_id = :fund::uuid AND a.stage = 'ALLOCATED' AND a.reverses IS NULL AND ${notReversed('a')}
      AND ((d.directed_purpose IS NOT NULL AND p.purpose_category IS NOT NULL
            AND p.purpose_category <> d.directed_purpose)
        OR (d.directed_organisation_id IS NOT NULL
            AND a.payee_organisation_id IS DISTINCT FROM d.directed_organisation_id))
    GROUP BY a.id, a.amount_fen, a.occurred_at, a.payee_organisation_id, d.id, d.directed_purpose,
      d.directed_organisation_id, p.purpose_category`,
  // Relief paid to a household that no published village relief list names (a USED flow drawing on the payment)
  // more than :days days after the payment.
  HOUSEHOLD_NOT_PUBLISHED: `
    SELECT 'HOUSEHOLD_NOT_PUBLISHED:' || b.id AS dedupe_key,
      :region::text AS region_code,
      b.amount_fen,
      format('Relief of %s fen paid on %s to a household no published village list names after %s days',
        b.amount_fen, ${day('b')}, :days::int) AS summary,
      jsonb_build_array(${evidence(
        'Flow',
        'b.id',
        `format('relief paid %s fen on %s (%s); on no published list by %s', b.amount_fen, ${day('b')},
          b.description, :today::date)`,
      )}) AS evidence
    FROM flow b
    WHERE b.fund_id = :fund::uuid AND b.stage = 'DISBURSED' AND b.reverses IS NULL
      AND b.source_event_type LIKE ${RELIEF_PAYMENT} AND ${notReversed('b')}
      AND NOT EXISTS (
        SELECT 1 FROM flow_link k JOIN flow u ON u.id = k.flow_id WHERE k.source_flow_id = b.id AND u.stage = 'USED')
      AND ${day('b')} + :days::int < :today::date`,
};

/**
 * `sql` with its `:name` placeholders numbered `$1`, `$2`, ... in order of first appearance, and their values.
 * A name used twice is one parameter. `::` casts are left alone.
 */
export function bind(sql: string, values: Record<string, unknown>): { text: string; params: unknown[] } {
  const order: string[] = [];
  const text = sql.replace(/(?<!:):([a-z][A-Za-z]*)/g, (whole, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name}`);
    if (!order.includes(name)) order.push(name);
    return `$${order.indexOf(name) + 1}`;
  });
  return { text, params: order.map((name) => values[name]) };
}
