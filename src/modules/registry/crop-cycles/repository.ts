import type { Tx } from '../../../infra/db/index.js';

export interface CropCycleRow {
  id: string;
  field_id: string;
  farmer_id: string;
  crop: string;
  variety: string | null;
  season: 'kharif' | 'rabi' | 'zaid';
  sowing_date: string;
  expected_harvest_date: string | null;
  irrigation: 'rainfed' | 'canal' | 'tubewell' | 'drip' | 'sprinkler' | 'other' | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** Dates as text, so no driver turns a calendar day into a midnight in some time zone. */
const COLUMNS = `id, field_id, farmer_id, crop, variety, season, to_char(sowing_date, 'YYYY-MM-DD') AS sowing_date,
  to_char(expected_harvest_date, 'YYYY-MM-DD') AS expected_harvest_date, irrigation, created_at, updated_at, version`;

/** A crop cycle as the API shows it (its GET, lists and sync batches). */
export function presentCropCycle(row: CropCycleRow) {
  return {
    id: row.id,
    fieldId: row.field_id,
    farmerId: row.farmer_id,
    crop: row.crop,
    variety: row.variety,
    season: row.season,
    sowingDate: row.sowing_date,
    expectedHarvestDate: row.expected_harvest_date,
    irrigation: row.irrigation,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function cropCyclesByIds(tx: Tx, ids: string[]): Promise<CropCycleRow[]> {
  return (await tx.query<CropCycleRow>(`SELECT ${COLUMNS} FROM crop_cycles WHERE id = ANY($1::uuid[])`, [ids])).rows;
}

export async function findCropCycle(tx: Tx, id: string, lock = false): Promise<CropCycleRow | undefined> {
  return (await tx.query<CropCycleRow>(`SELECT ${COLUMNS} FROM crop_cycles WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0];
}

export interface CropCycleValues {
  crop?: string;
  variety?: string | null;
  season?: string;
  sowingDate?: string;
  expectedHarvestDate?: string | null;
  irrigation?: string | null;
}

const columnsOf = (values: CropCycleValues) =>
  (
    [
      ['crop', values.crop],
      ['variety', values.variety],
      ['season', values.season],
      ['sowing_date', values.sowingDate],
      ['expected_harvest_date', values.expectedHarvestDate],
      ['irrigation', values.irrigation],
    ] as const
  ).filter(([, value]) => value !== undefined);

/** Inserts, or returns undefined when the id exists (a retried offline create). Also used by the demo seed. */
export async function insertCropCycle(
  tx: Tx,
  id: string,
  tenantId: string,
  field: { id: string; farmerId: string },
  values: CropCycleValues,
) {
  const columns = columnsOf(values);
  const names = ['id', 'tenant_id', 'field_id', 'farmer_id', ...columns.map(([name]) => name)];
  const { rows } = await tx.query<CropCycleRow>(
    `INSERT INTO crop_cycles (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING ${COLUMNS}`,
    [id, tenantId, field.id, field.farmerId, ...columns.map(([, value]) => value)],
  );
  return rows[0];
}

export async function updateCropCycle(tx: Tx, id: string, values: CropCycleValues): Promise<CropCycleRow> {
  const columns = columnsOf(values);
  const sets = columns.map(([name], i) => `${name} = $${i + 2}`);
  const { rows } = await tx.query<CropCycleRow>(
    `UPDATE crop_cycles SET ${[...sets, 'updated_at = now()', 'version = version + 1'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, ...columns.map(([, value]) => value)],
  );
  return rows[0]!;
}

export async function deleteCropCycle(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('DELETE FROM crop_cycles WHERE id = $1', [id])).rowCount > 0;
}

/** The other crop cycles of a field (all but `exceptId`), for the overlap rule. */
export async function otherCropCyclesOfField(
  tx: Tx,
  fieldId: string,
  exceptId: string,
): Promise<Pick<CropCycleRow, 'id' | 'crop' | 'sowing_date' | 'expected_harvest_date'>[]> {
  const { rows } = await tx.query<Pick<CropCycleRow, 'id' | 'crop' | 'sowing_date' | 'expected_harvest_date'>>(
    `SELECT id, crop, to_char(sowing_date, 'YYYY-MM-DD') AS sowing_date,
            to_char(expected_harvest_date, 'YYYY-MM-DD') AS expected_harvest_date
       FROM crop_cycles WHERE field_id = $1 AND id <> $2 ORDER BY sowing_date, id`,
    [fieldId, exceptId],
  );
  return rows;
}

/** Latest sowing first, the id breaking ties, so the keyset cursor is (sowingDate, id) descending. */
export async function listCropCycles(tx: Tx, fieldId: string, after: [string, string] | undefined, limit: number): Promise<CropCycleRow[]> {
  const { rows } = await tx.query<CropCycleRow>(
    `SELECT ${COLUMNS} FROM crop_cycles
      WHERE field_id = $1 ${after ? 'AND (crop_cycles.sowing_date, crop_cycles.id) < ($3::date, $4::uuid)' : ''}
      ORDER BY crop_cycles.sowing_date DESC, crop_cycles.id DESC LIMIT $2`,
    after ? [fieldId, limit, after[0], after[1]] : [fieldId, limit],
  );
  return rows;
}

/**
 * The crop standing on a field on a day: the latest sowing on or before it whose expected harvest
 * (when recorded) is not yet past. With none, the latest sowing still to come, so a field sown next
 * week gets weather advice with its crop named; undefined when the field has neither.
 * `standing_cycles` counts the cycles standing that day (more than one on an intercropped field).
 */
export async function cropCycleOn(
  tx: Tx,
  fieldId: string,
  day: string,
): Promise<(Pick<CropCycleRow, 'id' | 'crop' | 'sowing_date' | 'expected_harvest_date'> & { standing_cycles: number }) | undefined> {
  const { rows } = await tx.query<
    Pick<CropCycleRow, 'id' | 'crop' | 'sowing_date' | 'expected_harvest_date'> & { standing_cycles: number }
  >(
    `SELECT c.id, c.crop, c.sowing_date::text AS sowing_date,
            c.expected_harvest_date::text AS expected_harvest_date,
            (count(*) FILTER (WHERE c.sowing_date <= $2::date) OVER ())::int AS standing_cycles
       FROM crop_cycles c
      WHERE c.field_id = $1
        AND (c.expected_harvest_date IS NULL OR c.expected_harvest_date >= $2::date)
        -- Without a harvest date, a cycle older than the longest crop (sugarcane, 480 days) is over.
        AND c.sowing_date > $2::date - 550
      ORDER BY (c.sowing_date <= $2::date) DESC,
               CASE WHEN c.sowing_date <= $2::date THEN c.sowing_date END DESC,
               c.sowing_date ASC
      LIMIT 1`,
    [fieldId, day],
  );
  return rows[0];
}

type FieldPlanting = { tenant_id: string } & Pick<CropCycleRow, 'field_id' | 'crop' | 'sowing_date' | 'expected_harvest_date'>;

/**
 * The crop cycles of the given fields, by field and sowing (across tenants under `db.platform`): the
 * offline imagery twin's plantings. A field is named with its tenant, since ids are unique per tenant.
 */
export async function cropCyclesOfFields(tx: Tx, fields: { tenantId: string; id: string }[]): Promise<FieldPlanting[]> {
  const { rows } = await tx.query<FieldPlanting>(
    `SELECT c.tenant_id, c.field_id, c.crop, c.sowing_date::text AS sowing_date, c.expected_harvest_date::text AS expected_harvest_date
       FROM crop_cycles c
       JOIN unnest($1::uuid[], $2::uuid[]) AS f(tenant_id, id) ON c.tenant_id = f.tenant_id AND c.field_id = f.id
      ORDER BY c.tenant_id, c.field_id, c.sowing_date`,
    [fields.map((f) => f.tenantId), fields.map((f) => f.id)],
  );
  return rows;
}

/**
 * A crop cycle carries the farmer of its field; when the field's farm changes hands, the cycles of
 * its fields follow. Only rows that really change are touched, which keeps the change log honest.
 */
export async function moveCropCyclesToFarmer(tx: Tx, fieldIds: string[], farmerId: string): Promise<void> {
  await tx.query(
    `UPDATE crop_cycles SET farmer_id = $2, updated_at = now(), version = version + 1
      WHERE farmer_id <> $2 AND field_id = ANY($1::uuid[])`,
    [fieldIds, farmerId],
  );
}

/**
 * The fields on which a cycle of `crop` stands on `day` (sown on or before it, its expected harvest
 * not yet past, sown within 550 days when no harvest is recorded, as in cropCycleOn): the fields
 * list's `crop` filter. An intercropped field is found under each of its crops.
 */
export async function fieldsGrowing(tx: Tx, crop: string, day: string): Promise<string[]> {
  const { rows } = await tx.query<{ field_id: string }>(
    `SELECT DISTINCT field_id FROM crop_cycles
      WHERE crop = $1 AND sowing_date <= $2::date AND sowing_date > $2::date - 550
        AND (expected_harvest_date IS NULL OR expected_harvest_date >= $2::date)`,
    [crop, day],
  );
  return rows.map((r) => r.field_id);
}

/**
 * The crops each of these farmers sowed in the year up to `day` (a scheme rule on what is grown),
 * by code; a farmer with no such cycle is absent.
 */
export async function cropsOfFarmers(tx: Tx, farmerIds: string[], day: string): Promise<Map<string, string[]>> {
  if (farmerIds.length === 0) return new Map();
  const { rows } = await tx.query<{ farmer_id: string; crops: string[] }>(
    `SELECT farmer_id, array_agg(DISTINCT crop ORDER BY crop) AS crops FROM crop_cycles
      WHERE farmer_id = ANY($1::uuid[]) AND sowing_date <= $2::date AND sowing_date > $2::date - 365
      GROUP BY farmer_id`,
    [farmerIds, day],
  );
  return new Map(rows.map((row) => [row.farmer_id, row.crops]));
}
