import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { problemResponses } from '../../../errors.js';
import { decodeCursor, encodeCursor } from '../../../http/pagination.js';
import { tenantScope } from '../../../auth/index.js';
import { syncLoaders } from './entities.js';
import { changesSince, type ChangeRow } from './repository.js';

const Change = Type.Object({
  entity: Type.Union([
    Type.Literal('farmers'),
    Type.Literal('farms'),
    Type.Literal('fields'),
    Type.Literal('crop_cycles'),
    Type.Literal('soil_tests'),
  ]),
  id: Type.String(),
  op: Type.Union([Type.Literal('upsert'), Type.Literal('delete')]),
  version: Type.Union([Type.Integer(), Type.Null()]),
  /** The record as its GET endpoint shows it, for upserts. */
  data: Type.Optional(Type.Unknown()),
});

/**
 * GET /v1/sync: what changed in the registry the caller may see, since their cursor, in commit
 * order. Each record appears once per batch, at its latest state: an upsert carries the record
 * as it is now, a deletion is a tombstone. Replaying from the start reproduces the server's
 * state; a client keeps `nextCursor` and asks again until `hasMore` is false.
 */
export const syncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/sync',
    {
      schema: {
        operationId: 'listSyncChanges',
        tags: ['sync'],
        summary: 'Changes to farmers, farms, fields, crop cycles and soil tests since a cursor, deletions as tombstones',
        security: [{ bearerAuth: [] }],
        querystring: Type.Object({
          since: Type.Optional(
            Type.String({ maxLength: 100, description: 'nextCursor of the previous batch; omit to start from the beginning' }),
          ),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }),
        }),
        response: {
          200: Type.Object({ changes: Type.Array(Change), nextCursor: Type.String(), hasMore: Type.Boolean() }),
          ...problemResponses(401, 403, 422),
        },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const since = request.query.since ? Number(decodeCursor(request.query.since, 1, 'since')[0]) : 0;
      const { limit } = request.query;
      return app.resources.db.tenant(
        tenantId,
        async (tx) => {
          const rows = await changesSince(tx, since, limit + 1);
          const batch = rows.slice(0, limit);
          // The latest change of each record in this batch stands for all of its earlier ones.
          const latest = new Map<string, ChangeRow>();
          for (const row of batch) {
            latest.delete(`${row.entity}:${row.entity_id}`);
            latest.set(`${row.entity}:${row.entity_id}`, row);
          }
          const upserts = new Map<string, string[]>();
          for (const row of latest.values())
            if (row.op === 'upsert') upserts.set(row.entity, [...(upserts.get(row.entity) ?? []), row.entity_id]);
          const loaded = new Map<string, Map<string, unknown>>();
          for (const [entity, ids] of upserts) loaded.set(entity, await syncLoaders[entity]!(tx, ids, app.identity.crypto));

          type Out = { entity: string; id: string; op: 'upsert' | 'delete'; version: number | null; data?: unknown };
          const changes = [...latest.values()].flatMap((row): Out[] => {
            if (row.op === 'delete') return [{ entity: row.entity, id: row.entity_id, op: 'delete', version: null }];
            const data = loaded.get(row.entity)?.get(row.entity_id);
            // Gone since (a later batch carries its tombstone), or no longer visible to this caller.
            if (data === undefined) return [];
            return [
              { entity: row.entity, id: row.entity_id, op: 'upsert', version: (data as { version?: number }).version ?? row.version, data },
            ];
          });
          const last = batch.at(-1)?.seq ?? since;
          return { changes: changes as never, nextCursor: encodeCursor([last]), hasMore: rows.length > limit };
        },
        options,
      );
    },
  );
};
