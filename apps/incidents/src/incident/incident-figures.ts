import { badInput } from '@emergency/graphql';

/**
 * The counts an incident's reports give, in the order of the disaster statistics forms: people (deaths, missing,
 * injured and of them seriously, relocated, needing relief), houses (collapsed, severely damaged, damaged, in
 * rooms 间) and affected area in hectares. Direct economic loss is money, in fen.
 */
export const FIGURE_COUNTS = [
  'deaths',
  'missing',
  'injured',
  'seriouslyInjured',
  'relocated',
  'needingRelief',
  'housesCollapsed',
  'housesSeverelyDamaged',
  'housesDamaged',
  'affectedAreaHectares',
] as const;
export type FigureCount = (typeof FIGURE_COUNTS)[number];

/** An incident's figures: null where no report has given that figure. */
export type IncidentFigures = { [K in FigureCount]: number | null } & { directLossFen: bigint | null };

/** Figures as a caller gives them: anything left out is not known (or not changed, for a later report). */
export type IncidentFiguresInput = { [K in FigureCount]?: number | null } & { directLossFen?: bigint | null };

/** The largest count accepted (more people than live in China is a typo). */
export const MAX_FIGURE = 2_000_000_000;

export const NO_FIGURES: IncidentFigures = Object.freeze({
  deaths: null,
  missing: null,
  injured: null,
  seriouslyInjured: null,
  relocated: null,
  needingRelief: null,
  housesCollapsed: null,
  housesSeverelyDamaged: null,
  housesDamaged: null,
  affectedAreaHectares: null,
  directLossFen: null,
});

/**
 * `input` checked, as figures: each count a whole number from 0 to {@link MAX_FIGURE}, the loss a non-negative
 * amount of fen, and no more seriously injured than injured when both are given; BAD_USER_INPUT naming
 * `<field>.<figure>` otherwise.
 */
export function requiredFigures(
  input: IncidentFiguresInput | null | undefined,
  field: string,
): IncidentFigures {
  const figures: IncidentFigures = { ...NO_FIGURES };
  if (!input) return figures;
  for (const name of FIGURE_COUNTS) {
    const value = input[name];
    if (value === null || value === undefined) continue;
    if (!Number.isInteger(value) || value < 0 || value > MAX_FIGURE) {
      throw badInput(`${field}.${name} must be a whole number from 0 to ${MAX_FIGURE}`, `${field}.${name}`);
    }
    figures[name] = value;
  }
  if (input.directLossFen !== null && input.directLossFen !== undefined) {
    if (input.directLossFen < 0n) {
      throw badInput(`${field}.directLossFen must not be negative`, `${field}.directLossFen`);
    }
    figures.directLossFen = input.directLossFen;
  }
  if (
    figures.injured !== null &&
    figures.seriouslyInjured !== null &&
    figures.seriouslyInjured > figures.injured
  ) {
    throw badInput(
      `${field}.seriouslyInjured (${figures.seriouslyInjured}) cannot exceed ${field}.injured (${figures.injured})`,
      `${field}.seriouslyInjured`,
    );
  }
  return figures;
}

/** The figures after a report: each figure it gives replaces the one before; the others stay. */
export function mergeFigures(current: IncidentFigures, update: IncidentFigures): IncidentFigures {
  const merged = { ...current };
  for (const name of FIGURE_COUNTS) {
    const value = update[name];
    if (value !== null) merged[name] = value;
  }
  if (update.directLossFen !== null) merged.directLossFen = update.directLossFen;
  return merged;
}

/** Whether a report gave any figure at all. */
export const hasFigures = (figures: IncidentFigures): boolean =>
  FIGURE_COUNTS.some((name) => figures[name] !== null) || figures.directLossFen !== null;

/** The figures as events carry them: counts as numbers, the loss as a decimal string of fen, unknown as null. */
export function figuresForEvent(figures: IncidentFigures) {
  return {
    ...Object.fromEntries(FIGURE_COUNTS.map((name) => [name, figures[name]])),
    directLossFen: figures.directLossFen === null ? null : figures.directLossFen.toString(),
  } as { [K in FigureCount]: number | null } & { directLossFen: string | null };
}
