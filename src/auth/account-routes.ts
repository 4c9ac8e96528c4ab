import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { AppError, problemResponses } from '../errors.js';
import { recordUserAudit } from './audit.js';
import { insertUserWithPassword } from './identity-repository.js';
import { acceptInvitation } from './invitations.js';
import { revokeByToken } from './oauth-routes.js';
import { checkPasswordPolicy } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { requirePrincipal } from './principal.js';

const Email = Type.String({ format: 'email', maxLength: 320 });

/** Self-service accounts: register with email and password, accept an invitation, sign out. */
export const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.resources;

  app.post(
    '/v1/auth/register',
    {
      schema: {
        operationId: 'registerUser',
        tags: ['identity'],
        summary: 'Create an account with email and password',
        body: Type.Object(
          { email: Email, password: Type.String({ maxLength: 256 }), name: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
          ...problemResponses(409, 422, 429),
        },
      },
      config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      checkPasswordPolicy(request.body.password, { email });
      const passwordHash = await hashPassword(request.body.password);
      const id = uuidv7();
      const inserted = await db.platform((tx) => insertUserWithPassword(tx, { id, email, name: request.body.name, passwordHash }));
      if (!inserted) throw new AppError('conflict', 'An account with this email exists; sign in instead');
      await recordUserAudit(db, id, { action: 'auth.user_created', details: { via: 'register' }, requestId: request.id });
      return reply.code(201).send({ id, email, name: request.body.name });
    },
  );

  app.post(
    '/v1/invitations/accept',
    {
      schema: {
        operationId: 'acceptInvitation',
        tags: ['identity'],
        summary: 'Join a tenant: accept an invitation with its token',
        description:
          'An email invitation is accepted signed in as the account with that email (register first if there is none). ' +
          'A phone invitation, whose token was texted to the phone, may be accepted signed in as the account with that ' +
          'phone or without signing in: then the account of that phone joins, made now if there is none, and signs in ' +
          'by OTP as usual. A token is good for one use within its validity.',
        body: Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            userId: Type.String(),
            tenant: Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() }),
            role: Type.String(),
          }),
          ...problemResponses(401, 403, 404, 422, 429),
        },
      },
      config: { permission: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal?.clientId) throw new AppError('forbidden', 'An OAuth client cannot accept an invitation');
      const accepted = await acceptInvitation(db, request.body.token.trim(), {
        userId: principal?.userId ?? null,
        requestId: request.id,
      });
      return reply.header('cache-control', 'no-store').send(accepted);
    },
  );

  app.post(
    '/v1/auth/sign-out',
    {
      schema: {
        operationId: 'signOut',
        tags: ['identity'],
        summary: 'Sign out: revoke the refresh token and every token descended from the same sign-in',
        security: [{ bearerAuth: [] }],
        body: Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 204: Type.Null(), ...problemResponses(401) },
      },
      config: { permission: 'auth:sign-out' },
    },
    async (request, reply) => {
      const principal = requirePrincipal(request);
      // Only the caller's own tokens: knowing someone else's refresh token is no reason to act on it here.
      await revokeByToken(app, request, request.body.refresh_token, 'signed_out', principal.userId);
      return reply.code(204).send(null);
    },
  );
};
