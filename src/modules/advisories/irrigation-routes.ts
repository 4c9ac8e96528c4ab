import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireTenant, tenantScope } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../http/etag.js';
import { answerOnce } from '../../http/idempotency.js';
import { decodeCursor, pageOf, toPage } from '../../http/pagination.js';
import { todayInIndia } from '../../lib/calendar.js';
import { createOnce, fieldOwner } from '../registry/index.js';
import {
  deleteFieldIrrigation,
  findFieldIrrigation,
  insertFieldIrrigation,
  listFieldIrrigations,
  presentFieldIrrigation,
} from './irrigation-repository.js';
import { FieldIrrigation, FieldIrrigationCreate, FieldIrrigationListQuery } from './irrigation-schemas.js';

/**
 * Irrigation and rain a field received, recorded by the people who farm it: the advisory's water
 * balance counts them (FAO-56 chapter 8). Created offline like the registry's records (a client id,
 * and Idempotency-Key), listed newest first, deleted when entered by mistake; never edited.
 */
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const security = [{ bearerAuth: [] }];
const TAG = 'weather';
const RECORD_PATH = '/v1/irrigations/:id';
const noSuchField = () => new AppError('not_found', 'No such field');
const noSuchEvent = () => new AppError('not_found', 'No such irrigation or rain event');

export const irrigationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.post(
    '/v1/fields/:id/irrigations',
    {
      schema: {
        operationId: 'recordFieldIrrigation',
        tags: [TAG],
        summary: 'Record an irrigation, or rain read from the field’s gauge, that the water balance counts',
        security,
        params: IdParams,
        body: FieldIrrigationCreate,
        response: { 201: FieldIrrigation, 200: FieldIrrigation, ...problemResponses(401, 403, 404, 409, 415, 422) },
      },
      config: { permission: 'irrigations:write', idempotency: 'in-transaction' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { userId } = requireTenant(request);
      const { id = uuidv7(), date, depthMm, kind = 'irrigation', note } = request.body;
      const today = todayInIndia();
      if (date > today) {
        throw new AppError('validation_failed', `date (${date}) is in the future; today is ${today} in India`, {
          errors: [{ path: 'body.date', message: 'must not be in the future' }],
        });
      }
      return answerOnce(request, reply, tenantId, options, async (tx) => {
        const field = await fieldOwner(tx, request.params.id, 'share');
        if (!field) throw noSuchField();
        const { row, created } = await createOnce(
          () => findFieldIrrigation(tx, id),
          () => insertFieldIrrigation(tx, id, tenantId, field.id, { date, kind, depthMm, note: note ?? null, createdBy: userId }),
        );
        if (row.field_id !== field.id) throw new AppError('conflict', 'That id is already in use');
        return {
          status: created ? 201 : 200,
          body: presentFieldIrrigation(row),
          headers: { etag: etagOf(row.version), location: RECORD_PATH.replace(':id', row.id) },
        };
      });
    },
  );

  app.get(
    '/v1/fields/:id/irrigations',
    {
      schema: {
        operationId: 'listFieldIrrigations',
        tags: [TAG],
        summary: 'Irrigation and rain recorded on a field, newest day first, within from..to',
        security,
        params: IdParams,
        querystring: FieldIrrigationListQuery,
        response: { 200: pageOf(FieldIrrigation), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { limit, cursor, from, to } = request.query;
      if (from && to && from > to) {
        throw new AppError('validation_failed', `from (${from}) is after to (${to})`, {
          errors: [{ path: 'query.from', message: 'must not be after to' }],
        });
      }
      const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
      const rows = await db.tenant(
        tenantId,
        async (tx) => {
          if (!(await fieldOwner(tx, request.params.id))) throw noSuchField();
          return listFieldIrrigations(tx, request.params.id, { from, to }, after, limit + 1);
        },
        options,
      );
      const page = toPage(rows, limit, (row) => [row.occurred_on, row.id]);
      return { items: page.items.map(presentFieldIrrigation), nextCursor: page.nextCursor };
    },
  );

  app.get(
    RECORD_PATH,
    {
      schema: {
        operationId: 'getFieldIrrigation',
        tags: [TAG],
        summary: 'An irrigation or rain event',
        security,
        params: IdParams,
        response: { 200: FieldIrrigation, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const row = await db.tenant(tenantId, (tx) => findFieldIrrigation(tx, request.params.id), options);
      if (!row) throw noSuchEvent();
      if (replyNotModified(request, reply, row.version)) return reply;
      return presentFieldIrrigation(row);
    },
  );

  app.delete(
    RECORD_PATH,
    {
      schema: {
        operationId: 'deleteFieldIrrigation',
        tags: [TAG],
        summary: 'Delete an irrigation or rain event entered by mistake; the water balance no longer counts it',
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'irrigations:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      await db.tenant(
        tenantId,
        async (tx) => {
          // No row lock: an event is never edited, so its version cannot move under the If-Match check.
          const current = await findFieldIrrigation(tx, request.params.id);
          if (!current) throw noSuchEvent();
          checkIfMatch(request, current.version);
          await deleteFieldIrrigation(tx, current.id);
        },
        options,
      );
      return reply.code(204).send(null);
    },
  );
};
