import type { ChaosReport } from './chaos';
import { duplicatedTotal, lostTotal } from './verify';

/**
 * The run as a table: committed fund mutations (of those sent), kills, events, lost and duplicated, then what
 * each total is made of.
 */
export function formatReport(report: ChaosReport): string {
  const { mutations, kills, verification: v } = report;
  const committed = v.committed.contributions + v.committed.allocations;
  const columns: [string, string][] = [
    ['mutations', `${committed} of ${mutations.attempted}`],
    ['kills', String(kills.incidents + kills.audit)],
    ['broker outages', String(report.brokerOutages)],
    ['events', String(v.events)],
    ['lost', String(lostTotal(v))],
    ['duplicated', String(duplicatedTotal(v))],
    ['duration', `${(report.durationMs / 1000).toFixed(1)} s`],
  ];
  const widths = columns.map(([head, value]) => Math.max(head.length, value.length));
  const row = (cells: string[]) => `| ${cells.map((cell, i) => cell.padStart(widths[i])).join(' | ')} |`;
  const applied = Object.entries(v.applied)
    .map(([service, n]) => `${service} ${n}`)
    .join(', ');
  return [
    row(columns.map(([head]) => head)),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    row(columns.map(([, value]) => value)),
    '',
    `seed ${report.seed}`,
    `mutations: ${mutations.acked} acknowledged, ${mutations.refused} refused, ${mutations.unreachable} unreachable, ` +
      `${mutations.unknown} cut off (outcome read from the database); committed: ${v.committed.contributions} ` +
      `contributions, ${v.committed.allocations} allocations (+ ${v.committed.incidents} incident, ` +
      `${v.committed.funds} funds)`,
    `kills: incidents ${kills.incidents}, audit ${kills.audit} (${kills.auditMidBatch} mid-batch); ` +
      `unexpected exits ${report.crashes}`,
    `events: ${v.events} in the outbox, ${v.messages} messages on the topic (${v.republished} republished, ` +
      `dropped by the consumers); applied: ${applied}`,
    `lost: ${JSON.stringify(v.lost)}`,
    `duplicated: ${JSON.stringify(v.duplicated)}`,
    `funds whose audit totals differ: ${v.fundsOff.length ? v.fundsOff.join('; ') : 'none'}`,
  ].join('\n');
}
