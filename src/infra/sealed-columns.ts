import type { Crypto } from './crypto.js';
import type { Db, Tx } from './db/index.js';

type Row = Record<string, unknown>;

/**
 * Every column that holds a sealed value (`Crypto.seal`), with the context the code seals it
 * under. Data-key rotation walks this list, so a new sealed column must be added here, or its
 * values stay wrapped by the old key and are lost when that key is dropped.
 */
export interface SealedColumn {
  table: string;
  /** A unique, ordered column: batches walk it in order. */
  idColumn: string;
  column: string;
  /** The context the value was sealed with; must match what the code passes to `seal`. */
  context(row: Row): string;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'users', idColumn: 'id', column: 'phone_sealed', context: () => 'user.phone' },
  { table: 'signing_keys', idColumn: 'kid', column: 'private_sealed', context: (row) => `signing-key:${String(row.kid)}` },
  // The field registry (migration 0005); skipped on a database that does not have it yet.
  { table: 'farmers', idColumn: 'id', column: 'aadhaar_sealed', context: () => 'farmer.aadhaar' },
  { table: 'farmers', idColumn: 'id', column: 'bank_account_sealed', context: () => 'farmer.bank_account' },
  { table: 'farmers', idColumn: 'id', column: 'phone_sealed', context: () => 'farmer.phone' },
];

export interface RotationCount {
  table: string;
  column: string;
  /** Values whose data key was wrapped by a former key and now is by the current one. */
  rewrapped: number;
  alreadyCurrent: number;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Whether the column exists, and kheti_platform (the role of `db.platform`) may read and change it. */
async function access(tx: Tx, table: string, column: string): Promise<'absent' | 'ok' | 'denied'> {
  const { rows } = await tx.query<{ present: boolean; allowed: boolean | null }>(
    `SELECT to_regclass($1::text) IS NOT NULL AS present,
            CASE WHEN EXISTS (SELECT 1 FROM pg_attribute
                               WHERE attrelid = to_regclass($1::text) AND attname = $2::text::name AND NOT attisdropped)
                 THEN has_column_privilege(current_user, to_regclass($1::text), $2::text, 'SELECT')
                  AND has_column_privilege(current_user, to_regclass($1::text), $2::text, 'UPDATE') END AS allowed`,
    [table, column],
  );
  const row = rows[0]!;
  if (!row.present || row.allowed === null) return 'absent';
  return row.allowed ? 'ok' : 'denied';
}

/**
 * Re-wraps the data key of every sealed value whose key is not the current one, leaving the
 * ciphertext as it is. Each batch is its own transaction with its rows locked, so a concurrent
 * change of the same row is not overwritten, and an interrupted run loses nothing: running again
 * skips what is already current. A value that does not open stops the run with its table, column
 * and row id (never its content), rather than being skipped and lost with the old key.
 */
export async function rotateDataKeys(
  db: Db,
  crypto: Crypto,
  options: { batchSize?: number; columns?: readonly SealedColumn[] } = {},
): Promise<RotationCount[]> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const results: RotationCount[] = [];
  for (const sealed of options.columns ?? SEALED_COLUMNS) {
    const state = await db.platform((tx) => access(tx, sealed.table, sealed.column));
    if (state === 'absent') continue;
    if (state === 'denied') {
      throw new Error(`kheti_platform may not read and update ${sealed.table}.${sealed.column}: a migration must grant it SELECT and UPDATE`);
    }
    results.push(await rotateColumn(db, crypto, sealed, batchSize));
  }
  return results;
}

async function rotateColumn(db: Db, crypto: Crypto, sealed: SealedColumn, batchSize: number): Promise<RotationCount> {
  const id = quote(sealed.idColumn);
  const column = quote(sealed.column);
  const select = (after: boolean) =>
    `SELECT ${id}, ${column} FROM ${quote(sealed.table)}
      WHERE ${column} IS NOT NULL ${after ? `AND ${id} > $2` : ''}
      ORDER BY ${id} LIMIT $1 FOR UPDATE`;
  const update = `UPDATE ${quote(sealed.table)} SET ${column} = $2 WHERE ${id} = $1`;
  const count: RotationCount = { table: sealed.table, column: sealed.column, rewrapped: 0, alreadyCurrent: 0 };
  let after: unknown;
  for (;;) {
    const last = await db.platform(async (tx) => {
      const { rows } = await tx.query<Row>(select(after !== undefined), after === undefined ? [batchSize] : [batchSize, after]);
      for (const row of rows) {
        const value = row[sealed.column] as string;
        if (!crypto.needsRewrap(value)) {
          count.alreadyCurrent += 1;
          continue;
        }
        let rewrapped: string;
        try {
          rewrapped = await crypto.rewrap(value, sealed.context(row));
        } catch (error) {
          throw new Error(`${sealed.table}.${sealed.column} of ${sealed.idColumn} ${String(row[sealed.idColumn])}: ${(error as Error).message}`);
        }
        await tx.query(update, [row[sealed.idColumn], rewrapped]);
        count.rewrapped += 1;
      }
      return rows.length < batchSize ? undefined : rows.at(-1)![sealed.idColumn];
    });
    if (last === undefined) return count;
    after = last;
  }
}
