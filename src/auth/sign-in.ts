import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OAuthError } from '../errors.js';
import { recordAudit } from './audit.js';
import {
  findTenantId,
  findUserStanding,
  listMembershipsOfUser,
  rememberLastTenant,
  type MembershipOfUserRow,
} from './identity-repository.js';
import type { Role } from './roles.js';
import { issueRefreshToken, redeemRefreshToken, type RedeemResult } from './refresh-tokens.js';
import { signAccessToken } from './tokens.js';
import type { Tx } from '../infra/db/index.js';

/** The OAuth 2.0 token response (RFC 6749 §5.1), as every sign-in route answers it. */
export const TokenResponseSchema = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  refresh_token: Type.Optional(Type.String()),
  scope: Type.Optional(Type.String()),
  tenant_id: Type.Optional(Type.String()),
  issued_token_type: Type.Optional(Type.String()),
});

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  /** The tenant the access token is for, when there is one. */
  tenant_id?: string;
}

export interface SignInInput {
  userId: string;
  /** A tenant id or slug; a user in exactly one tenant needs none. */
  tenant?: string;
  method: 'password' | 'firebase' | 'otp';
}

interface Grant {
  userId: string;
  tenant?: string;
  method: SignInInput['method'] | 'refresh_token';
  /** Set when refreshing: the new refresh token joins this family. */
  familyId?: string;
}

interface Granted {
  tenantId: string | null;
  role: Role;
  refreshToken: string;
}

/**
 * The one place tokens are issued to a person, whatever proved who they are: resolves the tenant
 * and the person's role in it, issues the access and refresh tokens, and audits the sign-in.
 * With several tenants and none named, the token has no tenant (role `user`): enough to read
 * /v1/me and pick one with the refresh_token grant and `tenant`. A phone sign-in is the farmer's
 * app, which works in one tenant: it goes to the tenant the person last signed in to (see
 * phoneSignInTenant), unless it names another.
 */
export async function completeSignIn(app: FastifyInstance, request: FastifyRequest, input: SignInInput): Promise<TokenResponse> {
  const granted = await app.resources.db.platform((tx) => grant(app, request, tx, input));
  return tokenResponse(app, input.userId, granted);
}

/**
 * The refresh_token grant: redeems the presented token and issues its successor in one
 * transaction, under the family's lock (refresh-tokens.ts), so that the same token presented
 * again at the same moment finds it used and revokes the family with the successor in it.
 * A refusal is returned, not thrown, so that a revocation for reuse is committed.
 */
export async function completeRefresh(
  app: FastifyInstance,
  request: FastifyRequest,
  input: { refreshToken: string; tenant?: string },
): Promise<{ ok: true; tokens: TokenResponse } | Exclude<RedeemResult, { ok: true }>> {
  const outcome = await app.resources.db.platform(async (tx) => {
    const redeemed = await redeemRefreshToken(tx, input.refreshToken);
    if (!redeemed.ok) return redeemed;
    const { row } = redeemed;
    try {
      const granted = await grant(app, request, tx, {
        userId: row.user_id,
        tenant: input.tenant ?? row.tenant_id ?? undefined,
        method: 'refresh_token',
        familyId: row.family_id,
      });
      return { ok: true as const, userId: row.user_id, granted };
    } catch (error) {
      // Refused after all (account disabled, not a member of the tenant asked for): the
      // presented token stays used, as any redeemed token does.
      if (error instanceof OAuthError) return { ok: true as const, refused: error };
      throw error;
    }
  });
  if (!outcome.ok) return outcome;
  if ('refused' in outcome) throw outcome.refused;
  return { ok: true, tokens: await tokenResponse(app, outcome.userId, outcome.granted) };
}

async function grant(app: FastifyInstance, request: FastifyRequest, tx: Tx, input: Grant): Promise<Granted> {
  const { identity } = app;
  const scope = '';
  const user = await findUserStanding(tx, input.userId);
  if (!user || user.disabled_at) throw new OAuthError('invalid_grant', 'The account is not active');

  const memberships = await listMembershipsOfUser(tx, input.userId);
  let tenantId: string | null = null;
  let role: Role = user.is_platform_admin ? 'platform_admin' : 'user';
  if (input.tenant) {
    const match = memberships.find((m) => m.tenant_id === input.tenant || m.slug === input.tenant);
    if (match) {
      tenantId = match.tenant_id;
      role = user.is_platform_admin ? 'platform_admin' : match.role;
    } else if (user.is_platform_admin) {
      const namedTenantId = await findTenantId(tx, input.tenant);
      if (!namedTenantId) throw new OAuthError('invalid_request', 'No such tenant');
      tenantId = namedTenantId;
    } else {
      throw new OAuthError('invalid_grant', 'You are not a member of that tenant');
    }
  } else if (!user.is_platform_admin && (memberships.length === 1 || (input.method === 'otp' && memberships.length > 1))) {
    const chosen = memberships.length === 1 ? memberships[0]! : phoneSignInTenant(memberships, user.last_tenant_id);
    tenantId = chosen.tenant_id;
    role = chosen.role;
  }
  if (tenantId && !user.is_platform_admin) await rememberLastTenant(tx, input.userId, tenantId);

  const refreshToken = await issueRefreshToken(tx, {
    userId: input.userId,
    tenantId,
    scope,
    familyId: input.familyId,
    ttlDays: identity.refreshTokenTtlDays,
  });
  if (input.method !== 'refresh_token') {
    const event = {
      action: 'auth.sign_in',
      actorUserId: input.userId,
      details: { method: input.method, ip: request.ip },
      requestId: request.id,
    };
    await recordAudit(tx, tenantId, event);
  }
  return { tenantId, role, refreshToken };
}

/**
 * The tenant of a phone sign-in that names none, for a person in several: the one they last signed
 * in to, else the one they joined first (a farmer's own organisation, before any other invited them).
 */
function phoneSignInTenant(memberships: MembershipOfUserRow[], lastTenantId: string | null): MembershipOfUserRow {
  const last = memberships.find((m) => m.tenant_id === lastTenantId);
  if (last) return last;
  return memberships.reduce((first, m) => (m.created_at < first.created_at ? m : first));
}

// Signed after the transaction: loading the signing keys opens a transaction of its own, which
// on PGlite (one connection) would wait forever behind the one still open here.
async function tokenResponse(app: FastifyInstance, userId: string, granted: Granted): Promise<TokenResponse> {
  const { identity } = app;
  const { tenantId, role, refreshToken } = granted;
  const accessToken = await signAccessToken(identity.tokens, { sub: userId, tid: tenantId ?? undefined, role, scope: '' });
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: identity.tokens.ttlSeconds,
    refresh_token: refreshToken,
    ...(tenantId ? { tenant_id: tenantId } : {}),
  };
}
