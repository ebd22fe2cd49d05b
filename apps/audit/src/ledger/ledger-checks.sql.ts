/**
 * What keeps a fund from reconciling, checked in the database: one statement per check of `MoneyBook.discrepancies`
 * (money-book.ts) and the ledger's balance, each over one fund (`$1`) through the indexes on `fund_id`, returning at
 * most `$2` violations in the words the money book uses. Nothing of the fund is loaded into the service.
 *
 * Each violation carries a `key` (bigint[]) that orders it as the money book lists it: every flow's own statement in
 * recording order (its reversal, then its sources), then each forward flow's reversals and what is drawn on it, then
 * the stage totals, then the ledger. Within one statement the first `$2` by key are the money book's first.
 */

export interface LedgerCheck {
  /** What the check looks at, for logs and tests. */
  name: string;
  sql: string;
}

/** How the money book names a flow in a message: its stage, and whether it is a reversal. */
const WHAT = `CASE WHEN f.reverses IS NULL THEN lower(f.stage) ELSE 'reversal of ' || lower(f.stage) END
  || ' flow ' || f.id`;

/** The stage a flow of `f`'s stage draws on (null for money raised). */
const EXPECTED = `CASE f.stage WHEN 'ALLOCATED' THEN 'RAISED' WHEN 'DISBURSED' THEN 'ALLOCATED'
  WHEN 'USED' THEN 'DISBURSED' END`;

export const LEDGER_CHECKS: readonly LedgerCheck[] = [
  {
    // A reversal undoes a forward flow of its own stage recorded in this fund.
    name: 'reversed flow',
    sql: `
      SELECT ARRAY[1, f.seq, 0, 0, 0]::bigint[] AS key, ${WHAT} || CASE
          WHEN r.id IS NULL THEN ' undoes flow ' || f.reverses || ', not recorded in this fund'
          WHEN r.reverses IS NOT NULL THEN ' undoes ' || r.id || ', itself a reversal'
          ELSE ' undoes ' || lower(r.stage) || ' flow ' || r.id || '; a reversal keeps the stage it undoes'
        END AS message
      FROM flow f LEFT JOIN flow r ON r.id = f.reverses AND r.fund_id = f.fund_id
      WHERE f.fund_id = $1 AND f.reverses IS NOT NULL
        AND (r.id IS NULL OR r.reverses IS NOT NULL OR r.stage <> f.stage)
      ORDER BY f.seq LIMIT $2`,
  },
  {
    // Money raised is its own origin: it draws on no flow.
    name: 'raised flow drawing',
    sql: `
      SELECT ARRAY[1, f.seq, 1, 0, 0]::bigint[] AS key,
        ${WHAT} || ' draws on other flows; money raised is its own origin' AS message
      FROM flow f
      -- One probe of the flow's links by its key (a semi-join may instead read every link of every fund).
      CROSS JOIN LATERAL (SELECT 1 FROM flow_link l WHERE l.flow_id = f.id LIMIT 1) l
      WHERE f.fund_id = $1 AND f.stage = 'RAISED'
      ORDER BY f.seq LIMIT $2`,
  },
  {
    // A flow's sources add up to its amount.
    name: 'sources adding up',
    sql: `
      SELECT ARRAY[1, f.seq, 2, 0, 0]::bigint[] AS key,
        ${WHAT} || ' moves ' || f.amount_fen || ' fen but its sources add up to ' || s.drawn || ' fen' AS message
      FROM flow f
      CROSS JOIN LATERAL (SELECT coalesce(sum(l.amount_fen), 0) AS drawn FROM flow_link l WHERE l.flow_id = f.id) s
      WHERE f.fund_id = $1 AND f.stage <> 'RAISED' AND s.drawn <> f.amount_fen
      ORDER BY f.seq LIMIT $2`,
  },
  {
    // Each source is a forward flow of this fund, of the stage before the flow's.
    name: 'source flow',
    sql: `
      SELECT ARRAY[1, f.seq, 3, l.position, 0]::bigint[] AS key, ${WHAT} || CASE
          WHEN u.id IS NULL THEN ' draws on flow ' || l.source_flow_id || ', not recorded in this fund'
          WHEN u.reverses IS NOT NULL THEN ' draws on ' || u.id || ', a reversal'
          ELSE ' draws on ' || lower(u.stage) || ' flow ' || u.id || '; ' || lower(f.stage) || ' money draws on '
            || lower(${EXPECTED}) || ' money'
        END AS message
      FROM flow f
      JOIN flow_link l ON l.flow_id = f.id
      LEFT JOIN flow u ON u.id = l.source_flow_id AND u.fund_id = f.fund_id
      WHERE f.fund_id = $1 AND f.stage <> 'RAISED'
        AND (u.id IS NULL OR u.reverses IS NOT NULL OR u.stage <> ${EXPECTED})
      ORDER BY f.seq, l.position LIMIT $2`,
  },
  {
    // What a flow draws on a recorded source traces, to the fen, to contributions.
    name: 'source origins',
    sql: `
      SELECT ARRAY[1, f.seq, 3, l.position, 1]::bigint[] AS key,
        ${WHAT} || ' draws ' || l.amount_fen || ' fen on flow ' || l.source_flow_id || ' but ' || o.traced
          || ' fen of it traces to contributions' AS message
      FROM flow f
      JOIN flow_link l ON l.flow_id = f.id
      JOIN flow u ON u.id = l.source_flow_id AND u.fund_id = f.fund_id
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(o.amount_fen), 0) AS traced FROM flow_origin o
        WHERE o.flow_id = l.flow_id AND o.source_position = l.position
      ) o
      WHERE f.fund_id = $1 AND f.stage <> 'RAISED' AND o.traced <> l.amount_fen
      ORDER BY f.seq, l.position LIMIT $2`,
  },
  {
    // A forward flow is reversed by no more than its amount; read from the fund's reversals, the few.
    name: 'reversed beyond the amount',
    sql: `
      SELECT ARRAY[2, f.seq, 0]::bigint[] AS key,
        'flow ' || f.id || ' of ' || f.amount_fen || ' fen is reversed by ' || x.reversed
          || ' fen, more than its amount' AS message
      FROM (
        SELECT reverses, sum(amount_fen) AS reversed FROM flow
        WHERE fund_id = $1 AND reverses IS NOT NULL GROUP BY reverses
      ) x
      JOIN flow f ON f.id = x.reverses AND f.fund_id = $1 AND f.reverses IS NULL
      WHERE x.reversed > f.amount_fen
      ORDER BY f.seq LIMIT $2`,
  },
  {
    // Reversals give back to each source at most what the flow drew of each contribution there.
    name: 'given back beyond what was drawn',
    sql: `
      WITH given AS (
        SELECT x.reverses AS flow_id, o.source_flow_id, o.contribution_id, sum(o.amount_fen) AS given,
          min(ARRAY[x.seq, o.source_position, o.position]::bigint[]) AS first
        FROM flow x JOIN flow_origin o ON o.flow_id = x.id
        WHERE x.fund_id = $1 AND x.reverses IS NOT NULL
        GROUP BY x.reverses, o.source_flow_id, o.contribution_id
      )
      SELECT ARRAY[2, f.seq, 1]::bigint[] || g.first AS key,
        'reversals of flow ' || f.id || ' give back ' || g.given || ' fen of contribution ' || g.contribution_id
          || ' to flow ' || g.source_flow_id || ', but the flow drew ' || d.had || ' fen of it there' AS message
      FROM given g
      JOIN flow f ON f.id = g.flow_id AND f.fund_id = $1 AND f.reverses IS NULL AND f.stage <> 'RAISED'
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(o.amount_fen), 0) AS had FROM flow_origin o
        WHERE o.flow_id = f.id AND o.source_flow_id = g.source_flow_id AND o.contribution_id = g.contribution_id
      ) d
      WHERE g.given > d.had
      ORDER BY key LIMIT $2`,
  },
  {
    // No forward flow gives more of a contribution than it holds of it (less than nothing counts as nothing).
    name: 'overdrawn flow',
    sql: `
      WITH drawn AS (
        SELECT o.source_flow_id AS flow_id, o.contribution_id,
          sum(CASE WHEN d.reverses IS NULL THEN o.amount_fen ELSE -o.amount_fen END) AS drawn,
          min(ARRAY[d.seq, o.source_position, o.position]::bigint[]) AS first
        FROM flow d JOIN flow_origin o ON o.flow_id = d.id
        WHERE d.fund_id = $1
        GROUP BY o.source_flow_id, o.contribution_id
      )
      SELECT ARRAY[2, f.seq, 2]::bigint[] || w.first AS key,
        'flow ' || f.id || ' holds ' || h.has || ' fen of contribution ' || w.contribution_id || ' but ' || w.drawn
          || ' fen of it is drawn on it (by ' || coalesce((
            SELECT string_agg(b.id::text, ', ' ORDER BY b.seq) FROM (
              SELECT DISTINCT d.id, d.seq FROM flow_origin o JOIN flow d ON d.id = o.flow_id
              WHERE o.source_flow_id = f.id AND o.contribution_id = w.contribution_id
                AND d.fund_id = $1 AND d.reverses IS NULL
            ) b
          ), '') || ')' AS message
      FROM drawn w
      JOIN flow f ON f.id = w.flow_id AND f.fund_id = $1 AND f.reverses IS NULL
      CROSS JOIN LATERAL (
        SELECT greatest(0, CASE
          WHEN f.stage = 'RAISED' THEN CASE WHEN w.contribution_id = f.id THEN f.amount_fen - coalesce(
            (SELECT sum(x.amount_fen) FROM flow x WHERE x.reverses = f.id AND x.fund_id = $1), 0) ELSE 0 END
          ELSE coalesce(
            (SELECT sum(o.amount_fen) FROM flow_origin o WHERE o.flow_id = f.id AND o.contribution_id = w.contribution_id),
            0) - coalesce(
            (SELECT sum(o.amount_fen) FROM flow x JOIN flow_origin o ON o.flow_id = x.id
             WHERE x.reverses = f.id AND x.fund_id = $1 AND o.contribution_id = w.contribution_id), 0)
        END) AS has
      ) h
      WHERE w.drawn > h.has
      ORDER BY key LIMIT $2`,
  },
  {
    // raised ≥ allocated ≥ disbursed ≥ used ≥ 0, both forms together, from the totals kept with the flows.
    name: 'stage order',
    sql: `
      WITH net AS (
        SELECT stage, sum(forward_fen - reversed_fen) AS net FROM fund_total WHERE fund_id = $1 GROUP BY stage
      ),
      stages AS (
        SELECT s.stage, s.n, s.before, coalesce(net.net, 0) AS net
        FROM (VALUES ('RAISED', 0, NULL), ('ALLOCATED', 1, 'RAISED'), ('DISBURSED', 2, 'ALLOCATED'),
                     ('USED', 3, 'DISBURSED')) AS s (stage, n, before)
        LEFT JOIN net ON net.stage = s.stage
      )
      SELECT ARRAY[3, s.n, 0]::bigint[] AS key,
        lower(s.stage) || ' money totals ' || s.net || ' fen: more reversed than moved' AS message
      FROM stages s WHERE s.net < 0
      UNION ALL
      SELECT ARRAY[3, s.n, 1]::bigint[],
        lower(s.stage) || ' money (' || s.net || ' fen) exceeds ' || lower(b.stage) || ' money (' || b.net || ' fen)'
      FROM stages s JOIN stages b ON b.stage = s.before WHERE s.net > b.net
      ORDER BY key LIMIT $2`,
  },
  {
    // The fund's books balance: debits equal credits.
    name: 'ledger balance',
    sql: `
      SELECT ARRAY[4]::bigint[] AS key, 'ledger debits exceed credits by ' || s.imbalance || ' fen' AS message
      FROM (
        SELECT coalesce(sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END), 0) AS imbalance
        FROM ledger_entry WHERE fund_id = $1
      ) s
      WHERE s.imbalance <> 0 AND $2 > 0`,
  },
];
