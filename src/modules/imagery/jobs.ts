import type { MultiPolygon, Polygon } from 'geojson';
import { ImageryError, type ImagerySource, type Scene } from '../../integrations/imagery/index.js';
import type { Outside } from '../../integrations/outside.js';
import { PermanentJobError, type JobContext } from '../../infra/queue/queue.js';
import type { Resources } from '../../infra/resources.js';
import { ndviDrops } from '../../lib/raster/index.js';
import { raiseEvent } from '../realtime/index.js';
import { fieldCells, fieldsInCell, findField } from '../registry/index.js';
import { analyseScene, sceneCoversField, type FieldToAnalyse } from './analyse.js';
import { fieldSeries, findAnalysis, unfinishedAnalyses, updateAnalysis, upsertResults } from './repository.js';
import { smoothedSeries } from './series.js';

export const ANALYSE_FIELD_JOB = 'imagery.analyse-field';
export const WEEKLY_JOB = 'imagery.weekly';
/** Tries of an analysis job in all; the last failure marks the analysis failed. */
export const ANALYSE_ATTEMPTS = 3;

export interface AnalyseFieldData {
  analysisId: string;
}

interface FieldRecord extends FieldToAnalyse {
  tenantId: string;
  farmerId: string;
}

/** Stores and announces an event about a field, naming the field's farmer (who alone of the farmers sees it). */
const raise = (resources: Resources, field: Pick<FieldRecord, 'tenantId' | 'farmerId'>, type: string, data: Record<string, unknown>) =>
  raiseEvent(resources, { tenantId: field.tenantId, farmerId: field.farmerId, type, data });

/**
 * Announces a fall of the smoothed NDVI larger than the configured amount between the last two
 * scenes (the alerts module delivers it). Only the newest drop: older ones were announced before.
 */
async function announceDrop(resources: Resources, field: FieldRecord, threshold: number): Promise<void> {
  const rows = await resources.db.tenant(field.tenantId, (tx) => fieldSeries(tx, field.id, 'ndvi'));
  const series = smoothedSeries(rows);
  const drops = ndviDrops(series, threshold);
  const last = drops.at(-1);
  if (!last || last.toDate !== series.at(-1)?.date) return;
  await raise(resources, field, 'crop_health.drop', { fieldId: field.id, ...last, threshold });
}

async function runAnalysis(resources: Resources, source: ImagerySource, job: JobContext<AnalyseFieldData>) {
  const tenantId = job.tenantId;
  if (!tenantId) throw new PermanentJobError('an analysis job needs its tenant');
  const { db } = resources;
  // A job whose analysis or field is not here did no work, and so fails, naming what is missing: it
  // was deleted meanwhile, or the job belongs to another deployment that shares our Redis.
  const { analysis, boundary } = await db.tenant(tenantId, async (tx) => {
    const analysis = await findAnalysis(tx, job.data.analysisId);
    if (!analysis) throw new PermanentJobError(`vegetation analysis ${job.data.analysisId} does not exist in this deployment`);
    const field = await findField(tx, analysis.field_id);
    if (!field) throw new PermanentJobError(`field ${analysis.field_id} of vegetation analysis ${analysis.id} no longer exists`);
    await updateAnalysis(tx, analysis.id, { status: 'running', provider: source.name, error: null });
    return { analysis, boundary: field.boundary as Polygon | MultiPolygon };
  });
  const field: FieldRecord = { id: analysis.field_id, boundary, tenantId, farmerId: analysis.farmer_id };

  const scenes = await source.search({ boundary, from: analysis.from_date, to: analysis.to_date, maxCloudPct: analysis.max_cloud_pct });
  await db.tenant(tenantId, (tx) => updateAnalysis(tx, analysis.id, { scenes_found: scenes.length }));
  let processed = 0;
  let stored = 0;
  for (const scene of scenes) {
    const { results } = await analyseScene(source, scene, [field]);
    const result = results[0]!;
    processed += 1;
    // The scene's rows and the count that says they are there commit together.
    stored += await db.tenant(tenantId, async (tx) => {
      const written = sceneCoversField(result)
        ? await upsertResults(tx, { tenantId, farmerId: field.farmerId, analysisId: analysis.id }, result)
        : 0;
      await updateAnalysis(tx, analysis.id, { scenes_processed: processed });
      return written;
    });
    const percent = Math.round((processed / scenes.length) * 100);
    await job.progress(percent);
    await raise(resources, field, 'job.progress', {
      jobId: job.id,
      analysisId: analysis.id,
      fieldId: field.id,
      progress: percent,
      sceneId: scene.id,
    });
  }
  await db.tenant(tenantId, (tx) => updateAnalysis(tx, analysis.id, { status: 'succeeded', finished: true }));
  await announceDrop(resources, field, resources.config.imagery.ndviDropAlert);
  const result = { analysisId: analysis.id, scenesFound: scenes.length, scenesProcessed: processed, resultsStored: stored };
  await raise(resources, field, 'job.finished', { jobId: job.id, fieldId: field.id, status: 'succeeded', ...result });
  return result;
}

export function analyseFieldHandler(resources: Resources, source: ImagerySource) {
  return async (job: JobContext<AnalyseFieldData>) => {
    try {
      return await runAnalysis(resources, source, job);
    } catch (error) {
      const permanent = error instanceof PermanentJobError || (error instanceof ImageryError && !error.retryable);
      if ((permanent || job.attempt >= ANALYSE_ATTEMPTS) && job.tenantId) {
        const message = error instanceof Error ? error.message : String(error);
        const analysis = await resources.db.tenant(job.tenantId, async (tx) => {
          await updateAnalysis(tx, job.data.analysisId, { status: 'failed', error: message, finished: true });
          return findAnalysis(tx, job.data.analysisId);
        });
        // A deleted analysis has no field left to name: its failure is the queue's record alone.
        if (analysis) {
          await raise(resources, { tenantId: job.tenantId, farmerId: analysis.farmer_id }, 'job.failed', {
            jobId: job.id,
            analysisId: analysis.id,
            fieldId: analysis.field_id,
            status: 'failed',
            error: message,
          });
        }
      }
      throw permanent && !(error instanceof PermanentJobError) ? new PermanentJobError((error as Error).message) : error;
    }
  };
}

/**
 * The weekly pass: the newest scene of the last 10 days for every field of every tenant. Fields are
 * taken a ~10 km cell (0.1° of latitude and longitude) at a time, so memory stays bounded however
 * many fields there are; each cell is searched once, and its newest scene is read once for all of
 * the cell's fields.
 */
async function analyseCell(resources: Resources, source: ImagerySource, cell: FieldRecord[], from: string, to: string): Promise<number> {
  const boundary: MultiPolygon = {
    type: 'MultiPolygon',
    coordinates: cell.flatMap((f) => (f.boundary.type === 'Polygon' ? [f.boundary.coordinates] : f.boundary.coordinates)),
  };
  const scenes: Scene[] = await source.search({ boundary, from, to, maxCloudPct: 60, limit: 10 });
  const newest = scenes[0];
  if (!newest) return 0;
  const { results } = await analyseScene(source, newest, cell);
  let stored = 0;
  for (const [i, result] of results.entries()) {
    if (!sceneCoversField(result)) continue;
    const field = cell[i]!;
    stored += await resources.db.tenant(field.tenantId, (tx) =>
      upsertResults(tx, { tenantId: field.tenantId, farmerId: field.farmerId, analysisId: null }, result),
    );
    await announceDrop(resources, field, resources.config.imagery.ndviDropAlert);
  }
  return stored;
}

export function weeklyHandler(resources: Resources, source: ImagerySource, now: () => Date = () => new Date()) {
  return async (job: JobContext<unknown>) => {
    const { db } = resources;
    const to = now().toISOString().slice(0, 10);
    const from = new Date(now().getTime() - 10 * 86_400_000).toISOString().slice(0, 10);
    // One scan for the cells (a few tens of thousands cover India), then one indexed read per cell.
    const cells = await db.platform((tx) => fieldCells(tx));
    let fields = 0;
    let stored = 0;
    for (const [i, { lat, lon }] of cells.entries()) {
      const rows = await db.platform((tx) => fieldsInCell(tx, { lat, lon }));
      fields += rows.length;
      stored += await analyseCell(
        resources,
        source,
        rows.map((r) => ({ id: r.id, boundary: r.boundary, tenantId: r.tenant_id, farmerId: r.farmer_id })),
        from,
        to,
      );
      await job.progress(Math.round(((i + 1) / cells.length) * 100));
    }
    return { fields, cells: cells.length, resultsStored: stored };
  };
}

/** Monday 03:00 UTC (08:30 in India), after the weekend's scenes are published. */
export const WEEKLY_CRON = '0 3 * * 1';

/**
 * The imagery consumers, their weekly schedule, and the analyses left unfinished (by a worker that
 * died, or queued by the demo seed before any worker ran): the database is the record of what was
 * asked, so each is enqueued again under its own id, which the queue does not duplicate. A job
 * still running on a dead worker is the queue's to recover (as a stalled job); a job the queue has
 * already failed without its handler (one that stalled too often, e.g. by killing its worker twice)
 * would leave its analysis running for ever, so the analysis is marked failed with the queue's reason.
 */
export async function registerImageryJobs(resources: Resources, outside: Pick<Outside, 'imagery'>): Promise<void> {
  const { queue, db } = resources;
  const source = outside.imagery;
  queue.register(ANALYSE_FIELD_JOB, analyseFieldHandler(resources, source), { concurrency: 2 });
  queue.register(WEEKLY_JOB, weeklyHandler(resources, source));
  await queue.repeat(WEEKLY_JOB, WEEKLY_CRON, {});
  const unfinished = await db.platform(unfinishedAnalyses);
  for (const row of unfinished) {
    const job = await queue.enqueue<AnalyseFieldData>(
      ANALYSE_FIELD_JOB,
      { analysisId: row.id },
      { tenantId: row.tenant_id, jobId: row.id, attempts: ANALYSE_ATTEMPTS, backoffMs: 5000 },
    );
    if (job.status === 'failed') {
      await db.tenant(row.tenant_id, (tx) =>
        updateAnalysis(tx, row.id, { status: 'failed', error: job.error ?? 'the analysis job failed', finished: true }),
      );
    }
  }
}
