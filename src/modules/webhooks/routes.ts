import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit, requireTenant } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { decodeCursor, PageQuery, pageOf, toPage } from '../../http/pagination.js';
import { enqueueAttempt } from './delivery.js';
import { findDelivery, listDeliveries, reopenDelivery, stopPendingDeliveries } from './delivery-repository.js';
import { CreatedWebhook, Delivery, DeliveryStatus, NewWebhook, presentDelivery, presentWebhook, Webhook } from './schemas.js';
import { newWebhookSecret } from './signature.js';
import { findSubscription, insertSubscription, listSubscriptions, revokeSubscription, secretContext } from './subscription-repository.js';
import { checkWebhookUrl } from './url-check.js';

const tags = ['webhooks'];
const security = [{ bearerAuth: [] }];
const WebhookParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const notFound = () => new AppError('not_found', 'No such webhook');

/**
 * A tenant's signed webhooks: the receivers of its events, each with a secret shown once (sealed
 * at rest, as it must be read to sign), and the deliveries made to them. Managed by the tenant's
 * administrators only: a webhook sees every event of the tenant, farmers' included.
 */
export const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, queue, config } = app.resources;
  const policy = { allowPrivate: config.webhooks.allowPrivateUrls };

  app.post(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'createWebhook',
        tags,
        summary: 'Subscribe a receiver URL to event types; the signing secret is shown only in this response',
        description:
          'Deliveries are POSTs of the event envelope `{id, type, at, tenantId, data}` as JSON with the headers ' +
          '`Kheti-Event-Id` (the event id: the same on every retry and redelivery, for de-duplication), `Kheti-Event-Type`, ' +
          '`Kheti-Delivery-Id` and `Kheti-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>`. ' +
          'A 2xx answer within the time limit is delivered; anything else, a redirect included (never followed), is retried with ' +
          'exponential backoff and jitter for 24 hours after the first attempt, then the delivery is dead. In production the URL ' +
          'must be https and resolve only to public addresses (422 otherwise), checked again at every connection.',
        security,
        body: NewWebhook,
        response: { 201: CreatedWebhook, ...problemResponses(400, 401, 403, 415, 422) },
      },
      config: { permission: 'webhooks:manage' },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      const url = await checkWebhookUrl(request.body.url, policy);
      const id = uuidv7();
      const secret = newWebhookSecret();
      const secretSealed = await app.identity.crypto.seal(secret, secretContext(id));
      const row = await db.tenant(principal.tenantId, async (tx) => {
        const created = await insertSubscription(tx, {
          id,
          tenantId: principal.tenantId,
          url: url.href,
          types: request.body.types,
          description: request.body.description ?? null,
          secretSealed,
          createdBy: principal.userId,
        });
        await recordAudit(tx, principal.tenantId, {
          action: 'webhook.created',
          actorUserId: principal.userId,
          subject: `webhook:${id}`,
          details: { url: url.origin, types: request.body.types },
          requestId: request.id,
        });
        return created;
      });
      reply.header('cache-control', 'no-store').header('location', `/v1/webhooks/${id}`);
      return reply.code(201).send({ ...presentWebhook(row), secret });
    },
  );

  app.get(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        tags,
        summary: "The tenant's webhooks, revoked ones included, oldest first (without secrets)",
        security,
        response: { 200: Type.Object({ items: Type.Array(Webhook) }), ...problemResponses(401, 403) },
      },
      config: { permission: 'webhooks:manage' },
    },
    async (request) => {
      const principal = requireTenant(request);
      const rows = await db.tenant(principal.tenantId, (tx) => listSubscriptions(tx), { readOnly: true, consistencyKey: principal.userId });
      return { items: rows.map(presentWebhook) };
    },
  );

  app.get(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'getWebhook',
        tags,
        summary: 'One webhook of the tenant (without its secret)',
        security,
        params: WebhookParams,
        response: { 200: Webhook, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'webhooks:manage' },
    },
    async (request) => {
      const principal = requireTenant(request);
      const row = await db.tenant(principal.tenantId, (tx) => findSubscription(tx, request.params.id), {
        readOnly: true,
        consistencyKey: principal.userId,
      });
      if (!row) throw notFound();
      return presentWebhook(row);
    },
  );

  app.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'revokeWebhook',
        tags,
        summary: 'Revoke a webhook: no new deliveries, pending ones stop (dead); its deliveries stay listed',
        security,
        params: WebhookParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'webhooks:manage' },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      await db.tenant(principal.tenantId, async (tx) => {
        if (!(await revokeSubscription(tx, request.params.id))) throw notFound();
        await stopPendingDeliveries(tx, request.params.id, 'the webhook was revoked');
        await recordAudit(tx, principal.tenantId, {
          action: 'webhook.revoked',
          actorUserId: principal.userId,
          subject: `webhook:${request.params.id}`,
          requestId: request.id,
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        tags,
        summary: "A webhook's deliveries, newest first, with their attempts and the last status or error (dead ones are the dead letters)",
        security,
        params: WebhookParams,
        querystring: Type.Object({
          ...PageQuery.properties,
          status: Type.Optional(DeliveryStatus),
        }),
        response: { 200: pageOf(Delivery), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'webhooks:manage' },
    },
    async (request) => {
      const principal = requireTenant(request);
      const { limit, cursor, status } = request.query;
      const before = cursor ? String(decodeCursor(cursor, 1)[0]) : null;
      const rows = await db.tenant(
        principal.tenantId,
        async (tx) => {
          if (!(await findSubscription(tx, request.params.id))) throw notFound();
          return listDeliveries(tx, {
            subscriptionId: request.params.id,
            before,
            status: status ?? null,
            limit: limit + 1,
          });
        },
        { readOnly: true, consistencyKey: principal.userId },
      );
      const page = toPage(rows, limit, (row) => [row.id]);
      return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      schema: {
        operationId: 'redeliverWebhookDelivery',
        tags,
        summary: 'Send a delivered or dead delivery again, with the same body and Kheti-Event-Id and a fresh 24-hour retry window',
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }), deliveryId: Type.String({ format: 'uuid' }) }),
        response: { 202: Delivery, ...problemResponses(401, 403, 404, 409, 422) },
      },
      config: { permission: 'webhooks:manage' },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      const { id, deliveryId } = request.params;
      const row = await db.tenant(principal.tenantId, async (tx) => {
        const subscription = await findSubscription(tx, id);
        if (!subscription) throw notFound();
        if (subscription.revoked_at) throw new AppError('conflict', 'The webhook is revoked: its deliveries are not sent again');
        const delivery = await findDelivery(tx, id, deliveryId);
        if (!delivery) throw new AppError('not_found', 'No such delivery of this webhook');
        const reopened = await reopenDelivery(tx, deliveryId, new Date());
        if (!reopened) throw new AppError('conflict', 'The delivery is still pending: it is being tried already');
        await recordAudit(tx, principal.tenantId, {
          action: 'webhook.redelivered',
          actorUserId: principal.userId,
          subject: `webhook:${id}`,
          details: { deliveryId, eventId: delivery.event_id },
          requestId: request.id,
        });
        return reopened;
      });
      // Should this enqueue fail, the dispatcher's sweep finds the delivery overdue and sends it.
      await enqueueAttempt(queue, { id: row.id, tenantId: principal.tenantId }, row.attempts + 1);
      return reply.code(202).send(presentDelivery(row));
    },
  );
};
