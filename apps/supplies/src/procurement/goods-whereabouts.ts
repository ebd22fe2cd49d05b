import type { EntityManager } from 'typeorm';

/** A quantity of goods and its value at their lots' unit values. */
export interface GoodsAmount {
  quantity: number;
  valueFen: bigint;
}

/**
 * Where goods received into stock went, over their lots and every lot made from them by transfer or shipment:
 * received = onHand + inTransit + lost + dispatched + used + writtenOff − adjusted.
 */
export interface GoodsWhereabouts {
  /** What the first lots received. */
  received: GoodsAmount;
  /** Still on hand, at whatever reserve point the goods are now. */
  onHand: GoodsAmount;
  /** Shipped toward another reserve point and not yet arrived. */
  inTransit: GoodsAmount;
  /** Shipped and found short on arrival: lost on the way. */
  lost: GoodsAmount;
  /** Dispatched to incidents, less what came back. */
  dispatched: GoodsAmount;
  /** Used at shelters or distributed to households, less what came back. */
  used: GoodsAmount;
  writtenOff: GoodsAmount;
  /** Corrections (after censuses, of mistakes), signed; returns not against a dispatch or use count here. */
  adjusted: GoodsAmount;
}

const FIGURES = [
  'received',
  'onHand',
  'inTransit',
  'lost',
  'dispatched',
  'used',
  'writtenOff',
  'adjusted',
] as const;

/** Nothing received, nothing gone. */
export const noWhereabouts = (): GoodsWhereabouts =>
  Object.fromEntries(FIGURES.map((f) => [f, { quantity: 0, valueFen: 0n }])) as unknown as GoodsWhereabouts;

/**
 * Where the goods of each group of first lots went (a recursive walk down stock_lot.from_lot_id, then the journal of
 * every lot reached, summed by movement kind); `roots` maps each first lot to its group's key. Groups without lots
 * are absent.
 */
export async function whereaboutsOf(
  manager: EntityManager,
  roots: readonly { lotId: string; key: string }[],
): Promise<Map<string, GoodsWhereabouts>> {
  const result = new Map<string, GoodsWhereabouts>();
  if (roots.length === 0) return result;
  const rows = (await manager.query(
    `WITH RECURSIVE root AS (
       SELECT * FROM unnest($1::uuid[], $2::text[]) AS r (lot_id, key)
     ), tree AS (
       SELECT r.lot_id AS id, r.key FROM root r
       UNION ALL
       SELECT c.id, t.key FROM stock_lot c JOIN tree t ON c.from_lot_id = t.id
     ), lots AS (
       SELECT t.key,
              sum(l.quantity_on_hand)::bigint AS on_hand,
              sum(l.quantity_on_hand::bigint * l.unit_value_fen) AS on_hand_fen,
              sum(l.received_quantity) FILTER (WHERE l.id IN (SELECT lot_id FROM root))::bigint AS received,
              sum(l.received_quantity::bigint * l.unit_value_fen)
                FILTER (WHERE l.id IN (SELECT lot_id FROM root)) AS received_fen
       FROM tree t JOIN stock_lot l ON l.id = t.id GROUP BY t.key
     ), moves AS (
       SELECT t.key,
         CASE
           WHEN m.kind IN ('TRANSFER_OUT', 'TRANSFER_IN') THEN 'inTransit'
           WHEN m.kind = 'DISPATCH' OR (m.kind = 'RETURN' AND r.kind = 'DISPATCH') THEN 'dispatched'
           WHEN m.kind = 'USE' OR (m.kind = 'RETURN' AND r.kind = 'USE') THEN 'used'
           WHEN m.kind = 'WRITE_OFF' THEN 'writtenOff'
           WHEN m.kind IN ('ADJUSTMENT', 'RETURN') THEN 'adjusted'
         END AS figure,
         m.quantity, m.value_fen
       FROM tree t
       JOIN stock_movement m ON m.lot_id = t.id
       LEFT JOIN stock_movement r ON r.id = m.returns_movement_id
       WHERE m.kind <> 'RECEIPT'
       UNION ALL
       -- What a shipment lacked on arrival left transit as lost.
       SELECT t.key, f.figure, f.quantity, f.value_fen
       FROM tree t
       JOIN stock_movement m ON m.lot_id = t.id AND m.kind = 'TRANSFER_OUT'
       JOIN stock_arrival a ON a.ship_movement_id = m.id AND a.shortfall_quantity > 0
       CROSS JOIN LATERAL (VALUES ('lost', -a.shortfall_quantity, -a.shortfall_fen),
                                  ('inTransit', a.shortfall_quantity, a.shortfall_fen)) AS f (figure, quantity, value_fen)
     )
     SELECT l.key, l.on_hand::text, l.on_hand_fen::text, l.received::text, l.received_fen::text,
            coalesce(json_object_agg(g.figure, json_build_array(g.quantity::text, g.value_fen::text))
              FILTER (WHERE g.figure IS NOT NULL), '{}') AS figures
     FROM lots l
     LEFT JOIN (SELECT key, figure, sum(quantity) AS quantity, sum(value_fen) AS value_fen
                FROM moves GROUP BY key, figure) g ON g.key = l.key
     GROUP BY l.key, l.on_hand, l.on_hand_fen, l.received, l.received_fen`,
    [roots.map((r) => r.lotId), roots.map((r) => r.key)],
  )) as {
    key: string;
    on_hand: string;
    on_hand_fen: string;
    received: string | null;
    received_fen: string | null;
    figures: Record<string, [string, string]>;
  }[];
  for (const row of rows) {
    const w = noWhereabouts();
    w.received = { quantity: Number(row.received ?? 0), valueFen: BigInt(row.received_fen ?? 0) };
    w.onHand = { quantity: Number(row.on_hand), valueFen: BigInt(row.on_hand_fen) };
    for (const [figure, [quantity, value]] of Object.entries(row.figures)) {
      // Goods out of a lot are negative in the journal; the figures count what went, so they are turned round,
      // except the corrections, which keep their sign.
      const sign = figure === 'adjusted' ? 1 : -1;
      w[figure as (typeof FIGURES)[number]] = {
        quantity: sign * Number(quantity),
        valueFen: BigInt(sign) * BigInt(value),
      };
    }
    result.set(row.key, w);
  }
  return result;
}
