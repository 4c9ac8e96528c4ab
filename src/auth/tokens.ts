import { randomBytes } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { KeyStore } from './keys.js';
import type { Role } from './roles.js';

/** Every access token is for this API; a token minted for anything else is refused. */
export const ACCESS_TOKEN_AUDIENCE = 'kheti-api';

export interface AccessClaims {
  /** The user id, or `client:<id>` for an OAuth client. */
  sub: string;
  /** The tenant the token is for; absent for a platform administrator's platform token. */
  tid?: string;
  role: Role;
  scope: string;
}

export interface TokenSettings {
  keys: KeyStore;
  issuer: string;
  ttlSeconds: number;
}

export async function signAccessToken(settings: TokenSettings, claims: AccessClaims): Promise<string> {
  const key = await settings.keys.current();
  const payload: JWTPayload = { role: claims.role, scope: claims.scope, ...(claims.tid ? { tid: claims.tid } : {}) };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'at+jwt' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${settings.ttlSeconds}s`)
    .setJti(randomBytes(16).toString('base64url'))
    .sign(key.privateKey);
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Clock skew allowed between the machines that sign and verify, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** A verified token's claims, with the key that signed it and its issue time. */
export type VerifiedAccessClaims = AccessClaims & { jti: string; exp: number; iat: number; kid: string };

/**
 * Verifies an access token: ES256 only (no `none`, no HMAC with a public key), a `kid` we issued,
 * our issuer and audience, within its lifetime (`exp`, `nbf`, 30 s of clock skew), issued no later
 * than now and living no longer than the configured lifetime (we never sign such a token, so one
 * that claims it was minted elsewhere with our key), claims of the right shape. Any failure is one
 * InvalidTokenError: callers answer 401 without detail.
 */
export async function verifyAccessToken(settings: TokenSettings, token: string, currentDate?: Date): Promise<VerifiedAccessClaims> {
  try {
    const { kid, alg } = decodeProtectedHeader(token);
    if (alg !== 'ES256' || typeof kid !== 'string') throw new InvalidTokenError('unexpected algorithm or no key id');
    const key = await settings.keys.verificationKey(kid);
    if (!key) throw new InvalidTokenError('unknown key id');
    const { payload } = await jwtVerify(token, key, {
      algorithms: ['ES256'],
      issuer: settings.issuer,
      audience: ACCESS_TOKEN_AUDIENCE,
      typ: 'at+jwt',
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // Also refuses an `iat` in the future (beyond the tolerance).
      maxTokenAge: settings.ttlSeconds,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      ...(currentDate ? { currentDate } : {}),
    });
    const { sub, tid, role, scope, jti, exp, iat } = payload as JWTPayload & Partial<AccessClaims>;
    if (exp! - iat! > settings.ttlSeconds + CLOCK_TOLERANCE_SECONDS) throw new InvalidTokenError('lifetime beyond the configured one');
    if (
      typeof sub !== 'string' ||
      typeof role !== 'string' ||
      typeof scope !== 'string' ||
      (tid !== undefined && typeof tid !== 'string')
    ) {
      throw new InvalidTokenError('malformed claims');
    }
    return { sub, tid, role, scope, jti: jti!, exp: exp!, iat: iat!, kid };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof errors.JOSEError || error instanceof TypeError || error instanceof SyntaxError) {
      throw new InvalidTokenError((error as Error).message);
    }
    throw error;
  }
}
