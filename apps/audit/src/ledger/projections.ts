/**
 * The audit service's projections: each projector (its own consumer group, `<prefix>audit.<projector>`), the
 * domains whose topics it reads, and the tables it alone writes from their events. `npm run audit:rebuild`
 * (infra/ops/audit-rebuild.ts) clears these tables and has the groups read their topics again from the beginning.
 * Audit records written by auditors (anomaly decisions, engagements, findings) are not projections and stay; they
 * name flows by id, and a flow keeps its id (the producing service's) when it is recorded again.
 */
export interface AuditProjection {
  /** The projector's class name: its consumer group is `<KAFKA_TOPIC_PREFIX>audit.<projector>`. */
  projector: string;
  domains: readonly string[];
  /** Tables cleared together; those `appendOnly` have triggers refusing UPDATE, DELETE and TRUNCATE. */
  tables: readonly string[];
  appendOnly: readonly string[];
}

export const AUDIT_PROJECTIONS: readonly AuditProjection[] = [
  {
    projector: 'MoneyFlowProjector',
    domains: ['incidents', 'supplies'],
    tables: [
      'flow_link',
      'flow_origin',
      'ledger_entry',
      'flow',
      'fund_total',
      'fund_breakdown',
      'audit_contribution',
      'audit_allocation',
      'audit_fund',
      'audit_incident',
    ],
    appendOnly: ['flow', 'flow_link', 'flow_origin', 'ledger_entry'],
  },
  {
    projector: 'GoodsMovementProjector',
    domains: ['supplies'],
    // It also books its movements in ledger_entry (rows with goods_movement_id), cleared with the money flows' rows.
    tables: ['goods_movement', 'goods_lot'],
    appendOnly: ['goods_movement'],
  },
  {
    projector: 'AnomalyFactsProjector',
    domains: ['organisations'],
    tables: ['anomaly_dissolved_organisation'],
    appendOnly: [],
  },
];

/** Figures a rebuild must reproduce exactly: per stage and form over all funds, and the books' sums. */
export const REBUILD_CHECKS: Record<string, string> = {
  flows: `SELECT count(*)::text AS value FROM flow`,
  fund_total: `SELECT coalesce(string_agg(t, ', ' ORDER BY t), '') AS value FROM (
      SELECT form || ' ' || stage || ' ' || sum(forward_fen - reversed_fen) AS t FROM fund_total GROUP BY form, stage
    ) s`,
  fund_breakdown: `SELECT coalesce(string_agg(t, ', ' ORDER BY t), '') AS value FROM (
      SELECT source_kind || ' ' || stage || ' ' || sum(forward_fen - reversed_fen) AS t FROM fund_breakdown
      GROUP BY source_kind, stage
    ) s`,
  ledger: `SELECT count(*) || ' entries, debits − credits '
      || coalesce(sum(CASE side WHEN 'DEBIT' THEN amount_fen ELSE -amount_fen END), 0) AS value FROM ledger_entry`,
  origins: `SELECT count(*) || ' rows, ' || coalesce(sum(amount_fen), 0) || ' fen' AS value FROM flow_origin`,
  goods_ledger: `SELECT count(*) || ' goods entries, ' || coalesce(sum(amount_fen) FILTER (WHERE side = 'DEBIT'), 0)
      || ' fen debited' AS value FROM ledger_entry WHERE goods_movement_id IS NOT NULL`,
  goods: `SELECT (SELECT count(*) FROM goods_lot) || ' lots, ' || count(*) || ' movements, '
      || coalesce(sum(value_fen), 0) || ' fen' AS value FROM goods_movement`,
};
