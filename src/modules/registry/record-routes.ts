import type { FastifyInstance } from 'fastify';
import Type, { type TObject, type TSchema } from 'typebox';
import { tenantScope } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../http/etag.js';
import { answerOnce, type Answer } from '../../http/idempotency.js';
import { decodeCursor, PageQuery, pageOf, toPage } from '../../http/pagination.js';
import type { Tx } from '../../infra/db/index.js';
import { v7 as uuidv7 } from 'uuid';
import { createOnce } from './create-once.js';
import { fieldOwner, type FieldOwner } from './fields/repository.js';

/**
 * Reading and deleting one registry record by id work the same for every part of the registry:
 * the caller's tenant scope, 404 for what they cannot see, an ETag on the read (304 when
 * unchanged), If-Match on the delete (412 when stale). Records that hang off a field (crop cycles,
 * soil tests) are also created and listed the same way. Each part names its record here once.
 */
export interface RegistryRecord<R extends { id: string; version: number }> {
  /** The record's own path, e.g. `/v1/farms/:id`. */
  path: string;
  tag: string;
  /**
   * The record in operationIds, PascalCase and singular: `CropCycle` names getCropCycle,
   * updateCropCycle, deleteCropCycle, createCropCycle and listFieldCropCycles.
   */
  operationNoun: string;
  /** What one record is called in messages: "farm" gives "A farm" and "No such farm". */
  noun: string;
  find(tx: Tx, id: string, forUpdate: boolean): Promise<R | undefined>;
  remove(tx: Tx, id: string): Promise<unknown>;
}

/** Names a part's record (a function so that its row type is inferred from `find`). */
export const registryRecord = <R extends { id: string; version: number }>(record: RegistryRecord<R>) => record;

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const security = [{ bearerAuth: [] }];

/**
 * The answer to a create: 201 with the new record, or 200 with the record an earlier try of the
 * same create (the same client id) made. The caller's transaction stores it with an Idempotency-Key.
 */
export const createdAnswer = (path: string, row: { id: string; version: number }, created: boolean, body: unknown): Answer => ({
  status: created ? 201 : 200,
  body,
  headers: { etag: etagOf(row.version), location: path.replace(':id', row.id) },
});

/** Route config of a create: its permission, and that it stores an Idempotency-Key's answer with its write. */
export const createConfig = { permission: 'registry:write', idempotency: 'in-transaction' } as const;

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
        operationId: `get${record.operationNoun}`,
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
      const row = await db.tenant(tenantId, (tx) => record.find(tx, request.params.id, false), { ...options, oneStatement: true });
      if (!row) throw notFound(record.noun);
      if (replyNotModified(request, reply, row.version)) return reply;
      return present(row);
    },
  );
}

/**
 * `PATCH <path>`: `update` changes the record locked for update, once If-Match has matched (412
 * carries the current record). The summary ends with the If-Match sentence every patch shares.
 */
export function patchRecordRoute<R extends { id: string; version: number }, B>(
  app: FastifyInstance,
  record: RegistryRecord<R>,
  patch: {
    summary: string;
    body: TSchema;
    schema: TSchema;
    present(row: R): unknown;
    update(tx: Tx, current: R, body: B): Promise<R>;
  },
) {
  const { db } = app.resources;
  app.patch<{ Params: { id: string }; Body: B }>(
    record.path,
    {
      schema: {
        operationId: `update${record.operationNoun}`,
        tags: [record.tag],
        summary: `${patch.summary}. Send If-Match to refuse stale edits (412 carries the current record)`,
        security,
        params: IdParams,
        body: patch.body,
        response: { 200: patch.schema, ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'registry:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const row = await db.tenant(
        tenantId,
        async (tx) => {
          const current = await record.find(tx, request.params.id, true);
          if (!current) throw notFound(record.noun);
          checkIfMatch(request, current.version, { current: patch.present(current) });
          return patch.update(tx, current, request.body as B);
        },
        options,
      );
      reply.header('etag', etagOf(row.version));
      return patch.present(row);
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
        operationId: `delete${record.operationNoun}`,
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

const notFoundField = () => new AppError('not_found', 'No such field');

export interface FieldRecords<R> {
  /** The records of a field, e.g. `/v1/fields/:id/soil-tests`. */
  path: string;
  schema: TObject;
  present(row: R): unknown;
}

/**
 * `POST <field records>`: an offline create (a retry with the same id answers 200 with the first
 * record). `insert` checks the body against the rules the schema cannot say, then writes.
 */
export function createFieldRecordRoute<R extends { id: string; version: number }, B extends { id?: string }>(
  app: FastifyInstance,
  record: RegistryRecord<R>,
  records: FieldRecords<R> & {
    summary: string;
    body: TSchema;
    insert(tx: Tx, id: string, tenantId: string, field: FieldOwner, body: Omit<B, 'id'>): Promise<R | undefined>;
  },
) {
  app.post<{ Params: { id: string }; Body: B }>(
    records.path,
    {
      schema: {
        operationId: `create${record.operationNoun}`,
        tags: [record.tag],
        summary: records.summary,
        security,
        params: IdParams,
        body: records.body,
        response: { 201: records.schema, 200: records.schema, ...problemResponses(401, 403, 404, 409, 422) },
      },
      config: createConfig,
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { id = uuidv7(), ...body } = request.body as B;
      return answerOnce(request, reply, tenantId, options, async (tx) => {
        const field = await fieldOwner(tx, request.params.id, 'share');
        if (!field) throw notFoundField();
        const { row, created } = await createOnce(
          () => record.find(tx, id, false),
          () => records.insert(tx, id, tenantId, field, body),
        );
        return createdAnswer(record.path, row, created, records.present(row));
      });
    },
  );
}

/** `GET <field records>`: a field's records a page at a time, in the order `list` gives and `cursorOf` pages by. */
export function listFieldRecordsRoute<R extends { id: string; version: number }>(
  app: FastifyInstance,
  record: RegistryRecord<R>,
  records: FieldRecords<R> & {
    summary: string;
    list(tx: Tx, fieldId: string, after: [string, string] | undefined, limit: number): Promise<R[]>;
    cursorOf(row: R): [string, string];
  },
) {
  const { db } = app.resources;
  app.get<{ Params: { id: string }; Querystring: { limit: number; cursor?: string } }>(
    records.path,
    {
      schema: {
        operationId: `listField${record.operationNoun}s`,
        tags: [record.tag],
        summary: records.summary,
        security,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: pageOf(records.schema), ...problemResponses(401, 403, 404, 422) },
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
          if (!(await fieldOwner(tx, request.params.id))) throw notFoundField();
          return records.list(tx, request.params.id, after, limit + 1);
        },
        options,
      );
      const page = toPage(rows, limit, records.cursorOf);
      return { items: page.items.map(records.present), nextCursor: page.nextCursor };
    },
  );
}
