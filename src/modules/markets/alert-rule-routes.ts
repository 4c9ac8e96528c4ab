import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireTenant } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../http/etag.js';
import { decodeCursor, encodeCursor, PageQuery, pageOf } from '../../http/pagination.js';
import { oneOf, orNull } from '../../http/schemas.js';
import type { Tx } from '../../infra/db/index.js';
import {
  deleteAlertRule,
  findAlertRule,
  insertAlertRule,
  listAlertRules,
  PRICE_CONDITIONS,
  type AlertRuleRow,
} from './alert-rule-repository.js';
import { resolveCommodity, resolvePlaces } from './market-names.js';
import { marketExists } from './market-repository.js';
import { CommodityParameter } from './price-schemas.js';

/**
 * The tenant's alert rules at /v1/alert-rules (docs/api.md). Only price rules exist so far: a
 * commodity's modal price crossing above or below a target, or below its MSP, anywhere or in one
 * market, state or district. The price ingestion checks them (price-alerts.ts) and announces each
 * crossing as `market.price_threshold` on `tenant:<id>`. Rules and what they raise stay in their
 * tenant: staff (tenant_admin, agronomist) create and delete them, every member reads them.
 */

const Condition = oneOf(PRICE_CONDITIONS, {
  description:
    'above: the modal price rises above thresholdInrPerQuintal; below: falls below it; below_msp: falls below the MSP of its marketing year',
});

const NewRule = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'a client-made UUID: a retried create returns the first rule' })),
    kind: Type.Literal('price', { description: 'the only kind so far' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    commodity: CommodityParameter,
    condition: Condition,
    thresholdInrPerQuintal: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 10_000_000,
        description: '₹ per quintal; needed by above and below, refused with below_msp',
      }),
    ),
    marketId: Type.Optional(Type.String({ format: 'uuid', description: 'only this market (GET /v1/markets)' })),
    state: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'only markets of this state (a name, case ignored)' })),
    district: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'only markets of this district; needs state' })),
  },
  { additionalProperties: false },
);

const Rule = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Literal('price'),
  name: orNull(Type.String()),
  commodity: Type.String({ description: 'commodity code' }),
  condition: Condition,
  thresholdInrPerQuintal: orNull(Type.Number()),
  marketId: orNull(Type.String({ format: 'uuid' })),
  state: orNull(Type.String()),
  district: orNull(Type.String()),
  createdBy: orNull(Type.String({ format: 'uuid' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});

const present = (row: AlertRuleRow) => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  commodity: row.commodity,
  condition: row.condition,
  thresholdInrPerQuintal: row.threshold === null ? null : Number(row.threshold),
  marketId: row.market_id,
  state: row.state,
  district: row.district,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  version: row.version,
});

const invalid = (path: string, message: string) => new AppError('validation_failed', message, { errors: [{ path, message }] });

/** The rule as stored: names checked against the reference data, the commodity as its code. */
async function checkRule(tx: Tx, body: Static<typeof NewRule>) {
  const commodity = await resolveCommodity(tx, body.commodity, 'body.commodity');
  if (body.condition === 'below_msp') {
    if (body.thresholdInrPerQuintal !== undefined)
      throw invalid('body.thresholdInrPerQuintal', 'below_msp compares with the MSP: leave out thresholdInrPerQuintal');
    if (!commodity.mspCrop)
      throw invalid('body.condition', `${commodity.nameEn} has no Minimum Support Price: use above or below with a threshold`);
  } else if (body.thresholdInrPerQuintal === undefined) {
    throw invalid('body.thresholdInrPerQuintal', `${body.condition} needs thresholdInrPerQuintal`);
  }
  if (body.district !== undefined && body.state === undefined)
    throw invalid('body.state', 'district needs state (district names repeat across states)');
  if (body.marketId !== undefined && (body.state !== undefined || body.district !== undefined)) {
    throw invalid('body.marketId', 'give marketId or state (and district), not both');
  }
  if (body.marketId !== undefined && !(await marketExists(tx, body.marketId))) {
    throw invalid('body.marketId', 'No such market (GET /v1/markets)');
  }
  try {
    await resolvePlaces(tx, { state: body.state, district: body.district });
  } catch (error) {
    // The same 422, pointed at the body instead of the query.
    if (error instanceof AppError) throw invalid(`body.${body.district !== undefined ? 'district' : 'state'}`, error.message);
    throw error;
  }
  return { commodity: commodity.code, threshold: body.thresholdInrPerQuintal ?? null };
}

export const alertRuleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const security = [{ bearerAuth: [] }];
  const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

  app.post(
    '/v1/alert-rules',
    {
      schema: {
        operationId: 'createAlertRule',
        tags: ['alerts'],
        summary: 'Create an alert rule (kind price): a modal price above or below a target, or below the MSP',
        description:
          'Checked after every price ingestion; each crossing (the previous price of the same market, variety and grade on the other side) ' +
          'is recorded once and announced as market.price_threshold on tenant:<id>.',
        security,
        body: NewRule,
        response: { 200: Rule, 201: Rule, ...problemResponses(401, 403, 409, 422) },
      },
      config: { permission: 'alerts:manage' },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      const body = request.body;
      const id = body.id ?? uuidv7();
      const { row, created } = await db.tenant(principal.tenantId, async (tx) => {
        const existing = await findAlertRule(tx, id);
        if (existing) return { row: existing, created: false };
        const { commodity, threshold } = await checkRule(tx, body);
        const inserted = await insertAlertRule(tx, principal.tenantId, {
          id,
          createdBy: principal.userId,
          name: body.name ?? null,
          commodity,
          condition: body.condition,
          threshold,
          marketId: body.marketId ?? null,
          state: body.state ?? null,
          district: body.district ?? null,
        });
        if (!inserted) throw new AppError('conflict', 'That id is already in use');
        return { row: inserted, created: true };
      });
      reply.header('etag', etagOf(row.version)).header('location', `/v1/alert-rules/${row.id}`);
      return reply.code(created ? 201 : 200).send(present(row));
    },
  );

  app.get(
    '/v1/alert-rules',
    {
      schema: {
        operationId: 'listAlertRules',
        tags: ['alerts'],
        summary: "The tenant's alert rules, newest first",
        security,
        querystring: Type.Object({ ...PageQuery.properties }, { additionalProperties: false }),
        response: { 200: pageOf(Rule), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'alerts:read' },
    },
    async (request) => {
      const principal = requireTenant(request);
      const { limit, cursor } = request.query;
      const before = cursor === undefined ? undefined : decodeCursor(cursor, 1)[0];
      if (before !== undefined && (typeof before !== 'string' || !/^[0-9a-f-]{36}$/i.test(before))) {
        throw new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
          errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
        });
      }
      const rows = await db.tenant(
        principal.tenantId,
        (tx) => listAlertRules(tx, { before: before as string | undefined, limit: limit + 1 }),
        { readOnly: true },
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
    },
  );

  app.get(
    '/v1/alert-rules/:id',
    {
      schema: {
        operationId: 'getAlertRule',
        tags: ['alerts'],
        summary: 'An alert rule',
        security,
        params: Params,
        response: { 200: Rule, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'alerts:read' },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      const row = await db.tenant(principal.tenantId, (tx) => findAlertRule(tx, request.params.id), { readOnly: true });
      if (!row) throw new AppError('not_found', 'No such alert rule');
      if (replyNotModified(request, reply, row.version)) return reply;
      return present(row);
    },
  );

  app.delete(
    '/v1/alert-rules/:id',
    {
      schema: {
        operationId: 'deleteAlertRule',
        tags: ['alerts'],
        summary: 'Delete an alert rule (with If-Match, only the version you read)',
        security,
        params: Params,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'alerts:manage' },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      await db.tenant(principal.tenantId, async (tx) => {
        const row = await findAlertRule(tx, request.params.id);
        if (!row) throw new AppError('not_found', 'No such alert rule');
        checkIfMatch(request, row.version, { current: present(row) });
        await deleteAlertRule(tx, row.id);
      });
      return reply.code(204).send(null);
    },
  );
};
