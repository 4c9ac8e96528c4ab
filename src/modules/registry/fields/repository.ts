import type { Tx } from '../../../infra/db/index.js';

export interface FieldRow {
  id: string;
  tenant_id: string;
  farm_id: string;
  farmer_id: string;
  name: string;
  boundary: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
  area_ha: string | number;
  centroid_lat: number;
  centroid_lon: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** The stored measures of a boundary, as the service derives them. */
export interface BoundaryColumns {
  boundary: unknown;
  area_ha: number;
  centroid_lat: number;
  centroid_lon: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
}

export type FieldColumns = Partial<BoundaryColumns & { name: string; farm_id: string; farmer_id: string }>;

const WRITABLE = new Set(['name', 'farm_id', 'farmer_id', 'boundary', 'area_ha', 'centroid_lat', 'centroid_lon', 'min_lon', 'min_lat', 'max_lon', 'max_lat']);

const entries = (columns: FieldColumns) =>
  Object.entries(columns)
    .filter(([name, value]) => WRITABLE.has(name) && value !== undefined)
    .map(([name, value]) => [name, name === 'boundary' ? JSON.stringify(value) : value] as const);

/** A field as the API shows it (its GET, lists and sync batches). */
export function presentField(row: FieldRow) {
  return {
    id: row.id,
    farmId: row.farm_id,
    farmerId: row.farmer_id,
    name: row.name,
    boundary: row.boundary,
    areaHa: Number(row.area_ha),
    centroid: { lat: row.centroid_lat, lon: row.centroid_lon },
    bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Inserts, or returns undefined when the id exists (a retried offline create). */
export async function insertField(tx: Tx, id: string, tenantId: string, columns: FieldColumns): Promise<FieldRow | undefined> {
  const fields = entries(columns);
  const names = ['id', 'tenant_id', ...fields.map(([name]) => name)];
  const { rows } = await tx.query<FieldRow>(
    `INSERT INTO fields (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (id) DO NOTHING RETURNING *`,
    [id, tenantId, ...fields.map(([, value]) => value)],
  );
  return rows[0];
}

/** A visible field; `share` holds it for a write that hangs off it, `update` for a change to it. */
export async function findField(tx: Tx, id: string, lock?: 'update' | 'share'): Promise<FieldRow | undefined> {
  const suffix = lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : '';
  return (await tx.query<FieldRow>(`SELECT * FROM fields WHERE id = $1${suffix}`, [id])).rows[0];
}

export async function fieldsByIds(tx: Tx, ids: string[]): Promise<FieldRow[]> {
  return (await tx.query<FieldRow>('SELECT * FROM fields WHERE id = ANY($1::uuid[])', [ids])).rows;
}

export async function updateField(tx: Tx, id: string, columns: FieldColumns): Promise<FieldRow> {
  const fields = entries(columns);
  const sets = fields.map(([name], i) => `${name} = $${i + 2}`);
  const { rows } = await tx.query<FieldRow>(
    `UPDATE fields SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING *`,
    [id, ...fields.map(([, value]) => value)],
  );
  return rows[0]!;
}

export async function deleteField(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('DELETE FROM fields WHERE id = $1', [id])).rowCount > 0;
}

/** Other fields of a farm whose bounding box meets the given one: the candidates for an overlap. */
export async function overlapCandidates(
  tx: Tx,
  farmId: string,
  exceptId: string,
  box: [number, number, number, number],
): Promise<Pick<FieldRow, 'id' | 'name' | 'boundary'>[]> {
  const { rows } = await tx.query<Pick<FieldRow, 'id' | 'name' | 'boundary'>>(
    `SELECT id, name, boundary FROM fields
      WHERE farm_id = $1 AND id <> $2 AND max_lon >= $3 AND min_lon <= $5 AND max_lat >= $4 AND min_lat <= $6
      ORDER BY name, id`,
    [farmId, exceptId, ...box],
  );
  return rows;
}

/** Whether the tenant accepts boundaries outside India (a setting for work abroad and for demos). */
export async function allowsOutsideIndia(tx: Tx): Promise<boolean> {
  const { rows } = await tx.query<{ settings: Record<string, unknown> | null }>('SELECT settings FROM tenants');
  return rows[0]?.settings?.allowOutsideIndia === true;
}

export interface FieldFilters {
  farmId?: string;
  farmerId?: string;
  /** Fields whose bounding box meets [minLon, minLat, maxLon, maxLat]. */
  bbox?: [number, number, number, number];
  /** Fields whose centroid lies in this box (the first, coarse cut of a `near` search). */
  centroidWithin?: { minLat: number; maxLat: number; minLon: number; maxLon: number };
}

function whereOf(filters: FieldFilters, params: unknown[]): string[] {
  const where: string[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(clause(`$${params.length}`));
  };
  if (filters.farmId) add((p) => `farm_id = ${p}`, filters.farmId);
  if (filters.farmerId) add((p) => `farmer_id = ${p}`, filters.farmerId);
  if (filters.bbox) {
    const [minLon, minLat, maxLon, maxLat] = filters.bbox;
    add((p) => `max_lon >= ${p}`, minLon);
    add((p) => `max_lat >= ${p}`, minLat);
    add((p) => `min_lon <= ${p}`, maxLon);
    add((p) => `min_lat <= ${p}`, maxLat);
  }
  if (filters.centroidWithin) {
    const box = filters.centroidWithin;
    add((p) => `centroid_lat >= ${p}`, box.minLat);
    add((p) => `centroid_lat <= ${p}`, box.maxLat);
    add((p) => `centroid_lon >= ${p}`, box.minLon);
    add((p) => `centroid_lon <= ${p}`, box.maxLon);
  }
  return where;
}

/** Name order with the id as tie-breaker, so the keyset cursor is (name, id). */
export async function listFields(tx: Tx, filters: FieldFilters & { after?: [string, string]; limit: number }): Promise<FieldRow[]> {
  const params: unknown[] = [];
  const where = whereOf(filters, params);
  if (filters.after) {
    params.push(filters.after[0], filters.after[1]);
    where.push(`(name, id) > ($${params.length - 1}, $${params.length}::uuid)`);
  }
  params.push(filters.limit);
  const { rows } = await tx.query<FieldRow>(
    `SELECT * FROM fields ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name, id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** Just the ids and centroids of the matching fields, for ranking by distance before loading any boundary. */
export async function fieldCentroids(tx: Tx, filters: FieldFilters): Promise<{ id: string; centroid_lat: number; centroid_lon: number }[]> {
  const params: unknown[] = [];
  const where = whereOf(filters, params);
  const { rows } = await tx.query<{ id: string; centroid_lat: number; centroid_lon: number }>(
    `SELECT id, centroid_lat, centroid_lon FROM fields ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return rows;
}
