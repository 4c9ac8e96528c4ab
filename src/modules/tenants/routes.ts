import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import {
  insertTenant,
  isTenantSlugTaken,
  listMembers,
  listTenants,
  listTenantsOfUser,
  recordAudit,
  requirePrincipal,
  upsertMembership,
} from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { PageQuery, decodeCursor, pageOf, toPage } from '../../http/pagination.js';
import { Member, MemberInput, Tenant, TenantInput, TenantRole, toMember, toTenant } from './schemas.js';
import * as members from './members.js';

const TenantParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const MemberParams = Type.Object({ id: Type.String({ format: 'uuid' }), userId: Type.String({ format: 'uuid' }) });

/** The tenant in the path must be the token's tenant (a platform admin may name any): else 404, never 403. */
function tenantOfPath(request: FastifyRequest, tenantId: string): string {
  const principal = requirePrincipal(request);
  if (principal.role !== 'platform_admin' && principal.tenantId !== tenantId) throw new AppError('not_found', 'No such tenant');
  return tenantId;
}

export const tenantRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const security = [{ bearerAuth: [] }];

  // Before the permission check (a preHandler): another tenant's path answers 404 even to a role
  // that would be refused, so a viewer of one tenant gets the same answer as its admin.
  app.addHook('preValidation', async (request) => {
    const { id } = request.params as { id?: string };
    if (id !== undefined && request.principal?.tenantId) tenantOfPath(request, id);
  });

  app.post(
    '/v1/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Create an organisation; you become its tenant_admin',
        security,
        body: TenantInput,
        response: { 201: Tenant, ...problemResponses(401, 403, 409, 422) },
      },
      config: { permission: 'tenants:create' },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      if (principal.clientId) throw new AppError('forbidden', 'An OAuth client cannot create tenants');
      const id = uuidv7();
      const tenant = await db.platform(async (tx) => {
        if (await isTenantSlugTaken(tx, request.body.slug)) throw new AppError('conflict', `The slug ${request.body.slug} is taken`);
        const row = await insertTenant(tx, { id, slug: request.body.slug, name: request.body.name });
        await upsertMembership(tx, id, principal.userId, 'tenant_admin');
        await recordAudit(tx, id, {
          action: 'tenant.created',
          actorUserId: principal.userId,
          subject: `tenant:${id}`,
          requestId: request.id,
        });
        return row;
      });
      return reply.code(201).header('location', `/v1/tenants/${id}`).send(toTenant(tenant));
    },
  );

  app.get(
    '/v1/tenants',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Tenants: all for a platform admin, else your own',
        security,
        querystring: PageQuery,
        response: { 200: pageOf(Tenant), ...problemResponses(401, 422) },
      },
      config: { permission: 'tenants:list' },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { limit, cursor } = request.query;
      const after = cursor ? String(decodeCursor(cursor, 1)[0]) : '';
      const rows = await db.platform(
        (tx) =>
          principal.role === 'platform_admin'
            ? listTenants(tx, after, limit + 1)
            : listTenantsOfUser(tx, principal.userId, after, limit + 1),
        { readOnly: true, consistencyKey: principal.userId },
      );
      const page = toPage(rows, limit, (row) => [row.slug]);
      return { items: page.items.map(toTenant), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/tenants/:id/members',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Members of a tenant and their roles',
        security,
        params: TenantParams,
        querystring: PageQuery,
        response: { 200: pageOf(Member), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'members:read' },
    },
    async (request) => {
      const tenantId = tenantOfPath(request, request.params.id);
      const { limit, cursor } = request.query;
      const after = cursor ? String(decodeCursor(cursor, 1)[0]) : '00000000-0000-0000-0000-000000000000';
      const rows = await db.tenant(tenantId, (tx) => listMembers(tx, after, limit + 1), {
        readOnly: true,
        consistencyKey: requirePrincipal(request).userId,
      });
      const page = toPage(rows, limit, (row) => [row.user_id]);
      return { items: page.items.map(toMember), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/v1/tenants/:id/members',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Add a person by email or phone with a role (creates their account if needed)',
        security,
        params: TenantParams,
        body: MemberInput,
        response: { 201: Member, ...problemResponses(401, 403, 404, 409, 422) },
      },
      config: { permission: 'members:manage' },
    },
    async (request, reply) => {
      const tenantId = tenantOfPath(request, request.params.id);
      const principal = requirePrincipal(request);
      const { email, phone, role, name } = request.body;
      if (Boolean(email) === Boolean(phone)) {
        throw new AppError('validation_failed', 'Give exactly one of email or phone', {
          errors: [{ path: 'body', message: 'needs email or phone' }],
        });
      }
      const member = await members.add(
        app,
        tenantId,
        { email, phone, role, name },
        { actorUserId: principal.userId, requestId: request.id },
      );
      return reply.code(201).send(toMember(member));
    },
  );

  app.patch(
    '/v1/tenants/:id/members/:userId',
    {
      schema: {
        tags: ['tenants'],
        summary: "Change a member's role",
        security,
        params: MemberParams,
        body: Type.Object({ role: TenantRole }, { additionalProperties: false }),
        response: { 200: Member, ...problemResponses(401, 403, 404, 409, 422) },
      },
      config: { permission: 'members:manage' },
    },
    async (request) => {
      const tenantId = tenantOfPath(request, request.params.id);
      const member = await members.changeRole(db, tenantId, request.params.userId, request.body.role, {
        actorUserId: requirePrincipal(request).userId,
        requestId: request.id,
      });
      return toMember(member);
    },
  );

  app.delete(
    '/v1/tenants/:id/members/:userId',
    {
      schema: {
        tags: ['tenants'],
        summary: 'Remove a member; their tokens stop working at once',
        security,
        params: MemberParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
      },
      config: { permission: 'members:manage' },
    },
    async (request, reply) => {
      const tenantId = tenantOfPath(request, request.params.id);
      await members.remove(db, tenantId, request.params.userId, { actorUserId: requirePrincipal(request).userId, requestId: request.id });
      return reply.code(204).send(null);
    },
  );
};
