import type { Tx } from '../../infra/db/index.js';
import { isUuid } from '../../lib/uuid.js';

/**
 * Owns `schemes`: the shared catalogue of government schemes for farmers (tenant_id NULL, loaded by
 * migration from reference/schemes.csv) and each tenant's own. Row-level security shows a tenant
 * the shared rows and its own, and lets it write only its own.
 */

export const SCHEME_LEVELS = ['central', 'state'] as const;
export type SchemeLevel = (typeof SCHEME_LEVELS)[number];
export const BENEFIT_PERIODS = ['year', 'month', 'once', 'acre_per_year'] as const;
export type BenefitPeriod = (typeof BENEFIT_PERIODS)[number];

export interface SchemeSource {
  key: string;
  what: string;
  where: string;
  /** Which facts of the scheme this source gives ("benefit, documents"), when the data says. */
  detail: string | null;
}

export interface SchemeRow {
  id: string;
  tenant_id: string | null;
  code: string;
  name: string;
  name_hi: string | null;
  level: SchemeLevel;
  state: string | null;
  department: string;
  description: string | null;
  benefit: string;
  benefit_hi: string | null;
  benefit_inr: number | null;
  benefit_per: BenefitPeriod | null;
  documents: string[];
  how_to_apply: string | null;
  source_url: string | null;
  /** YYYY-MM-DD. */
  checked_on: string | null;
  verification: 'verified' | 'verified-secondary' | null;
  sources: SchemeSource[];
  eligibility: unknown;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** The columns a tenant writes on its own schemes. */
const WRITABLE_COLUMNS = [
  'code',
  'name',
  'name_hi',
  'level',
  'state',
  'department',
  'description',
  'benefit',
  'benefit_hi',
  'benefit_inr',
  'benefit_per',
  'documents',
  'how_to_apply',
  'source_url',
  'checked_on',
  'eligibility',
] as const;
const WRITABLE = new Set<string>(WRITABLE_COLUMNS);

/** Values of the writable columns, as the row holds them; the rule as JSON text, checked by parseEligibilityRule. */
export type SchemeColumns = Partial<
  Pick<SchemeRow, Exclude<(typeof WRITABLE_COLUMNS)[number], 'eligibility'>> & { eligibility: string | null }
>;

// checked_on as text: a calendar day, not an instant shifted by the session's time zone.
const COLUMNS = `id, tenant_id, code, name, name_hi, level, state, department, description, benefit, benefit_hi,
  benefit_inr, benefit_per, documents, how_to_apply, source_url, to_char(checked_on, 'YYYY-MM-DD') AS checked_on,
  verification, sources, eligibility, version, created_at, updated_at`;

/** The list's columns: the row as COLUMNS gives it, with its rank, without the tsvector. */
const OUTPUT = `${COLUMNS.replace(/to_char\(checked_on, 'YYYY-MM-DD'\) AS /, '')}, rank`;

const entries = (columns: SchemeColumns) =>
  Object.entries(columns)
    .filter(([name, value]) => WRITABLE.has(name) && value !== undefined)
    .map(([name, value]): [string, unknown] => [name, name === 'documents' ? JSON.stringify(value) : value]);

/**
 * A visible scheme by id, or by code: the tenant's own scheme of that code before the shared
 * catalogue's, so a tenant's scheme is found by the code it gave it. `lock` holds it for a change;
 * `sharedOnly` keeps to the shared catalogue (a caller with no tenant reads through the platform role).
 */
export async function findScheme(
  tx: Tx,
  idOrCode: string,
  options: { lock?: 'update'; sharedOnly?: boolean } = {},
): Promise<SchemeRow | undefined> {
  const byId = isUuid(idOrCode);
  const { rows } = await tx.query<SchemeRow>(
    `SELECT ${COLUMNS} FROM schemes WHERE ${byId ? 'id = $1' : 'code = $1'}${options.sharedOnly ? ' AND tenant_id IS NULL' : ''}
     ORDER BY tenant_id NULLS LAST LIMIT 1${options.lock === 'update' ? ' FOR UPDATE' : ''}`,
    [byId ? idOrCode.toLowerCase() : idOrCode],
  );
  return rows[0];
}

export interface SchemeFilters {
  /** Words to search for, in English or Hindi (web-search syntax: "quoted phrase", -not, or). */
  q?: string;
  level?: SchemeLevel;
  /** A state's schemes; central schemes apply in every state and are listed too unless level says otherwise. */
  state?: string;
  /** Only the shared catalogue (a caller with no tenant reads through the platform role). */
  sharedOnly?: boolean;
  /** The sort key of the last row of the previous page: [rank, name, id] with q, else [name, id]. */
  after?: (string | number)[];
  limit: number;
}

export interface RankedSchemeRow extends SchemeRow {
  /** ts_rank of the row for q; 0 without q. */
  rank: number;
}

/**
 * The visible schemes: without q by name; with q those matching it in English (stemmed: pensions
 * finds pension) or as written (Hindi words, codes), best rank first.
 */
export async function listSchemes(tx: Tx, filters: SchemeFilters): Promise<RankedSchemeRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let rank = '0::real';
  if (filters.q !== undefined) {
    const q = param(filters.q);
    const query = `(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('simple', ${q}))`;
    where.push(`search @@ ${query}`);
    rank = `ts_rank(search, ${query})`;
  }
  if (filters.sharedOnly) where.push('tenant_id IS NULL');
  if (filters.level) where.push(`level = ${param(filters.level)}`);
  if (filters.state !== undefined) where.push(`(state IS NULL OR lower(state) = lower(${param(filters.state)}))`);
  const ranked = filters.q !== undefined;
  if (filters.after) {
    if (ranked) {
      const [r, n, i] = filters.after;
      where.push(`(rank < ${param(r)}::real OR (rank = ${param(r)}::real AND (name, id) > (${param(n)}, ${param(i)}::uuid)))`);
    } else {
      const [n, i] = filters.after;
      where.push(`(name, id) > (${param(n)}, ${param(i)}::uuid)`);
    }
  }
  const limit = param(filters.limit);
  const { rows } = await tx.query<RankedSchemeRow>(
    `SELECT ${OUTPUT} FROM (SELECT ${COLUMNS}, search, ${rank} AS rank FROM schemes) s
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${ranked ? 'rank DESC, ' : ''}name, id LIMIT ${limit}`,
    params,
  );
  return rows;
}

/** Inserts a scheme of the tenant; undefined when the tenant already has one with that code. */
export async function insertScheme(tx: Tx, id: string, tenantId: string, columns: SchemeColumns): Promise<SchemeRow | undefined> {
  const fields = entries(columns);
  const names = ['id', 'tenant_id', ...fields.map(([name]) => name)];
  const { rows } = await tx.query<SchemeRow>(
    `INSERT INTO schemes (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (tenant_id, code) DO NOTHING RETURNING ${COLUMNS}`,
    [id, tenantId, ...fields.map(([, value]) => value)],
  );
  return rows[0];
}

export async function updateScheme(tx: Tx, id: string, columns: SchemeColumns): Promise<SchemeRow> {
  const fields = entries(columns);
  const sets = fields.map(([name], i) => `${name} = $${i + 2}`);
  const { rows } = await tx.query<SchemeRow>(
    `UPDATE schemes SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, ...fields.map(([, value]) => value)],
  );
  return rows[0]!;
}

export async function deleteScheme(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('DELETE FROM schemes WHERE id = $1', [id])).rowCount > 0;
}

/** Whether the shared catalogue has a scheme of that code (a tenant's own may not take it). */
export async function sharedCodeTaken(tx: Tx, code: string): Promise<boolean> {
  return (await tx.query('SELECT 1 FROM schemes WHERE tenant_id IS NULL AND code = $1', [code])).rows.length > 0;
}
