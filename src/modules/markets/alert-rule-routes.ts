import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireTenant } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../http/etag.js';
import { decodeCursor, encodeCursor, PageQuery, pageOf } from '../../http/pagination.js';
import { oneOf, orNull } from '../../http/schemas.js';
import type { Tx } from '../../infra/db/index.js';
import { findFarm, findField } from '../registry/index.js';
import {
  ALERT_CHANNELS,
  ALERT_KINDS,
  ALERT_RECIPIENTS,
  deleteAlertRule,
  findAlertRule,
  insertAlertRule,
  listAlertRules,
  PRICE_CONDITIONS,
  WEATHER_RISKS,
  type AlertRuleRow,
} from './alert-rule-repository.js';
import { resolveCommodity, resolvePlaces } from './market-names.js';
import { marketExists } from './market-repository.js';
import { CommodityParameter } from './price-schemas.js';

/**
 * The tenant's alert rules at /v1/alert-rules (docs/api.md), of three kinds:
 * - price: a commodity's modal price crossing above or below a target, or below its MSP, anywhere
 *   or in one market, state or district. The price ingestion checks them (price-alerts.ts) and
 *   stores each crossing as a `market.price_threshold` event;
 * - crop_health_drop: a fall of a field's smoothed NDVI between two scenes of at least ndviDrop;
 * - weather_risk: the advisories' risks (heat, frost, heavy rain, high wind) in a field's forecast;
 * - job_finished: a crop-health analysis of a field finished or failed.
 * The last three watch one field, one farm's fields or all the tenant's fields. The notifications
 * module turns every alert into notifications on the rule's channels for its recipients. Rules and
 * what they raise stay in their tenant: staff (tenant_admin, agronomist) create and delete them,
 * every member reads them.
 */

const Condition = oneOf(PRICE_CONDITIONS, {
  description:
    'above: the modal price rises above thresholdInrPerQuintal; below: falls below it; below_msp: falls below the MSP of its marketing year',
});

const Risk = oneOf(WEATHER_RISKS, { description: 'a risk of the advisories: heat, frost, heavy-rain, high-wind' });
const Channel = oneOf(ALERT_CHANNELS, { description: "inbox (always), sms (to each farmer recipient), webhook (the tenant's webhooks)" });
const Recipient = oneOf(ALERT_RECIPIENTS, { description: "creator: the member who made the rule; farmer: the field's farmer" });

const NewRule = Type.Object(
  {
    id: Type.Optional(Type.String({ format: 'uuid', description: 'a client-made UUID: a retried create returns the first rule' })),
    kind: oneOf(ALERT_KINDS, { description: 'price, crop_health_drop, weather_risk or job_finished' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    commodity: Type.Optional(CommodityParameter),
    condition: Type.Optional(Condition),
    thresholdInrPerQuintal: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 10_000_000,
        description: 'price: ₹ per quintal; needed by above and below, refused with below_msp',
      }),
    ),
    marketId: Type.Optional(Type.String({ format: 'uuid', description: 'price: only this market (GET /v1/markets)' })),
    state: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'price: only markets of this state (a name, case ignored)' }),
    ),
    district: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'price: only markets of this district; needs state' }),
    ),
    fieldId: Type.Optional(Type.String({ format: 'uuid', description: 'crop_health_drop, weather_risk, job_finished: only this field' })),
    farmId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: "crop_health_drop, weather_risk, job_finished: only this farm's fields; neither means every field",
      }),
    ),
    ndviDrop: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        description: 'crop_health_drop (needed): the smallest fall of the smoothed NDVI between two scenes that alerts',
      }),
    ),
    risks: Type.Optional(
      Type.Array(Risk, { minItems: 1, maxItems: 4, uniqueItems: true, description: 'weather_risk: the risks to alert; default all four' }),
    ),
    channels: Type.Optional(
      Type.Array(Channel, {
        minItems: 1,
        maxItems: 3,
        uniqueItems: true,
        description: 'where alerts go; inbox is always one; default [inbox]',
      }),
    ),
    recipients: Type.Optional(
      Type.Array(Recipient, {
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
        description: 'to whom; default [creator]; farmer only for field rules',
      }),
    ),
  },
  { additionalProperties: false },
);

const Rule = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: oneOf(ALERT_KINDS),
  name: orNull(Type.String()),
  commodity: orNull(Type.String({ description: 'commodity code (price)' })),
  condition: orNull(Condition),
  thresholdInrPerQuintal: orNull(Type.Number()),
  marketId: orNull(Type.String({ format: 'uuid' })),
  state: orNull(Type.String()),
  district: orNull(Type.String()),
  fieldId: orNull(Type.String({ format: 'uuid' })),
  farmId: orNull(Type.String({ format: 'uuid' })),
  ndviDrop: orNull(Type.Number()),
  risks: orNull(Type.Array(Risk)),
  channels: Type.Array(Channel),
  recipients: Type.Array(Recipient),
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
  fieldId: row.field_id,
  farmId: row.farm_id,
  ndviDrop: row.ndvi_drop === null ? null : Number(row.ndvi_drop),
  risks: row.risks,
  channels: row.channels,
  recipients: row.recipients,
  createdBy: row.created_by,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
  version: row.version,
});

const invalid = (path: string, message: string) => new AppError('validation_failed', message, { errors: [{ path, message }] });

type Body = Static<typeof NewRule>;

/** Refuses a property that belongs to other kinds of rule. */
function refuseForeign(body: Body, names: (keyof Body)[]) {
  for (const name of names) {
    if (body[name] !== undefined) throw invalid(`body.${name}`, `${body.kind} rules have no ${name}`);
  }
}

/** A price rule as stored: names checked against the reference data, the commodity as its code. */
async function checkPriceRule(tx: Tx, body: Body) {
  refuseForeign(body, ['fieldId', 'farmId', 'ndviDrop', 'risks']);
  if (body.commodity === undefined) throw invalid('body.commodity', 'price rules need commodity');
  if (body.condition === undefined) throw invalid('body.condition', 'price rules need condition');
  if (body.recipients?.includes('farmer')) throw invalid('body.recipients', 'a price rule watches no field, so it has no farmer');
  if (body.channels?.includes('sms')) throw invalid('body.channels', 'SMS goes to farmers, and a price rule watches no field');
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
  return { commodity: commodity.code, condition: body.condition, threshold: body.thresholdInrPerQuintal ?? null };
}

/** A crop-health, weather or job rule: its field or farm must be the tenant's. */
async function checkFieldRule(tx: Tx, body: Body) {
  refuseForeign(body, ['commodity', 'condition', 'thresholdInrPerQuintal', 'marketId', 'state', 'district']);
  if (body.kind === 'crop_health_drop') {
    refuseForeign(body, ['risks']);
    if (body.ndviDrop === undefined) throw invalid('body.ndviDrop', 'crop_health_drop rules need ndviDrop');
  } else if (body.kind === 'weather_risk') {
    refuseForeign(body, ['ndviDrop']);
  } else {
    refuseForeign(body, ['ndviDrop', 'risks']);
    // An SMS needs a DLT template per message type; a finished analysis is news for the inbox and webhooks.
    if (body.channels?.includes('sms')) throw invalid('body.channels', 'job_finished alerts go to the inbox and webhooks, not by SMS');
  }
  if (body.fieldId !== undefined && body.farmId !== undefined) throw invalid('body.fieldId', 'give fieldId or farmId, not both');
  if (body.fieldId !== undefined && !(await findField(tx, body.fieldId))) throw invalid('body.fieldId', 'No such field');
  if (body.farmId !== undefined && !(await findFarm(tx, body.farmId))) throw invalid('body.farmId', 'No such farm');
  const recipients = body.recipients ?? ['creator'];
  if (body.channels?.includes('sms') && !recipients.includes('farmer')) {
    throw invalid('body.channels', 'SMS goes to farmers: add farmer to recipients');
  }
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
        summary: 'Create an alert rule: a price threshold, a crop-health drop, a weather risk or a finished analysis',
        description:
          'price: checked after every price ingestion; each crossing (the previous price of the same market, variety and grade on the other side) ' +
          'is recorded once and announced as market.price_threshold. crop_health_drop: a fall of the smoothed NDVI of at least ndviDrop ' +
          'after a Sentinel-2 analysis. weather_risk: the forecast risks of the advisories, checked every 3 hours, each risk day once. ' +
          'job_finished: a crop-health analysis of a watched field finished or failed (inbox and webhooks only). ' +
          'Every alert fires once per rule, subject and period and becomes a notification per recipient (GET /v1/notifications), ' +
          'an SMS to farmer recipients when channels has sms, and an alert.<kind> event.',
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
        const price = body.kind === 'price' ? await checkPriceRule(tx, body) : undefined;
        if (!price) await checkFieldRule(tx, body);
        const channels = body.channels ?? ['inbox'];
        const inserted = await insertAlertRule(tx, principal.tenantId, {
          id,
          kind: body.kind,
          createdBy: principal.userId,
          name: body.name ?? null,
          commodity: price?.commodity ?? null,
          condition: price?.condition ?? null,
          threshold: price?.threshold ?? null,
          marketId: body.marketId ?? null,
          state: body.state ?? null,
          district: body.district ?? null,
          fieldId: body.fieldId ?? null,
          farmId: body.farmId ?? null,
          ndviDrop: body.ndviDrop ?? null,
          risks: body.kind === 'weather_risk' ? (body.risks ?? [...WEATHER_RISKS]) : null,
          channels: channels.includes('inbox') ? channels : ['inbox', ...channels],
          recipients: body.recipients ?? ['creator'],
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
