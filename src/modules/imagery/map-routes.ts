import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MultiPolygon, Polygon } from 'geojson';
import Type from 'typebox';
import { AppError, problemResponses } from '../../errors.js';
import { oneOf } from '../../http/schemas.js';
import { ImageryError, ImageryPendingError, type ImagerySource } from '../../integrations/imagery/index.js';
import {
  DEFAULT_ZONE_COUNT,
  MAX_ZONE_COUNT,
  MIN_ZONE_COUNT,
  managementZones,
  previousYearAnomalies,
  renderIndexPng,
} from '../../lib/raster/index.js';
import { findField } from '../registry/index.js';
import { tenantScope } from '../../auth/index.js';
import { analyseScene, indexRaster } from './analyse.js';
import { fieldSeries, findAnalysis, sceneResult, type ResultRow, type VegetationIndexName } from './repository.js';
import { smoothedSeries } from './series.js';

const security = [{ bearerAuth: [] }];
const IndexName = oneOf(['ndvi', 'evi', 'ndwi']);
/** Zones need a mostly clear view of the field; a scene with less is never chosen by default. */
const ZONES_MIN_VALID_PCT = 60;
/** A rendered map or zoning of a scene never changes: keep it for a day. */
const RENDER_TTL_MS = 24 * 3_600_000;

interface FieldGeometry {
  id: string;
  boundary: Polygon | MultiPolygon;
  version: number;
}

async function loadField(app: FastifyInstance, tenantId: string, options: object, fieldId: string): Promise<FieldGeometry> {
  const field = await app.resources.db.tenant(tenantId, (tx) => findField(tx, fieldId), options);
  if (!field) throw new AppError('not_found', 'No such field');
  return { id: field.id, boundary: field.boundary as Polygon | MultiPolygon, version: field.version };
}

/**
 * What a map or zoning answers while the offline twin is still making the scene: 202, to ask again
 * after Retry-After. The twin makes scenes in the background; a request waits for them a bounded time only.
 */
const PendingScene = Type.Object(
  {
    status: Type.Literal('pending'),
    detail: Type.String(),
    retryAfterSeconds: Type.Integer(),
  },
  { description: 'The scene is being made (offline imagery twin): ask again after Retry-After seconds' },
);

function pendingReply(reply: FastifyReply, error: ImageryPendingError) {
  return reply
    .code(202)
    .header('retry-after', String(error.retryAfterSeconds))
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({ status: 'pending', detail: error.message, retryAfterSeconds: error.retryAfterSeconds });
}

/** The scene's pixels over the field, read again from the source (the scene found by its id and day). */
async function fieldPixels(source: ImagerySource, field: FieldGeometry, result: ResultRow, index: VegetationIndexName, maxWaitMs: number) {
  try {
    return await readFieldPixels(source, field, result, index, maxWaitMs);
  } catch (error) {
    if (error instanceof ImageryPendingError) throw error;
    if (error instanceof ImageryError)
      throw new AppError('upstream_unavailable', `The imagery source did not answer: ${error.message}`, {
        headers: { 'retry-after': '60' },
      });
    throw error;
  }
}

async function readFieldPixels(
  source: ImagerySource,
  field: FieldGeometry,
  result: ResultRow,
  index: VegetationIndexName,
  maxWaitMs: number,
) {
  const day = result.acquired_at.toISOString().slice(0, 10);
  const scenes = await source.search({ boundary: field.boundary, from: day, to: day, maxCloudPct: 100, maxWaitMs });
  const scene = scenes.find((s) => s.id === result.scene_id);
  if (!scene) throw new AppError('not_found', `Scene ${result.scene_id} is no longer offered by the imagery source`);
  const { windows, masks } = await analyseScene(source, scene, [{ id: field.id, boundary: field.boundary }]);
  const mask = masks[0]!;
  return { mask, epsg: scene.epsg, values: indexRaster(windows[0]!, mask, index) };
}

/** Maps, zones and series of a field; pixels are read again from the process's imagery source. */
export const vegetationMapRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const source = app.outside.imagery;
  const { db, cache } = app.resources;
  const maxWaitMs = app.resources.config.imagery.twinWaitMs;

  app.get(
    '/v1/fields/:id/vegetation-timeseries',
    {
      schema: {
        operationId: 'getFieldVegetationTimeseries',
        tags: ['crop health'],
        summary: "A field's index over every stored scene, smoothed, with the anomaly against the year before",
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ index: Type.Optional(IndexName) }),
        response: {
          200: Type.Object({
            fieldId: Type.String(),
            index: Type.String(),
            smoothing: Type.String(),
            points: Type.Array(
              Type.Object({
                date: Type.String(),
                sceneId: Type.String(),
                raw: Type.Number(),
                smoothed: Type.Number(),
                validPixelPct: Type.Number(),
                previousYear: Type.Union([Type.Number(), Type.Null()]),
                anomaly: Type.Union([Type.Number(), Type.Null()]),
              }),
            ),
            scenes: Type.Array(
              Type.Object({
                sceneId: Type.String(),
                acquiredAt: Type.String(),
                mean: Type.Union([Type.Number(), Type.Null()]),
                validPixelPct: Type.Number(),
                cloudPct: Type.Number(),
              }),
            ),
          }),
          ...problemResponses(401, 403, 404, 422),
        },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const index = request.query.index ?? 'ndvi';
      const rows = await db.tenant(
        tenantId,
        async (tx) => {
          if (!(await findField(tx, request.params.id))) throw new AppError('not_found', 'No such field');
          return fieldSeries(tx, request.params.id, index);
        },
        options,
      );
      const series = smoothedSeries(rows);
      const anomalies = previousYearAnomalies(series);
      return {
        fieldId: request.params.id,
        index,
        smoothing: 'Whittaker (λ 1000 per day⁴) over the scenes with at least 20 % valid pixels',
        points: series.map((p, i) => ({ ...p, previousYear: anomalies[i]!.previousYear, anomaly: anomalies[i]!.anomaly })),
        scenes: rows.map((r) => ({
          sceneId: r.scene_id,
          acquiredAt: r.acquired_at.toISOString(),
          mean: r.mean,
          validPixelPct: r.valid_pixel_pct,
          cloudPct: r.cloud_pct,
        })),
      };
    },
  );

  app.get(
    '/v1/vegetation-analyses/:id/scenes/:sceneId/image.png',
    {
      schema: {
        operationId: 'getVegetationSceneImage',
        tags: ['crop health'],
        summary: 'The index of one scene coloured over the field (transparent outside), with a legend',
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }), sceneId: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: Type.Object({ index: Type.Optional(IndexName) }),
        response: {
          200: {
            description: 'The index coloured over the field, with a legend',
            content: { 'image/png': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
          },
          202: PendingScene,
          ...problemResponses(401, 403, 404, 422),
        },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const { analysis, result } = await db.tenant(
        tenantId,
        async (tx) => {
          const found = await findAnalysis(tx, request.params.id);
          if (!found) throw new AppError('not_found', 'No such analysis');
          const index = request.query.index ?? found.index;
          return { analysis: found, result: await sceneResult(tx, found.field_id, request.params.sceneId, index) };
        },
        options,
      );
      if (!result) throw new AppError('not_found', 'That scene has no result for this field');
      const field = await loadField(app, tenantId, options, analysis.field_id);
      const key = `vegetation:png:${tenantId}:${field.id}:${field.version}:${result.scene_id}:${result.index}`;
      let base64: string;
      try {
        base64 = await cache.getOrLoad(key, RENDER_TTL_MS, async () => {
          const { mask, values } = await fieldPixels(source, field, result, result.index, maxWaitMs);
          return renderIndexPng({ values, width: mask.window.width, height: mask.window.height, index: result.index }).toString('base64');
        });
      } catch (error) {
        if (error instanceof ImageryPendingError) return pendingReply(reply, error);
        throw error;
      }
      const png = Buffer.from(base64, 'base64');
      return reply
        .type('image/png')
        .header('cache-control', 'private, max-age=86400')
        .header('etag', `"${createHash('sha256').update(png).digest('base64url').slice(0, 22)}"`)
        .send(png);
    },
  );

  app.get(
    '/v1/fields/:id/zones',
    {
      schema: {
        operationId: 'getFieldZones',
        tags: ['crop health'],
        summary: 'Management zones of a field from one scene, as GeoJSON polygons',
        description: `k zones (${MIN_ZONE_COUNT}-${MAX_ZONE_COUNT}, default ${DEFAULT_ZONE_COUNT}) by the index; without ?scene= the newest scene with at least ${ZONES_MIN_VALID_PCT} % valid pixels.`,
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({
          scene: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          k: Type.Optional(Type.Integer({ minimum: MIN_ZONE_COUNT, maximum: MAX_ZONE_COUNT })),
          index: Type.Optional(IndexName),
        }),
        response: {
          200: {
            description: 'a GeoJSON FeatureCollection',
            content: { 'application/geo+json': { schema: Type.Object({}, { additionalProperties: true }) } },
          },
          202: PendingScene,
          ...problemResponses(401, 403, 404, 422),
        },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const index = request.query.index ?? 'ndvi';
      const k = request.query.k ?? DEFAULT_ZONE_COUNT;
      const field = await loadField(app, tenantId, options, request.params.id);
      const result = await db.tenant(
        tenantId,
        async (tx) => {
          if (request.query.scene) return sceneResult(tx, field.id, request.query.scene, index);
          const rows = await fieldSeries(tx, field.id, index);
          return rows.filter((r) => r.valid_pixel_pct >= ZONES_MIN_VALID_PCT).at(-1);
        },
        options,
      );
      if (!result) {
        throw new AppError(
          'not_found',
          request.query.scene
            ? 'That scene has no result for this field'
            : `No analysed scene shows this field with at least ${ZONES_MIN_VALID_PCT} % valid pixels yet`,
        );
      }
      if (result.valid_pixels === 0) {
        throw new AppError('validation_failed', 'That scene shows no valid pixel of the field (cloud or no data): pick a clearer one', {
          errors: [{ path: 'querystring.scene', message: 'has no valid pixel over the field' }],
        });
      }
      const key = `vegetation:zones:${tenantId}:${field.id}:${field.version}:${result.scene_id}:${index}:${k}`;
      let zones: Awaited<ReturnType<typeof managementZones>>;
      try {
        zones = await cache.getOrLoad(key, RENDER_TTL_MS, async () => {
          const { mask, values, epsg } = await fieldPixels(source, field, result, index, maxWaitMs);
          return managementZones(values, mask, { epsg, k });
        });
      } catch (error) {
        if (error instanceof ImageryPendingError) return pendingReply(reply, error);
        throw error;
      }
      reply.header('content-type', 'application/geo+json; charset=utf-8');
      return { ...zones, sceneId: result.scene_id, acquiredAt: result.acquired_at.toISOString(), index };
    },
  );
};
