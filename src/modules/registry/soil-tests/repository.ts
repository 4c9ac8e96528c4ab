import type { Tx } from '../../../infra/db/index.js';
import type { Measurements } from './schemas.js';

export interface SoilTestRow {
  id: string;
  field_id: string;
  farmer_id: string;
  sampled_on: string;
  measurements: Measurements;
  lab: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** The date as text, so no driver turns a calendar day into a midnight in some time zone. */
const COLUMNS = `id, field_id, farmer_id, to_char(sampled_on, 'YYYY-MM-DD') AS sampled_on, measurements, lab, created_at, updated_at, version`;

/** A soil test as the API shows it (its GET, lists and sync batches): measurements flat, as sent. */
export function presentSoilTest(row: SoilTestRow) {
  return {
    id: row.id,
    fieldId: row.field_id,
    farmerId: row.farmer_id,
    sampledOn: row.sampled_on,
    lab: row.lab,
    ...row.measurements,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function soilTestsByIds(tx: Tx, ids: string[]): Promise<SoilTestRow[]> {
  return (await tx.query<SoilTestRow>(`SELECT ${COLUMNS} FROM soil_tests WHERE id = ANY($1::uuid[])`, [ids])).rows;
}

export async function findSoilTest(tx: Tx, id: string, lock = false): Promise<SoilTestRow | undefined> {
  return (await tx.query<SoilTestRow>(`SELECT ${COLUMNS} FROM soil_tests WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])).rows[0];
}

/** Inserts, or returns undefined when the id exists (a retried offline create). Also used by the demo seed. */
export async function insertSoilTest(
  tx: Tx,
  id: string,
  tenantId: string,
  field: { id: string; farmerId: string },
  values: { sampledOn: string; lab: string | null; measurements: Measurements },
) {
  const { rows } = await tx.query<SoilTestRow>(
    `INSERT INTO soil_tests (id, tenant_id, field_id, farmer_id, sampled_on, lab, measurements)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING ${COLUMNS}`,
    [id, tenantId, field.id, field.farmerId, values.sampledOn, values.lab, JSON.stringify(values.measurements)],
  );
  return rows[0];
}

export async function updateSoilTest(tx: Tx, id: string, values: { sampledOn?: string; lab?: string | null; measurements: Measurements }) {
  const { rows } = await tx.query<SoilTestRow>(
    `UPDATE soil_tests SET sampled_on = coalesce($2::date, sampled_on), lab = CASE WHEN $3::boolean THEN $4 ELSE lab END,
            measurements = $5, updated_at = now(), version = version + 1
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, values.sampledOn ?? null, values.lab !== undefined, values.lab ?? null, JSON.stringify(values.measurements)],
  );
  return rows[0]!;
}

/** Latest sample first, the id breaking ties, so the keyset cursor is (sampledOn, id) descending. */
export async function listSoilTests(tx: Tx, fieldId: string, after: [string, string] | undefined, limit: number): Promise<SoilTestRow[]> {
  const { rows } = await tx.query<SoilTestRow>(
    `SELECT ${COLUMNS} FROM soil_tests
      WHERE field_id = $1 ${after ? 'AND (soil_tests.sampled_on, soil_tests.id) < ($3::date, $4::uuid)' : ''}
      ORDER BY soil_tests.sampled_on DESC, soil_tests.id DESC LIMIT $2`,
    after ? [fieldId, limit, after[0], after[1]] : [fieldId, limit],
  );
  return rows;
}

export async function deleteSoilTest(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('DELETE FROM soil_tests WHERE id = $1', [id])).rowCount > 0;
}

/**
 * A soil test carries the farmer of its field; when the field's farm changes hands, the tests of
 * its fields follow. Only rows that really change are touched, which keeps the change log honest.
 */
export async function moveSoilTestsToFarmer(tx: Tx, fieldIds: string[], farmerId: string): Promise<void> {
  await tx.query(
    `UPDATE soil_tests SET farmer_id = $2, updated_at = now(), version = version + 1
      WHERE farmer_id <> $2 AND field_id = ANY($1::uuid[])`,
    [fieldIds, farmerId],
  );
}
