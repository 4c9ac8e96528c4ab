import type { Crypto } from './crypto.js';
import type { Db, Tx } from './db/index.js';

export type Row = Record<string, unknown>;

/**
 * A column that holds a sealed value (`Crypto.seal`), with the context the code seals it under.
 * Each table's owner declares its own sealed columns (auth's and the registry's faces), and
 * src/sealed-columns.ts gathers them for rotation: a sealed column left out of that list keeps the
 * old key's wrapping and is lost when that key is dropped.
 */
export interface SealedColumn {
  table: string;
  /** A unique, ordered column: batches walk it in order. */
  idColumn: string;
  column: string;
  /** The context the value was sealed with; must match what the code passes to `seal`. */
  context(row: Row): string;
}

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
  options: { columns: readonly SealedColumn[]; batchSize?: number },
): Promise<RotationCount[]> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
  const results: RotationCount[] = [];
  for (const sealed of options.columns) {
    const state = await db.platform((tx) => access(tx, sealed.table, sealed.column));
    if (state === 'absent') continue;
    if (state === 'denied') {
      throw new Error(
        `kheti_platform may not read and update ${sealed.table}.${sealed.column}: a migration must grant it SELECT and UPDATE`,
      );
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
          throw new Error(
            `${sealed.table}.${sealed.column} of ${sealed.idColumn} ${String(row[sealed.idColumn])}: ${(error as Error).message}`,
          );
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
