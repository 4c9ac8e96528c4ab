import type { Tx } from '../../../infra/db/index.js';
import { escapeLike } from '../../../infra/db/like.js';
import type { PersonalColumns, SealedRow } from './personal-data.js';
import type { StoredDeclarations } from './profile.js';

export interface FarmerRow extends SealedRow {
  id: string;
  tenant_id: string;
  user_id: string | null;
  name: string;
  village: string | null;
  district: string | null;
  state: string;
  land_holding_ha: string | null;
  category: string | null;
  social_category: string | null;
  phone_index: string | null;
  aadhaar_index: string | null;
  ifsc: string | null;
  language: 'en' | 'hi' | null;
  /** The date as the drivers parse it (a Date at some midnight); read birth_date instead. */
  date_of_birth: unknown;
  /** YYYY-MM-DD, as the row's columns below select it */
  birth_date: string | null;
  gender: string | null;
  land_ownership: string | null;
  declarations: StoredDeclarations;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Plain columns a create or update may set; personal data arrives already sealed. */
export type FarmerColumns = Partial<{
  name: string;
  village: string | null;
  district: string | null;
  state: string;
  land_holding_ha: number | null;
  category: string | null;
  social_category: string | null;
  ifsc: string | null;
  user_id: string | null;
  language: 'en' | 'hi' | null;
  date_of_birth: string | null;
  gender: string | null;
  land_ownership: string | null;
  declarations: string;
}> &
  PersonalColumns;

const WRITABLE = new Set([
  'name',
  'village',
  'district',
  'state',
  'land_holding_ha',
  'category',
  'social_category',
  'ifsc',
  'user_id',
  'language',
  'date_of_birth',
  'gender',
  'land_ownership',
  'declarations',
  'phone_sealed',
  'phone_index',
  'phone_hint',
  'aadhaar_sealed',
  'aadhaar_index',
  'aadhaar_last4',
  'bank_account_sealed',
  'bank_account_last4',
]);

/** Every column, and the date of birth as text: a date column comes back as a Date at the driver's midnight. */
const ROW = `*, to_char(date_of_birth, 'YYYY-MM-DD') AS birth_date`;

const entries = (columns: FarmerColumns) => Object.entries(columns).filter(([name, value]) => WRITABLE.has(name) && value !== undefined);

/** Inserts, or returns undefined when the id exists (a retried offline create). */
export async function insertFarmer(tx: Tx, id: string, tenantId: string, columns: FarmerColumns): Promise<FarmerRow | undefined> {
  const fields = entries(columns);
  const names = ['id', 'tenant_id', ...fields.map(([name]) => name)];
  const { rows } = await tx.query<FarmerRow>(
    `INSERT INTO farmers (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING ${ROW}`,
    [id, tenantId, ...fields.map(([, value]) => value)],
  );
  return rows[0];
}

/** A farmer as an import writes it: every column given, null where the file had nothing. */
export interface NewFarmer {
  id: string;
  name: string;
  village: string | null;
  district: string | null;
  state: string;
  land_holding_ha: number | null;
  category: string | null;
  social_category: string | null;
  ifsc: string | null;
  language: 'en' | 'hi' | null;
  date_of_birth: string | null;
  gender: string | null;
  land_ownership: string | null;
  /** JSON of StoredDeclarations */
  declarations: string;
  phone_sealed: string | null;
  phone_index: string | null;
  phone_hint: string | null;
  aadhaar_sealed: string | null;
  aadhaar_index: string | null;
  aadhaar_last4: string | null;
  bank_account_sealed: string | null;
  bank_account_last4: string | null;
}

const NEW_FARMER_COLUMNS = [
  ['id', 'uuid'],
  ['name', 'text'],
  ['village', 'text'],
  ['district', 'text'],
  ['state', 'text'],
  ['land_holding_ha', 'numeric'],
  ['category', 'text'],
  ['social_category', 'text'],
  ['ifsc', 'text'],
  ['language', 'text'],
  ['date_of_birth', 'date'],
  ['gender', 'text'],
  ['land_ownership', 'text'],
  ['declarations', 'jsonb'],
  ['phone_sealed', 'text'],
  ['phone_index', 'text'],
  ['phone_hint', 'text'],
  ['aadhaar_sealed', 'text'],
  ['aadhaar_index', 'text'],
  ['aadhaar_last4', 'text'],
  ['bank_account_sealed', 'text'],
  ['bank_account_last4', 'text'],
] as const satisfies readonly (readonly [keyof NewFarmer, string])[];

/**
 * Inserts many farmers in one statement (one array per column). A row whose id or Aadhaar number
 * this tenant already holds is left out; answers the ids stored.
 */
export async function insertFarmers(tx: Tx, tenantId: string, rows: NewFarmer[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const names = NEW_FARMER_COLUMNS.map(([name]) => name).join(', ');
  const arrays = NEW_FARMER_COLUMNS.map(([, type], i) => `$${i + 2}::${type}[]`).join(', ');
  const { rows: inserted } = await tx.query<{ id: string }>(
    `INSERT INTO farmers (tenant_id, ${names})
     SELECT $1::uuid, ${names} FROM unnest(${arrays}) AS u(${names})
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [tenantId, ...NEW_FARMER_COLUMNS.map(([name]) => rows.map((row) => row[name]))],
  );
  return inserted.map((row) => row.id);
}

/** Of these ids, those of farmers visible to the caller. */
export async function visibleFarmerIds(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await tx.query<{ id: string }>('SELECT id FROM farmers WHERE id = ANY($1::uuid[])', [ids])).rows.map((row) => row.id);
}

/** The farmers holding these Aadhaar blind indexes, by index. */
export async function farmerIdsByAadhaarIndex(tx: Tx, indexes: string[]): Promise<Map<string, string>> {
  if (indexes.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; aadhaar_index: string }>(
    'SELECT id, aadhaar_index FROM farmers WHERE aadhaar_index = ANY($1::text[])',
    [indexes],
  );
  return new Map(rows.map((row) => [row.aadhaar_index, row.id]));
}

export async function findFarmer(tx: Tx, id: string, lock = false): Promise<FarmerRow | undefined> {
  return (await tx.query<FarmerRow>(`SELECT ${ROW} FROM farmers WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0];
}

export async function farmersByIds(tx: Tx, ids: string[]): Promise<FarmerRow[]> {
  return (await tx.query<FarmerRow>(`SELECT ${ROW} FROM farmers WHERE id = ANY($1::uuid[])`, [ids])).rows;
}

/**
 * Whether a farmer is visible to the caller, held against deletion until the transaction ends.
 * Foreign keys alone would accept another tenant's farmer (they do not see row-level policies).
 */
export async function farmerVisible(tx: Tx, farmerId: string): Promise<boolean> {
  return (await tx.query('SELECT id FROM farmers WHERE id = $1 FOR KEY SHARE', [farmerId])).rowCount > 0;
}

export async function updateFarmer(tx: Tx, id: string, columns: FarmerColumns): Promise<FarmerRow> {
  const fields = entries(columns);
  const sets = fields.map(([name], i) => `${name} = $${i + 2}`);
  const { rows } = await tx.query<FarmerRow>(
    `UPDATE farmers SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING ${ROW}`,
    [id, ...fields.map(([, value]) => value)],
  );
  return rows[0]!;
}

export async function deleteFarmer(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('DELETE FROM farmers WHERE id = $1', [id])).rowCount > 0;
}

export interface FarmerFilters {
  q?: string;
  village?: string;
  district?: string;
  state?: string;
  category?: string;
  phoneIndex?: string;
  aadhaarIndex?: string;
  after?: [string, string];
  limit: number;
}

/**
 * Name order with the id as tie-breaker, so the keyset cursor is (name, id). `q` matches any
 * part of a name, village or district, case-insensitively (ILIKE, in both database modes; a
 * trigram index can back it on PostgreSQL when a tenant's farmers run into the hundreds of thousands).
 */
export async function listFarmers(tx: Tx, filters: FarmerFilters): Promise<FarmerRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filters.q) add((p) => `(name ILIKE ${p} OR village ILIKE ${p} OR district ILIKE ${p})`, `%${escapeLike(filters.q)}%`);
  if (filters.village) add((p) => `village ILIKE ${p}`, escapeLike(filters.village));
  if (filters.district) add((p) => `district ILIKE ${p}`, escapeLike(filters.district));
  if (filters.state) add((p) => `state ILIKE ${p}`, escapeLike(filters.state));
  if (filters.category) add((p) => `category = ${p}`, filters.category);
  if (filters.phoneIndex) add((p) => `phone_index = ${p}`, filters.phoneIndex);
  if (filters.aadhaarIndex) add((p) => `aadhaar_index = ${p}`, filters.aadhaarIndex);
  if (filters.after) {
    params.push(filters.after[0], filters.after[1]);
    where.push(`(name, id) > ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(filters.limit);
  const { rows } = await tx.query<FarmerRow>(
    `SELECT ${ROW} FROM farmers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** What a message to a farmer needs: their name, their user (if they sign in), their language and sealed phone. */
export interface FarmerContactRow {
  id: string;
  name: string;
  user_id: string | null;
  language: 'en' | 'hi' | null;
  date_of_birth: string | null;
  gender: string | null;
  land_ownership: string | null;
  /** JSON of StoredDeclarations */
  declarations: string;
  phone_sealed: string | null;
}

export async function farmerContactRows(tx: Tx, ids: string[]): Promise<FarmerContactRow[]> {
  const { rows } = await tx.query<FarmerContactRow>(
    'SELECT id, name, user_id, language, phone_sealed FROM farmers WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return rows;
}

/** The farmer record a member signs in as, if any (one per tenant and user). */
export async function farmerIdOfUser(tx: Tx, userId: string): Promise<string | undefined> {
  return (await tx.query<{ id: string }>('SELECT id FROM farmers WHERE user_id = $1', [userId])).rows[0]?.id;
}
