import { badInput, pastOrToday, requiredCalendarDate } from '@emergency/graphql';
import { TRAINING_CATEGORIES, type TrainingCategory } from './training-record.entity';
import { TrainingErrorCode, TrainingException } from './training.exception';

export const MIN_TRAINING_HOURS = 1;
/** A year of full-time study (50 weeks of 40 hours): anything longer is a typing mistake, not a course. */
export const MAX_TRAINING_HOURS = 2000;

/**
 * The training period, both days written YYYY-MM-DD: it must have ended (not after `today`, the calendar day in
 * China) and cannot end before it started. A course that started today and ends today is fine.
 */
export function checkTrainingPeriod(
  startedOn: string,
  completedOn: string,
  today: string,
): { startedOn: string; completedOn: string } {
  requiredCalendarDate(startedOn, 'startedOn');
  // Training is recorded once it is completed.
  pastOrToday(completedOn, 'completedOn', today);
  if (completedOn < startedOn) {
    throw new TrainingException(
      TrainingErrorCode.CompletedBeforeStarted,
      `completedOn ${completedOn} is before startedOn ${startedOn}`,
      { field: 'completedOn' },
    );
  }
  return { startedOn, completedOn };
}

/** Whole training hours from 1 to 2000. */
export function checkHours(hours: number): number {
  if (!Number.isInteger(hours) || hours < MIN_TRAINING_HOURS || hours > MAX_TRAINING_HOURS) {
    throw new TrainingException(
      TrainingErrorCode.HoursOutOfRange,
      `hours must be a whole number from ${MIN_TRAINING_HOURS} to ${MAX_TRAINING_HOURS} (got ${hours})`,
      { field: 'hours' },
    );
  }
  return hours;
}

/** The first day of `year` and the first day of the next, for a half-open range on completion dates. */
export function yearRange(year: number): { from: string; until: string } {
  if (!Number.isInteger(year) || year < 1900 || year > 9998) {
    throw badInput(`year must be a calendar year from 1900 to 9998 (got ${year})`, 'year');
  }
  return { from: `${year}-01-01`, until: `${year + 1}-01-01` };
}

/** One group of a training summary: `category` null for the total over every category. */
export interface TrainingTotalsRow {
  category: TrainingCategory | null;
  records: number;
  people: number;
  hours: number;
}

export interface CategoryTotals {
  category: TrainingCategory;
  records: number;
  peopleTrained: number;
  hours: number;
}

export interface TrainingTotals {
  peopleTrained: number;
  records: number;
  totalHours: number;
  /** Categories with at least one record, in the order of TRAINING_CATEGORIES. */
  byCategory: CategoryTotals[];
}

/**
 * Shapes the grouped totals into a summary. People are counted distinct per group: someone trained in two
 * categories counts once in each of them and once in the total, so the categories' people do not add up.
 */
export function summariseTraining(rows: readonly TrainingTotalsRow[]): TrainingTotals {
  const total = rows.find((row) => row.category === null);
  const byCategory = TRAINING_CATEGORIES.flatMap((category) => {
    const row = rows.find((r) => r.category === category);
    return row && row.records > 0
      ? [{ category, records: row.records, peopleTrained: row.people, hours: row.hours }]
      : [];
  });
  return {
    peopleTrained: total?.people ?? 0,
    records: total?.records ?? 0,
    totalHours: total?.hours ?? 0,
    byCategory,
  };
}
