import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { normalizePhone } from '../../../lib/phone.js';
import { findMember, isAllowed, recordAudit, requireTenant, tenantScope } from '../../../auth/index.js';
import { AppError, problemResponses } from '../../../errors.js';
import type { Tx } from '../../../infra/db/index.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../../http/etag.js';
import { answerOnce } from '../../../http/idempotency.js';
import { decodeCursor, pageOf, toPage } from '../../../http/pagination.js';
import { normalizeAadhaar } from '../../../lib/pii.js';
import { aadhaarIndex, phoneIndex, sealPersonalData, type Revealable } from './personal-data.js';
import { createConfig, createdAnswer, deleteRecordRoute, IdParams, registryRecord, security } from '../record-routes.js';
import { FARMER_CSV_COLUMNS, csvCell, declarationCells } from './csv.js';
import { presentFarmer } from './present.js';
import { applyDeclarations, type DeclarationChange } from './profile.js';
import { deleteFarmer, findFarmer, insertFarmer, listFarmers, updateFarmer, type FarmerColumns, type FarmerRow } from './repository.js';
import { Farmer, FarmerCreate, FarmerListQuery, FarmerPatch, Reveal, categoryOf } from './schemas.js';

export const farmerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const record = registryRecord({
    path: '/v1/farmers/:id',
    tag: 'farmers',
    operationNoun: 'Farmer',
    noun: 'farmer',
    find: findFarmer,
    remove: deleteFarmer,
  });
  const { crypto } = app.identity;

  const present = (row: FarmerRow, reveal: Revealable[] = []) => presentFarmer(crypto, row, reveal);

  /** Only a tenant_admin may ask for personal data in full, and every such read is audited. */
  const revealRequest = (request: FastifyRequest, reveal?: string): Revealable[] => {
    if (!reveal) return [];
    const principal = requireTenant(request);
    if (!isAllowed(principal.role, 'farmers:reveal')) throw new AppError('forbidden', 'Only a tenant_admin may reveal personal data');
    return [...new Set(reveal.split(','))] as Revealable[];
  };

  app.post(
    '/v1/farmers',
    {
      schema: {
        operationId: 'createFarmer',
        tags: ['farmers'],
        summary: 'Register a farmer',
        security,
        body: FarmerCreate,
        response: { 201: Farmer, 200: Farmer, ...problemResponses(401, 403, 409, 422) },
      },
      config: createConfig,
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const { id = uuidv7(), phone, aadhaar, bankAccount, ...plain } = request.body;
      const actor = requireTenant(request).userId;
      const declared = applyDeclarations({}, plain.declarations, actor, new Date());
      const columns: FarmerColumns = {
        name: plain.name,
        state: plain.state,
        village: plain.village,
        district: plain.district,
        land_holding_ha: plain.landHoldingHa,
        social_category: plain.socialCategory,
        ifsc: plain.ifsc?.toUpperCase(),
        user_id: plain.userId,
        language: plain.language,
        category: plain.category ?? (plain.landHoldingHa === undefined ? undefined : categoryOf(plain.landHoldingHa)),
        date_of_birth: plain.dateOfBirth,
        gender: plain.gender,
        land_ownership: plain.landOwnership,
        declarations: JSON.stringify(declared.declarations),
        ...(await sealPersonalData(crypto, { phone, aadhaar, bankAccount })),
      };
      return answerOnce(request, reply, tenantId, options, async (tx) => {
        await checkLinkedUser(tx, tenantId, plain.userId);
        const inserted = await insertFarmer(tx, id, tenantId, columns).catch(duplicateAadhaar);
        // The id exists: a retried offline create returns the record; anything else is a conflict.
        const row = inserted ?? (await findFarmer(tx, id));
        if (!row) throw new AppError('conflict', 'That id is already in use');
        if (inserted) await auditDeclarations(tx, tenantId, actor, row.id, declared.changes, request.id);
        return createdAnswer(record.path, row, Boolean(inserted), await present(row));
      });
    },
  );

  app.get(
    '/v1/farmers',
    {
      schema: {
        operationId: 'listFarmers',
        tags: ['farmers'],
        summary: 'Farmers, by name; filters and search',
        security,
        querystring: FarmerListQuery,
        response: { 200: pageOf(Farmer), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request) => {
      const { tenantId, options } = tenantScope(request, true);
      const { limit, cursor, phone, aadhaar, ...filters } = request.query;
      const after = cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined;
      const e164 = phone ? normalizePhone(phone) : undefined;
      const digits = aadhaar ? normalizeAadhaar(aadhaar) : undefined;
      if ((phone && !e164) || (aadhaar && !digits)) return { items: [], nextCursor: null };
      const rows = await db.tenant(
        tenantId,
        (tx) =>
          listFarmers(tx, {
            ...filters,
            phoneIndex: e164 ? phoneIndex(crypto, e164) : undefined,
            aadhaarIndex: digits ? aadhaarIndex(crypto, digits) : undefined,
            after,
            limit: limit + 1,
          }),
        options,
      );
      const page = toPage(rows, limit, (row) => [row.name, row.id]);
      return { items: await Promise.all(page.items.map((row) => present(row))), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/farmers/export',
    {
      schema: {
        operationId: 'exportFarmers',
        tags: ['farmers'],
        summary: 'All farmers visible to you as CSV (personal data masked)',
        security,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'RFC 4180 CSV with a header row' }), ...problemResponses(401, 403) },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const lines = [FARMER_CSV_COLUMNS.join(',')];
      let after: [string, string] | undefined;
      for (;;) {
        const rows = await db.tenant(tenantId, (tx) => listFarmers(tx, { after, limit: 1000 }), options);
        for (const row of rows) {
          const farmer = await present(row);
          const cells = { ...farmer, ...declarationCells(farmer.declarations) };
          lines.push(FARMER_CSV_COLUMNS.map((column) => csvCell(cells[column])).join(','));
        }
        if (rows.length < 1000) break;
        const last = rows.at(-1)!;
        after = [last.name, last.id];
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="farmers.csv"')
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );

  app.get(
    '/v1/farmers/:id',
    {
      schema: {
        operationId: 'getFarmer',
        tags: ['farmers'],
        summary: 'A farmer; `?reveal=aadhaar` (tenant_admin, audited) shows personal data in full',
        security,
        params: IdParams,
        querystring: Reveal,
        response: { 200: Farmer, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'registry:read' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request, true);
      const reveal = revealRequest(request, request.query.reveal);
      const row = await db.tenant(tenantId, (tx) => findFarmer(tx, request.params.id), options);
      if (!row) throw new AppError('not_found', 'No such farmer');
      if (reveal.length) {
        const principal = requireTenant(request);
        await db.tenant(tenantId, (tx) =>
          recordAudit(tx, tenantId, {
            action: 'pii.revealed',
            actorUserId: principal.userId,
            subject: `farmer:${row.id}`,
            details: { fields: reveal },
            requestId: request.id,
          }),
        );
        reply.header('cache-control', 'no-store');
      } else if (replyNotModified(request, reply, row.version)) {
        return reply;
      }
      reply.header('etag', etagOf(row.version));
      return present(row, reveal);
    },
  );

  app.patch(
    '/v1/farmers/:id',
    {
      schema: {
        operationId: 'updateFarmer',
        tags: ['farmers'],
        summary: 'Change a farmer; send If-Match to refuse stale edits (412 carries the current record)',
        security,
        params: IdParams,
        body: FarmerPatch,
        response: { 200: Farmer, ...problemResponses(401, 403, 404, 409, 412, 422) },
      },
      config: { permission: 'registry:write' },
    },
    async (request, reply) => {
      const { tenantId, options } = tenantScope(request);
      const body = request.body;
      const sealed = await sealPersonalData(crypto, { phone: body.phone, aadhaar: body.aadhaar, bankAccount: body.bankAccount });
      const row = await db.tenant(
        tenantId,
        async (tx) => {
          const current = await findFarmer(tx, request.params.id, true);
          if (!current) throw new AppError('not_found', 'No such farmer');
          checkIfMatch(request, current.version, { current: await present(current) });
          await checkLinkedUser(tx, tenantId, body.userId);
          const holding = body.landHoldingHa === undefined ? undefined : body.landHoldingHa;
          const actor = requireTenant(request).userId;
          const declared = applyDeclarations(current.declarations ?? {}, body.declarations, actor, new Date());
          await auditDeclarations(tx, tenantId, actor, current.id, declared.changes, request.id);
          const columns: FarmerColumns = {
            name: body.name,
            state: body.state,
            village: body.village,
            district: body.district,
            land_holding_ha: holding,
            social_category: body.socialCategory,
            ifsc: body.ifsc === undefined ? undefined : (body.ifsc?.toUpperCase() ?? null),
            user_id: body.userId,
            language: body.language,
            // A new holding re-derives the class unless the request names one.
            category: body.category !== undefined ? body.category : typeof holding === 'number' ? categoryOf(holding) : undefined,
            date_of_birth: body.dateOfBirth,
            gender: body.gender,
            land_ownership: body.landOwnership,
            declarations: declared.changes.length ? JSON.stringify(declared.declarations) : undefined,
            ...sealed,
          };
          return updateFarmer(tx, current.id, columns).catch(duplicateAadhaar);
        },
        options,
      );
      reply.header('etag', etagOf(row.version));
      return present(row);
    },
  );

  deleteRecordRoute(app, record, 'Delete a farmer with their farms, fields, crop cycles and soil tests');
};

/** One audit event per declaration changed: who declared what about whom, and what it was before. */
async function auditDeclarations(
  tx: Tx,
  tenantId: string,
  actorUserId: string,
  farmerId: string,
  changes: DeclarationChange[],
  requestId: string,
): Promise<void> {
  for (const change of changes) {
    await recordAudit(tx, tenantId, {
      action: 'farmer.declaration_set',
      actorUserId,
      subject: `farmer:${farmerId}`,
      details: { declaration: change.name, from: change.from, to: change.to },
      requestId,
    });
  }
}

/**
 * The account linked to a farmer signs in as that farmer, so only a member of the record's tenant
 * may be linked. Anyone else, an account of another tenant or no account at all, gets the same
 * answer: it says nothing about who exists elsewhere.
 */
async function checkLinkedUser(tx: Tx, tenantId: string, userId: string | null | undefined): Promise<void> {
  if (!userId || (await findMember(tx, tenantId, userId))) return;
  throw new AppError('validation_failed', 'userId must be the account of a member of this organisation', {
    errors: [{ path: 'body.userId', message: 'is not a member of this organisation' }],
  });
}

/** The unique index on the Aadhaar blind index: one farmer record per person per tenant. */
function duplicateAadhaar(error: unknown): never {
  if ((error as { code?: string }).code === '23505' && /aadhaar/.test((error as Error).message)) {
    throw new AppError('conflict', 'A farmer with this Aadhaar number is already registered');
  }
  if ((error as { code?: string }).code === '23505' && /farmers_user/.test((error as Error).message)) {
    throw new AppError('conflict', 'That account is already linked to another farmer');
  }
  throw error;
}
