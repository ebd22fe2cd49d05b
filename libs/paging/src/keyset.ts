import { isCalendarDate, UUID } from '@emergency/domain';

/**
 * Bad paging arguments: `first` out of bounds, or an `after` that is not a cursor of this connection. It carries
 * the extensions of the BAD_USER_INPUT it is answered with (GraphQL takes a thrown error's `extensions`), so
 * repositories and services page without depending on GraphQL.
 */
export class PageInputError extends Error {
  readonly extensions: { code: 'BAD_USER_INPUT'; field: 'first' | 'after' };

  constructor(message: string, field: 'first' | 'after') {
    super(message);
    this.name = 'PageInputError';
    this.extensions = { code: 'BAD_USER_INPUT', field };
  }
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page {
  limit: number;
  /** Decoded sort key of the last row the caller saw, or undefined for the first page. */
  after?: string[];
}

/** Validates `first`/`after` into a limit and a decoded keyset position. */
export function readPage(args: PageArgs): Page {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new PageInputError(`first must be between 1 and ${MAX_PAGE_SIZE} (got ${limit})`, 'first');
  }
  return { limit, after: args.after ? decodeCursor(args.after) : undefined };
}

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Longer than any cursor this API hands out; a longer one is refused before it is decoded. */
const MAX_CURSOR_LENGTH = 1024;
// C0 and C1 controls and DEL: PostgreSQL refuses NUL in text, and no key this API writes holds any of them.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const notACursor = () => new PageInputError('after is not a cursor returned by this API', 'after');
const notThisConnection = () =>
  new PageInputError('after is not a cursor returned by this connection', 'after');

/**
 * The key in a cursor: a non-empty list of strings. BAD_USER_INPUT for anything else, and for any part holding a
 * control character (NUL among them), so no forged text reaches the database.
 */
export function decodeCursor(cursor: string): string[] {
  if (cursor.length > MAX_CURSOR_LENGTH) throw notACursor();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notACursor();
  }
  if (
    Array.isArray(key) &&
    key.length > 0 &&
    key.every((part) => typeof part === 'string' && !CONTROL.test(part))
  ) {
    return key as string[];
  }
  throw notACursor();
}

/** A keyset position of rows ordered by a timestamp, then id: `[ISO time, uuid]` in a cursor. */
export interface TimeKey {
  at: Date;
  id: string;
}

export const timeKeyOf = (at: Date, id: string) => [at.toISOString(), id];
/** The {@link timeKeyOf} of a row listed newest first by when it was created. */
export const createdAtKey = (row: { createdAt: Date; id: string }) => timeKeyOf(row.createdAt, row.id);

// PostgreSQL's timestamptz runs from 4714-11-24 BC (astronomical year -4713) to 294276 AD; JavaScript dates end
// before that, at +275760-09-13.
const TIMESTAMPTZ_MIN_MS = Date.UTC(-4713, 10, 24);
const INT8_MAX = 2n ** 63n - 1n;

/**
 * A time as this API writes it in a cursor (`Date#toISOString`) that PostgreSQL's timestamptz can hold: the text
 * must round-trip exactly, so `2026-02-30…` or a bare date is refused rather than read as something else.
 */
export function isCursorTime(iso: string): boolean {
  const at = new Date(iso);
  return !Number.isNaN(at.getTime()) && at.getTime() >= TIMESTAMPTZ_MIN_MS && at.toISOString() === iso;
}

/** A non-negative integer written in decimal without leading zeros that fits PostgreSQL's int8 (bigint). */
export function isCursorInt8(text: string): boolean {
  return /^(0|[1-9]\d{0,18})$/.test(text) && BigInt(text) <= INT8_MAX;
}

/** The {@link TimeKey} in a page's `after`, or BAD_USER_INPUT when the cursor holds anything else. */
export function readTimeKey(page: Page): TimeKey | undefined {
  if (!page.after) return undefined;
  const [iso, id] = page.after;
  if (page.after.length !== 2 || !isCursorTime(iso ?? '') || !UUID.test(id ?? '')) {
    throw notThisConnection();
  }
  return { at: new Date(iso!), id: id! };
}

/**
 * The number in a page's `after` for a connection ordered by a bigint sequence (`[seq]` in a cursor), compared
 * as a number, never as text: "10" follows "9". BAD_USER_INPUT for anything else.
 */
export function readSeqKey(page: Page): bigint | undefined {
  if (!page.after) return undefined;
  const [seq] = page.after;
  if (page.after.length !== 1 || !isCursorInt8(seq ?? '')) throw notThisConnection();
  return BigInt(seq!);
}

/**
 * What one part of a keyset cursor holds, checked before it reaches SQL: `text` (any string without control
 * characters), `uuid`, `int` (int4 rank or number), `int8`, `date` (YYYY-MM-DD) or `time` (an ISO instant).
 */
export type KeyPart = 'text' | 'uuid' | 'int' | 'int8' | 'date' | 'time';

const INT4_MAX = 2 ** 31 - 1;
const PART_CHECKS: Record<KeyPart, (part: string) => boolean> = {
  text: () => true,
  uuid: (part) => UUID.test(part),
  int: (part) => /^(0|-?[1-9]\d{0,9})$/.test(part) && Math.abs(Number(part)) <= INT4_MAX,
  int8: isCursorInt8,
  date: isCalendarDate,
  time: isCursorTime,
};

/**
 * The decoded `after` key of a keyset connection, or BAD_USER_INPUT for a cursor of another connection. Give the
 * key's `shape` (one {@link KeyPart} per part) so numbers, dates and times are checked before SQL casts them; or,
 * as before, its `length` with the last part an id (a UUID unless `idIsUuid` is false) and the others text.
 */
export function afterKey(page: Page, shape: readonly KeyPart[]): string[] | undefined;
export function afterKey(page: Page, length: number, idIsUuid?: boolean): string[] | undefined;
export function afterKey(
  page: Page,
  shapeOrLength: readonly KeyPart[] | number,
  idIsUuid = true,
): string[] | undefined {
  if (!page.after) return undefined;
  const shape: readonly KeyPart[] =
    typeof shapeOrLength === 'number'
      ? [...Array<KeyPart>(Math.max(shapeOrLength - 1, 0)).fill('text'), idIsUuid ? 'uuid' : 'text']
      : shapeOrLength;
  if (page.after.length !== shape.length || !page.after.every((part, i) => PART_CHECKS[shape[i]!](part))) {
    throw notThisConnection();
  }
  return page.after;
}
