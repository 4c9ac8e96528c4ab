import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import {
  clientExists,
  hashClientSecret,
  insertClient,
  listClients,
  recordAudit,
  requireTenant,
  revokeClient,
  type ClientRow,
  forgetKeptRights,
} from '../../auth/index.js';
import { AppError, problemResponses } from '../../errors.js';
import { isUuid } from '../../lib/uuid.js';

const ClientRole = Type.Union([Type.Literal('agronomist'), Type.Literal('viewer')], { description: 'the role the client acts with' });
const Client = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  role: ClientRole,
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const toClient = (row: ClientRow) => ({
  clientId: row.id,
  name: row.name,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/**
 * OAuth clients of a tenant, for integrations (client_credentials). The secret is 256 random
 * bits shown once; only its SHA-256 is stored (a slow hash adds nothing for a secret that long).
 */
export const clientRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;
  const security = [{ bearerAuth: [] }];

  app.post(
    '/v1/clients',
    {
      schema: {
        operationId: 'createClient',
        tags: ['identity'],
        summary: 'Create an OAuth client for an integration; the secret is shown only in this response',
        security,
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), role: Type.Optional(ClientRole) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ ...Client.properties, clientSecret: Type.String() }), ...problemResponses(401, 403, 422) },
      },
      config: { permission: 'clients:manage' },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      const id = uuidv7();
      const secret = randomBytes(32).toString('base64url');
      const row = await db.tenant(principal.tenantId, async (tx) => {
        const client = await insertClient(tx, {
          id,
          tenantId: principal.tenantId,
          name: request.body.name,
          secretHash: hashClientSecret(secret),
          role: request.body.role ?? 'viewer',
          createdBy: principal.clientId ? null : principal.userId,
        });
        await recordAudit(tx, principal.tenantId, {
          action: 'client.created',
          actorUserId: principal.userId,
          subject: `client:${id}`,
          requestId: request.id,
        });
        return client;
      });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ ...toClient(row), clientSecret: secret });
    },
  );

  app.get(
    '/v1/clients',
    {
      schema: {
        operationId: 'listClients',
        tags: ['identity'],
        summary: "The tenant's OAuth clients (without secrets)",
        security,
        response: { 200: Type.Object({ items: Type.Array(Client) }), ...problemResponses(401, 403) },
      },
      config: { permission: 'clients:manage' },
    },
    async (request) => {
      const principal = requireTenant(request);
      const rows = await db.tenant(principal.tenantId, (tx) => listClients(tx), { readOnly: true, consistencyKey: principal.userId });
      return { items: rows.map(toClient) };
    },
  );

  app.delete(
    '/v1/clients/:id',
    {
      schema: {
        operationId: 'revokeClient',
        tags: ['identity'],
        summary: 'Revoke an OAuth client; its tokens stop working at once',
        security,
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
      config: { permission: 'clients:manage' },
      // Before the permission check (a preHandler): another tenant's client answers 404 to every role, never 403.
      preValidation: async (request) => {
        const { id } = request.params as { id?: string };
        const tenantId = request.principal?.tenantId;
        if (!tenantId || !id || !isUuid(id)) return;
        const found = await db.tenant(tenantId, (tx) => clientExists(tx, id));
        if (!found) throw new AppError('not_found', 'No such client');
      },
    },
    async (request, reply) => {
      const principal = requireTenant(request);
      forgetKeptRights();
      await db.tenant(principal.tenantId, async (tx) => {
        const revoked = await revokeClient(tx, request.params.id);
        if (!revoked) throw new AppError('not_found', 'No such client');
        await recordAudit(tx, principal.tenantId, {
          action: 'client.revoked',
          actorUserId: principal.userId,
          subject: `client:${request.params.id}`,
          requestId: request.id,
        });
      });
      forgetKeptRights();
      return reply.code(204).send(null);
    },
  );
};
