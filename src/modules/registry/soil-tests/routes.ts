import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { v7 as uuidv7 } from 'uuid';
import { AppError, problemResponses } from '../../../errors.js';
import { checkIfMatch, etagOf } from '../../../http/etag.js';
import { PageQuery, decodeCursor, pageOf, toPage } from '../../../http/pagination.js';
import { todayInIndia } from '../../../lib/calendar.js';
import { fieldOwner } from '../fields/repository.js';
import { tenantScope } from '../../../auth/index.js';
import { createOnce } from '../create-once.js';
import { deleteRecordRoute, IdParams, readRecordRoute, registryRecord, security } from '../record-routes.js';
import { deleteSoilTest, findSoilTest, insertSoilTest, listSoilTests, presentSoilTest, updateSoilTest } from './repository.js';
import { MEASUREMENTS, SoilTest, SoilTestCreate, SoilTestPatch, type Measurements } from './schemas.js';

export const soilTestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const record = registryRecord({
    path: '/v1/soil-tests/:id',
    tag: 'soil tests',
    noun: 'soil test',
    find: findSoilTest,
    remove: deleteSoilTest,
  });

  app.post(
    '/v1/fields/:id/soil-tests',
    {
      schema: {
        tags: ['soil tests'],
        summary: 'Record a soil test (Soil Health Card values) of a field',
        security,
        params: IdParams,
        body: SoilTestCreate,
        response: { 201: SoilTest, 200: SoilTest, ...problemResponses(401, 403, 404, 409, 422) },
      },
      config: { permission: 'registry:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { id = uuidv7(), sampledOn, lab, ...rest } = request.body;
      const { row, created } = await db.tenant(
        tenantId,
        async (tx) => {
          const field = await fieldOwner(tx, request.params.id, 'share');
          if (!field) throw new AppError('not_found', 'No such field');
          return createOnce(
            () => findSoilTest(tx, id),
            () => {
              checkSampledOn(sampledOn);
              return insertSoilTest(tx, id, tenantId, field, { sampledOn, lab: lab ?? null, measurements: measured(rest) });
            },
          );
        },
        options,
      );
      reply.header('etag', etagOf(row.version)).header('location', `/v1/soil-tests/${row.id}`);
      return reply.code(created ? 201 : 200).send(presentSoilTest(row));
    },
  );

  app.get(
    '/v1/fields/:id/soil-tests',
    {
      schema: {
        tags: ['soil tests'],
        summary: 'Soil tests of a field, latest sample first',
        security,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(SoilTest), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { limit, cursor } = request.query;
      const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
      const rows = await db.tenant(
        tenantId,
        async (tx) => {
          if (!(await fieldOwner(tx, request.params.id))) throw new AppError('not_found', 'No such field');
          return listSoilTests(tx, request.params.id, after, limit + 1);
        },
        options,
      );
      const page = toPage(rows, limit, (row) => [row.sampled_on, row.id]);
      return { items: page.items.map(presentSoilTest), nextCursor: page.nextCursor };
    },
  );

  readRecordRoute(app, record, SoilTest, presentSoilTest);

  app.patch(
    '/v1/soil-tests/:id',
    {
      schema: {
        tags: ['soil tests'],
        summary: 'Correct a soil test; null clears a value. Send If-Match to refuse stale edits (412 carries the current record)',
        security,
        params: IdParams,
        body: SoilTestPatch,
        response: { 200: SoilTest, ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'registry:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { sampledOn, lab, ...changes } = request.body;
      const row = await db.tenant(
        tenantId,
        async (tx) => {
          const current = await findSoilTest(tx, request.params.id, true);
          if (!current) throw new AppError('not_found', 'No such soil test');
          checkIfMatch(request, current.version, { current: presentSoilTest(current) });
          if (sampledOn !== undefined) checkSampledOn(sampledOn);
          const merged: Record<string, number | null | undefined> = { ...current.measurements, ...changes };
          return updateSoilTest(tx, current.id, { sampledOn, lab, measurements: measured(merged) });
        },
        options,
      );
      reply.header('etag', etagOf(row.version));
      return presentSoilTest(row);
    },
  );

  deleteRecordRoute(app, record, 'Delete a soil test');
};

function checkSampledOn(sampledOn: string) {
  const today = todayInIndia();
  if (sampledOn > today) {
    throw new AppError('validation_failed', `sampledOn (${sampledOn}) is in the future; today is ${today} in India`, {
      errors: [{ path: 'body.sampledOn', message: 'must not be in the future' }],
    });
  }
}

/** The measured values, in catalogue order; a test without any is no test. */
function measured(values: Record<string, number | null | undefined>): Measurements {
  const out: Measurements = {};
  for (const name of MEASUREMENTS) {
    const value = values[name];
    if (typeof value === 'number') out[name] = value;
  }
  if (Object.keys(out).length === 0) {
    throw new AppError('validation_failed', 'A soil test needs at least one measured value', {
      errors: [{ path: 'body', message: `needs at least one of ${MEASUREMENTS.join(', ')}` }],
    });
  }
  return out;
}
