import { tenantSettings } from '../../../auth/index.js';
import type { Tx } from '../../../infra/db/index.js';
import type { Boundary } from '../../../lib/geometry/index.js';

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

const WRITABLE = new Set([
  'name',
  'farm_id',
  'farmer_id',
  'boundary',
  'area_ha',
  'centroid_lat',
  'centroid_lon',
  'min_lon',
  'min_lat',
  'max_lon',
  'max_lat',
]);

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
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING *`,
    [id, tenantId, ...fields.map(([, value]) => value)],
  );
  return rows[0];
}

/*
 * Reading one field: two purposes, one function each, and nothing else reads a single field.
 *  - findField: the field itself (boundary, centroid, version), to show or change it or to work
 *    from its geometry (weather, advisories, markets near it, imagery).
 *  - fieldOwner: the field as the parent of a record that hangs off it (a crop cycle, a soil test,
 *    a vegetation analysis): its id and the farmer the record copies.
 */

/** Where a visible field is: its centroid, and nothing else (a field's weather needs no more). */
export async function findFieldPosition(tx: Tx, id: string): Promise<{ lat: number; lon: number } | undefined> {
  const row = (
    await tx.query<{ lat: number; lon: number }>('SELECT centroid_lat AS lat, centroid_lon AS lon FROM fields WHERE id = $1', [id])
  ).rows[0];
  return row && { lat: Number(row.lat), lon: Number(row.lon) };
}

/** A visible field; `share` holds it for a write that hangs off it, `update` for a change to it. */
export async function findField(tx: Tx, id: string, lock?: 'update' | 'share'): Promise<FieldRow | undefined> {
  const suffix = lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : '';
  return (await tx.query<FieldRow>(`SELECT * FROM fields WHERE id = $1${suffix}`, [id])).rows[0];
}

/** The field a record hangs off, as that record refers to it. */
export interface FieldOwner {
  id: string;
  farmerId: string;
}

/**
 * The field a crop cycle, soil test or analysis hangs off, if the caller can see it: its id and
 * farmer (which the child copies). `share` holds it until the transaction ends, against deletion or a move.
 */
export async function fieldOwner(tx: Tx, fieldId: string, lock?: 'share'): Promise<FieldOwner | undefined> {
  const row = await findField(tx, fieldId, lock);
  return row ? { id: row.id, farmerId: row.farmer_id } : undefined;
}

/** Every visible field as fieldOwner gives one, in id order (the demo's analyses of every field). */
export async function fieldOwners(tx: Tx): Promise<FieldOwner[]> {
  const { rows } = await tx.query<{ id: string; farmer_id: string }>('SELECT id, farmer_id FROM fields ORDER BY id');
  return rows.map((row) => ({ id: row.id, farmerId: row.farmer_id }));
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

/** The ids of the fields stored among `ids` that the caller can see. */
export async function visibleFieldIds(tx: Tx, ids: string[]): Promise<string[]> {
  return (await tx.query<{ id: string }>('SELECT id FROM fields WHERE id = ANY($1::uuid[])', [ids])).rows.map((row) => row.id);
}

/** A field to insert in bulk: its farm and farmer already checked, its boundary already measured. */
export interface NewField {
  id: string;
  farmId: string;
  farmerId: string;
  name: string;
  /** measures.boundary as JSON, stored as is. */
  boundaryJson: string;
  measures: BoundaryColumns;
}

/** Inserts the rows in one statement, leaving out any whose id is taken; answers the ids stored. */
export async function insertFields(tx: Tx, tenantId: string, rows: NewField[]): Promise<string[]> {
  const column = <T>(pick: (row: NewField) => T) => rows.map(pick);
  const { rows: inserted } = await tx.query<{ id: string }>(
    `INSERT INTO fields (id, tenant_id, farm_id, farmer_id, name, boundary, area_ha, centroid_lat, centroid_lon, min_lon, min_lat, max_lon, max_lat)
     SELECT u.id, $1::uuid, u.farm_id, u.farmer_id, u.name, u.boundary::jsonb, u.area_ha, u.centroid_lat, u.centroid_lon,
            u.min_lon, u.min_lat, u.max_lon, u.max_lat
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::numeric[], $8::float8[], $9::float8[],
                   $10::float8[], $11::float8[], $12::float8[], $13::float8[])
            AS u(id, farm_id, farmer_id, name, boundary, area_ha, centroid_lat, centroid_lon, min_lon, min_lat, max_lon, max_lat)
     ON CONFLICT (tenant_id, id) DO NOTHING
     RETURNING id`,
    [
      tenantId,
      column((r) => r.id),
      column((r) => r.farmId),
      column((r) => r.farmerId),
      column((r) => r.name),
      column((r) => r.boundaryJson),
      column((r) => r.measures.area_ha),
      column((r) => r.measures.centroid_lat),
      column((r) => r.measures.centroid_lon),
      column((r) => r.measures.min_lon),
      column((r) => r.measures.min_lat),
      column((r) => r.measures.max_lon),
      column((r) => r.measures.max_lat),
    ],
  );
  return inserted.map((row) => row.id);
}

export type FieldBox = Pick<FieldRow, 'id' | 'farm_id' | 'name' | 'min_lon' | 'min_lat' | 'max_lon' | 'max_lat'>;

/** The bounding boxes of every field of the given farms (an import's overlap sweep, without boundaries). */
export async function fieldBoxesOfFarms(tx: Tx, farmIds: string[]): Promise<FieldBox[]> {
  const { rows } = await tx.query<FieldBox>(
    'SELECT id, farm_id, name, min_lon, min_lat, max_lon, max_lat FROM fields WHERE farm_id = ANY($1::uuid[])',
    [farmIds],
  );
  return rows;
}

/** The ids of a farm's fields. */
export async function fieldIdsOfFarm(tx: Tx, farmId: string): Promise<string[]> {
  return (await tx.query<{ id: string }>('SELECT id FROM fields WHERE farm_id = $1', [farmId])).rows.map((row) => row.id);
}

/**
 * A field carries its farmer (for the farmer policy and filters), so a farm that changes hands
 * takes its fields along. Only rows that really change are touched, which keeps the change log honest.
 */
export async function moveFieldsOfFarm(tx: Tx, farmId: string, farmerId: string): Promise<void> {
  await tx.query(`UPDATE fields SET farmer_id = $2, updated_at = now(), version = version + 1 WHERE farm_id = $1 AND farmer_id <> $2`, [
    farmId,
    farmerId,
  ]);
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
  return (await tenantSettings(tx))?.allowOutsideIndia === true;
}

export interface FieldFilters {
  farmId?: string;
  farmerId?: string;
  /** Fields whose name contains this text, in any case. */
  nameContains?: string;
  /** Only these fields (e.g. those growing a crop); an empty list matches none. */
  ids?: string[];
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
  // LIKE's wildcards in the text are matched as themselves.
  if (filters.nameContains) add((p) => `name ILIKE ${p}`, `%${filters.nameContains.replace(/[\\%_]/g, '\\$&')}%`);
  if (filters.ids) add((p) => `id = ANY(${p}::uuid[])`, filters.ids);
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

export type ExportedFieldRow = Pick<FieldRow, 'id' | 'name' | 'farm_id' | 'farmer_id' | 'area_ha' | 'version' | 'boundary'>;

/**
 * One page of fields in id order after `after`. Id order, unlike the (name, id) order of the
 * list, walks the primary key from the cursor, so each page costs the same however many came
 * before. Row-level security narrows it to the tenant (and a farmer to their own fields).
 */
export async function exportFieldsPage(
  tx: Tx,
  filters: { farmId?: string; farmerId?: string },
  after: string | undefined,
  limit: number,
): Promise<ExportedFieldRow[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('?', `$${params.length}`));
  };
  if (filters.farmId) add('farm_id = ?', filters.farmId);
  if (filters.farmerId) add('farmer_id = ?', filters.farmerId);
  if (after) add('id > ?::uuid', after);
  params.push(limit);
  const { rows } = await tx.query<ExportedFieldRow>(
    `SELECT id, name, farm_id, farmer_id, area_ha, version, boundary FROM fields
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}`,
    params,
  );
  return rows;
}

// Reads across every tenant (under `db.platform`), for imagery's batch work.

/**
 * Every field whose bounding box meets a lon/lat box, in id order, at most `limit`: what the offline
 * imagery twin draws around a place. The index on the centroid narrows it first: a field's centroid
 * lies within half its extent of the box, and no valid field reaches half a degree.
 */
export async function fieldBoundariesInBox(
  tx: Tx,
  [west, south, east, north]: [number, number, number, number],
  limit: number,
): Promise<{ tenantId: string; id: string; boundary: Boundary }[]> {
  const { rows } = await tx.query<{ tenantId: string; id: string; boundary: Boundary }>(
    `SELECT tenant_id AS "tenantId", id, boundary FROM fields
      WHERE centroid_lat BETWEEN $2::float8 - 0.5 AND $4::float8 + 0.5
        AND max_lon >= $1 AND min_lon <= $3 AND max_lat >= $2 AND min_lat <= $4
      ORDER BY id LIMIT $5`,
    [west, south, east, north, limit],
  );
  return rows;
}

/** The ~10 km cells (tenths of a degree of latitude and longitude) that hold some field's centroid, in order. */
export async function fieldCells(tx: Tx): Promise<{ lat: number; lon: number }[]> {
  const { rows } = await tx.query<{ lat: number; lon: number }>(
    `SELECT floor(centroid_lat * 10)::int AS lat, floor(centroid_lon * 10)::int AS lon
       FROM fields GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows;
}

/** The fields whose centroid lies in a cell of fieldCells, in id order, with their tenant, farmer and boundary. */
export async function fieldsInCell(
  tx: Tx,
  cell: { lat: number; lon: number },
): Promise<{ id: string; tenant_id: string; farmer_id: string; boundary: Boundary }[]> {
  const { rows } = await tx.query<{ id: string; tenant_id: string; farmer_id: string; boundary: Boundary }>(
    `SELECT id, tenant_id, farmer_id, boundary FROM fields
      WHERE centroid_lat >= $1 / 10.0 - 0.001 AND centroid_lat < ($1 + 1) / 10.0 + 0.001
        AND floor(centroid_lat * 10)::int = $1 AND floor(centroid_lon * 10)::int = $2
      ORDER BY id`,
    [cell.lat, cell.lon],
  );
  return rows;
}

/** A field as an alert names it: where it is (for its forecast), what it is called, and whose it is. */
export interface AlertField {
  id: string;
  name: string;
  farmId: string;
  farmerId: string;
  lat: number;
  lon: number;
}

/** One field, one farm's fields, or every visible field (neither given), in id order. */
export async function alertFields(tx: Tx, subject: { fieldId?: string | null; farmId?: string | null }): Promise<AlertField[]> {
  const params: unknown[] = [];
  let where = '';
  if (subject.fieldId) {
    params.push(subject.fieldId);
    where = 'WHERE id = $1';
  } else if (subject.farmId) {
    params.push(subject.farmId);
    where = 'WHERE farm_id = $1';
  }
  const { rows } = await tx.query<{
    id: string;
    name: string;
    farm_id: string;
    farmer_id: string;
    centroid_lat: number;
    centroid_lon: number;
  }>(`SELECT id, name, farm_id, farmer_id, centroid_lat, centroid_lon FROM fields ${where} ORDER BY id`, params);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    farmId: r.farm_id,
    farmerId: r.farmer_id,
    lat: Number(r.centroid_lat),
    lon: Number(r.centroid_lon),
  }));
}

/** The total area of each of these farmers' fields (a scheme rule on the farmed area); a farmer without fields is absent. */
export async function fieldAreaOfFarmers(tx: Tx, farmerIds: string[]): Promise<Map<string, number>> {
  if (farmerIds.length === 0) return new Map();
  const { rows } = await tx.query<{ farmer_id: string; area_ha: string }>(
    'SELECT farmer_id, sum(area_ha) AS area_ha FROM fields WHERE farmer_id = ANY($1::uuid[]) GROUP BY farmer_id',
    [farmerIds],
  );
  return new Map(rows.map((row) => [row.farmer_id, Number(row.area_ha)]));
}
