import { readFileSync } from 'node:fs';

/**
 * RFC 4180 CSV for tests of the reference data. Written here rather than taken from scripts/, so a
 * test that compares a generated file with its CSV also checks the scripts' reading of it.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quoted && c === '"' && source[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"' && (quoted || field === '')) quoted = !quoted;
    else if (!quoted && (c === ',' || c === '\n' || c === '\r')) {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (c !== ',') {
        if (row.length > 1 || row[0] !== '') rows.push(row);
        row = [];
      }
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The rows of reference/<name> as objects keyed by the header; a row of the wrong width throws. */
export function readReferenceCsv<T extends Record<string, string> = Record<string, string>>(name: string): T[] {
  const [header, ...records] = parseCsv(readFileSync(new URL(`../../reference/${name}`, import.meta.url), 'utf8'));
  return records.map((record, i) => {
    if (record.length !== header!.length)
      throw new Error(`reference/${name}: row ${i + 2} has ${record.length} fields, the header ${header!.length}`);
    return Object.fromEntries(header!.map((h, j) => [h, record[j]!])) as T;
  });
}
