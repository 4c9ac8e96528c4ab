import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { listAuditEvents, requirePrincipal, requireTenant } from '../../auth/index.js';
import { problemResponses } from '../../errors.js';
import { PageQuery, decodeCursor, pageOf, toPage } from '../../http/pagination.js';

const AuditEvent = Type.Object({
  id: Type.String(),
  action: Type.String(),
  actorUserId: Type.Union([Type.String(), Type.Null()]),
  subject: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  requestId: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/audit-events',
    {
      schema: {
        operationId: 'listAuditEvents',
        tags: ['identity'],
        summary: "The tenant's security events, newest first (a platform admin without a tenant: the platform's)",
        security: [{ bearerAuth: [] }],
        querystring: Type.Object({
          ...PageQuery.properties,
          action: Type.Optional(Type.String({ maxLength: 100, description: 'exact action, e.g. auth.sign_in_failed' })),
        }),
        response: { 200: pageOf(AuditEvent), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'audit:read' },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { limit, cursor, action } = request.query;
      // Ids are UUIDv7, so ordering by id is ordering by time, and the id alone is the cursor.
      const before = cursor ? String(decodeCursor(cursor, 1)[0]) : 'ffffffff-ffff-ffff-ffff-ffffffffffff';
      const options = { readOnly: true, consistencyKey: principal.userId };
      // A platform administrator's token without a tenant reads the platform's own events (failed
      // sign-ins of unknown accounts, say); every other caller reads their tenant's.
      const platformScope = principal.tenantId === null && principal.role === 'platform_admin';
      const tenantId = platformScope ? null : requireTenant(request).tenantId;
      const query = { before, action: action ?? null, tenantId, limit: limit + 1 };
      const rows = tenantId
        ? await app.resources.db.tenant(tenantId, (tx) => listAuditEvents(tx, query), options)
        : await app.resources.db.platform((tx) => listAuditEvents(tx, query), options);
      const page = toPage(rows, limit, (row) => [row.id]);
      return {
        items: page.items.map((row) => ({
          id: row.id,
          action: row.action,
          actorUserId: row.actor_user_id,
          subject: row.subject,
          details: row.details,
          requestId: row.request_id,
          at: row.at.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );
};
