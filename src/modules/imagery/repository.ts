import type { Tx } from '../../infra/db/index.js';
import type { IndexStatistics } from '../../lib/raster/index.js';
import { isUuid } from '../../lib/uuid.js';
import type { FieldSceneResult } from './analyse.js';

export type VegetationIndexName = 'ndvi' | 'evi' | 'ndwi';
export const INDEX_NAMES: readonly VegetationIndexName[] = ['ndvi', 'evi', 'ndwi'];
export type AnalysisStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface AnalysisRow {
  id: string;
  tenant_id: string;
  field_id: string;
  farmer_id: string;
  job_id: string | null;
  from_date: string;
  to_date: string;
  max_cloud_pct: number;
  index: VegetationIndexName;
  status: AnalysisStatus;
  provider: string | null;
  scenes_found: number | null;
  scenes_processed: number;
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export interface ResultRow {
  field_id: string;
  scene_id: string;
  index: VegetationIndexName;
  analysis_id: string | null;
  provider: string;
  collection: string;
  acquired_at: Date;
  epsg: number;
  pixels_in_field: number;
  valid_pixels: number;
  valid_pixel_pct: number;
  cloud_pct: number;
  mean: number | null;
  median: number | null;
  std: number | null;
  p10: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
  asset_hrefs: Record<string, string>;
}

const ANALYSIS_COLUMNS = `id, tenant_id, field_id, farmer_id, job_id, from_date::text AS from_date, to_date::text AS to_date,
  max_cloud_pct, index, status, provider, scenes_found, scenes_processed, error, created_at, finished_at`;
const RESULT_COLUMNS = `field_id, scene_id, index, analysis_id, provider, collection, acquired_at, epsg, pixels_in_field,
  valid_pixels, valid_pixel_pct, cloud_pct, mean, median, std, p10, p90, min, max, asset_hrefs`;

export async function insertAnalysis(
  tx: Tx,
  row: {
    id: string;
    tenantId: string;
    fieldId: string;
    farmerId: string;
    from: string;
    to: string;
    maxCloudPct: number;
    index: VegetationIndexName;
  },
): Promise<AnalysisRow> {
  const { rows } = await tx.query<AnalysisRow>(
    `INSERT INTO vegetation_analyses (id, tenant_id, field_id, farmer_id, from_date, to_date, max_cloud_pct, index)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ANALYSIS_COLUMNS}`,
    [row.id, row.tenantId, row.fieldId, row.farmerId, row.from, row.to, row.maxCloudPct, row.index],
  );
  return rows[0]!;
}

// Serialises a tenant's analysis requests across processes until the transaction ends, so the
// check for the same analysis and the count against the quota see each other's rows. The two-key
// form keeps clear of single-key advisory locks and of the other classes (auth's, the markets').
const ANALYSIS_REQUEST_LOCK_CLASS = 7_302;
export async function lockAnalysisRequests(tx: Tx, tenantId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ANALYSIS_REQUEST_LOCK_CLASS, tenantId]);
}

/** An analysis of the field asking the same (dates, index, cloud limit) that is still queued or running. */
export async function unfinishedAnalysisLike(
  tx: Tx,
  ask: { fieldId: string; from: string; to: string; maxCloudPct: number; index: VegetationIndexName },
): Promise<AnalysisRow | undefined> {
  const { rows } = await tx.query<AnalysisRow>(
    `SELECT ${ANALYSIS_COLUMNS} FROM vegetation_analyses
      WHERE field_id = $1 AND from_date = $2::date AND to_date = $3::date AND max_cloud_pct = $4::real AND index = $5
        AND status IN ('queued', 'running')
      ORDER BY created_at LIMIT 1`,
    [ask.fieldId, ask.from, ask.to, ask.maxCloudPct, ask.index],
  );
  return rows[0];
}

/** How many of the tenant's analyses are queued or running. */
export async function countUnfinishedAnalyses(tx: Tx, tenantId: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    "SELECT count(*)::integer AS n FROM vegetation_analyses WHERE tenant_id = $1 AND status IN ('queued', 'running')",
    [tenantId],
  );
  return rows[0]!.n;
}

/** Takes back an analysis whose job could not be queued, so that nothing runs it later. */
export async function deleteAnalysis(tx: Tx, id: string): Promise<void> {
  await tx.query('DELETE FROM vegetation_analyses WHERE id = $1', [id]);
}

/** The analysis a job works on (an analysis job's id is its analysis id), if the transaction may see it. */
export async function analysisOfJob(tx: Tx, jobId: string): Promise<{ id: string } | undefined> {
  if (!isUuid(jobId)) return undefined;
  return (await tx.query<{ id: string }>('SELECT id FROM vegetation_analyses WHERE id = $1', [jobId])).rows[0];
}

/** Of these job ids, the ones that are analyses the transaction may see (a farmer's: of their own fields). */
export async function analysesOfJobs(tx: Tx, jobIds: string[]): Promise<Set<string>> {
  const ids = jobIds.filter(isUuid);
  if (ids.length === 0) return new Set();
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM vegetation_analyses WHERE id = ANY($1::uuid[])', [ids]);
  return new Set(rows.map((r) => r.id));
}

export async function findAnalysis(tx: Tx, id: string): Promise<AnalysisRow | undefined> {
  return (await tx.query<AnalysisRow>(`SELECT ${ANALYSIS_COLUMNS} FROM vegetation_analyses WHERE id = $1`, [id])).rows[0];
}

/** Analyses of every tenant still queued or running, oldest first: a starting worker enqueues them again. */
export async function unfinishedAnalyses(tx: Tx): Promise<{ id: string; tenant_id: string }[]> {
  const { rows } = await tx.query<{ id: string; tenant_id: string }>(
    "SELECT id, tenant_id FROM vegetation_analyses WHERE status IN ('queued', 'running') ORDER BY created_at",
  );
  return rows;
}

/** A field's analyses, newest first (at most the last hundred). */
/**
 * A page of the field's analyses, newest first, after the keyset `after` = [created_at as text (full
 * precision), id]; each row carries its `created_key` for the next cursor.
 */
export async function fieldAnalyses(
  tx: Tx,
  fieldId: string,
  page: { after?: [string, string]; limit: number },
): Promise<(AnalysisRow & { created_key: string })[]> {
  const params: unknown[] = [fieldId, page.limit];
  let keyset = '';
  if (page.after) {
    params.push(page.after[0], page.after[1]);
    keyset = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
  }
  const { rows } = await tx.query<AnalysisRow & { created_key: string }>(
    `SELECT ${ANALYSIS_COLUMNS}, created_at::text AS created_key FROM vegetation_analyses
      WHERE field_id = $1 ${keyset} ORDER BY created_at DESC, id DESC LIMIT $2`,
    params,
  );
  return rows;
}

export async function updateAnalysis(
  tx: Tx,
  id: string,
  change: Partial<Pick<AnalysisRow, 'job_id' | 'status' | 'provider' | 'scenes_found' | 'scenes_processed' | 'error'>> & {
    finished?: boolean;
  },
): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  for (const [column, value] of Object.entries(change)) {
    if (column === 'finished') continue;
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  if (change.finished) sets.push('finished_at = now()');
  await tx.query(`UPDATE vegetation_analyses SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
}

/** One row per index a scene gave for the field; a rerun replaces the row, never adds one. */
export async function upsertResults(
  tx: Tx,
  target: { tenantId: string; farmerId: string; analysisId: string | null },
  result: FieldSceneResult,
): Promise<number> {
  const { scene, statistics } = result;
  const hrefs = Object.fromEntries(Object.entries(scene.assets).map(([band, asset]) => [band, asset.href]));
  let written = 0;
  for (const index of INDEX_NAMES) {
    const s: IndexStatistics | null = statistics[index];
    if (!s) continue;
    const st = s.stats;
    await tx.query(
      `INSERT INTO vegetation_results (tenant_id, field_id, farmer_id, scene_id, index, analysis_id, provider, collection,
         acquired_at, epsg, pixels_in_field, valid_pixels, valid_pixel_pct, cloud_pct, mean, median, std, p10, p90, min, max, asset_hrefs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
       ON CONFLICT (tenant_id, field_id, scene_id, index) DO UPDATE SET
         analysis_id = COALESCE(EXCLUDED.analysis_id, vegetation_results.analysis_id), provider = EXCLUDED.provider,
         collection = EXCLUDED.collection, acquired_at = EXCLUDED.acquired_at, epsg = EXCLUDED.epsg,
         pixels_in_field = EXCLUDED.pixels_in_field, valid_pixels = EXCLUDED.valid_pixels,
         valid_pixel_pct = EXCLUDED.valid_pixel_pct, cloud_pct = EXCLUDED.cloud_pct, mean = EXCLUDED.mean,
         median = EXCLUDED.median, std = EXCLUDED.std, p10 = EXCLUDED.p10, p90 = EXCLUDED.p90, min = EXCLUDED.min,
         max = EXCLUDED.max, asset_hrefs = EXCLUDED.asset_hrefs, computed_at = now()`,
      [
        target.tenantId,
        result.fieldId,
        target.farmerId,
        scene.id,
        index,
        target.analysisId,
        scene.provider,
        scene.collection,
        scene.acquiredAt,
        scene.epsg,
        statistics.pixelsInField,
        s.validPixels,
        s.validPixelPct,
        statistics.cloudPct,
        st?.mean ?? null,
        st?.median ?? null,
        st?.std ?? null,
        st?.p10 ?? null,
        st?.p90 ?? null,
        st?.min ?? null,
        st?.max ?? null,
        JSON.stringify(hrefs),
      ],
    );
    written++;
  }
  return written;
}

/** The scenes an analysis covered: its field's results acquired within its dates. */
export async function analysisResults(tx: Tx, analysis: AnalysisRow, index: VegetationIndexName): Promise<ResultRow[]> {
  const { rows } = await tx.query<ResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM vegetation_results
      WHERE field_id = $1 AND index = $2 AND acquired_at >= $3::date AND acquired_at < $4::date + 1
      ORDER BY acquired_at`,
    [analysis.field_id, index, analysis.from_date, analysis.to_date],
  );
  return rows;
}

export async function fieldSeries(tx: Tx, fieldId: string, index: VegetationIndexName): Promise<ResultRow[]> {
  const { rows } = await tx.query<ResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM vegetation_results WHERE field_id = $1 AND index = $2 ORDER BY acquired_at`,
    [fieldId, index],
  );
  return rows;
}

export async function sceneResult(tx: Tx, fieldId: string, sceneId: string, index: VegetationIndexName): Promise<ResultRow | undefined> {
  const { rows } = await tx.query<ResultRow>(
    `SELECT ${RESULT_COLUMNS} FROM vegetation_results WHERE field_id = $1 AND scene_id = $2 AND index = $3`,
    [fieldId, sceneId, index],
  );
  return rows[0];
}
