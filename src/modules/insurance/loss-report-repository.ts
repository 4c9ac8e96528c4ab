import type { Tx } from '../../infra/db/index.js';
import type { CheckedPhoto, LossCause } from './loss-rules.js';

/** The owner of crop_loss_reports: crop-loss intimations on fields (migration 0025). */
export interface CropLossReportRow {
  id: string;
  field_id: string;
  farmer_id: string;
  crop_cycle_id: string | null;
  crop: string | null;
  cause: LossCause;
  loss_at: Date;
  reported_at: Date;
  late: boolean;
  photos: CheckedPhoto[];
  location_flagged: boolean;
  description: string | null;
  created_by: string | null;
  version: number;
}

const COLUMNS =
  'id, field_id, farmer_id, crop_cycle_id, crop, cause, loss_at, reported_at, late, photos, location_flagged, description, created_by, version';

export function presentCropLossReport(row: CropLossReportRow) {
  return {
    id: row.id,
    fieldId: row.field_id,
    farmerId: row.farmer_id,
    cropCycleId: row.crop_cycle_id,
    crop: row.crop,
    cause: row.cause,
    lossAt: row.loss_at.toISOString(),
    reportedAt: row.reported_at.toISOString(),
    late: row.late,
    locationFlagged: row.location_flagged,
    photos: row.photos.map((p) => ({
      lat: p.lat,
      lon: p.lon,
      takenAt: p.takenAt,
      caption: p.caption ?? null,
      distanceM: p.distanceM,
      nearField: p.nearField,
    })),
    description: row.description,
    createdBy: row.created_by,
    version: row.version,
  };
}

export async function findCropLossReport(tx: Tx, id: string): Promise<CropLossReportRow | undefined> {
  return (await tx.query<CropLossReportRow>(`SELECT ${COLUMNS} FROM crop_loss_reports WHERE id = $1`, [id])).rows[0];
}

export interface NewCropLossReport {
  fieldId: string;
  farmerId: string;
  cropCycleId: string | null;
  crop: string | null;
  cause: LossCause;
  lossAt: Date;
  reportedAt: Date;
  late: boolean;
  photos: CheckedPhoto[];
  locationFlagged: boolean;
  description: string | null;
  createdBy: string;
}

/** Inserts, or returns undefined when the id exists (a retried offline create). */
export async function insertCropLossReport(tx: Tx, id: string, tenantId: string, r: NewCropLossReport) {
  const { rows } = await tx.query<CropLossReportRow>(
    `INSERT INTO crop_loss_reports (id, tenant_id, field_id, farmer_id, crop_cycle_id, crop, cause, loss_at, reported_at, late,
                                    photos, location_flagged, description, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING ${COLUMNS}`,
    [
      id,
      tenantId,
      r.fieldId,
      r.farmerId,
      r.cropCycleId,
      r.crop,
      r.cause,
      r.lossAt,
      r.reportedAt,
      r.late,
      JSON.stringify(r.photos),
      r.locationFlagged,
      r.description,
      r.createdBy,
    ],
  );
  return rows[0];
}

export interface CropLossReportFilter {
  fieldId?: string | undefined;
  late?: boolean | undefined;
  locationFlagged?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** The tenant's reports (a farmer's own, by the policies), newest first; the cursor is (reported_at, id). */
export async function listCropLossReports(
  tx: Tx,
  filter: CropLossReportFilter,
  after: [string, string] | undefined,
  limit: number,
): Promise<CropLossReportRow[]> {
  const params: unknown[] = [limit];
  const where: string[] = ['true'];
  if (filter.fieldId) where.push(`field_id = $${params.push(filter.fieldId)}::uuid`);
  if (filter.late !== undefined) where.push(`late = $${params.push(filter.late)}`);
  if (filter.locationFlagged !== undefined) where.push(`location_flagged = $${params.push(filter.locationFlagged)}`);
  if (filter.from) where.push(`loss_at >= $${params.push(filter.from)}::timestamptz`);
  if (filter.to) where.push(`loss_at <= $${params.push(filter.to)}::timestamptz`);
  if (after) where.push(`(reported_at, id) < ($${params.push(after[0])}::timestamptz, $${params.push(after[1])}::uuid)`);
  const { rows } = await tx.query<CropLossReportRow>(
    `SELECT ${COLUMNS} FROM crop_loss_reports WHERE ${where.join(' AND ')} ORDER BY reported_at DESC, id DESC LIMIT $1`,
    params,
  );
  return rows;
}
