import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { findUserProfile, listMembershipsOfUser, requirePrincipal } from '../../auth/index.js';
import { problemResponses } from '../../errors.js';
import { TenantRole } from '../tenants/index.js';

const Me = Type.Object({
  user: Type.Object({
    id: Type.String(),
    name: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()], { description: 'masked' }),
    isPlatformAdmin: Type.Boolean(),
  }),
  memberships: Type.Array(Type.Object({ tenantId: Type.String(), slug: Type.String(), name: Type.String(), role: TenantRole })),
  token: Type.Object({ tenantId: Type.Union([Type.String(), Type.Null()]), role: Type.String(), clientId: Type.Optional(Type.String()) }),
});

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getMe',
        tags: ['identity'],
        summary: 'You: your account, your memberships, and the tenant and role of this token',
        security: [{ bearerAuth: [] }],
        response: { 200: Me, ...problemResponses(401) },
      },
      config: { permission: 'me:read' },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { user, memberships } = await app.resources.db.platform(
        async (tx) => ({
          user: (await findUserProfile(tx, principal.userId))!,
          memberships: await listMembershipsOfUser(tx, principal.userId),
        }),
        { readOnly: true, consistencyKey: principal.userId },
      );
      return {
        user: { id: user.id, name: user.name, email: user.email, phone: user.phone_hint, isPlatformAdmin: user.is_platform_admin },
        memberships: memberships.map((m) => ({ tenantId: m.tenant_id, slug: m.slug, name: m.name, role: m.role })),
        token: { tenantId: principal.tenantId, role: principal.role, ...(principal.clientId ? { clientId: principal.clientId } : {}) },
      };
    },
  );
};
