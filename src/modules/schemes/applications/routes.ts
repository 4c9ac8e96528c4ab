import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireTenant, tenantScope } from '../../../auth/index.js';
import { AppError, problemResponses } from '../../../errors.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../../http/etag.js';
import { answerOnce } from '../../../http/idempotency.js';
import { decodeCursor, pageOf, toPage } from '../../../http/pagination.js';
import type { Tx } from '../../../infra/db/index.js';
import { raiseEvent } from '../../realtime/index.js';
import { createOnce, farmerVisible } from '../../registry/index.js';
import { findScheme } from '../repository.js';
import {
  type ApplicationRow,
  changeStatus,
  findApplication,
  type HistoryRow,
  historyOf,
  insertApplication,
  listApplications,
} from './repository.js';
import { Application, ApplicationCreate, ApplicationListQuery, ApplicationPatch } from './schemas.js';
import { allowedFrom, TRANSITIONS } from './status.js';

/**
 * Applications of farmers to schemes: created as drafts, moved through the status machine of
 * status.ts by PATCH with If-Match (the row is locked, so of two changes made from the same
 * version exactly one wins and the other gets 412), each change kept with who, when and a note,
 * and announced as scheme_application.status_changed. A farmer sees, submits and withdraws only
 * their own (SQL policies); the review is the staff's.
 */
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const security = [{ bearerAuth: [] }];
const TAG = 'scheme applications';
const RECORD_PATH = '/v1/scheme-applications/:id';
export const STATUS_CHANGED_EVENT = 'scheme_application.status_changed';
const noSuchApplication = () => new AppError('not_found', 'No such scheme application');

function present(row: ApplicationRow, history: HistoryRow[], asFarmer: boolean) {
  return {
    id: row.id,
    farmerId: row.farmer_id,
    schemeId: row.scheme_id,
    status: row.status,
    allowedTransitions: allowedFrom(row.status, asFarmer),
    history: history.map((h) => ({ from: h.from_status, to: h.to_status, by: h.changed_by, at: h.changed_at.toISOString(), note: h.note })),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

async function presentOne(tx: Tx, row: ApplicationRow, asFarmer: boolean) {
  return present(row, (await historyOf(tx, [row.id])).get(row.id) ?? [], asFarmer);
}

export const schemeApplicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, events } = app.resources;

  app.post(
    '/v1/scheme-applications',
    {
      schema: {
        operationId: 'createSchemeApplication',
        tags: [TAG],
        summary: "Start a farmer's application to a scheme, as a draft",
        security,
        body: ApplicationCreate,
        response: { 201: Application, 200: Application, ...problemResponses(401, 403, 404, 409, 415, 422) },
      },
      config: { permission: 'schemeApplications:write', idempotency: 'in-transaction' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { userId, role } = requireTenant(request);
      const { id = uuidv7(), farmerId, schemeId, note } = request.body;
      return answerOnce(request, reply, tenantId, options, async (tx) => {
        if (!(await farmerVisible(tx, farmerId))) throw new AppError('not_found', 'No such farmer');
        const scheme = await findScheme(tx, schemeId);
        if (!scheme) {
          throw new AppError('validation_failed', `No scheme ${schemeId} in the catalogue (GET /v1/schemes)`, {
            errors: [{ path: 'body.schemeId', message: 'must be a scheme of the catalogue' }],
          });
        }
        const { row, created } = await createOnce(
          () => findApplication(tx, id),
          () => insertApplication(tx, id, tenantId, { farmerId, schemeId: scheme.id, createdBy: userId, note: note ?? null }),
        );
        if (row.farmer_id !== farmerId || row.scheme_id !== scheme.id) throw new AppError('conflict', 'That id is already in use');
        return {
          status: created ? 201 : 200,
          body: await presentOne(tx, row, role === 'farmer'),
          headers: { etag: etagOf(row.version), location: RECORD_PATH.replace(':id', row.id) },
        };
      });
    },
  );

  app.get(
    '/v1/scheme-applications',
    {
      schema: {
        operationId: 'listSchemeApplications',
        tags: [TAG],
        summary: 'Scheme applications by scheme, status, farmer and day created, newest first (a farmer: their own)',
        security,
        querystring: ApplicationListQuery,
        response: { 200: pageOf(Application), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'schemeApplications:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { role } = requireTenant(request);
      const { limit, cursor, ...filter } = request.query;
      if (filter.from && filter.to && filter.from > filter.to) {
        throw new AppError('validation_failed', `from (${filter.from}) is after to (${filter.to})`, {
          errors: [{ path: 'query.from', message: 'must not be after to' }],
        });
      }
      const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
      return db.tenant(
        tenantId,
        async (tx) => {
          const rows = await listApplications(tx, filter, after, limit + 1);
          const page = toPage(rows, limit, (row) => [row.created_at.toISOString(), row.id]);
          const history = await historyOf(
            tx,
            page.items.map((row) => row.id),
          );
          return {
            items: page.items.map((row) => present(row, history.get(row.id) ?? [], role === 'farmer')),
            nextCursor: page.nextCursor,
          };
        },
        options,
      );
    },
  );

  app.get(
    RECORD_PATH,
    {
      schema: {
        operationId: 'getSchemeApplication',
        tags: [TAG],
        summary: 'A scheme application with its history',
        security,
        params: IdParams,
        response: { 200: Application, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'schemeApplications:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const { role } = requireTenant(request);
      const found = await db.tenant(
        tenantId,
        async (tx) => {
          const row = await findApplication(tx, request.params.id);
          return row && { row, body: await presentOne(tx, row, role === 'farmer') };
        },
        options,
      );
      if (!found) throw noSuchApplication();
      if (replyNotModified(request, reply, found.row.version)) return reply;
      return found.body;
    },
  );

  app.patch(
    RECORD_PATH,
    {
      schema: {
        operationId: 'changeSchemeApplicationStatus',
        tags: [TAG],
        summary: 'Move an application to its next status (If-Match required); any other transition is 409 naming the allowed ones',
        security,
        params: IdParams,
        body: ApplicationPatch,
        response: { 200: Application, ...problemResponses(401, 403, 404, 409, 412, 415, 422, 428) },
      },
      config: { permission: 'schemeApplications:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { userId, role } = requireTenant(request);
      const asFarmer = role === 'farmer';
      const { status: next, note } = request.body;
      const body = await db.tenant(
        tenantId,
        async (tx) => {
          const current = await findApplication(tx, request.params.id, true);
          if (!current) throw noSuchApplication();
          checkIfMatch(request, current.version, { required: true });
          if (!TRANSITIONS[current.status].includes(next)) {
            const allowed = TRANSITIONS[current.status];
            throw new AppError(
              'conflict',
              `An application that is ${current.status} cannot become ${next}; ${allowed.length ? `allowed: ${allowed.join(', ')}` : 'it is final'}`,
              { extensions: { status: current.status, allowedTransitions: [...allowed] } },
            );
          }
          if (!allowedFrom(current.status, asFarmer).includes(next)) {
            throw new AppError('forbidden', `A farmer may only submit or withdraw their application, not make it ${next}`);
          }
          const changed = await changeStatus(tx, tenantId, current, next, userId, note ?? null);
          await raiseEvent(
            { db, events, logger: request.log },
            {
              tenantId,
              type: STATUS_CHANGED_EVENT,
              farmerId: changed.farmer_id,
              data: {
                applicationId: changed.id,
                schemeId: changed.scheme_id,
                farmerId: changed.farmer_id,
                from: current.status,
                to: next,
                by: userId,
                note: note ?? null,
              },
            },
            tx,
          );
          return presentOne(tx, changed, asFarmer);
        },
        options,
      );
      reply.header('etag', etagOf(body.version));
      return body;
    },
  );
};
