// Writing a reference generator's SQL as the next numbered migration, the same way for each of them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes `sql` as the next migration `<nnnn>_<prefix>_<label>.sql` in `dir`, unless it equals the
 * generated block (from `marker` on) of the newest migration that holds one. `fail(message)` throws
 * the caller's own error: for a label that names nothing, and for `unchanged` data.
 */
export function writeGeneratedMigration({ sql, label, dir, marker, prefix, exampleLabel, unchanged, fail }) {
  const name = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) fail(`--migration needs a label such as ${exampleLabel}, got ${JSON.stringify(label)}`);
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort();
  const newest = files
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((text) => text.includes(marker))
    .pop();
  if (newest !== undefined && newest.slice(newest.indexOf(marker)) === sql) fail(unchanged);
  const number = files.length ? Number(files.at(-1).slice(0, 4)) + 1 : 1;
  const path = join(dir, `${String(number).padStart(4, '0')}_${prefix}_${name}.sql`);
  writeFileSync(path, sql, { flag: 'wx' });
  return path;
}
