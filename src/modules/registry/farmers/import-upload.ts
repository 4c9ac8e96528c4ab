import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../../../errors.js';
import { FARMER_CSV_COLUMNS, type FarmerCsvColumn } from './csv.js';

/**
 * Reading a farmers import (see import.ts for the whole flow): a CSV file as GET /v1/farmers/export
 * writes it, or as a spreadsheet saves it (a UTF-8 byte-order mark, CRLF line ends, quoted cells
 * with commas and line breaks), into a header and its rows — or one problem for the whole file,
 * before anything is written.
 */

/** About 200 bytes a farmer: 10 000 farmers with all their columns fit in 5 MB. */
export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_ROWS = 10_000;

export const CSV_CONTENT_TYPES = ['text/csv'] as const;

/** The columns a row must have a value in; the others may be left out of the file or empty. */
export const REQUIRED_COLUMNS = ['name', 'state'] as const satisfies readonly FarmerCsvColumn[];
/** Written by the export, read by nobody: the record's own, so an export imports as it is. */
export const IGNORED_COLUMNS = ['version', 'updatedAt'] as const satisfies readonly FarmerCsvColumn[];

export type ImportedColumn = Exclude<FarmerCsvColumn, (typeof IGNORED_COLUMNS)[number]>;

/** A request body already read whole (the route caps its size); hashed for an Idempotency-Key. */
export class CsvUpload {
  constructor(readonly bytes: Buffer) {}

  /** What a request hash sees: the content, not a kilobyte-long JSON array of its bytes. */
  toJSON() {
    return { csv: createHash('sha256').update(this.bytes).digest('hex') };
  }
}

export interface CsvRow {
  /** The position of the row in the file, from 0 (the header not counted). */
  index: number;
  /** The line of the file the row starts on; the header is line 1. */
  line: number;
  /** The row's cells by column, as written (spaces around them dropped); none for a row of the wrong width. */
  cells: Map<ImportedColumn, string> | null;
  width: number;
  headerWidth: number;
}

export interface CsvFile {
  columns: (ImportedColumn | null)[];
  rows: CsvRow[];
}

const expected = `${FARMER_CSV_COLUMNS.join(',')} (as GET /v1/farmers/export writes them; ${REQUIRED_COLUMNS.join(' and ')} required, the others optional)`;

const headerProblem = (message: string) =>
  new AppError('validation_failed', `${message}. The header row names the columns: ${expected}`, {
    errors: [{ path: 'header', message }],
    extensions: { expectedColumns: FARMER_CSV_COLUMNS, requiredColumns: REQUIRED_COLUMNS },
  });

const LINE_BREAK = /\r\n|\r|\n/g;
const lineBreaksIn = (cells: string[]) => cells.reduce((sum, cell) => sum + (cell.match(LINE_BREAK)?.length ?? 0), 0);

/** The header's columns: known names in any case, each once, the required ones present. */
function readHeader(header: string[]): (ImportedColumn | null)[] {
  const byName = new Map(FARMER_CSV_COLUMNS.map((column) => [column.toLowerCase(), column]));
  const seen = new Set<FarmerCsvColumn>();
  const unknown: string[] = [];
  const columns = header.map((cell) => {
    // A spreadsheet saves a column someone typed into beyond the data with an empty header: not a column.
    if (cell.trim() === '') return null;
    const column = byName.get(cell.trim().toLowerCase());
    if (!column) {
      unknown.push(JSON.stringify(cell.trim()));
      return null;
    }
    if (seen.has(column)) throw headerProblem(`The column ${column} appears twice in the header`);
    seen.add(column);
    return (IGNORED_COLUMNS as readonly string[]).includes(column) ? null : (column as ImportedColumn);
  });
  if (unknown.length > 0) throw headerProblem(`The header names columns a farmer does not have: ${unknown.join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((column) => !seen.has(column));
  if (missing.length > 0)
    throw headerProblem(`The header lacks the required column${missing.length > 1 ? 's' : ''} ${missing.join(' and ')}`);
  return columns;
}

/** The header and rows of an uploaded CSV file. */
export function readFarmersCsv(upload: CsvUpload): CsvFile {
  let text: string;
  try {
    // A byte-order mark (Excel's "CSV UTF-8") is dropped here.
    text = new TextDecoder('utf-8', { fatal: true }).decode(upload.bytes);
  } catch {
    throw new AppError('bad_request', 'The file is not UTF-8 text; save it from the spreadsheet as "CSV UTF-8"');
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, record_delimiter: ['\r\n', '\n', '\r'] });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new AppError('bad_request', `The file is not valid CSV: ${error.message}`);
  }

  let line = 1;
  const lines = records.map((record) => {
    const start = line;
    line += 1 + lineBreaksIn(record);
    return start;
  });
  const isBlank = (record: string[]) => record.every((cell) => cell.trim() === '');
  const first = records.findIndex((record) => !isBlank(record));
  if (first < 0) {
    throw new AppError('validation_failed', `The file is empty: send a header row and a row per farmer. ${expected}`, {
      errors: [{ path: 'header', message: 'is missing: the file is empty' }],
      extensions: { expectedColumns: FARMER_CSV_COLUMNS, requiredColumns: REQUIRED_COLUMNS },
    });
  }
  const columns = readHeader(records[first]!);

  const rows: CsvRow[] = [];
  for (let i = first + 1; i < records.length; i++) {
    const record = records[i]!;
    // Blank lines, spreadsheets' empty rows below the data among them, are no farmers.
    if (isBlank(record)) continue;
    if (rows.length >= MAX_ROWS) {
      throw new AppError(
        'payload_too_large',
        `An import holds at most ${MAX_ROWS} farmers; split the file and import the parts one after another`,
      );
    }
    let cells: Map<ImportedColumn, string> | null = null;
    if (record.length === columns.length) {
      cells = new Map();
      for (const [j, column] of columns.entries()) if (column) cells.set(column, record[j]!.trim());
    }
    rows.push({ index: rows.length, line: lines[i]!, cells, width: record.length, headerWidth: columns.length });
  }
  return { columns, rows };
}
