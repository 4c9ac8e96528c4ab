import { createHash } from 'node:crypto';
import { CLOCK_TOLERANCE_SECONDS, type TokenSettings, type VerifiedAccessClaims, verifyAccessToken } from './tokens.js';

/**
 * Access tokens this process has verified, so that a caller's next request does not pay for an
 * ES256 signature check again (a fifth of a worker's CPU under load, more than the database).
 *
 * What keeps this as strict as verifying every time:
 *  - an entry is found only by the SHA-256 of the whole token, signature included: another token,
 *    or the same claims with another signature, is another key and is verified in full;
 *  - an entry is used only while full verification would still accept the token (before its `exp`
 *    and within the configured lifetime from `iat`, with the same clock tolerance), then dropped;
 *  - the key that signed it must still be one the key store answers for, as full verification asks;
 *  - only the token's own claims are kept. The caller's rights (membership, role, a disabled account)
 *    are read from the database on every request by the authenticator, after this.
 * Memory is bounded: past `maxEntries` the oldest entry goes.
 */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedAccessClaims>;
  /** How many tokens are held (for tests). */
  readonly size: number;
}

interface Entry {
  claims: VerifiedAccessClaims;
  /** Epoch ms after which full verification would refuse the token. */
  until: number;
}

export function createTokenVerifier(settings: TokenSettings, options: { maxEntries?: number; now?: () => number } = {}): TokenVerifier {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  return {
    get size() {
      return entries.size;
    },
    async verify(token) {
      const hash = createHash('sha256').update(token).digest('base64url');
      const entry = entries.get(hash);
      if (entry) {
        if (now() < entry.until && (await settings.keys.verificationKey(entry.claims.kid))) return entry.claims;
        entries.delete(hash);
      }
      // Verified in full at the same clock the entry is later judged by; refusals are not kept.
      const claims = await verifyAccessToken(settings, token, new Date(now()));
      const until = (Math.min(claims.exp, claims.iat + settings.ttlSeconds) + CLOCK_TOLERANCE_SECONDS) * 1000;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(hash, { claims, until });
      return claims;
    },
  };
}
