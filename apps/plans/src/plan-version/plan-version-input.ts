import { badInput, optionalText, requiredText } from '@emergency/graphql';
import type { PlanAttachment, PlanSections } from './plan-version.entity';

export interface PlanSectionsInput {
  organisationAndDuties?: string | null;
  preventionAndWarning?: string | null;
  responseProcedures?: string | null;
  support?: string | null;
  recovery?: string | null;
}
export interface PlanAttachmentInput {
  title: string;
  reference: string;
}
/** The sections of a plan's text, in the order of ERL art. 28. */
export const SECTION_NAMES = [
  'organisationAndDuties',
  'preventionAndWarning',
  'responseProcedures',
  'support',
  'recovery',
] as const;

/** The sections of a version from input (each trimmed text up to 20,000 characters, or null). */
export function readSections(
  input: PlanSectionsInput | null | undefined,
  base: PlanSections | null,
  field: string,
): PlanSections {
  const sections = {} as PlanSections;
  for (const name of SECTION_NAMES) {
    const given = input?.[name];
    sections[name] =
      given === undefined ? (base?.[name] ?? null) : optionalText(given, `${field}.${name}`, 20_000);
  }
  return sections;
}

/** Attachments by reference: a title and a document reference (a URI or a document number). */
export function readAttachments(
  input: PlanAttachmentInput[] | null | undefined,
  base: PlanAttachment[],
  field: string,
): PlanAttachment[] {
  if (input === undefined || input === null) return base;
  if (input.length > 50) throw badInput('a version has at most 50 attachments', field);
  return input.map((a, i) => ({
    title: requiredText(a.title, `${field}[${i}].title`, 200),
    reference: requiredText(a.reference, `${field}[${i}].reference`, 1000),
  }));
}
