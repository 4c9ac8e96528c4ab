// Writing a reference generator's SQL as the next numbered migration, the same way for each of them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

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

/**
 * The command line of a generator (`node scripts/<script> [--migration <label>] [--csv <file>]
 * [--dir <migrations directory>]`): without --migration it prints `generate`'s SQL, with it writes
 * the SQL as the next migration (writeGeneratedMigration with `migration`'s marker, prefix and
 * messages). `Invalid` is the generator's error for bad input: its message alone is printed. Any
 * failure exits with code 1.
 */
export function runGeneratorCli({ script, generate, migration, defaultDir, Invalid }) {
  try {
    const { values } = parseArgs({ options: { migration: { type: 'string' }, csv: { type: 'string' }, dir: { type: 'string' } } });
    const sql = generate({ csv: values.csv });
    if (values.migration === undefined) {
      process.stdout.write(sql);
      return;
    }
    const path = writeGeneratedMigration({
      ...migration,
      sql,
      label: values.migration,
      dir: values.dir ?? defaultDir,
      fail: (message) => {
        throw new Invalid(message);
      },
    });
    console.log(`wrote ${path}; apply it with: npx kheti migrate`);
  } catch (error) {
    const usage = String(error?.code).startsWith('ERR_PARSE_ARGS');
    console.error(error instanceof Invalid || usage ? error.message : error);
    if (usage) console.error(`usage: node scripts/${script} [--migration <label>] [--csv <file>] [--dir <migrations directory>]`);
    process.exit(1);
  }
}
