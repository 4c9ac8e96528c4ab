import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type {} from '@fastify/rate-limit';
import type {} from './sign-in-limits.js';
import { FirebaseTokenError } from '../integrations/firebase/id-token.js';
import { recordAudit, recordUserAudit } from './audit.js';
import { linkFirebaseUser } from './firebase-users.js';
import { clientSecretMatches } from './client-secret.js';
import { findActivePasswordUser } from './identity-repository.js';
import { findLiveClient } from './oauth-clients.js';
import { OAuthError, problemResponses } from '../errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { familyOf, revokeFamily } from './refresh-tokens.js';
import { TokenResponseSchema, completeRefresh, completeSignIn, type TokenResponse } from './sign-in.js';
import { signAccessToken } from './tokens.js';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN_TYPES = ['urn:ietf:params:oauth:token-type:id_token', 'urn:ietf:params:oauth:token-type:jwt'];

/** Fields of every grant; which are required depends on grant_type, checked per grant (RFC 6749 errors). */
const TokenRequest = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ maxLength: 200 })),
    username: Type.Optional(Type.String({ maxLength: 320 })),
    password: Type.Optional(Type.String({ maxLength: 1024 })),
    tenant: Type.Optional(Type.String({ maxLength: 100 })),
    refresh_token: Type.Optional(Type.String({ maxLength: 200 })),
    client_id: Type.Optional(Type.String({ maxLength: 100 })),
    client_secret: Type.Optional(Type.String({ maxLength: 200 })),
    scope: Type.Optional(Type.String({ maxLength: 1000 })),
    subject_token: Type.Optional(Type.String({ maxLength: 8192 })),
    subject_token_type: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);
type TokenRequest = Type.Static<typeof TokenRequest>;

/** RFC 6749 §5.2's error body (application/json), which also carries the RFC 9457 members. */
const OAuthErrorBody = Type.Object(
  {
    error: Type.String({ description: 'invalid_request, invalid_client, invalid_grant, unsupported_grant_type, …' }),
    error_description: Type.String(),
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    requestId: Type.String(),
  },
  { additionalProperties: true },
);
const oauthErrors = (...statuses: (400 | 401)[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description:
          status === 401 ? 'The client failed to authenticate (invalid_client)' : 'RFC 6749 error: invalid_request, invalid_grant, …',
        content: { 'application/json': { schema: OAuthErrorBody } },
      },
    ]),
  );

const required = (body: TokenRequest, ...names: (keyof TokenRequest)[]) => {
  const missing = names.filter((name) => !body[name]);
  if (missing.length) throw new OAuthError('invalid_request', `Missing ${missing.join(', ')}`);
};

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/** An argon2id hash of nothing anyone knows, verified when the user does not exist: same work, same answer. */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(`decoy-${Date.now()}-${Math.random()}`));

export const oauthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/oauth/token',
    {
      schema: {
        operationId: 'issueToken',
        tags: ['identity'],
        summary: 'OAuth 2.0 token endpoint (RFC 6749): password, refresh_token, client_credentials, token exchange of a Firebase ID token',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: TokenRequest,
        response: { 200: TokenResponseSchema, ...oauthErrors(400, 401), ...problemResponses(415, 422, 429) },
      },
      // Limited by the sign-in limits (sign-in-limits.ts), per address for every grant and per
      // account for passwords, instead of the app's per-caller limit.
      config: { permission: 'public', rateLimit: false },
      preHandler: async (request) => {
        await app.signInLimits.countAddress(request);
        if (request.body.grant_type === 'password' && request.body.username) {
          await app.signInLimits.countAccount(request, request.body.username);
        }
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const body = request.body;
      switch (body.grant_type) {
        case 'password':
          return passwordGrant(app, request, body);
        case 'refresh_token':
          return refreshGrant(app, request, body);
        case 'client_credentials':
          return clientCredentialsGrant(app, request, body);
        case TOKEN_EXCHANGE:
          return firebaseGrant(app, request, body);
        case undefined:
          throw new OAuthError('invalid_request', 'Missing grant_type');
        default:
          throw new OAuthError('unsupported_grant_type', `grant_type ${body.grant_type} is not supported`);
      }
    },
  );

  app.post(
    '/oauth/revoke',
    {
      schema: {
        operationId: 'revokeToken',
        tags: ['identity'],
        summary: 'Revoke a refresh token and its family (RFC 7009); always 200',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: Type.Object({ token: Type.Optional(Type.String({ maxLength: 2000 })), token_type_hint: Type.Optional(Type.String()) }),
        response: {
          200: Type.Unsafe<undefined>({ type: 'null', description: 'Revoked, or the token was not valid (RFC 7009 §2.2); no body' }),
          ...oauthErrors(400),
          ...problemResponses(415, 422, 429),
        },
      },
      config: { permission: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (!request.body.token) throw new OAuthError('invalid_request', 'Missing token');
      await revokeByToken(app, request, request.body.token, 'revoked');
      // RFC 7009 §2.2: 200 whether or not the token was valid; access tokens simply expire.
      return reply.code(200).send();
    },
  );

  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        operationId: 'getJwks',
        tags: ['identity'],
        summary: 'Public keys that verify access tokens',
        response: {
          200: Type.Object(
            { keys: Type.Array(Type.Object({}, { additionalProperties: true, description: 'a JWK (RFC 7517)' })) },
            { additionalProperties: true, description: 'A JWK Set (RFC 7517)' },
          ),
          ...problemResponses(429),
        },
      },
      config: { permission: 'public' },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return app.identity.keys.jwks();
    },
  );

  app.get(
    '/.well-known/oauth-authorization-server',
    {
      schema: {
        operationId: 'getAuthorizationServerMetadata',
        tags: ['identity'],
        summary: 'OAuth 2.0 authorization server metadata (RFC 8414)',
        response: {
          200: Type.Object(
            {
              issuer: Type.String(),
              token_endpoint: Type.String(),
              revocation_endpoint: Type.String(),
              jwks_uri: Type.String(),
              grant_types_supported: Type.Array(Type.String()),
              token_endpoint_auth_methods_supported: Type.Array(Type.String()),
              revocation_endpoint_auth_methods_supported: Type.Array(Type.String()),
              response_types_supported: Type.Array(Type.String()),
              scopes_supported: Type.Array(Type.String()),
              service_documentation: Type.String(),
            },
            { additionalProperties: true },
          ),
          ...problemResponses(429),
        },
      },
      config: { permission: 'public' },
    },
    async () => {
      const issuer = app.identity.tokens.issuer;
      return {
        issuer,
        token_endpoint: `${issuer}/oauth/token`,
        revocation_endpoint: `${issuer}/oauth/revoke`,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        grant_types_supported: ['password', 'refresh_token', 'client_credentials', TOKEN_EXCHANGE],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
        revocation_endpoint_auth_methods_supported: ['none'],
        response_types_supported: [],
        scopes_supported: [],
        service_documentation: `${issuer}/docs`,
      };
    },
  );
};

async function passwordGrant(app: FastifyInstance, request: FastifyRequest, body: TokenRequest): Promise<TokenResponse> {
  required(body, 'username', 'password');
  const username = body.username!.trim().toLowerCase();
  const user = await app.resources.db.platform((tx) => findActivePasswordUser(tx, username));
  // The same argon2 work and the same answer whether the account is missing or the password wrong.
  const valid = await verifyPassword(user?.password_hash ?? (await decoy()), body.password!);
  if (!user?.password_hash || !valid) {
    await recordUserAudit(app.resources.db, user?.id ?? null, {
      action: 'auth.sign_in_failed',
      subject: user ? undefined : `email:${sha256(username).toString('hex').slice(0, 16)}`,
      details: { method: 'password', ip: request.ip },
      requestId: request.id,
    });
    throw new OAuthError('invalid_grant', 'The username or password is wrong');
  }
  return completeSignIn(app, request, { userId: user.id, tenant: body.tenant, method: 'password' });
}

async function refreshGrant(app: FastifyInstance, request: FastifyRequest, body: TokenRequest): Promise<TokenResponse> {
  required(body, 'refresh_token');
  const result = await completeRefresh(app, request, { refreshToken: body.refresh_token!, tenant: body.tenant });
  if (!result.ok) {
    if (result.reason === 'reused') {
      await app.resources.db.platform((tx) =>
        recordAudit(tx, result.row.tenant_id, {
          action: 'auth.refresh_token_reused',
          actorUserId: result.row.user_id,
          details: { family: result.row.family_id, ip: request.ip },
          requestId: request.id,
        }),
      );
    }
    throw new OAuthError('invalid_grant', 'The refresh token is invalid, expired or revoked');
  }
  return result.tokens;
}

/**
 * RFC 6749 §2.3.1 form-encodes the id and secret inside HTTP Basic; swagger-ui's "Authorize" sends
 * them as typed. A `%` that starts no escape is therefore read as itself, not refused with a 5xx.
 */
const formDecoded = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** RFC 6749 §2.3.1: client credentials in HTTP Basic (preferred) or in the body. */
function clientCredentials(request: FastifyRequest, body: TokenRequest) {
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(request.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { id: formDecoded(decoded.slice(0, colon)), secret: formDecoded(decoded.slice(colon + 1)), basic: true };
  }
  return { id: body.client_id, secret: body.client_secret, basic: false };
}

async function clientCredentialsGrant(app: FastifyInstance, request: FastifyRequest, body: TokenRequest): Promise<TokenResponse> {
  const { id, secret, basic } = clientCredentials(request, body);
  const fail = () => {
    const error = new OAuthError('invalid_client', 'Client authentication failed');
    if (basic) Object.assign(error, { challenge: 'Basic realm="kheti"' });
    return error;
  };
  if (!id || !secret || !/^[0-9a-f-]{36}$/i.test(id)) throw fail();
  const client = await app.resources.db.platform((tx) => findLiveClient(tx, id));
  if (!client || !clientSecretMatches(secret, client.secret_hash)) throw fail();
  const accessToken = await signAccessToken(app.identity.tokens, {
    sub: `client:${client.id}`,
    tid: client.tenant_id,
    role: client.role,
    scope: '',
  });
  return { access_token: accessToken, token_type: 'Bearer', expires_in: app.identity.tokens.ttlSeconds, tenant_id: client.tenant_id };
}

async function firebaseGrant(
  app: FastifyInstance,
  request: FastifyRequest,
  body: TokenRequest,
): Promise<TokenResponse & { issued_token_type: string }> {
  required(body, 'subject_token', 'subject_token_type');
  if (!ID_TOKEN_TYPES.includes(body.subject_token_type!)) {
    throw new OAuthError('invalid_request', `subject_token_type must be one of ${ID_TOKEN_TYPES.join(', ')}`);
  }
  const verifier = app.outside.firebase;
  if (!verifier) throw new OAuthError('unsupported_grant_type', 'Firebase sign-in is not configured (FIREBASE_PROJECT_ID)');
  let identity: Awaited<ReturnType<typeof verifier.verify>>;
  try {
    identity = await verifier.verify(body.subject_token!);
  } catch (error) {
    if (!(error instanceof FirebaseTokenError)) throw error;
    request.log.info({ reason: error.reason }, 'Firebase ID token refused');
    throw new OAuthError('invalid_grant', 'The Firebase ID token is not valid for this project');
  }
  const userId = await linkFirebaseUser(app, identity);
  const tokens = await completeSignIn(app, request, { userId, tenant: body.tenant, method: 'firebase' });
  return { ...tokens, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token' };
}

export async function revokeByToken(app: FastifyInstance, request: FastifyRequest, token: string, reason: string, ownerId?: string) {
  await app.resources.db.platform(async (tx) => {
    const family = await familyOf(tx, token);
    if (!family || (ownerId && family.userId !== ownerId)) return;
    await revokeFamily(tx, family.familyId, reason);
    await recordAudit(tx, family.tenantId, { action: `auth.${reason}`, actorUserId: family.userId, requestId: request.id });
  });
}
