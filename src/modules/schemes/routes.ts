import { parseEligibilityRule } from './eligibility/rule.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requirePrincipal, tenantScope } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../http/etag.js';
import { decodeCursor, pageOf, toPage } from '../../http/pagination.js';
import type { Tx } from '../../infra/db/index.js';
import {
  deleteScheme,
  findScheme,
  insertScheme,
  listSchemes,
  type SchemeColumns,
  type SchemeRow,
  sharedCodeTaken,
  updateScheme,
} from './repository.js';
import { IdParams, presentScheme, RankedScheme, Scheme, SchemeCreate, SchemeListQuery, SchemeParams, SchemePatch } from './schemas.js';

const security = [{ bearerAuth: [] }];
const notFound = () => new AppError('not_found', 'No such scheme');

type Writable = Partial<Omit<Static<typeof SchemeCreate>, 'code'>>;

const columnsOf = (body: Writable): SchemeColumns => ({
  name: body.name,
  name_hi: body.nameHi,
  level: body.level,
  state: body.state,
  department: body.department,
  description: body.description,
  benefit: body.benefit,
  benefit_hi: body.benefitHi,
  benefit_inr: body.benefitInr,
  benefit_per: body.benefitPer,
  documents: body.documents,
  how_to_apply: body.howToApply,
  source_url: body.sourceUrl,
  checked_on: body.checkedOn,
  eligibility:
    body.eligibility === undefined ? undefined : body.eligibility === null ? null : JSON.stringify(checkedRule(body.eligibility)),
});

/** A rule as written, in the one format the evaluator reads, or 422 naming each problem. */
function checkedRule(input: unknown) {
  const parsed = parseEligibilityRule(input);
  if ('rule' in parsed) return parsed.rule;
  throw new AppError('validation_failed', 'eligibility is not an eligibility rule', {
    errors: parsed.problems.map((problem) => ({ path: `body.eligibility${problem.path.replaceAll('/', '.')}`, message: problem.message })),
  });
}

/** The rules across fields that the table also holds, answered as 422 before the write. */
function checkConsistent(scheme: { level: string; state: string | null; benefitInr: number | null; benefitPer: string | null }) {
  const errors: { path: string; message: string }[] = [];
  if (scheme.level === 'state' && scheme.state === null) errors.push({ path: 'body.state', message: 'a state scheme names its state' });
  if (scheme.level === 'central' && scheme.state !== null) errors.push({ path: 'body.state', message: 'a central scheme has no state' });
  if ((scheme.benefitInr === null) !== (scheme.benefitPer === null)) {
    errors.push({ path: 'body.benefitPer', message: 'benefitInr and benefitPer go together' });
  }
  if (errors.length) throw new AppError('validation_failed', errors.map((e) => e.message).join('; '), { errors });
}

/** A scheme of the caller's organisation, locked for a change; the shared catalogue is read-only (403). */
async function ownScheme(tx: Tx, id: string): Promise<SchemeRow> {
  const visible = await findScheme(tx, id);
  if (!visible) throw notFound();
  if (visible.tenant_id === null)
    throw new AppError('forbidden', 'The shared scheme catalogue is read-only; add a scheme of your own instead');
  const row = await findScheme(tx, id, { lock: 'update' });
  if (!row) throw notFound();
  return row;
}

/**
 * Government schemes: the shared catalogue (reference/schemes.csv, read-only) and the schemes an
 * organisation adds for itself, searched together in English and Hindi.
 */
export const schemeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  /**
   * Reads for any signed-in caller: a member of a tenant sees the shared catalogue and the tenant's
   * own schemes (row-level security); a caller with no tenant the shared catalogue only.
   */
  const read = <T>(request: FastifyRequest, work: (tx: Tx, sharedOnly: boolean) => Promise<T>) => {
    if (requirePrincipal(request).tenantId === null) return db.platform((tx) => work(tx, true), { readOnly: true });
    const { tenantId, options } = tenantScope(request, true);
    return db.tenant(tenantId, (tx) => work(tx, false), options);
  };

  app.get(
    '/v1/schemes',
    {
      schema: {
        operationId: 'listSchemes',
        tags: ['schemes'],
        summary: 'Schemes for farmers, shared and your own; `q` searches names, benefits and descriptions in English and Hindi',
        description:
          'Without q the schemes come by name; with q, best match first (a match in the name weighs most, then the benefit, then the description and how to apply). ' +
          "`state` gives that state's schemes and the central ones.",
        security,
        querystring: SchemeListQuery,
        response: { 200: pageOf(RankedScheme), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'schemes:read' },
    },
    async (request) => {
      const { limit, cursor, q, level, state } = request.query;
      const ranked = q !== undefined;
      const after = cursor ? (decodeCursor(cursor, ranked ? 3 : 2) as (string | number)[]) : undefined;
      if (after && ranked && typeof after[0] !== 'number') {
        throw new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
          errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
        });
      }
      const rows = await read(request, (tx, sharedOnly) => listSchemes(tx, { q, level, state, sharedOnly, after, limit: limit + 1 }));
      const page = toPage(rows, limit, (row) => (ranked ? [row.rank, row.name, row.id] : [row.name, row.id]));
      return { items: page.items.map((row) => ({ ...presentScheme(row), rank: row.rank })), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/schemes/:id',
    {
      schema: {
        operationId: 'getScheme',
        tags: ['schemes'],
        summary: 'A scheme by id or code, with its benefit, documents, how to apply and sources',
        security,
        params: SchemeParams,
        response: { 200: Scheme, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'schemes:read' },
    },
    async (request, reply) => {
      const row = await read(request, (tx, sharedOnly) => findScheme(tx, request.params.id, { sharedOnly }));
      if (!row) throw notFound();
      if (replyNotModified(request, reply, row.version)) return reply;
      return presentScheme(row);
    },
  );

  app.post(
    '/v1/schemes',
    {
      schema: {
        operationId: 'createScheme',
        tags: ['schemes'],
        summary: "Add a scheme of your organisation (a state department's, say); its code may not be a code of the shared catalogue",
        security,
        body: SchemeCreate,
        response: { 201: Scheme, ...problemResponses(401, 403, 409, 422) },
      },
      config: { permission: 'schemes:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const body = request.body;
      checkConsistent({
        level: body.level,
        state: body.state ?? null,
        benefitInr: body.benefitInr ?? null,
        benefitPer: body.benefitPer ?? null,
      });
      const row = await db.tenant(
        tenantId,
        async (tx) => {
          if (await sharedCodeTaken(tx, body.code))
            throw new AppError('conflict', `${body.code} is a code of the shared catalogue; choose another`);
          const inserted = await insertScheme(tx, uuidv7(), tenantId, { code: body.code, ...columnsOf(body) });
          if (!inserted) throw new AppError('conflict', `Your organisation already has a scheme with the code ${body.code}`);
          return inserted;
        },
        options,
      );
      reply.code(201).header('etag', etagOf(row.version)).header('location', `/v1/schemes/${row.id}`);
      return presentScheme(row);
    },
  );

  app.patch(
    '/v1/schemes/:id',
    {
      schema: {
        operationId: 'updateScheme',
        tags: ['schemes'],
        summary:
          'Change a scheme of your organisation; the shared catalogue answers 403. Send If-Match to refuse stale edits (412 carries the current scheme)',
        security,
        params: IdParams,
        body: SchemePatch,
        response: { 200: Scheme, ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'schemes:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const body = request.body as Writable;
      const row = await db.tenant(
        tenantId,
        async (tx) => {
          const current = await ownScheme(tx, request.params.id);
          checkIfMatch(request, current.version, { current: presentScheme(current) });
          checkConsistent({
            level: body.level ?? current.level,
            state: body.state !== undefined ? body.state : current.state,
            benefitInr: body.benefitInr !== undefined ? body.benefitInr : current.benefit_inr,
            benefitPer: body.benefitPer !== undefined ? body.benefitPer : current.benefit_per,
          });
          return updateScheme(tx, current.id, columnsOf(body));
        },
        options,
      );
      reply.header('etag', etagOf(row.version));
      return presentScheme(row);
    },
  );

  app.delete(
    '/v1/schemes/:id',
    {
      schema: {
        operationId: 'deleteScheme',
        tags: ['schemes'],
        summary: 'Delete a scheme of your organisation; the shared catalogue answers 403',
        security,
        params: IdParams,
        response: { 204: { type: 'null' }, ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'schemes:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      await db.tenant(
        tenantId,
        async (tx) => {
          const current = await ownScheme(tx, request.params.id);
          checkIfMatch(request, current.version);
          await deleteScheme(tx, current.id);
        },
        options,
      );
      return reply.code(204).send(null);
    },
  );
};
