import Compile from 'typebox/compile';
import { recordAudits } from '../../../auth/index.js';
import { AppError, type FieldError } from '../../../errors.js';
import type { Crypto } from '../../../infra/crypto.js';
import type { Tx } from '../../../infra/db/index.js';
import { isUuid } from '../../../lib/uuid.js';
import { nameBasedId } from '../name-based-id.js';
import { uncsvCell } from './csv.js';
import type { CsvRow, ImportedColumn } from './import-upload.js';
import { sealPersonalData, type PersonalColumns } from './personal-data.js';
import { applyDeclarations, DECLARATIONS, type DeclarationChange, type DeclarationName, GENDERS, LAND_OWNERSHIPS } from './profile.js';
import { farmerIdsByAadhaarIndex, insertFarmers, visibleFarmerIds, type NewFarmer } from './repository.js';
import { FARMER_CATEGORIES, FARMER_LANGUAGES, FarmerCreate, categoryOf } from './schemas.js';

/**
 * Bulk import of farmers from CSV, each row created or reported with its own errors, as the field
 * import reports each feature.
 *
 * How it runs:
 *   1. read (import-upload.ts): the whole file is parsed first; a file that is not CSV, lacks a
 *      required column, names an unknown one or is too large is answered with one problem and
 *      nothing is created.
 *   2. check: each row by the rules of POST /v1/farmers (the same schema, the same phone and
 *      Aadhaar normalisation), and its personal data sealed as a create seals it, before any
 *      transaction is open.
 *   3. write: in one transaction (the one that stores an Idempotency-Key's answer): two queries
 *      find which rows' farmers exist, then one INSERT per INSERT_BATCH rows. Should a batch
 *      fail, it is inserted again one row at a time, each under a savepoint, so a bad row fails
 *      alone. The good rows are stored, the bad ones answered `failed`, as in the field import.
 *      One transaction, where the field import writes batches of their own: a farmer row is small
 *      (10 000 rows write in a few seconds, holding the tenant's registry-change lock that long),
 *      and an outage midway then leaves nothing half-imported to work out.
 *
 * A row names its farmer by `id` (what the export writes); a row without one by its Aadhaar
 * number (unique per organisation), else it gets an id derived from what it holds. Either way a
 * farmer that exists answers `exists` and is left as it is (as a retried POST /v1/farmers is), so
 * importing a file again creates nothing. Personal data that the export wrote masked
 * (`XXXX-XXXX-1234`) cannot be read back: the cell is skipped with a warning.
 *
 * Declarations in a row are made by whoever imports the file, as if they had sent them in
 * POST /v1/farmers: each is stored with that user and the import's time, and each declaration of a
 * farmer created is an audit event (`farmer.declaration_set`). A farmer that exists keeps theirs.
 */

/** Rows per INSERT: 500 rows of 18 columns is one round trip of arrays, well under any limit. */
export const INSERT_BATCH = 500;

export const FARMER_IMPORT_RULES = [
  'wrong_column_count',
  'invalid_id',
  'invalid_value',
  'duplicate_id',
  'duplicate_aadhaar',
  'duplicate_row',
  'aadhaar_in_use',
  'id_in_use',
  'not_stored',
] as const;

type Rule = (typeof FARMER_IMPORT_RULES)[number];

export interface FarmerImportError {
  path: string;
  column?: ImportedColumn;
  message: string;
  rule: Rule;
}

export interface FarmerImportWarning {
  column: ImportedColumn;
  code: 'masked_value';
  message: string;
}

export interface FarmerImportResult {
  index: number;
  line: number;
  id?: string;
  status: 'created' | 'exists' | 'failed';
  errors?: FarmerImportError[];
  warnings?: FarmerImportWarning[];
}

export interface FarmerImportSummary {
  created: number;
  existing: number;
  failed: number;
  results: FarmerImportResult[];
}

const PERSONAL = ['phone', 'aadhaar', 'bankAccount'] as const;
const PLAIN = [
  'name',
  'state',
  'village',
  'district',
  'category',
  'socialCategory',
  'ifsc',
  'language',
  'dateOfBirth',
  'gender',
  'landOwnership',
] as const;

/** A mask as the export writes one: the hidden digits are X's. */
const isMasked = (value: string) => /x/i.test(value);

const at = (index: number) => `rows[${index}]`;

/**
 * POST /v1/farmers's body schema, one compiled check per property: each column is judged on its
 * own, so a row hears of every bad cell at once (a whole-object check stops at the first choice).
 */
const columnChecks = new Map(Object.entries(FarmerCreate.properties).map(([column, schema]) => [column, Compile(schema)]));

/** A row checked and sealed: the farmer it would create, or its errors. */
export interface CheckedRow {
  index: number;
  line: number;
  /** The row's own id (its `id` cell). */
  clientId?: string;
  /** The id it gets: its own, else derived from what it holds. */
  id?: string;
  farmer?: NewFarmer;
  /** The declarations the row makes, one audit event each once the farmer is created. */
  declared: DeclarationChange[];
  errors: FarmerImportError[];
  warnings: FarmerImportWarning[];
}

/** What a person needs to hear where the schema's own words would be a pattern or a list of constants. */
const COLUMN_MESSAGES: Record<string, string> = {
  category: `must be one of ${FARMER_CATEGORIES.join(', ')}`,
  ifsc: 'is not an IFSC (4 letters, a 0, then 6 letters or digits, e.g. SBIN0001234)',
  language: `must be one of ${FARMER_LANGUAGES.join(', ')}`,
  gender: `must be one of ${GENDERS.join(', ')}`,
  landOwnership: `must be one of ${LAND_OWNERSHIPS.join(', ')}`,
  dateOfBirth: 'must be a date, YYYY-MM-DD',
};

const PERSONAL_RULE_COLUMN: Record<string, ImportedColumn> = {
  'body.phone': 'phone',
  'body.aadhaar': 'aadhaar',
  'body.bankAccount': 'bankAccount',
};

/** Who imports the file, and when: what each declaration in it is recorded with. */
export interface Importer {
  userId: string;
  at: Date;
}

/** Checks one row as POST /v1/farmers checks its body, and seals its personal data. */
export async function checkRow(crypto: Crypto, tenantId: string, row: CsvRow, importer: Importer): Promise<CheckedRow> {
  const checked: CheckedRow = { index: row.index, line: row.line, declared: [], errors: [], warnings: [] };
  const fail = (message: string, rule: Rule, column?: ImportedColumn) =>
    checked.errors.push({ path: column ? `${at(row.index)}.${column}` : at(row.index), ...(column ? { column } : {}), message, rule });
  if (!row.cells) {
    fail(`has ${row.width} cells where the header has ${row.headerWidth}`, 'wrong_column_count');
    return checked;
  }
  const cell = (column: ImportedColumn) => {
    const text = uncsvCell(row.cells!.get(column) ?? '');
    return text === '' ? undefined : text;
  };

  const id = cell('id');
  if (id !== undefined) {
    if (isUuid(id)) checked.clientId = id.toLowerCase();
    else fail('must be a UUID, or empty for a new farmer', 'invalid_id', 'id');
  }
  // Only what the row has: an empty cell is a value left out, as a key left out of a create's body.
  const body: Record<string, unknown> = {};
  for (const column of PLAIN) {
    const value = cell(column);
    if (value !== undefined) body[column] = value;
  }
  const holding = cell('landHoldingHa');
  if (holding !== undefined) body.landHoldingHa = /^\d+(\.\d+)?$/.test(holding) ? Number(holding) : holding;
  const personal: Partial<Record<(typeof PERSONAL)[number], string>> = {};
  for (const column of PERSONAL) {
    const value = cell(column);
    if (value === undefined) continue;
    if (isMasked(value)) {
      checked.warnings.push({
        column,
        code: 'masked_value',
        message: 'is masked, as the export writes it, so it is not imported; PATCH the farmer with the full number',
      });
    } else {
      personal[column] = value;
    }
  }

  // A declaration is true or false, made by the importer as a create's body would make it.
  const input: Partial<Record<DeclarationName, boolean>> = {};
  for (const name of DECLARATIONS) {
    const value = cell(name)?.toLowerCase();
    if (value === undefined) continue;
    if (value === 'true' || value === 'false') input[name] = value === 'true';
    else fail('must be true or false, or empty', 'invalid_value', name);
  }
  const declared = applyDeclarations({}, input, importer.userId, importer.at);
  checked.declared = declared.changes;

  for (const column of ['name', 'state'] as const) if (body[column] === undefined) fail('is required', 'invalid_value', column);
  for (const [column, value] of Object.entries(body)) {
    const check = columnChecks.get(column)!;
    if (check.Check(value)) continue;
    const message =
      column === 'landHoldingHa' && typeof value === 'string'
        ? 'must be a number of hectares, e.g. 1.5'
        : (COLUMN_MESSAGES[column] ?? check.Errors(value)[0]?.message ?? 'is invalid');
    fail(message, 'invalid_value', column as ImportedColumn);
  }
  // Personal data is checked (and sealed) by the create's own rules: the phone normalised, Aadhaar's check digit.
  let sealed: PersonalColumns = {};
  try {
    sealed = await sealPersonalData(crypto, personal);
  } catch (error) {
    const errors = error instanceof AppError ? (error.extras.errors as FieldError[] | undefined) : undefined;
    if (!errors) throw error;
    for (const e of errors) fail(e.message, 'invalid_value', PERSONAL_RULE_COLUMN[e.path]);
  }
  if (checked.errors.length > 0) return checked;

  const landHoldingHa = (body.landHoldingHa as number | undefined) ?? null;
  const farmer: Omit<NewFarmer, 'id'> = {
    name: body.name as string,
    state: body.state as string,
    village: (body.village as string | undefined) ?? null,
    district: (body.district as string | undefined) ?? null,
    land_holding_ha: landHoldingHa,
    category: (body.category as string | undefined) ?? (landHoldingHa === null ? null : categoryOf(landHoldingHa)),
    social_category: (body.socialCategory as string | undefined) ?? null,
    ifsc: (body.ifsc as string | undefined)?.toUpperCase() ?? null,
    language: (body.language as NewFarmer['language'] | undefined) ?? null,
    date_of_birth: (body.dateOfBirth as string | undefined) ?? null,
    gender: (body.gender as string | undefined) ?? null,
    land_ownership: (body.landOwnership as string | undefined) ?? null,
    declarations: JSON.stringify(declared.declarations),
    phone_sealed: sealed.phone_sealed ?? null,
    phone_index: sealed.phone_index ?? null,
    phone_hint: sealed.phone_hint ?? null,
    aadhaar_sealed: sealed.aadhaar_sealed ?? null,
    aadhaar_index: sealed.aadhaar_index ?? null,
    aadhaar_last4: sealed.aadhaar_last4 ?? null,
    bank_account_sealed: sealed.bank_account_sealed ?? null,
    bank_account_last4: sealed.bank_account_last4 ?? null,
  };
  // Keyed blind indexes, not the numbers: an id must not let anyone work a phone number out of it.
  checked.id =
    checked.clientId ??
    nameBasedId(
      tenantId,
      ['farmer-import', farmer.name, farmer.state, farmer.village, farmer.district, farmer.phone_index, farmer.aadhaar_index]
        .map((part) => part ?? '')
        .join('\n'),
    );
  checked.farmer = { ...farmer, id: checked.id };
  return checked;
}

/** Checks every row, sealing a chunk of rows at a time. */
export async function checkRows(crypto: Crypto, tenantId: string, rows: CsvRow[], importer: Importer): Promise<CheckedRow[]> {
  const checked: CheckedRow[] = [];
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    checked.push(...(await Promise.all(rows.slice(i, i + INSERT_BATCH).map((row) => checkRow(crypto, tenantId, row, importer)))));
  }
  return checked;
}

/** Integrity and data errors (SQLSTATE classes 22 and 23, a policy's WITH CHECK): a row's fault. */
const isRowError = (error: unknown) => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23') || code === '42501');
};

/** Inserts a batch under a savepoint; should it fail, one row at a time. Answers the ids stored and those refused. */
async function insertBatch(tx: Tx, tenantId: string, batch: NewFarmer[], log: (error: unknown) => void) {
  const stored = new Set<string>();
  const refused = new Set<string>();
  await tx.query('SAVEPOINT farmer_import_batch');
  try {
    for (const id of await insertFarmers(tx, tenantId, batch)) stored.add(id);
    await tx.query('RELEASE SAVEPOINT farmer_import_batch');
    return { stored, refused };
  } catch (error) {
    if (!isRowError(error)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT farmer_import_batch');
  }
  for (const farmer of batch) {
    await tx.query('SAVEPOINT farmer_import_row');
    try {
      for (const id of await insertFarmers(tx, tenantId, [farmer])) stored.add(id);
      await tx.query('RELEASE SAVEPOINT farmer_import_row');
    } catch (error) {
      if (!isRowError(error)) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT farmer_import_row');
      log(error);
      refused.add(farmer.id);
    }
  }
  return { stored, refused };
}

const failed = (row: CheckedRow, errors: FarmerImportError[]): FarmerImportResult => ({
  index: row.index,
  line: row.line,
  status: 'failed',
  errors,
});

/**
 * Stores the checked rows in the caller's transaction, with an audit event for each declaration of
 * a farmer created (`requestId` ties them to the request); answers one result per row, in file order.
 */
export async function writeRows(
  tx: Tx,
  tenantId: string,
  rows: CheckedRow[],
  importer: Importer & { requestId?: string },
  log: (error: unknown) => void = () => undefined,
): Promise<FarmerImportSummary> {
  const valid = rows.filter((row) => row.farmer);
  const existing = new Set(await visibleFarmerIds(tx, [...new Set(valid.map((row) => row.id!))]));
  const aadhaarIndexes = [...new Set(valid.flatMap((row) => (row.farmer!.aadhaar_index ? [row.farmer!.aadhaar_index] : [])))];
  const holders = await farmerIdsByAadhaarIndex(tx, aadhaarIndexes);

  const results: FarmerImportResult[] = new Array(rows.length);
  const pending: CheckedRow[] = [];
  const firstWithId = new Map<string, CheckedRow>();
  const firstWithAadhaar = new Map<string, CheckedRow>();
  const aadhaarError = (row: CheckedRow, message: string, rule: Rule): FarmerImportError => ({
    path: `${at(row.index)}.aadhaar`,
    column: 'aadhaar',
    message,
    rule,
  });

  for (const row of rows) {
    if (!row.farmer) {
      results[row.index] = failed(row, row.errors);
      continue;
    }
    const id = row.id!;
    const aadhaar = row.farmer.aadhaar_index;
    const holder = aadhaar ? holders.get(aadhaar) : undefined;
    // The farmer exists: by the row's id, else by its Aadhaar number, else by the id its content gives.
    const found = row.clientId ? (existing.has(id) ? id : undefined) : (holder ?? (existing.has(id) ? id : undefined));
    if (found) {
      results[row.index] = { index: row.index, line: row.line, id: found, status: 'exists' };
      continue;
    }
    if (holder) {
      results[row.index] = failed(row, [aadhaarError(row, `is already registered for farmer ${holder}`, 'aadhaar_in_use')]);
      continue;
    }
    const earlier = firstWithId.get(id);
    if (earlier) {
      results[row.index] = failed(
        row,
        row.clientId
          ? [{ path: `${at(row.index)}.id`, column: 'id', message: `repeats the id of ${at(earlier.index)}`, rule: 'duplicate_id' }]
          : [{ path: at(row.index), message: `repeats ${at(earlier.index)}`, rule: 'duplicate_row' }],
      );
      continue;
    }
    const sameAadhaar = aadhaar ? firstWithAadhaar.get(aadhaar) : undefined;
    if (sameAadhaar) {
      results[row.index] = failed(row, [aadhaarError(row, `repeats the Aadhaar number of ${at(sameAadhaar.index)}`, 'duplicate_aadhaar')]);
      continue;
    }
    firstWithId.set(id, row);
    if (aadhaar) firstWithAadhaar.set(aadhaar, row);
    pending.push(row);
  }

  const created: CheckedRow[] = [];
  for (let i = 0; i < pending.length; i += INSERT_BATCH) {
    const batch = pending.slice(i, i + INSERT_BATCH);
    const { stored, refused } = await insertBatch(
      tx,
      tenantId,
      batch.map((row) => row.farmer!),
      log,
    );
    // Left out: the id or the Aadhaar number was taken meanwhile, by a concurrent write of this tenant.
    const missing = batch.filter((row) => !stored.has(row.id!) && !refused.has(row.id!));
    const visible = new Set(
      await visibleFarmerIds(
        tx,
        missing.map((row) => row.id!),
      ),
    );
    const taken = await farmerIdsByAadhaarIndex(
      tx,
      missing.flatMap((row) => (row.farmer!.aadhaar_index ? [row.farmer!.aadhaar_index] : [])),
    );
    for (const row of batch) {
      const id = row.id!;
      const holder = row.farmer!.aadhaar_index ? taken.get(row.farmer!.aadhaar_index) : undefined;
      if (stored.has(id)) {
        created.push(row);
        results[row.index] = {
          index: row.index,
          line: row.line,
          id,
          status: 'created',
          ...(row.warnings.length > 0 ? { warnings: row.warnings } : {}),
        };
      } else if (refused.has(id)) {
        results[row.index] = failed(row, [{ path: at(row.index), message: 'the database refused this farmer', rule: 'not_stored' }]);
      } else if (visible.has(id)) {
        results[row.index] = { index: row.index, line: row.line, id, status: 'exists' };
      } else if (holder) {
        results[row.index] = failed(row, [aadhaarError(row, `is already registered for farmer ${holder}`, 'aadhaar_in_use')]);
      } else {
        results[row.index] = failed(row, [{ path: `${at(row.index)}.id`, column: 'id', message: 'is already in use', rule: 'id_in_use' }]);
      }
    }
  }

  const events = created.flatMap((row) =>
    row.declared.map((change) => ({
      action: 'farmer.declaration_set',
      actorUserId: importer.userId,
      subject: `farmer:${row.id}`,
      details: { declaration: change.name, from: change.from, to: change.to },
      requestId: importer.requestId,
    })),
  );
  for (let i = 0; i < events.length; i += INSERT_BATCH) await recordAudits(tx, tenantId, events.slice(i, i + INSERT_BATCH));

  const count = (status: FarmerImportResult['status']) => results.filter((result) => result.status === status).length;
  return { created: count('created'), existing: count('exists'), failed: count('failed'), results };
}
