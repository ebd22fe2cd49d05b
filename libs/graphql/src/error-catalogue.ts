/**
 * One entry of the error catalogue: a stable code a caller may receive in `extensions.code`, what it means, and
 * the other extensions that come with it.
 *
 * Codes are part of the API contract frontends rely on: a code, once published, keeps its spelling and meaning.
 * Every code is defined exactly once, in a `defineErrorCodes` call (shared codes in {@link CommonErrorCode},
 * a feature's own codes beside the feature); `infra/errors` reads these calls to check the source and to write
 * docs/errors.md, so the definitions are plain literals.
 */
export interface ErrorCodeDefinition {
  /** The value of `extensions.code`: upper case words joined by `_`. */
  readonly code: string;
  /** What happened and what the caller can do about it, in one or two sentences. */
  readonly meaning: string;
  /** Further extensions the error carries, by name, with what each holds. */
  readonly extensions?: Readonly<Record<string, string>>;
  /** Who raises a shared code (a feature's codes are raised by the feature's service). */
  readonly raisedBy?: string;
}

/** The codes of a catalogue by name, e.g. `PlansErrorCode.InvalidDate` is `'INVALID_DATE'`. */
export type ErrorCodes<T extends Record<string, ErrorCodeDefinition>> = {
  readonly [K in keyof T]: T[K]['code'];
};

/** The union of the codes of a catalogue made by {@link defineErrorCodes}. */
export type CodeOf<T> = T[keyof T];

/**
 * Defines the error codes `owner` (a library or a feature) raises and returns them by name, for throw sites:
 *
 * ```ts
 * export const PlansErrorCode = defineErrorCodes('plans', {
 *   ReviewOverdue: { code: 'PLAN_REVIEW_OVERDUE', meaning: '...', extensions: { field: 'the input field' } },
 * });
 * export type PlansErrorCode = CodeOf<typeof PlansErrorCode>;
 * ```
 *
 * A code another service or library already defines is imported from there, never defined again: the
 * catalogue test fails on a code defined twice and on a code thrown that no catalogue defines.
 */
export function defineErrorCodes<const T extends Record<string, ErrorCodeDefinition>>(
  owner: string,
  definitions: T,
): ErrorCodes<T> {
  const codes: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, definition] of Object.entries(definitions)) {
    if (seen.has(definition.code))
      throw new Error(`${owner} defines the error code ${definition.code} twice`);
    seen.add(definition.code);
    codes[name] = definition.code;
  }
  return Object.freeze(codes) as ErrorCodes<T>;
}
