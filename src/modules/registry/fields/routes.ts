import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { v7 as uuidv7 } from 'uuid';
import { AppError, problemResponses } from '../../../errors.js';
import { checkIfMatch, etagOf } from '../../../http/etag.js';
import { answerOnce } from '../../../http/idempotency.js';
import { decodeCursor, encodeCursor, pageOf, toPage } from '../../../http/pagination.js';
import { todayInIndia } from '../../../lib/calendar.js';
import { fieldsGrowing } from '../crop-cycles/repository.js';
import { findFarm } from '../farms/repository.js';
import { tenantScope } from '../../../auth/index.js';
import { createOnce } from '../create-once.js';
import { createConfig, createdAnswer, deleteRecordRoute, IdParams, readRecordRoute, registryRecord, security } from '../record-routes.js';
import { deleteField, findField, insertField, listFields, presentField, updateField, type FieldFilters } from './repository.js';
import {
  DEFAULT_RADIUS_KM,
  Field,
  FieldCreate,
  FieldListQuery,
  FieldPatch,
  ListedField,
  WrittenField,
  parseBbox,
  parseNear,
} from './schemas.js';
import { fieldsNear, measureBoundary, overlapWarnings } from './service.js';

export const fieldRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const record = registryRecord({
    path: '/v1/fields/:id',
    tag: 'fields',
    operationNoun: 'Field',
    noun: 'field',
    find: (tx, id, forUpdate) => findField(tx, id, forUpdate ? 'update' : undefined),
    remove: deleteField,
  });

  app.post(
    '/v1/fields',
    {
      schema: {
        operationId: 'createField',
        tags: ['fields'],
        summary: "Draw a field of a farm; answers its area, centroid and bounding box, and warns of overlaps with the farm's other fields",
        description:
          'An invalid boundary answers 422 with `errors[]` pointing into the body and `rules[]` naming each failed rule: ' +
          'not_geojson, too_many_positions, invalid_position, coordinates_out_of_range, ring_not_closed, too_few_positions, ' +
          'self_intersection, hole_outside_shell, outside_india, area_out_of_range.',
        security,
        body: FieldCreate,
        response: { 201: WrittenField, 200: WrittenField, ...problemResponses(401, 403, 409, 422) },
      },
      config: createConfig,
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { id = uuidv7(), farmId, name, boundary } = request.body;
      return answerOnce(request, reply, tenantId, options, async (tx) => {
        const { row, created } = await createOnce(
          () => findField(tx, id),
          async () => {
            const farm = await findFarm(tx, farmId, 'share');
            if (!farm) {
              throw new AppError('validation_failed', 'farmId names no farm you can see', {
                errors: [{ path: 'body.farmId', message: 'no such farm' }],
              });
            }
            const measures = await measureBoundary(tx, boundary);
            return insertField(tx, id, tenantId, { farm_id: farm.id, farmer_id: farm.farmer_id, name, ...measures });
          },
        );
        return createdAnswer(record.path, row, created, { ...presentField(row), warnings: await overlapWarnings(tx, row) });
      });
    },
  );

  app.get(
    '/v1/fields',
    {
      schema: {
        operationId: 'listFields',
        tags: ['fields'],
        summary: 'Fields, by name; or with `near=lat,lon&radiusKm=` (≤ 100 km) nearest first with `distanceKm`',
        security,
        querystring: FieldListQuery,
        response: { 200: pageOf(ListedField), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { limit, cursor, farmId, farmerId, radiusKm, q, crop } = request.query;
      const filters: FieldFilters = {
        farmId,
        farmerId,
        nameContains: q,
        bbox: request.query.bbox === undefined ? undefined : parseBbox(request.query.bbox),
      };
      if (crop !== undefined) {
        const code = crop.trim().toLowerCase();
        filters.ids = await db.tenant(tenantId, (tx) => fieldsGrowing(tx, code, todayInIndia()), options);
      }
      if (request.query.near === undefined) {
        if (radiusKm !== undefined) {
          throw new AppError('validation_failed', 'radiusKm needs near', {
            errors: [{ path: 'query.radiusKm', message: 'is only meaningful with near=lat,lon' }],
          });
        }
        const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
        const rows = await db.tenant(tenantId, (tx) => listFields(tx, { ...filters, after, limit: limit + 1 }), {
          ...options,
          oneStatement: true,
        });
        const page = toPage(rows, limit, (row) => [row.name, row.id]);
        return { items: page.items.map(presentField), nextCursor: page.nextCursor };
      }
      const point = parseNear(request.query.near);
      const after = cursor ? decodeCursor(cursor, 2) : undefined;
      if (after && (typeof after[0] !== 'number' || typeof after[1] !== 'string')) {
        throw new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
          errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
        });
      }
      const found = await db.tenant(
        tenantId,
        (tx) =>
          fieldsNear(tx, filters, point, radiusKm ?? DEFAULT_RADIUS_KM, { after: after as [number, string] | undefined, limit: limit + 1 }),
        options,
      );
      const page = found.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(({ row, distanceKm }) => ({ ...presentField(row), distanceKm: Math.round(distanceKm * 1000) / 1000 })),
        nextCursor: found.length > limit && last ? encodeCursor([last.distanceKm, last.row.id]) : null,
      };
    },
  );

  readRecordRoute(app, record, Field, presentField);

  app.patch(
    '/v1/fields/:id',
    {
      schema: {
        operationId: 'updateField',
        tags: ['fields'],
        summary:
          'Rename a field or redraw its boundary (re-measured, overlaps warned). Send If-Match to refuse stale edits (412 carries the current record)',
        security,
        params: IdParams,
        body: FieldPatch,
        response: { 200: WrittenField, ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'registry:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { name, boundary } = request.body;
      const { row, warnings } = await db.tenant(
        tenantId,
        async (tx) => {
          const current = await findField(tx, request.params.id, 'update');
          if (!current) throw new AppError('not_found', 'No such field');
          checkIfMatch(request, current.version, { current: presentField(current) });
          const measures = boundary === undefined ? {} : await measureBoundary(tx, boundary);
          const updated = await updateField(tx, current.id, { name, ...measures });
          return { row: updated, warnings: boundary === undefined ? [] : await overlapWarnings(tx, updated) };
        },
        options,
      );
      reply.header('etag', etagOf(row.version));
      return { ...presentField(row), warnings };
    },
  );

  deleteRecordRoute(app, record, 'Delete a field with its crop cycles and soil tests');
};
