import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactSign, exportJWK, exportSPKI, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/**
 * A stand-in for Google's Firebase Auth key endpoint on 127.0.0.1, plus a minter of ID tokens
 * shaped like the ones Firebase issues. Tests point the verifier's JWKS URL at `stub.jwksUrl`, so
 * nothing leaves loopback.
 */

export const FIREBASE_JWKS_PATH = '/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com';
export const TEST_FIREBASE_PROJECT_ID = 'kheti-test';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public key as it appears in the JWKS. */
  publicJwk: JWK;
}

/** A fresh RS256 key pair with a Google-looking kid (40 hex characters). */
export async function generateSigningKey(kid = randomBytes(20).toString('hex')): Promise<SigningKey> {
  // Extractable so that the same RSA key can also sign with other algorithms (see signIdToken).
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk };
}

/** A 28-character uid like the ones Firebase assigns. */
export const randomUid = () => randomBytes(21).toString('base64url').slice(0, 28);

/**
 * Claims of a Firebase ID token for a phone + email user, issued a minute ago for an hour.
 * An override whose value is `undefined` removes that claim.
 */
export function firebaseClaims(projectId: string, overrides: Record<string, unknown> = {}, nowMs = Date.now()): Record<string, unknown> {
  const now = Math.floor(nowMs / 1000);
  const uid = typeof overrides.sub === 'string' ? overrides.sub : randomUid();
  const email = 'farmer@example.com';
  const phone = '+919800000001';
  const claims: Record<string, unknown> = {
    iss: `https://securetoken.google.com/${projectId}`,
    aud: projectId,
    auth_time: now - 300,
    user_id: uid,
    sub: uid,
    iat: now - 60,
    exp: now - 60 + 3600,
    email,
    email_verified: true,
    phone_number: phone,
    firebase: { identities: { phone: [phone], email: [email] }, sign_in_provider: 'phone' },
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS assembled by hand, for headers and signatures no honest library would produce. */
export function craftToken(header: Record<string, unknown>, claims: Record<string, unknown>, signature = ''): string {
  return `${b64url(header)}.${b64url(claims)}.${signature}`;
}

/**
 * The key-confusion attack: an HS256 token whose HMAC secret is the RSA public key's PEM, which
 * a verifier that lets the token pick the algorithm would accept.
 */
export async function keyConfusionToken(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  const pem = await exportSPKI(key.publicKey);
  const signingInput = `${b64url({ alg: 'HS256', kid: key.kid, typ: 'JWT' })}.${b64url(claims)}`;
  return `${signingInput}.${createHmac('sha256', pem).update(signingInput).digest('base64url')}`;
}

export interface MintOptions {
  /** Header kid; defaults to the signing key's kid. */
  kid?: string;
  /** RS256 by default; other RSA algorithms are signed with jose, `none` and `HS256` are crafted. */
  alg?: string;
  /** Signs with this key instead of the stub's current one (e.g. one it never published). */
  key?: SigningKey;
  /** Milliseconds; the base for iat/exp/auth_time, for tests that drive the verifier's clock. */
  now?: number;
}

/** Signs `claims` as a Firebase ID token would be signed. */
export async function signIdToken(claims: Record<string, unknown>, key: SigningKey, options: MintOptions = {}): Promise<string> {
  const alg = options.alg ?? 'RS256';
  const kid = options.kid ?? key.kid;
  if (alg === 'none') return craftToken({ alg: 'none', kid, typ: 'JWT' }, claims);
  if (alg === 'HS256') return keyConfusionToken({ ...key, kid }, claims);
  // WebCrypto binds a key to one algorithm, so another RSA algorithm needs the key re-imported.
  const privateKey = alg === 'RS256' ? key.privateKey : await importJWK(await exportJWK(key.privateKey), alg);
  return new CompactSign(Buffer.from(JSON.stringify(claims))).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey);
}

export type FailureMode = 'status' | 'hang' | null;

export interface FirebaseStub {
  projectId: string;
  baseUrl: string;
  jwksUrl: string;
  /** Requests the JWKS endpoint has received, answered or not. */
  readonly requests: number;
  /** The key new tokens are signed with (the most recently published). */
  readonly currentKey: SigningKey;
  /** Keys currently served in the JWKS. */
  readonly publishedKeys: SigningKey[];
  /** `Cache-Control: max-age` for later responses; `null` sends no Cache-Control at all. */
  setMaxAge(seconds: number | null): void;
  /** `status` answers 503, `hang` never answers, `null` serves normally. */
  setFailure(mode: FailureMode): void;
  /** Publishes a new key and signs with it from now on; the old ones stay published unless `retireOld`. */
  rotateKeys(options?: { retireOld?: boolean }): Promise<SigningKey>;
  mintIdToken(overrides?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startFirebaseStub(options: { projectId?: string; maxAgeSec?: number | null } = {}): Promise<FirebaseStub> {
  const projectId = options.projectId ?? TEST_FIREBASE_PROJECT_ID;
  let published: SigningKey[] = [await generateSigningKey()];
  let maxAge: number | null = options.maxAgeSec === undefined ? 3600 : options.maxAgeSec;
  let failure: FailureMode = null;
  let requests = 0;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method !== 'GET' || path !== FIREBASE_JWKS_PATH) {
      response.writeHead(404).end();
      return;
    }
    requests += 1;
    if (failure === 'hang') return; // closeAllConnections() in close() ends it.
    if (failure === 'status') {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
    // Google sends this shape: public, max-age=NNNNN, must-revalidate, no-transform.
    if (maxAge !== null) headers['cache-control'] = `public, max-age=${maxAge}, must-revalidate, no-transform`;
    response.writeHead(200, headers).end(JSON.stringify({ keys: published.map((key) => key.publicJwk) }));
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const stub: FirebaseStub = {
    projectId,
    baseUrl,
    jwksUrl: `${baseUrl}${FIREBASE_JWKS_PATH}`,
    get requests() {
      return requests;
    },
    get currentKey() {
      return published.at(-1)!;
    },
    get publishedKeys() {
      return [...published];
    },
    setMaxAge(seconds) {
      maxAge = seconds;
    },
    setFailure(mode) {
      failure = mode;
    },
    async rotateKeys({ retireOld = false } = {}) {
      const key = await generateSigningKey();
      published = retireOld ? [key] : [...published, key];
      return key;
    },
    mintIdToken(overrides = {}, mint = {}) {
      return signIdToken(firebaseClaims(projectId, overrides, mint.now), mint.key ?? stub.currentKey, mint);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return stub;
}
