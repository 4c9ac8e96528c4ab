import { createLocalJWKSet, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import { createOutbound, type Outbound } from '../../infra/outbound/index.js';

/**
 * Verifies Firebase Auth ID tokens with plain JWT checks (no Admin SDK), following
 * firebase.google.com/docs/auth/admin/verify-id-tokens. Revocation and disabled users are not
 * visible this way; see README.md next to this file.
 */

/** Google's signing keys for Firebase ID tokens, in JWKS form. */
export const FIREBASE_JWKS_URL_DEFAULT = 'https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com';

export const FIREBASE_ISSUER_PREFIX = 'https://securetoken.google.com/';

export interface FirebaseIdentity {
  uid: string;
  email?: string;
  emailVerified: boolean;
  phoneNumber?: string;
  signInProvider?: string;
  /** Seconds since the epoch at which the user signed in. */
  authTime: number;
}

export type FirebaseTokenErrorReason =
  | 'invalid_token'
  | 'unsupported_algorithm'
  | 'invalid_signature'
  | 'wrong_project'
  | 'wrong_issuer'
  | 'expired'
  | 'issued_in_future'
  | 'invalid_claims'
  | 'unknown_key'
  | 'keys_unavailable';

/** Every verification failure. The message is safe to log; it never contains the token. */
export class FirebaseTokenError extends Error {
  override name = 'FirebaseTokenError';
  constructor(
    readonly reason: FirebaseTokenErrorReason,
    message: string,
  ) {
    super(message);
  }
}

export interface FirebaseVerifierOptions {
  projectId: string;
  jwksUrl: string;
  /** Allowed clock skew in seconds for exp/iat/auth_time. Default 60. */
  clockToleranceSec?: number;
  fetch?: typeof fetch;
  /** Current time in milliseconds; injectable so tests can move the clock. */
  now?: () => number;
  /** Give up on a JWKS fetch after this long. Default 3000. */
  fetchTimeoutMs?: number;
  /** Minimum time between JWKS refetches after the first one. Default 30. */
  refetchCooldownSec?: number;
}

export interface FirebaseVerifier {
  verify(idToken: string): Promise<FirebaseIdentity>;
}

const DEFAULT_TTL_SEC = 60 * 60;
const MAX_TTL_SEC = 24 * 60 * 60;
// Firebase ID tokens are around 1 KB; anything far larger is not one and is not worth parsing.
const MAX_TOKEN_LENGTH = 16 * 1024;
const MAX_UID_LENGTH = 128;

export function createFirebaseVerifier(options: FirebaseVerifierOptions): FirebaseVerifier {
  const { projectId } = options;
  if (!projectId) throw new Error('Firebase project id is required');
  const issuer = `${FIREBASE_ISSUER_PREFIX}${projectId}`;
  const tolerance = options.clockToleranceSec ?? 60;
  const now = options.now ?? Date.now;
  const keys = createKeyCache({
    url: options.jwksUrl,
    // No retries: the key cache has its own pace (the cooldown) and keeps a stale set meanwhile.
    outbound: createOutbound({
      upstream: 'the Firebase key server',
      timeoutMs: options.fetchTimeoutMs ?? 3000,
      retries: 0,
      now,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    }),
    now,
    cooldownMs: (options.refetchCooldownSec ?? 30) * 1000,
  });

  return {
    async verify(idToken) {
      if (typeof idToken !== 'string' || idToken.length === 0 || idToken.length > MAX_TOKEN_LENGTH) {
        throw new FirebaseTokenError('invalid_token', 'ID token is missing or malformed');
      }
      // The header is read before any key lookup so that junk and alg-confusion attempts never
      // cause a JWKS fetch.
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(idToken);
      } catch {
        throw new FirebaseTokenError('invalid_token', 'ID token is malformed');
      }
      if (header.alg !== 'RS256') {
        throw new FirebaseTokenError('unsupported_algorithm', 'ID token must be signed with RS256');
      }
      if (typeof header.kid !== 'string' || header.kid.length === 0) {
        throw new FirebaseTokenError('invalid_token', 'ID token has no key id');
      }

      const keySet = await keys.forKid(header.kid);
      const nowMs = now();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(idToken, keySet, {
          algorithms: ['RS256'],
          issuer,
          audience: projectId,
          clockTolerance: tolerance,
          currentDate: new Date(nowMs),
          requiredClaims: ['exp', 'iat', 'sub'],
        }));
      } catch (error) {
        throw translateJoseError(error);
      }
      // jose accepts an aud array that merely contains the project; Firebase issues a single string.
      if (payload.aud !== projectId) throw new FirebaseTokenError('wrong_project', 'ID token is for another Firebase project');
      return toIdentity(payload, Math.floor(nowMs / 1000) + tolerance);
    },
  };
}

function toIdentity(payload: JWTPayload, latestAllowedSec: number): FirebaseIdentity {
  const { sub, iat } = payload;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_UID_LENGTH) {
    throw new FirebaseTokenError('invalid_claims', 'ID token "sub" must be a non-empty string of at most 128 characters');
  }
  // jose only checks that iat is in the past when maxTokenAge is set, so both times are checked here.
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    throw new FirebaseTokenError('invalid_claims', 'ID token "iat" is missing');
  }
  if (iat > latestAllowedSec) throw new FirebaseTokenError('issued_in_future', 'ID token "iat" is in the future');
  const authTime = payload.auth_time;
  if (typeof authTime !== 'number' || !Number.isFinite(authTime)) {
    throw new FirebaseTokenError('invalid_claims', 'ID token "auth_time" is missing');
  }
  if (authTime > latestAllowedSec) {
    throw new FirebaseTokenError('issued_in_future', 'ID token "auth_time" is in the future');
  }

  const firebase = isRecord(payload.firebase) ? payload.firebase : {};
  const identity: FirebaseIdentity = { uid: sub, emailVerified: payload.email_verified === true, authTime };
  if (typeof payload.email === 'string') identity.email = payload.email;
  if (typeof payload.phone_number === 'string') identity.phoneNumber = payload.phone_number;
  if (typeof firebase.sign_in_provider === 'string') identity.signInProvider = firebase.sign_in_provider;
  return identity;
}

function translateJoseError(error: unknown): FirebaseTokenError {
  if (error instanceof FirebaseTokenError) return error;
  if (error instanceof errors.JWTExpired) return new FirebaseTokenError('expired', 'ID token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return new FirebaseTokenError('wrong_project', 'ID token is for another Firebase project');
    if (error.claim === 'iss') {
      // Another project's token carries a securetoken issuer for that project; anything else is
      // not a Firebase ID token at all. Both are rejected; the reason only helps diagnosis.
      const iss = error.payload.iss;
      return typeof iss === 'string' && iss.startsWith(FIREBASE_ISSUER_PREFIX)
        ? new FirebaseTokenError('wrong_project', 'ID token is for another Firebase project')
        : new FirebaseTokenError('wrong_issuer', 'ID token was not issued by Firebase Auth');
    }
    if (error.claim === 'nbf') return new FirebaseTokenError('issued_in_future', 'ID token is not valid yet');
    return new FirebaseTokenError('invalid_claims', `ID token claim "${error.claim}" is invalid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new FirebaseTokenError('invalid_signature', 'ID token signature is invalid');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new FirebaseTokenError('unsupported_algorithm', 'ID token must be signed with RS256');
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new FirebaseTokenError('unknown_key', 'ID token was signed with an unknown key');
  }
  return new FirebaseTokenError('invalid_token', 'ID token is malformed');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------------------------
// JWKS cache

interface KeyCacheOptions {
  url: string;
  outbound: Outbound;
  now: () => number;
  cooldownMs: number;
}

interface CachedKeys {
  kids: Set<string>;
  resolve: ReturnType<typeof createLocalJWKSet>;
  expiresAt: number;
}

/**
 * Holds Google's key set for as long as its Cache-Control allows. Every fetch after the first is
 * rate-limited by the cooldown, whatever triggered it (expiry, an unknown kid, a previous failure):
 * tokens are attacker-controlled, so a stream of made-up kids must not turn into a stream of
 * requests to Google, and an outage must not make every sign-in wait for a timeout.
 */
function createKeyCache(options: KeyCacheOptions) {
  let cached: CachedKeys | null = null;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<CachedKeys> | null = null;

  // Concurrent callers share one fetch; the cooldown clock starts when it starts.
  const refresh = (): Promise<CachedKeys> => {
    if (inFlight) return inFlight;
    lastAttemptAt = options.now();
    inFlight = (async () => {
      try {
        cached = await fetchKeys(options);
        return cached;
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  const mayRefetch = () => inFlight !== null || options.now() - lastAttemptAt >= options.cooldownMs;

  return {
    async forKid(kid: string): Promise<CachedKeys['resolve']> {
      let current = cached;
      if (!current || current.expiresAt <= options.now()) {
        if (mayRefetch()) {
          try {
            current = await refresh();
          } catch {
            // A stale set is still Google's keys; they rotate slowly and old keys stay published
            // for a while, so using it beats rejecting every sign-in while the fetch fails.
            current = cached;
          }
        }
        if (!current) throw new FirebaseTokenError('keys_unavailable', 'Firebase signing keys are unavailable');
      }
      if (current.kids.has(kid)) return current.resolve;

      // A kid we have not seen may be a freshly rotated key.
      if (!mayRefetch()) throw new FirebaseTokenError('unknown_key', 'ID token was signed with an unknown key');
      try {
        current = await refresh();
      } catch {
        throw new FirebaseTokenError('keys_unavailable', 'Firebase signing keys are unavailable');
      }
      if (current.kids.has(kid)) return current.resolve;
      throw new FirebaseTokenError('unknown_key', 'ID token was signed with an unknown key');
    },
  };
}

async function fetchKeys(options: KeyCacheOptions): Promise<CachedKeys> {
  const response = await options.outbound.request(options.url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`JWKS fetch answered ${response.status}`);
  const body: unknown = JSON.parse(response.text());
  if (!isRecord(body) || !Array.isArray(body.keys)) throw new Error('JWKS response has no keys array');
  // Only keys that can verify RS256 signatures are kept, so the local set can never be steered
  // towards another key type or algorithm.
  const keys = (body.keys as unknown[]).filter(
    (key): key is JWK & { kid: string } =>
      isRecord(key) &&
      key.kty === 'RSA' &&
      typeof key.kid === 'string' &&
      key.kid.length > 0 &&
      typeof key.n === 'string' &&
      typeof key.e === 'string' &&
      (key.alg === undefined || key.alg === 'RS256') &&
      (key.use === undefined || key.use === 'sig'),
  );
  if (keys.length === 0) throw new Error('JWKS response has no usable RS256 keys');
  const set: JSONWebKeySet = { keys };
  return {
    kids: new Set(keys.map((key) => key.kid)),
    resolve: createLocalJWKSet(set),
    expiresAt: options.now() + maxAgeSeconds(response.headers.get('cache-control')) * 1000,
  };
}

/** Seconds the key set may be cached: Cache-Control max-age, 1 h when absent, never over 24 h. */
export function maxAgeSeconds(cacheControl: string | null): number {
  const match = cacheControl ? /(?:^|[,\s])max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl) : null;
  const seconds = match ? Number(match[1]) : DEFAULT_TTL_SEC;
  return Math.min(Math.max(seconds, 0), MAX_TTL_SEC);
}
