import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { AppError, problemResponses } from '../../errors.js';
import { fieldOwner } from '../registry/index.js';
import { tenantScope } from '../../auth/index.js';
import { ANALYSE_ATTEMPTS, ANALYSE_FIELD_JOB, type AnalyseFieldData } from './jobs.js';
import {
  analysisResults,
  fieldAnalyses,
  findAnalysis,
  insertAnalysis,
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
  if (errors.length === 0 && f > dayNumber(new Date().toISOString().slice(0, 10)))
    errors.push({ path: 'body.from', message: 'is in the future' });
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
  const { db, queue } = app.resources;

  app.post(
    '/v1/fields/:id/vegetation-analyses',
    {
      schema: {
        tags: ['crop health'],
        summary: 'Analyse a field in every Sentinel-2 scene of a date range (a background job)',
        security,
        params: Params,
        body: AnalysisRequest,
        response: { 202: AnalysisAccepted, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'imagery:analyse' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { from, to, index = 'ndvi', maxCloudPct = DEFAULT_MAX_CLOUD_PCT } = request.body;
      checkRange(from, to);
      const id = uuidv7();
      await db.tenant(
        tenantId,
        async (tx) => {
          const field = await fieldOwner(tx, request.params.id);
          if (!field) throw new AppError('not_found', 'No such field');
          await insertAnalysis(tx, { id, tenantId, fieldId: field.id, farmerId: field.farmerId, from, to, maxCloudPct, index });
        },
        options,
      );
      // The job id is the analysis id: a retried enqueue finds the same job.
      const job = await queue.enqueue<AnalyseFieldData>(
        ANALYSE_FIELD_JOB,
        { analysisId: id },
        { tenantId, jobId: id, attempts: ANALYSE_ATTEMPTS, backoffMs: 5000 },
      );
      await db.tenant(tenantId, (tx) => updateAnalysis(tx, id, { job_id: job.id }), options);
      reply.header('location', `/v1/jobs/${job.id}`);
      return reply.code(202).send({ analysisId: id, jobId: job.id });
    },
  );

  app.get(
    '/v1/fields/:id/vegetation-analyses',
    {
      schema: {
        tags: ['crop health'],
        summary: "A field's analyses, newest first (without their scenes: see each analysis)",
        security,
        params: Params,
        response: { 200: Type.Object({ items: Type.Array(Type.Omit(Analysis, ['scenes'])) }), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      return db.tenant(
        tenantId,
        async (tx) => {
          if (!(await fieldOwner(tx, request.params.id))) throw new AppError('not_found', 'No such field');
          const rows = await fieldAnalyses(tx, request.params.id);
          return {
            items: rows.map((row) => {
              const { scenes: _scenes, ...rest } = presentAnalysis(row, row.index, []);
              return rest;
            }),
          };
        },
        options,
      );
    },
  );

  app.get(
    '/v1/vegetation-analyses/:id',
    {
      schema: {
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
