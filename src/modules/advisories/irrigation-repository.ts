import type { Tx } from '../../infra/db/index.js';
import type { RecordedWater, RecordedWaterKind } from '../../lib/agronomy/recorded-water.js';

/** The owner of field_irrigations: water a field received, as recorded (migration 0017). */
export interface FieldIrrigationRow {
  id: string;
  field_id: string;
  occurred_on: string;
  kind: RecordedWaterKind;
  depth_mm: number;
  note: string | null;
  created_by: string | null;
  created_at: Date;
  version: number;
}

/** The date as text, so no driver turns a calendar day into a midnight in some time zone. */
const COLUMNS = `id, field_id, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on, kind, depth_mm, note, created_by, created_at, version`;

export function presentFieldIrrigation(row: FieldIrrigationRow) {
  return {
    id: row.id,
    fieldId: row.field_id,
    date: row.occurred_on,
    kind: row.kind,
    depthMm: row.depth_mm,
    note: row.note,
    createdBy: row.created_by,
    version: row.version,
    createdAt: row.created_at.toISOString(),
  };
}

export async function findFieldIrrigation(tx: Tx, id: string): Promise<FieldIrrigationRow | undefined> {
  return (await tx.query<FieldIrrigationRow>(`SELECT ${COLUMNS} FROM field_irrigations WHERE id = $1`, [id])).rows[0];
}

/** Inserts, or returns undefined when the id exists (a retried offline create). */
export async function insertFieldIrrigation(
  tx: Tx,
  id: string,
  tenantId: string,
  fieldId: string,
  values: { date: string; kind: RecordedWaterKind; depthMm: number; note: string | null; createdBy: string },
): Promise<FieldIrrigationRow | undefined> {
  const { rows } = await tx.query<FieldIrrigationRow>(
    `INSERT INTO field_irrigations (id, tenant_id, field_id, occurred_on, kind, depth_mm, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, id) DO NOTHING RETURNING ${COLUMNS}`,
    [id, tenantId, fieldId, values.date, values.kind, values.depthMm, values.note, values.createdBy],
  );
  return rows[0];
}

/**
 * A field's events, newest day first, the id breaking ties (the keyset cursor is (date, id)
 * descending), within from..to when given.
 */
export async function listFieldIrrigations(
  tx: Tx,
  fieldId: string,
  filter: { from?: string | undefined; to?: string | undefined },
  after: [string, string] | undefined,
  limit: number,
): Promise<FieldIrrigationRow[]> {
  const params: unknown[] = [fieldId, limit];
  const where = ['field_id = $1'];
  if (filter.from) where.push(`occurred_on >= $${params.push(filter.from)}::date`);
  if (filter.to) where.push(`occurred_on <= $${params.push(filter.to)}::date`);
  if (after) where.push(`(occurred_on, id) < ($${params.push(after[0])}::date, $${params.push(after[1])}::uuid)`);
  const { rows } = await tx.query<FieldIrrigationRow>(
    `SELECT ${COLUMNS} FROM field_irrigations WHERE ${where.join(' AND ')} ORDER BY occurred_on DESC, id DESC LIMIT $2`,
    params,
  );
  return rows;
}

export async function deleteFieldIrrigation(tx: Tx, id: string): Promise<boolean> {
  return (await tx.query('DELETE FROM field_irrigations WHERE id = $1', [id])).rowCount > 0;
}

/**
 * What the water balance needs: the field's events from `from` through `until`, and the events of
 * its latest irrigation day on or before `until` wherever it falls (the advisory names that
 * irrigation even when it is older than the days the balance counts).
 */
export async function recordedWater(
  tx: Tx,
  fieldId: string,
  from: string,
  until: string,
): Promise<{ events: RecordedWater[]; latestIrrigationDay: RecordedWater[] }> {
  const columns = `to_char(occurred_on, 'YYYY-MM-DD') AS date, kind, depth_mm AS "depthMm"`;
  const within = await tx.query<RecordedWater>(
    `SELECT ${columns} FROM field_irrigations WHERE field_id = $1 AND occurred_on BETWEEN $2::date AND $3::date ORDER BY occurred_on`,
    [fieldId, from, until],
  );
  const latest = await tx.query<RecordedWater>(
    `SELECT ${columns} FROM field_irrigations
      WHERE field_id = $1 AND kind = 'irrigation'
        AND occurred_on = (SELECT max(occurred_on) FROM field_irrigations WHERE field_id = $1 AND kind = 'irrigation' AND occurred_on <= $2::date)`,
    [fieldId, until],
  );
  return { events: within.rows, latestIrrigationDay: latest.rows };
}
