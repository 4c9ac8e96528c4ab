import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import {
  findInvitation,
  findTenant,
  findTenantId,
  insertTenant,
  isTenantSlugTaken,
  listInvitations,
  listMembers,
  listTenants,
  listTenantsOfUser,
  recordAudit,
  requirePrincipal,
  upsertMembership,
} from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { checkIfMatch, etagOf, replyNotModified } from '../../http/etag.js';
import { PageQuery, decodeCursor, pageOf, toPage } from '../../http/pagination.js';
import { isUuid } from '../../lib/uuid.js';
import {
  Invitation,
  InvitationCreated,
  Member,
  MemberInput,
  Tenant,
  TenantInput,
  TenantRef,
  TenantRole,
  isTenantSlug,
  toInvitation,
  toMember,
  toTenant,
} from './schemas.js';
import * as invitations from './invitations.js';
import * as members from './members.js';
import * as settings from './settings.js';

const TenantParams = Type.Object({ id: TenantRef });
const MemberParams = Type.Object({ id: TenantRef, userId: Type.String({ format: 'uuid' }) });
const InvitationParams = Type.Object({ id: TenantRef, invitationId: Type.String({ format: 'uuid' }) });

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
  // A slug in the path is read as its tenant's id first, for signed-in callers only: an anonymous
  // caller learns nothing about which slugs exist (the permission check answers 401).
  app.addHook('preValidation', async (request) => {
    const params = request.params as { id?: string };
    if (params.id === undefined || !request.principal) return;
    if (!isUuid(params.id) && isTenantSlug(params.id)) params.id = await tenantIdOfSlug(params.id);
    // Neither an id nor a slug: validation answers 422 naming the parameter.
    if (isUuid(params.id) && request.principal.tenantId) tenantOfPath(request, params.id);
  });

  async function tenantIdOfSlug(slug: string): Promise<string> {
    const id = await db.platform((tx) => findTenantId(tx, slug), { readOnly: true });
    if (id === undefined) throw new AppError('not_found', 'No such tenant');
    return id;
  }

  app.post(
    '/v1/tenants',
    {
      schema: {
        operationId: 'createTenant',
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
        operationId: 'listTenants',
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
    '/v1/tenants/:id',
    {
      schema: {
        operationId: 'getTenant',
        tags: ['tenants'],
        summary: 'One tenant, by id or slug: yours, or any for a platform admin',
        security,
        params: TenantParams,
        response: { 200: Tenant, ...problemResponses(401, 404, 422) },
      },
      config: { permission: 'tenants:list' },
    },
    async (request) => {
      const tenantId = tenantOfPath(request, request.params.id);
      const tenant = await db.platform((tx) => findTenant(tx, tenantId), { readOnly: true });
      if (!tenant) throw new AppError('not_found', 'No such tenant');
      return toTenant(tenant);
    },
  );

  app.get(
    '/v1/tenants/:id/members',
    {
      schema: {
        operationId: 'listTenantMembers',
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
        operationId: 'inviteTenantMember',
        tags: ['tenants'],
        summary: 'Invite a person by email or phone with a role; they join when they accept',
        description:
          'Answers 202 with the invitation: nobody joins, and no account is made, until the invited person accepts with ' +
          'POST /v1/invitations/accept. A phone invitation is texted to the phone; an email invitation answers its token ' +
          'this once, for the admin to pass on. A new invitation of the same person replaces their open one.',
        security,
        params: TenantParams,
        body: MemberInput,
        response: { 202: InvitationCreated, ...problemResponses(401, 403, 404, 409, 422, 503) },
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
      const { row, token } = await invitations.invite(
        app,
        tenantId,
        { email, phone, role, name },
        { actorUserId: principal.userId, requestId: request.id },
      );
      return reply
        .code(202)
        .header('location', `/v1/tenants/${tenantId}/invitations/${row.id}`)
        .header('cache-control', 'no-store')
        .send({ ...toInvitation(row), delivery: token ? 'token' : 'sms', ...(token ? { token } : {}) });
    },
  );

  app.get(
    '/v1/tenants/:id/invitations',
    {
      schema: {
        operationId: 'listTenantInvitations',
        tags: ['tenants'],
        summary: 'Invitations of a tenant, newest first, with their status (never their tokens)',
        security,
        params: TenantParams,
        querystring: PageQuery,
        response: { 200: pageOf(Invitation), ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'members:manage' },
    },
    async (request) => {
      const tenantId = tenantOfPath(request, request.params.id);
      const { limit, cursor } = request.query;
      const before = cursor ? decodeCursor(cursor, 1)[0] : null;
      if (before !== null && !isUuid(String(before))) {
        throw new AppError('validation_failed', 'cursor is not a cursor this list handed out', {
          errors: [{ path: 'query.cursor', message: 'is not a valid cursor' }],
        });
      }
      const rows = await db.tenant(tenantId, (tx) => listInvitations(tx, before === null ? null : String(before), limit + 1), {
        readOnly: true,
        consistencyKey: requirePrincipal(request).userId,
      });
      const page = toPage(rows, limit, (row) => [row.id]);
      return { items: page.items.map((row) => toInvitation(row)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/tenants/:id/invitations/:invitationId',
    {
      schema: {
        operationId: 'getTenantInvitation',
        tags: ['tenants'],
        summary: 'One invitation of the tenant',
        security,
        params: InvitationParams,
        response: { 200: Invitation, ...problemResponses(401, 403, 404, 422) },
      },
      config: { permission: 'members:manage' },
    },
    async (request) => {
      const tenantId = tenantOfPath(request, request.params.id);
      const row = await db.tenant(tenantId, (tx) => findInvitation(tx, request.params.invitationId), {
        readOnly: true,
        consistencyKey: requirePrincipal(request).userId,
      });
      if (!row) throw new AppError('not_found', 'No such invitation');
      return toInvitation(row);
    },
  );

  app.delete(
    '/v1/tenants/:id/invitations/:invitationId',
    {
      schema: {
        operationId: 'revokeTenantInvitation',
        tags: ['tenants'],
        summary: 'Revoke an invitation not yet accepted; its token stops working at once',
        security,
        params: InvitationParams,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409, 422) },
      },
      config: { permission: 'members:manage' },
    },
    async (request, reply) => {
      const tenantId = tenantOfPath(request, request.params.id);
      await invitations.revoke(app, tenantId, request.params.invitationId, {
        actorUserId: requirePrincipal(request).userId,
        requestId: request.id,
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/tenants/:id/settings',
    {
      schema: {
        operationId: 'getTenantSettings',
        tags: ['tenants'],
        summary: "The organisation's settings, defaults filled in",
        description: 'With an ETag (the tenant version) for If-None-Match and for the If-Match of a change.',
        security,
        params: TenantParams,
        response: { 200: settings.TenantSettings, 304: Type.Null(), ...problemResponses(401, 403, 404) },
      },
      config: { permission: 'settings:read' },
    },
    async (request, reply) => {
      const current = await settings.read(db, tenantOfPath(request, request.params.id));
      if (replyNotModified(request, reply, current.version)) return reply;
      return current.settings;
    },
  );

  app.patch(
    '/v1/tenants/:id/settings',
    {
      schema: {
        operationId: 'updateTenantSettings',
        tags: ['tenants'],
        summary: "Change the organisation's settings (tenant_admin; audited)",
        description:
          'A JSON merge patch: keys left out keep their value; `transportCostInrPerQuintalKm: null` goes back to the deployment default. If-Match with the ETag last read; a stale one answers 412 with the current settings.',
        security,
        params: TenantParams,
        body: settings.TenantSettingsPatch,
        response: { 200: settings.TenantSettings, ...problemResponses(401, 403, 404, 412, 422) },
      },
      config: { permission: 'settings:manage' },
    },
    async (request, reply) => {
      const tenantId = tenantOfPath(request, request.params.id);
      const changed = await settings.change(
        db,
        tenantId,
        request.body,
        { actorUserId: requirePrincipal(request).userId, requestId: request.id },
        (version, current) => checkIfMatch(request, version, { current }),
      );
      reply.header('etag', etagOf(changed.version));
      return changed.settings;
    },
  );

  app.patch(
    '/v1/tenants/:id/members/:userId',
    {
      schema: {
        operationId: 'updateTenantMember',
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
        operationId: 'removeTenantMember',
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
