#!/usr/bin/env node
// Every table has one owner: its SQL appears only in the file named for it in the table of owners
// in docs/design.md ("Who owns which table"). A query led by another table of the same module may
// join it, read-only, where that table names the file under "also joined by". Run by `npm run lint`;
// exits 1 naming each stray statement, a table without an owner, or a named file that is missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Upper-case keywords only: the code writes SQL in upper case, so prose in comments ("read from
// farms") does not count.
const SQL_REFERENCE = /\b(DELETE\s+FROM|FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?([a-z_][a-z0-9_]*)\b/g;
const READS = new Set(['FROM', 'JOIN']);

/** The module a file belongs to: src/modules/<m>, or the top folder of src for the layers below. */
const moduleOf = (path) => path.match(/^src\/modules\/[^/]+\//)?.[0] ?? path.match(/^src\/[^/]+\//)?.[0] ?? path;

/** Reads the owners table: rows `| table | owner file | files that join it |` under the owners heading. */
export function parseOwners(markdown) {
  const section = markdown.split(/^## /m).find((part) => part.startsWith('Who owns which table'));
  if (!section) throw new Error('docs/design.md has no "## Who owns which table" section');
  const owners = new Map();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4 || !/^`[a-z_]+`/.test(cells[1])) continue;
    const files = (cell) => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    const [owner, ...more] = files(cells[2]);
    if (!owner || more.length > 0) throw new Error(`one owner file per table: ${line}`);
    for (const [, table] of cells[1].matchAll(/`([a-z_]+)`/g)) owners.set(table, { owner, joinedBy: files(cells[3]) });
  }
  return owners;
}

/** Each statement in `sources` ({ path, text }) that names a table outside that table's owners. */
export function strayReferences(sources, owners) {
  const strays = [];
  for (const { path, text } of sources) {
    for (const match of text.matchAll(SQL_REFERENCE)) {
      const [, keyword, table] = match;
      const ownership = owners.get(table);
      if (!ownership || ownership.owner === path) continue;
      if (READS.has(keyword) && ownership.joinedBy.includes(path)) continue;
      const line = text.slice(0, match.index).split('\n').length;
      strays.push({ path, line, table, owner: ownership.owner });
    }
  }
  return strays;
}

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The tables the migrations create (partitions aside): every one of them needs an owner. */
function migratedTables(root) {
  const tables = new Set();
  for (const name of readdirSync(join(root, 'migrations'))) {
    const sql = readFileSync(join(root, 'migrations', name), 'utf8');
    for (const match of sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)\b(?!\s+PARTITION OF)/gi))
      tables.add(match[1].toLowerCase());
  }
  return tables;
}

function main() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const owners = parseOwners(readFileSync(join(root, 'docs/design.md'), 'utf8'));
  const problems = [];
  for (const table of migratedTables(root)) if (!owners.has(table)) problems.push(`table ${table} has no owner in docs/design.md`);
  for (const [table, { owner, joinedBy }] of owners) {
    for (const file of [owner, ...joinedBy])
      if (!existsSync(join(root, file))) problems.push(`${file}, named for ${table}, does not exist`);
    for (const file of joinedBy) {
      if (moduleOf(file) !== moduleOf(owner)) problems.push(`${file} joins ${table} from outside its owner's module (${moduleOf(owner)})`);
    }
  }
  process.chdir(root);
  const sources = sourceFiles('src').map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  for (const stray of strayReferences(sources, owners)) {
    problems.push(`${stray.path}:${stray.line}: SQL on ${stray.table}, which ${stray.owner} owns`);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    console.error(`\n${problems.length} table ownership problem(s)`);
    process.exit(1);
  }
  console.log(`table owners: ${owners.size} tables, each used only by its owner`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
