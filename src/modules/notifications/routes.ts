import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requireTenant } from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { decodeCursor, encodeCursor, PageQuery, pageOf } from '../../http/pagination.js';
import type { Tx } from '../../infra/db/index.js';
import { farmerIdOfUser } from '../registry/index.js';
import { listNotifications, markAllRead, markRead, type Inbox, type NotificationRow } from './repository.js';

/**
 * The caller's inbox (docs/api.md): the notifications of the alerts sent to them, as the member who
 * made a rule, or as the farmer they sign in as (a rule's `farmer` recipient). Every member has an
 * inbox and sees only their own; another's notification is not found.
 */

const Notification = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String({
    description: 'alert.<kind> of the rule: alert.crop_health_drop, alert.weather_risk, alert.price, alert.job_finished',
  }),
  title: Type.String(),
  body: Type.String({ description: "in the recipient's language (the farmer's, else the organisation's default)" }),
  data: Type.Record(Type.String(), Type.Unknown(), {
    description: "the alert's facts: alertId, ruleId, subject, period and the kind's values",
  }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const present = (row: NotificationRow) => ({
  id: row.id,
  type: row.type,
  title: row.title,
  body: row.body,
  data: row.data,
  createdAt: new Date(row.created_at).toISOString(),
  readAt: row.read_at === null ? null : new Date(row.read_at).toISOString(),
});

const inboxOf = async (tx: Tx, userId: string): Promise<Inbox> => ({ userId, farmerId: (await farmerIdOfUser(tx, userId)) ?? null });

export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const security = [{ bearerAuth: [] }];

  app.get(
    '/v1/notifications',
    {
      schema: {
        operationId: 'listNotifications',
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        security,
        querystring: Type.Object(
          {
            unread: Type.Optional(Type.Boolean({ description: 'true: only those not yet read' })),
            ...PageQuery.properties,
          },
          { additionalProperties: false },
        ),
        response: { 200: pageOf(Notification), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'notifications:read' },
    },
    async (request) => {
      const principal = requireTenant(request);
      const { limit, cursor, unread } = request.query;
      const before = cursor === undefined ? undefined : decodeCursor(cursor, 1)[0];
      if (before !== undefined && (typeof before !== 'string' || !/^[0-9a-f-]{36}$/i.test(before))) {
        throw new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
          errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
        });
      }
      const rows = await db.tenant(
        principal.tenantId,
        async (tx) => listNotifications(tx, await inboxOf(tx, principal.userId), { before, unread: unread === true, limit: limit + 1 }),
        { readOnly: true },
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      return { items: items.map(present), nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
    },
  );

  app.post(
    '/v1/notifications/:id/read',
    {
      schema: {
        operationId: 'markNotificationRead',
        tags: ['notifications'],
        summary: 'Mark one of my notifications read (again: no change)',
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'notifications:read' },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      const found = await db.tenant(principal.tenantId, async (tx) => markRead(tx, await inboxOf(tx, principal.userId), request.params.id));
      if (!found) throw new AppError('not_found', 'No such notification');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/notifications/read-all',
    {
      schema: {
        operationId: 'markAllNotificationsRead',
        tags: ['notifications'],
        summary: 'Mark all my unread notifications read',
        security,
        response: {
          200: Type.Object({ marked: Type.Integer({ description: 'how many were unread' }) }),
          ...problemResponses(401, 403),
        },
      },
      config: { permission: 'notifications:read' },
    },
    async (request) => {
      const principal = requireTenant(request);
      const marked = await db.tenant(principal.tenantId, async (tx) => markAllRead(tx, await inboxOf(tx, principal.userId)));
      return { marked };
    },
  );
};
