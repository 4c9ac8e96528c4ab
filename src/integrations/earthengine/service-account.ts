import { readFile } from 'node:fs/promises';
import { importPKCS8, SignJWT, type CryptoKey } from 'jose';
import Value from 'typebox/value';
import { createOutbound } from '../../infra/outbound/index.js';
import { ImageryError } from '../imagery/source.js';
import { PROVIDER, parseJson, send } from './http.js';
import { EARTH_ENGINE_SCOPE, JWT_BEARER_GRANT_TYPE, OAuthErrorSchema, ServiceAccountKeySchema, TokenResponseSchema } from './schema.js';

/**
 * Service-account sign-in for Earth Engine: the OAuth 2.0 JWT bearer grant (RFC 7523) as Google
 * documents it for server-to-server applications
 * (developers.google.com/identity/protocols/oauth2/service-account, "Preparing to make an
 * authorized API call" › HTTP/REST):
 * - header `{"alg": "RS256", "typ": "JWT"}`; Google's own client libraries also send
 *   `"kid": <private_key_id>`, which tells Google which of the account's keys signed;
 * - claims `iss` = the account's email, `scope` = space-separated scopes (Earth Engine accepts
 *   https://www.googleapis.com/auth/earthengine), `aud` = the token endpoint
 *   ("always https://oauth2.googleapis.com/token"), `iat` and `exp`, where exp "has a maximum of
 *   1 hour after the issued time";
 * - signed with the key file's `private_key` (RSASSA-PKCS1-v1_5 with SHA-256);
 * - `POST <token endpoint>` form-encoded `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&
 *   assertion=<JWT>`, answered by `{"access_token", "expires_in", "token_type": "Bearer"}`;
 * - the token is then sent as `Authorization: Bearer <access_token>` until it expires; the
 *   documented flow has no refresh token, it signs a new assertion instead.
 * The Earth Engine guide (developers.google.com/earth-engine/guides/service_account) adds that the
 * account must be registered to use Earth Engine (its Cloud project registered, with the Earth
 * Engine API enabled).
 *
 * Nothing here ever puts the key, the assertion or a token into an error message or a log line.
 */

export interface ServiceAccountKey {
  clientEmail: string;
  privateKeyId: string;
  /** The key file's own token endpoint, used only when no tokenUrl is configured. */
  tokenUri?: string;
  key: CryptoKey;
}

export interface AccessTokenSource {
  /** A valid access token: the cached one, or a new sign-in shared by every concurrent caller. */
  getAccessToken(signal?: AbortSignal): Promise<string>;
  /** Forget the cached token, e.g. after Earth Engine answered 401 to it. */
  invalidate(): void;
}

export interface ServiceAccountOptions {
  /** Path of the JSON key file (GOOGLE_APPLICATION_CREDENTIALS). Read on first use. */
  credentialsFile: string;
  /** Token endpoint and JWT audience; default the key file's token_uri, else Google's. */
  tokenUrl?: string;
  scope?: string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; tests move it to expire tokens. */
  now?: () => number;
  timeoutMs?: number;
  /** A token is renewed this long before it expires, so no request leaves with a dying one. */
  refreshMarginMs?: number;
}

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** "exp … has a maximum of 1 hour after the issued time". */
export const ASSERTION_LIFETIME_SECONDS = 3600;
const DEFAULT_REFRESH_MARGIN_MS = 60_000;

const unauthorized = (message: string, status?: number) => new ImageryError(PROVIDER, 'unauthorized', message, status);

/**
 * Reads and checks a service-account key file. Failures name the variable, not the file's path or
 * content: a wrong path can be fixed from the message, and the content is a secret.
 */
export async function readServiceAccountKey(path: string): Promise<ServiceAccountKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw unauthorized(
      `the service-account key file (GOOGLE_APPLICATION_CREDENTIALS) cannot be read (${typeof code === 'string' ? code : 'error'})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    throw unauthorized('the service-account key file (GOOGLE_APPLICATION_CREDENTIALS) is not JSON');
  }
  if (!Value.Check(ServiceAccountKeySchema, json) || (json.type !== undefined && json.type !== 'service_account')) {
    throw unauthorized(
      'the file named by GOOGLE_APPLICATION_CREDENTIALS is not a service-account key (it needs type "service_account", client_email, private_key and private_key_id)',
    );
  }
  let key: CryptoKey;
  try {
    key = await importPKCS8(json.private_key, 'RS256');
  } catch {
    throw unauthorized('the private_key of the service-account key file is not a PKCS#8 RSA private key');
  }
  return {
    clientEmail: json.client_email,
    privateKeyId: json.private_key_id,
    ...(json.token_uri ? { tokenUri: json.token_uri } : {}),
    key,
  };
}

interface CachedToken {
  value: string;
  /** When to stop handing it out (expiry minus the margin), in ms since the epoch. */
  renewAt: number;
}

/** An access-token source for one service account: cached, single-flight, renewed before expiry. */
export function createServiceAccountTokenSource(options: ServiceAccountOptions): AccessTokenSource {
  const now = options.now ?? Date.now;
  const outbound = createOutbound({
    upstream: "Google's token endpoint",
    timeoutMs: options.timeoutMs ?? 10_000,
    now,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const margin = options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS;
  const scope = options.scope ?? EARTH_ENGINE_SCOPE;
  let keyPromise: Promise<ServiceAccountKey> | undefined;
  let cached: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;

  const loadKey = () => {
    // A failed read is not kept: the file may be mounted or fixed while the process runs.
    keyPromise ??= readServiceAccountKey(options.credentialsFile).catch((error: unknown) => {
      keyPromise = undefined;
      throw error;
    });
    return keyPromise;
  };

  async function signIn(): Promise<CachedToken> {
    const account = await loadKey();
    const tokenUrl = options.tokenUrl ?? account.tokenUri ?? GOOGLE_TOKEN_URL;
    const issuedAt = Math.floor(now() / 1000);
    const assertion = await new SignJWT({ scope })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: account.privateKeyId })
      .setIssuer(account.clientEmail)
      .setAudience(tokenUrl)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
      .sign(account.key);
    const { response, body } = await send(
      outbound,
      new URL(tokenUrl),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion }).toString(),
      },
      { what: "Google's token endpoint" },
    );
    const json = parseJson(body);
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      // Google's error codes (invalid_grant, invalid_client, unauthorized_client …) are fixed
      // words; the free-text description is left out, it might quote the assertion.
      const code = Value.Check(OAuthErrorSchema, json) && /^[a-z_]{1,40}$/.test(json.error) ? ` ${json.error}` : '';
      throw unauthorized(
        `Google refused the service-account sign-in (${response.status}${code}): check that the key is current and the account is registered for Earth Engine`,
        response.status,
      );
    }
    if (!response.ok) {
      throw new ImageryError(PROVIDER, 'upstream_status', `Google's token endpoint answered ${response.status}`, response.status);
    }
    if (!Value.Check(TokenResponseSchema, json) || json.token_type.toLowerCase() !== 'bearer') {
      throw new ImageryError(PROVIDER, 'invalid_response', "Google's token endpoint answered something other than a bearer token");
    }
    const lifetimeMs = json.expires_in * 1000;
    // A token shorter-lived than twice the margin is used for its first half only.
    return { value: json.access_token, renewAt: now() + Math.max(lifetimeMs - margin, lifetimeMs / 2) };
  }

  return {
    async getAccessToken(signal) {
      if (cached && now() < cached.renewAt) return cached.value;
      if (!inflight) {
        inflight = signIn()
          .then((token) => (cached = token))
          .finally(() => {
            inflight = undefined;
          });
      }
      // The shared sign-in runs on its own timeout; one caller giving up does not fail the others.
      return (await abortable(inflight, signal)).value;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new ImageryError(PROVIDER, 'timeout', 'the sign-in to Earth Engine was cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ImageryError(PROVIDER, 'timeout', 'the sign-in to Earth Engine was cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
