import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { AppError, problemResponses } from '../../errors.js';
import { decodeCursor, PageQuery, pageOf, toPage } from '../../http/pagination.js';
import type { TxOptions } from '../../infra/db/index.js';
import { isUuid } from '../../lib/uuid.js';
import type { JobRecord } from '../../infra/queue/index.js';
import { fieldOwner } from '../registry/index.js';
import { tenantScope } from '../../auth/index.js';
import { ANALYSE_ATTEMPTS, ANALYSE_FIELD_JOB, type AnalyseFieldData } from './jobs.js';
import {
  analysisResults,
  countUnfinishedAnalyses,
  deleteAnalysis,
  fieldAnalyses,
  findAnalysis,
  insertAnalysis,
  lockAnalysisRequests,
  unfinishedAnalysisLike,
  updateAnalysis,
  type AnalysisRow,
  type ResultRow,
} from './repository.js';
import { Analysis, AnalysisAccepted, AnalysisRequest, IndexQuery } from './schemas.js';

const security = [{ bearerAuth: [] }];
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
/** A season and then some: a sugarcane crop is about 400 days. */
const MAX_RANGE_DAYS = 400;
const DEFAULT_MAX_CLOUD_PCT = 40;
/** A tenant at its quota waits for analyses to finish; about the time a few take. */
const QUOTA_RETRY_AFTER_S = 60;

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

function checkRange(from: string, to: string): void {
  const f = dayNumber(from);
  const t = dayNumber(to);
  const errors: { path: string; message: string }[] = [];
  if (!Number.isFinite(f)) errors.push({ path: 'body.from', message: 'is not a calendar date' });
  if (!Number.isFinite(t)) errors.push({ path: 'body.to', message: 'is not a calendar date' });
  if (errors.length === 0 && t < f) errors.push({ path: 'body.to', message: 'is before from' });
  if (errors.length === 0 && t - f + 1 > MAX_RANGE_DAYS)
    errors.push({ path: 'body.to', message: `makes a range of more than ${MAX_RANGE_DAYS} days` });
  // No scene is taken after today: a range ending in the future is refused, not silently cut short.
  // "Today" is the latest calendar day anywhere (UTC+14), so no caller's own today is refused.
  const today = dayNumber(new Date(Date.now() + 14 * 3_600_000).toISOString().slice(0, 10));
  if (errors.length === 0 && f > today) errors.push({ path: 'body.from', message: 'is in the future' });
  else if (errors.length === 0 && t > today) errors.push({ path: 'body.to', message: 'is in the future' });
  if (errors.length > 0) throw new AppError('validation_failed', 'The date range is not valid', { errors });
}

/**
 * An asset href as a client may see it. A remote catalogue's http(s) href stays the URL it is,
 * without credentials or query (pre-signed URLs carry signatures there); an Earth Engine id stays
 * as it is; a file of the offline twin is named by its scene folder and file name as its STAC item
 * names it, never by its place on the server.
 */
function publicAssetHref(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return 'an asset';
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return `${url.origin}${url.pathname}`;
  if (url.protocol === 'file:') return url.pathname.split('/').filter(Boolean).slice(-2).join('/');
  return href;
}

export function presentScene(row: ResultRow) {
  return {
    sceneId: row.scene_id,
    acquiredAt: row.acquired_at.toISOString(),
    provider: row.provider,
    cloudPct: row.cloud_pct,
    validPixelPct: row.valid_pixel_pct,
    pixelsInField: row.pixels_in_field,
    mean: row.mean,
    median: row.median,
    std: row.std,
    p10: row.p10,
    p90: row.p90,
    min: row.min,
    max: row.max,
    assets: Object.fromEntries(Object.entries(row.asset_hrefs).map(([band, href]) => [band, publicAssetHref(href)])),
  };
}

function presentAnalysis(row: AnalysisRow, index: AnalysisRow['index'], scenes: ResultRow[]) {
  return {
    id: row.id,
    fieldId: row.field_id,
    jobId: row.job_id,
    status: row.status,
    from: row.from_date,
    to: row.to_date,
    maxCloudPct: row.max_cloud_pct,
    index,
    provider: row.provider,
    scenesFound: row.scenes_found,
    scenesProcessed: row.scenes_processed,
    error: row.error,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    scenes: scenes.map(presentScene),
  };
}

export const vegetationAnalysisRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, queue, config } = app.resources;
  const queuedPerTenant = config.imagery.queuedAnalysesPerTenant;

  /**
   * Queues the analysis's job; the job id is the analysis id, so a retried enqueue finds the same
   * job. When the queue refuses (Redis down: 503), the analysis is taken back before the refusal
   * is answered: a worker starting later enqueues every analysis still queued, and would otherwise
   * run one its asker was told had not been accepted.
   */
  const enqueueAnalysis = async (tenantId: string, id: string, options: TxOptions): Promise<string> => {
    let job: JobRecord;
    try {
      job = await queue.enqueue<AnalyseFieldData>(
        ANALYSE_FIELD_JOB,
        { analysisId: id },
        { tenantId, jobId: id, attempts: ANALYSE_ATTEMPTS, backoffMs: 5000 },
      );
    } catch (error) {
      await db.tenant(tenantId, (tx) => deleteAnalysis(tx, id), options);
      throw error;
    }
    await db.tenant(tenantId, (tx) => updateAnalysis(tx, id, { job_id: job.id }), options);
    return job.id;
  };

  app.post(
    '/v1/fields/:id/vegetation-analyses',
    {
      schema: {
        operationId: 'createVegetationAnalysis',
        tags: ['crop health'],
        summary: 'Analyse a field in every Sentinel-2 scene of a date range (a background job)',
        description:
          'Asking again for an analysis of the field with the same dates, index and cloud limit while it is queued or running ' +
          'answers 202 with that analysis and its job. A tenant may have IMAGERY_QUEUED_ANALYSES_PER_TENANT analyses queued or ' +
          'running (default 50); one more answers 429 with Retry-After. When the queue is unavailable the answer is 503 and nothing is kept.',
        security,
        params: Params,
        body: AnalysisRequest,
        response: { 202: AnalysisAccepted, ...problemResponses(401, 403, 404, 422, 429, 503) },
      },
      config: { permission: 'imagery:analyse' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { from, to, index = 'ndvi', maxCloudPct = DEFAULT_MAX_CLOUD_PCT } = request.body;
      checkRange(from, to);
      const { analysis, created } = await db.tenant(
        tenantId,
        async (tx) => {
          await lockAnalysisRequests(tx, tenantId);
          const field = await fieldOwner(tx, request.params.id);
          if (!field) throw new AppError('not_found', 'No such field');
          // The same question still waiting or being answered: it is the answer, not more work.
          const same = await unfinishedAnalysisLike(tx, { fieldId: field.id, from, to, maxCloudPct, index });
          if (same) return { analysis: same, created: false };
          const unfinished = await countUnfinishedAnalyses(tx, tenantId);
          if (unfinished >= queuedPerTenant) {
            throw new AppError(
              'too_many_requests',
              `This organisation already has ${unfinished} vegetation analyses queued or running, as many as it may; ` +
                'ask again once some have finished.',
              { headers: { 'retry-after': String(QUOTA_RETRY_AFTER_S) } },
            );
          }
          const row = { id: uuidv7(), tenantId, fieldId: field.id, farmerId: field.farmerId, from, to, maxCloudPct, index };
          return { analysis: await insertAnalysis(tx, row), created: true };
        },
        options,
      );
      const jobId = created ? await enqueueAnalysis(tenantId, analysis.id, options) : (analysis.job_id ?? analysis.id);
      reply.header('location', `/v1/jobs/${jobId}`);
      return reply.code(202).send({ analysisId: analysis.id, jobId });
    },
  );

  app.get(
    '/v1/fields/:id/vegetation-analyses',
    {
      schema: {
        operationId: 'listFieldVegetationAnalyses',
        tags: ['crop health'],
        summary: "A field's analyses, newest first (without their scenes: see each analysis)",
        security,
        params: Params,
        querystring: PageQuery,
        response: { 200: pageOf(Type.Omit(Analysis, ['scenes'])), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { limit, cursor } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor, 2);
      // Checked here, so a forged cursor answers 422 rather than failing in SQL.
      if (
        after &&
        !(typeof after[0] === 'string' && !Number.isNaN(Date.parse(after[0])) && typeof after[1] === 'string' && isUuid(after[1]))
      ) {
        throw new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
          errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
        });
      }
      return db.tenant(
        tenantId,
        async (tx) => {
          if (!(await fieldOwner(tx, request.params.id))) throw new AppError('not_found', 'No such field');
          const rows = await fieldAnalyses(tx, request.params.id, { after: after as [string, string] | undefined, limit: limit + 1 });
          const page = toPage(rows, limit, (row) => [row.created_key, row.id]);
          return {
            items: page.items.map((row) => {
              const { scenes: _scenes, ...rest } = presentAnalysis(row, row.index, []);
              return rest;
            }),
            nextCursor: page.nextCursor,
          };
        },
        options,
      );
    },
  );

  app.delete(
    '/v1/vegetation-analyses/:id',
    {
      schema: {
        operationId: 'deleteVegetationAnalysis',
        tags: ['crop health'],
        summary: "Delete a finished analysis (the scene statistics it stored stay in the field's time series)",
        security,
        params: Params,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409, 422) },
      },
      config: { permission: 'imagery:analyse' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      await db.tenant(
        tenantId,
        async (tx) => {
          const analysis = await findAnalysis(tx, request.params.id);
          if (!analysis) throw new AppError('not_found', 'No such analysis');
          if (analysis.status === 'queued' || analysis.status === 'running') {
            throw new AppError('conflict', `The analysis is ${analysis.status}; delete it once it has finished`);
          }
          await deleteAnalysis(tx, analysis.id);
        },
        options,
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/vegetation-analyses/:id',
    {
      schema: {
        operationId: 'getVegetationAnalysis',
        tags: ['crop health'],
        summary: 'An analysis: its status and, per scene, the statistics of the index',
        security,
        params: Params,
        querystring: IndexQuery,
        response: { 200: Analysis, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      return db.tenant(
        tenantId,
        async (tx) => {
          const analysis = await findAnalysis(tx, request.params.id);
          if (!analysis) throw new AppError('not_found', 'No such analysis');
          const index = request.query.index ?? analysis.index;
          return presentAnalysis(analysis, index, await analysisResults(tx, analysis, index));
        },
        options,
      );
    },
  );
};
