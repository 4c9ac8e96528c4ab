import type { FastifyInstance } from 'fastify';
import Type, { type TSchema } from 'typebox';
import { tenantScope } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { checkIfMatch, replyNotModified } from '../../http/etag.js';
import type { Tx } from '../../infra/db/index.js';

/**
 * Reading and deleting one registry record by id work the same for every part of the registry:
 * the caller's tenant scope, 404 for what they cannot see, an ETag on the read (304 when
 * unchanged), If-Match on the delete (412 when stale). Each part names its record here once.
 */
export interface RegistryRecord<R extends { id: string; version: number }> {
  /** The record's own path, e.g. `/v1/farms/:id`. */
  path: string;
  tag: string;
  /** What one record is called in messages: "farm" gives "A farm" and "No such farm". */
  noun: string;
  find(tx: Tx, id: string, forUpdate: boolean): Promise<R | undefined>;
  remove(tx: Tx, id: string): Promise<unknown>;
}

/** Names a part's record (a function so that its row type is inferred from `find`). */
export const registryRecord = <R extends { id: string; version: number }>(record: RegistryRecord<R>) => record;

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const security = [{ bearerAuth: [] }];

const article = (noun: string) => (/^[aeiou]/.test(noun) ? 'An' : 'A');
const notFound = (noun: string) => new AppError('not_found', `No such ${noun}`);

/** `GET <path>`: the record as `present` shows it. */
export function readRecordRoute<R extends { id: string; version: number }>(
  app: FastifyInstance,
  record: RegistryRecord<R>,
  schema: TSchema,
  present: (row: R) => unknown,
) {
  const { db } = app.resources;
  app.get<{ Params: { id: string } }>(
    record.path,
    {
      schema: {
        tags: [record.tag],
        summary: `${article(record.noun)} ${record.noun}`,
        security,
        params: IdParams,
        response: { 200: schema, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const row = await db.tenant(tenantId, (tx) => record.find(tx, request.params.id, false), options);
      if (!row) throw notFound(record.noun);
      if (replyNotModified(request, reply, row.version)) return reply;
      return present(row);
    },
  );
}

/** `DELETE <path>`, with what goes along with the record said in `summary`. */
export function deleteRecordRoute<R extends { id: string; version: number }>(
  app: FastifyInstance,
  record: RegistryRecord<R>,
  summary: string,
) {
  const { db } = app.resources;
  app.delete<{ Params: { id: string } }>(
    record.path,
    {
      schema: {
        tags: [record.tag],
        summary,
        security,
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'registry:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      await db.tenant(
        tenantId,
        async (tx) => {
          const current = await record.find(tx, request.params.id, true);
          if (!current) throw notFound(record.noun);
          checkIfMatch(request, current.version);
          await record.remove(tx, current.id);
        },
        options,
      );
      return reply.code(204).send(null);
    },
  );
}
