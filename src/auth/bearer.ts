import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import { findActiveUserRole } from './identity-repository.js';
import { findLiveClientRole } from './oauth-clients.js';
import type { Authenticator, Principal } from './principal.js';
import { InvalidTokenError, type VerifiedAccessClaims } from './tokens.js';
import { createTokenVerifier } from './verified-tokens.js';
import { type KeptPrincipal, type KeptRights, keptRights } from './kept-rights.js';

// The scheme name is case-insensitive (RFC 7235 §2.1): "bearer" and "BEARER" name it too.
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

export const invalidToken = (detail: string) =>
  new AppError('unauthorized', detail, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });

/** A verified access token: who holds it, with their current rights, and when it stops being valid. */
export interface AccessTokenHolder {
  principal: Principal;
  /** Epoch milliseconds of the token's `exp`. */
  expiresAt: number;
}

/**
 * Turns an access token into its holder, or throws a 401 problem. The signature proves who the
 * caller is (checked once per token and process, see verified-tokens.ts); their rights come from
 * the database (one primary-key lookup, on the primary, in one round trip), so a removed member or
 * a changed role takes effect long before the token expires: on every call without `kept`, and
 * with it within the kept rights' bound (kept-rights.ts: at once in this process, within 15 s in
 * others, never past the token's expiry). A long-lived connection calls it again, without `kept`,
 * to learn whether its holder's rights still stand.
 */
export function createAccessTokenResolver(app: FastifyInstance, kept?: KeptRights): (token: string) => Promise<AccessTokenHolder> {
  const verifier = createTokenVerifier(app.identity.tokens);
  // Rights must be current: never a replica that may not have replayed a removal yet.
  const rights = { readOnly: true, primaryOnly: true };
  const principalOf = async (claims: VerifiedAccessClaims): Promise<Principal> => {
    const tenantId = claims.tid ?? null;
    const scopes = claims.scope ? claims.scope.split(' ') : [];
    const found = kept?.get(claims.sub, tenantId);
    if (found) return { ...found, scopes };
    const read = () => rightsOf(claims, tenantId);
    return { ...(kept ? await kept.read(claims.sub, tenantId, claims.exp * 1000, read) : await read()), scopes };
  };
  const rightsOf = async (claims: VerifiedAccessClaims, tenantId: string | null): Promise<KeptPrincipal> => {
    if (claims.sub.startsWith('client:')) {
      const clientId = claims.sub.slice('client:'.length);
      const client = await app.resources.db.platform((tx) => findLiveClientRole(tx, clientId, tenantId), rights);
      if (!client) throw invalidToken('The client has been revoked');
      return { userId: client.created_by ?? clientId, clientId, tenantId, role: client.role };
    }

    const current = await app.resources.db.platform((tx) => findActiveUserRole(tx, claims.sub, tenantId), rights);
    if (!current) throw invalidToken('The account is not active');
    if (current.is_platform_admin) return { userId: claims.sub, tenantId, role: 'platform_admin' };
    if (tenantId === null) return { userId: claims.sub, tenantId, role: 'user' };
    if (!current.role) throw invalidToken('You are no longer a member of this tenant');
    return { userId: claims.sub, tenantId, role: current.role };
  };
  return async (token) => {
    let claims: VerifiedAccessClaims;
    try {
      claims = await verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw invalidToken('The access token is invalid or expired');
      throw error;
    }
    return { principal: await principalOf(claims), expiresAt: claims.exp * 1000 };
  };
}

/** Bearer access tokens in the Authorization header (see createAccessTokenResolver), with this process's kept rights. */
export function bearerAuthenticator(app: FastifyInstance, kept: KeptRights = keptRights): Authenticator {
  const resolve = createAccessTokenResolver(app, kept);
  return async (request: FastifyRequest): Promise<Principal | null> => {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    // HTTP Basic carries an OAuth client's credentials to /oauth/token (RFC 6749 §2.3.1): not ours to judge.
    if (/^Basic /i.test(header)) return null;
    const match = BEARER.exec(header);
    if (!match) throw invalidToken('The Authorization header must be "Bearer <access token>"');
    return (await resolve(match[1]!)).principal;
  };
}
