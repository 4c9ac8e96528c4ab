import type { Tx } from '../../../infra/db/index.js';

export interface FarmRow {
  id: string;
  tenant_id: string;
  farmer_id: string;
  name: string;
  village: string | null;
  district: string | null;
  state: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export type FarmColumns = Partial<{
  farmer_id: string;
  name: string;
  village: string | null;
  district: string | null;
  state: string | null;
}>;

const WRITABLE = new Set(['farmer_id', 'name', 'village', 'district', 'state']);

const entries = (columns: FarmColumns) => Object.entries(columns).filter(([name, value]) => WRITABLE.has(name) && value !== undefined);

/** A farm as the API shows it (its GET, lists and sync batches). */
export function presentFarm(row: FarmRow) {
  return {
    id: row.id,
    farmerId: row.farmer_id,
    name: row.name,
    village: row.village,
    district: row.district,
    state: row.state,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Inserts, or returns undefined when the id exists (a retried offline create). */
export async function insertFarm(tx: Tx, id: string, tenantId: string, columns: FarmColumns): Promise<FarmRow | undefined> {
  const fields = entries(columns);
  const names = ['id', 'tenant_id', ...fields.map(([name]) => name)];
  const { rows } = await tx.query<FarmRow>(
    `INSERT INTO farms (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING *`,
    [id, tenantId, ...fields.map(([, value]) => value)],
  );
  return rows[0];
}

/**
 * A visible farm. `lock` is `update` for a change to the farm itself, `share` for a write that
 * hangs off it (a new field copies its farmer, which a concurrent move must not change meanwhile).
 */
export async function findFarm(tx: Tx, id: string, lock?: 'update' | 'share'): Promise<FarmRow | undefined> {
  const suffix = lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : '';
  return (await tx.query<FarmRow>(`SELECT * FROM farms WHERE id = $1${suffix}`, [id])).rows[0];
}

/** The visible farms among `ids`; `share` holds them for writes that hang off them (as findFarm). */
export async function farmsByIds(tx: Tx, ids: string[], lock?: 'share'): Promise<FarmRow[]> {
  return (await tx.query<FarmRow>(`SELECT * FROM farms WHERE id = ANY($1::uuid[])${lock === 'share' ? ' FOR SHARE' : ''}`, [ids])).rows;
}

export async function updateFarm(tx: Tx, id: string, columns: FarmColumns): Promise<FarmRow> {
  const fields = entries(columns);
  const sets = fields.map(([name], i) => `${name} = $${i + 2}`);
  const { rows } = await tx.query<FarmRow>(
    `UPDATE farms SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING *`,
    [id, ...fields.map(([, value]) => value)],
  );
  return rows[0]!;
}

export async function deleteFarm(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('DELETE FROM farms WHERE id = $1', [id])).rowCount > 0;
}

export interface FarmFilters {
  farmerId?: string;
  after?: [string, string];
  limit: number;
}

/** Name order with the id as tie-breaker, so the keyset cursor is (name, id). */
export async function listFarms(tx: Tx, filters: FarmFilters): Promise<FarmRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filters.farmerId) {
    params.push(filters.farmerId);
    where.push(`farmer_id = $${params.length}`);
  }
  if (filters.after) {
    params.push(filters.after[0], filters.after[1]);
    where.push(`(name, id) > ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(filters.limit);
  const { rows } = await tx.query<FarmRow>(
    `SELECT * FROM farms ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, id LIMIT $${params.length}`,
    params,
  );
  return rows;
}
