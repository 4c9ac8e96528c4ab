import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Static } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { AppError, problemResponses } from '../../../errors.js';
import { answerOnce } from '../../../http/idempotency.js';
import { decodeCursor, pageOf, toPage } from '../../../http/pagination.js';
import type { Tx } from '../../../infra/db/index.js';
import { tenantScope } from '../../../auth/index.js';
import { createOnce } from '../create-once.js';
import {
  createConfig,
  createdAnswer,
  deleteRecordRoute,
  patchRecordRoute,
  readRecordRoute,
  registryRecord,
  security,
} from '../record-routes.js';
import { farmerVisible } from '../farmers/repository.js';
import { deleteFarm, findFarm, insertFarm, listFarms, presentFarm, updateFarm, type FarmRow } from './repository.js';
import { Farm, FarmCreate, FarmListQuery, FarmPatch } from './schemas.js';
import { moveFarmContents } from './service.js';

/** A farm hangs off a farmer the caller can see; anything else is a mistake in the request. */
async function requireFarmer(tx: Tx, farmerId: string) {
  if (!(await farmerVisible(tx, farmerId))) {
    throw new AppError('validation_failed', 'farmerId names no farmer you can see', {
      errors: [{ path: 'body.farmerId', message: 'no such farmer' }],
    });
  }
}

export const farmRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const record = registryRecord({
    path: '/v1/farms/:id',
    tag: 'farms',
    operationNoun: 'Farm',
    noun: 'farm',
    find: (tx, id, forUpdate) => findFarm(tx, id, forUpdate ? 'update' : undefined),
    remove: deleteFarm,
  });

  app.post(
    '/v1/farms',
    {
      schema: {
        operationId: 'createFarm',
        tags: ['farms'],
        summary: 'Register a farm of a farmer',
        security,
        body: FarmCreate,
        response: { 201: Farm, 200: Farm, ...problemResponses(401, 403, 409, 422) },
      },
      config: createConfig,
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { id = uuidv7(), farmerId, name, village, district, state } = request.body;
      return answerOnce(request, reply, tenantId, options, async (tx) => {
        // A retried offline create returns the record even if its farmer has since gone.
        const { row, created } = await createOnce(
          () => findFarm(tx, id),
          async () => {
            await requireFarmer(tx, farmerId);
            return insertFarm(tx, id, tenantId, { farmer_id: farmerId, name, village, district, state });
          },
        );
        return createdAnswer(record.path, row, created, presentFarm(row));
      });
    },
  );

  app.get(
    '/v1/farms',
    {
      schema: {
        operationId: 'listFarms',
        tags: ['farms'],
        summary: 'Farms, by name; `farmerId` narrows to one farmer',
        security,
        querystring: FarmListQuery,
        response: { 200: pageOf(Farm), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { limit, cursor, farmerId } = request.query;
      const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
      const rows = await db.tenant(tenantId, (tx) => listFarms(tx, { farmerId, after, limit: limit + 1 }), options);
      const page = toPage(rows, limit, (row) => [row.name, row.id]);
      return { items: page.items.map(presentFarm), nextCursor: page.nextCursor };
    },
  );

  readRecordRoute(app, record, Farm, presentFarm);

  patchRecordRoute<FarmRow, Static<typeof FarmPatch>>(app, record, {
    summary: 'Change a farm; a new farmerId moves it with its fields',
    body: FarmPatch,
    schema: Farm,
    present: presentFarm,
    update: async (tx, current, { farmerId, name, village, district, state }) => {
      const moving = farmerId !== undefined && farmerId !== current.farmer_id;
      if (moving) await requireFarmer(tx, farmerId);
      const updated = await updateFarm(tx, current.id, { farmer_id: moving ? farmerId : undefined, name, village, district, state });
      if (moving) await moveFarmContents(tx, current.id, farmerId);
      return updated;
    },
  });

  deleteRecordRoute(app, record, 'Delete a farm with its fields, crop cycles and soil tests');
};
