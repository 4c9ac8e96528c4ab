import { DECLARATIONS, type DeclarationName, type StoredDeclarations } from './profile.js';

/**
 * The farmers' CSV: the columns GET /v1/farmers/export writes, in its order, and that
 * POST /v1/farmers/import reads back, so an export imports again as it is.
 */
export const FARMER_CSV_COLUMNS = [
  'id',
  'name',
  'village',
  'district',
  'state',
  'landHoldingHa',
  'category',
  'socialCategory',
  'phone',
  'aadhaar',
  'bankAccount',
  'ifsc',
  'version',
  'updatedAt',
  // Added after the first exports: last, so a reader by position finds the others where they were.
  'language',
  // The eligibility profile, added later still: last, for the same reason. A declaration is true,
  // false, or empty when never made.
  'dateOfBirth',
  'gender',
  'landOwnership',
  ...DECLARATIONS,
] as const;

export type FarmerCsvColumn = (typeof FARMER_CSV_COLUMNS)[number];

/** A leading =, +, - or @ makes a spreadsheet run the cell as a formula. */
const FORMULA_START = /^[=+\-@]/;

/** RFC 4180 quoting; a formula start is defused with a leading apostrophe, as spreadsheets do. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A cell as csvCell wrote it, read back: the apostrophe that defused a formula start is dropped. */
export const uncsvCell = (text: string) => (text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text);

/** A farmer's declarations as the CSV's cells: true, false, or nothing when never made. */
export const declarationCells = (declarations: StoredDeclarations) =>
  Object.fromEntries(DECLARATIONS.map((name) => [name, declarations[name]?.value])) as Record<DeclarationName, boolean | undefined>;
