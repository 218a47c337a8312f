import { PolypayError } from '../errors/polypay-error.js';

/** The position of a row in a list ordered by `(created_at, id)`. */
export interface ListPosition {
  readonly createdAt: number;
  readonly id: string;
}

const DECODED = /^(\d{1,16}):([A-Za-z0-9_]{1,64})$/;

/** An opaque cursor: base64url of `created_at:id`. */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.createdAt}:${position.id}`, 'utf8').toString('base64url');
}

/** Reads a cursor made by encodeCursor; anything else is a 400 naming `param`. */
export function decodeCursor(cursor: string, param = 'starting_after'): ListPosition {
  const decoded = /^[A-Za-z0-9_-]{1,200}$/.test(cursor)
    ? Buffer.from(cursor, 'base64url').toString('utf8')
    : '';
  const match = DECODED.exec(decoded);
  const createdAt = match ? Number(match[1]) : Number.NaN;
  if (!match || !Number.isSafeInteger(createdAt)) {
    throw new PolypayError('invalid_params', {
      param,
      message: `${param} is not a cursor this API returned (use next_cursor of the previous page).`,
      messageZh: `${param} 不是本接口返回的游标（请使用上一页的 next_cursor）`,
    });
  }
  return { createdAt, id: match[2]! };
}

/**
 * Turns `limit + 1` rows, fetched in the list's order, into a page. `next_cursor` points after the last item
 * whenever there is one, so that a client can keep it and ask later for what came since.
 */
export function toPage<R extends { id: string; created_at: number }, T>(
  rows: readonly R[],
  limit: number,
  view: (row: R) => T,
): { items: T[]; has_more: boolean; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    has_more: rows.length > limit,
    next_cursor: last ? encodeCursor({ createdAt: last.created_at, id: last.id }) : null,
  };
}
