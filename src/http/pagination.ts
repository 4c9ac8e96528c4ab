import Type from 'typebox';
import { AppError } from '../errors.js';

/**
 * Keyset (cursor) pagination. A cursor is the sort key of the last item of a page, opaque to
 * clients (base64url JSON), so pages stay stable while rows are inserted, unlike OFFSET.
 */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page (1-200)' }),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page' })),
});

export const pageOf = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export type SortKey = (string | number | boolean | null)[];

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor into a sort key of `arity` values, or answers 422 naming the parameter. */
/** `parameter` is the query parameter the cursor came in (`cursor`, or `since` for the sync feed). */
export function decodeCursor(cursor: string, arity: number, parameter = 'cursor'): SortKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
    if (Array.isArray(key) && key.length === arity && key.every(scalar)) return key as SortKey;
  } catch {
    // fall through to the problem below
  }
  throw new AppError('validation_failed', `${parameter} is not a cursor this list handed out`, {
    errors: [{ path: `query.${parameter}`, message: 'is not a valid cursor' }],
  });
}

/**
 * Given up to `limit + 1` rows fetched in sort order, returns one page and the cursor of the next
 * (null on the last page): fetching one extra row tells whether more exist without a COUNT.
 */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => SortKey): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
