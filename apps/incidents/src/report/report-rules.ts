import { chinaDateOf, chinaInstant, rulesOfMostSpecificPrefix, workingDaysDeadline } from '@emergency/domain';
import type { IncidentFigures } from '../incident/incident-figures';
import type { IncidentCategory, IncidentSeverity } from '../incident/incident.entity';
import {
  REPORT_LEVELS,
  type ReportChannel,
  type ReportDeadlineRuleEntity,
  type ReportKind,
  type ReportLevel,
} from './report.entity';
import { ReportErrorCode, ReportException } from './report.exception';

const MINUTE = 60_000;

/**
 * A count "jumps" when a report gives more than this many times the count before it (DOMAIN_FACTS 3.3: large jumps
 * in the data need a written explanation). No source found names the size of a "large" jump, so this is a choice,
 * kept here: a casualty count more than doubled is what a reviewer asks about first. Should a province set its own
 * threshold, it becomes a column of the deadline rules.
 */
export const FIGURE_JUMP_FACTOR = 2;
/** The counts whose jumps need an explanation: the casualties. */
export const JUMP_CHECKED_FIGURES = ['deaths', 'missing', 'injured', 'seriouslyInjured'] as const;

/** The reports already in a chain, in order. */
export type Chain = readonly {
  kind: ReportKind;
  toLevel: ReportLevel;
  skippedLevels: readonly ReportLevel[];
}[];

/**
 * Where a report of `kind` to `toLevel` goes in `chain`: refused when it breaks the chain (a second initial report
 * to a level the initial report already reached, directly or by skipping it; anything but an initial report first;
 * a second verified report; anything but a supplementary report after the final one); otherwise its number (续报 n
 * for a follow-up, null for the other kinds). The initial report is relayed level by level, so each level receives
 * one.
 */
export function placeInChain(
  chain: Chain,
  kind: ReportKind,
  toLevel: ReportLevel,
): { number: number | null } {
  const has = (k: ReportKind) => chain.some((r) => r.kind === k);
  if (kind === 'INITIAL') {
    const reached = chain.some(
      (r) => r.kind === 'INITIAL' && (r.toLevel === toLevel || r.skippedLevels.includes(toLevel)),
    );
    if (reached) {
      throw new ReportException(
        ReportErrorCode.InitialReportExists,
        `the initial report already reached ${toLevel}`,
        { field: 'kind' },
      );
    }
    return { number: null };
  }
  if (!has('INITIAL')) {
    throw new ReportException(
      ReportErrorCode.InitialReportMissing,
      `a ${kind} report cannot come before the initial report`,
      { field: 'kind' },
    );
  }
  if (has('FINAL') && kind !== 'SUPPLEMENTARY') {
    throw new ReportException(ReportErrorCode.ReportChainClosed, 'the final report closed the chain', {
      field: 'kind',
    });
  }
  if (kind === 'VERIFIED' && has('VERIFIED')) {
    throw new ReportException(
      ReportErrorCode.VerifiedReportExists,
      'the incident already has its verified report',
      {
        field: 'kind',
      },
    );
  }
  if (kind === 'FOLLOW_UP') return { number: chain.filter((r) => r.kind === 'FOLLOW_UP').length + 1 };
  return { number: null };
}

/**
 * When a report was made: `given` (a phone report logged after the fact), never after `now` nor before the incident
 * occurred; `now` when not given.
 */
export function requiredReportedAt(given: Date | null | undefined, now: Date, occurredAt: Date): Date {
  if (given === null || given === undefined) return now;
  if (given.getTime() > now.getTime()) {
    throw new ReportException(ReportErrorCode.ReportedAtInFuture, 'reportedAt lies in the future', {
      field: 'reportedAt',
    });
  }
  if (given.getTime() < occurredAt.getTime()) {
    throw new ReportException(
      ReportErrorCode.ReportedBeforeOccurrence,
      'reportedAt lies before the incident occurred',
      { field: 'reportedAt', occurredAt: occurredAt.toISOString() },
    );
  }
  return given;
}

/** The levels skipped (越级上报), each below `toLevel`, once each and lowest first; a reason is required with any. */
export function requiredSkip(
  toLevel: ReportLevel,
  skipped: readonly ReportLevel[] | null | undefined,
  reason: string | null,
): ReportLevel[] {
  const levels = [...new Set(skipped ?? [])];
  for (const level of levels) {
    if (rank(level) >= rank(toLevel)) {
      throw new ReportException(
        ReportErrorCode.SkippedLevelNotBelow,
        `skipped level ${level} is not below ${toLevel}`,
        { field: 'skippedLevels', level },
      );
    }
  }
  if (levels.length > 0 && !reason) {
    throw new ReportException(ReportErrorCode.SkipReasonRequired, 'a report that skips levels must say why', {
      field: 'skipReason',
    });
  }
  return levels.sort((a, b) => rank(a) - rank(b));
}

/** The casualty counts of `next` that more than double (by {@link FIGURE_JUMP_FACTOR}) a non-zero one in `current`. */
export function figureJumps(current: IncidentFigures, next: IncidentFigures): string[] {
  return JUMP_CHECKED_FIGURES.filter((name) => {
    const before = current[name];
    const after = next[name];
    return before !== null && before > 0 && after !== null && after > before * FIGURE_JUMP_FACTOR;
  });
}

/** Refuses a report whose figures jump ({@link figureJumps}) without an explanation. */
export function requireExplanation(
  current: IncidentFigures,
  next: IncidentFigures,
  explanation: string | null,
) {
  const jumped = figureJumps(current, next);
  if (jumped.length > 0 && !explanation) {
    throw new ReportException(
      ReportErrorCode.ExplanationRequired,
      `${jumped.join(', ')} more than ${FIGURE_JUMP_FACTOR === 2 ? 'doubled' : `×${FIGURE_JUMP_FACTOR}`}: explain why`,
      { field: 'explanation', figures: jumped },
    );
  }
}

/** Whole minutes past `dueAt` (any part of a minute counts): 0 when on time, exactly on the deadline included. */
export function minutesLate(dueAt: Date, at: Date): number {
  const late = at.getTime() - dueAt.getTime();
  return late <= 0 ? 0 : Math.ceil(late / MINUTE);
}

export const rank = (level: ReportLevel) => REPORT_LEVELS.indexOf(level);
export const levelAbove = (level: ReportLevel): ReportLevel | null => REPORT_LEVELS[rank(level) + 1] ?? null;

/** The code of the region at `level` that `regionCode` lies in (national: its province). */
export function regionAt(regionCode: string, level: ReportLevel): string {
  if (level === 'PROVINCE' || level === 'NATIONAL') return `${regionCode.slice(0, 2)}0000`;
  if (level === 'PREFECTURE') return `${regionCode.slice(0, 4)}00`;
  return regionCode;
}

/** The region expected to make a report to `level`: the region one level below it (the incident's own for a county). */
export function reportingRegion(regionCode: string, level: ReportLevel): string {
  if (level === 'COUNTY') return regionCode;
  return regionAt(regionCode, REPORT_LEVELS[rank(level) - 1]);
}

export type Rule = Pick<
  ReportDeadlineRuleEntity,
  | 'id'
  | 'regionPrefix'
  | 'category'
  | 'subcategory'
  | 'grades'
  | 'kind'
  | 'channel'
  | 'hop'
  | 'anchor'
  | 'level'
  | 'withinMinutes'
  | 'withinWorkingDays'
  | 'fixedTimes'
>;

/** The rules in force for a region and category: those of the longest prefix of `regionCode` that has any. */
export function rulesInForce<R extends Rule>(
  rules: readonly R[],
  regionCode: string,
  category: IncidentCategory,
): R[] {
  return rulesOfMostSpecificPrefix(
    rules.filter((r) => r.category === category),
    regionCode,
  );
}

export interface IncidentFacts {
  regionCode: string;
  category: IncidentCategory;
  subcategory: string | null;
  severity: IncidentSeverity;
  occurredAt: Date;
}

/**
 * The rules of `inForce` that apply to the incident: its grade among theirs, and for each kind and hop the rows of
 * its own subcategory when there are any, the rows without one otherwise.
 */
export function rulesFor<R extends Rule>(inForce: readonly R[], incident: IncidentFacts): R[] {
  const graded = inForce.filter(
    (r) =>
      r.grades.includes(incident.severity) &&
      (r.subcategory === null || r.subcategory === incident.subcategory),
  );
  return graded.filter(
    (r) =>
      r.subcategory !== null ||
      !graded.some((o) => o.subcategory !== null && o.kind === r.kind && o.hop === r.hop),
  );
}

/** What an incident owes: a report of `kind` to `level` (by `channel` when the rule names one) by `dueAt`. */
export interface Obligation {
  ruleId: string | null;
  kind: ReportKind;
  channel: ReportChannel | null;
  level: ReportLevel;
  dueAt: Date;
  reportingRegion: string;
}

/** The obligations an incident owes as soon as it is reported: the rules counting from its occurrence. */
export function obligationsOnOccurrence(rules: readonly Rule[], incident: IncidentFacts): Obligation[] {
  return rules
    .filter(
      (r) => r.anchor === 'OCCURRED' && r.kind !== 'SUPPLEMENTARY' && r.level && r.withinMinutes !== null,
    )
    .map((r) => ({
      ruleId: r.id,
      kind: r.kind,
      channel: r.channel,
      level: r.level!,
      dueAt: new Date(incident.occurredAt.getTime() + r.withinMinutes! * MINUTE),
      reportingRegion: reportingRegion(incident.regionCode, r.level!),
    }));
}

/**
 * The relays a report of `kind` received at `level` at `receivedAt` starts (RECEIVED_BELOW): the next level up,
 * while the rule's highest level is not reached.
 */
export function relaysOnReport(
  rules: readonly Rule[],
  regionCode: string,
  kind: ReportKind,
  level: ReportLevel,
  receivedAt: Date,
): Obligation[] {
  const next = levelAbove(level);
  if (!next) return [];
  return rules
    .filter(
      (r) =>
        r.anchor === 'RECEIVED_BELOW' &&
        r.kind === kind &&
        r.level !== null &&
        rank(next) <= rank(r.level) &&
        r.withinMinutes !== null,
    )
    .map((r) => ({
      ruleId: r.id,
      kind,
      channel: r.channel,
      level: next,
      dueAt: new Date(receivedAt.getTime() + r.withinMinutes! * MINUTE),
      reportingRegion: reportingRegion(regionCode, next),
    }));
}

/** The verified-report obligations once the response is lifted at `liftedAt` (working days: the official calendar). */
export function obligationsOnLifting(
  rules: readonly Rule[],
  regionCode: string,
  liftedAt: Date,
): Obligation[] {
  return rules
    .filter((r) => r.anchor === 'RESPONSE_LIFTED' && r.level !== null)
    .filter((r) => r.withinWorkingDays !== null || r.withinMinutes !== null)
    .map((r) => ({
      ruleId: r.id,
      kind: r.kind,
      channel: r.channel,
      level: r.level!,
      dueAt:
        r.withinWorkingDays !== null
          ? workingDaysDeadline(liftedAt, r.withinWorkingDays)
          : new Date(liftedAt.getTime() + r.withinMinutes! * MINUTE),
      reportingRegion: reportingRegion(regionCode, r.level!),
    }));
}

/** The fixed-time follow-ups due on the China day of `now`, after the incident occurred. */
export function followUpsOn(rules: readonly Rule[], incident: IncidentFacts, now: Date): Obligation[] {
  const today = chinaDateOf(now);
  return rules
    .filter((r) => r.anchor === 'FIXED_TIME' && r.level !== null)
    .flatMap((r) =>
      r.fixedTimes.map((time) => ({
        ruleId: r.id,
        kind: r.kind,
        channel: r.channel,
        level: r.level!,
        dueAt: chinaInstant(today, time),
        reportingRegion: reportingRegion(incident.regionCode, r.level!),
      })),
    )
    .filter((o) => o.dueAt.getTime() > incident.occurredAt.getTime());
}

/** Whether a 补报 at `reportedAt` lies within the supplementary window; null when no window is in force. */
export function withinSupplementaryWindow(
  rules: readonly Rule[],
  occurredAt: Date,
  reportedAt: Date,
): boolean | null {
  const window = rules.find((r) => r.hop === 'SUPPLEMENTARY_WINDOW' && r.withinMinutes !== null);
  if (!window) return null;
  return reportedAt.getTime() <= occurredAt.getTime() + window.withinMinutes! * MINUTE;
}

export interface OpenObligation {
  id: string;
  kind: ReportKind;
  channel: ReportChannel | null;
  level: ReportLevel;
  dueAt: Date;
}

/**
 * The open obligations a report meets: of its kind, to its level or one it skipped, by its channel when the
 * obligation names one; of those, the earliest due for each level and channel.
 */
export function obligationsMet<O extends OpenObligation>(
  open: readonly O[],
  report: {
    kind: ReportKind;
    channel: ReportChannel;
    toLevel: ReportLevel;
    skippedLevels: readonly ReportLevel[];
  },
): O[] {
  const levels = new Set([report.toLevel, ...report.skippedLevels]);
  const matching = open
    .filter(
      (o) =>
        o.kind === report.kind && levels.has(o.level) && (o.channel === null || o.channel === report.channel),
    )
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const seen = new Set<string>();
  return matching.filter((o) => {
    const key = `${o.level}:${o.channel ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
