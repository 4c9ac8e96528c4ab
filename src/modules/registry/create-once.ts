import { AppError } from '../../errors.js';

/**
 * An offline create: a retried create with the same client id returns the first record instead of
 * a duplicate (`created: false`, answered 200). Ids are unique per tenant, so another tenant's
 * record never stands in the way: a conflict is an id this tenant already uses for a record the
 * caller cannot see (outside a farmer's scope).
 */
export async function createOnce<R>(
  find: () => Promise<R | undefined>,
  insert: () => Promise<R | undefined>,
): Promise<{ row: R; created: boolean }> {
  const existing = await find();
  if (existing) return { row: existing, created: false };
  const inserted = await insert();
  if (inserted) return { row: inserted, created: true };
  // The id was taken meanwhile: by the same create retried at once (return it), or by a row of
  // this tenant that this caller cannot see (a conflict).
  const raced = await find();
  if (raced) return { row: raced, created: false };
  throw new AppError('conflict', 'That id is already in use');
}
