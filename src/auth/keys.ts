import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Crypto } from '../infra/crypto.js';
import type { Db } from '../infra/db/index.js';

/**
 * The keys that sign access tokens (ES256). Generated on first start and kept in the database,
 * private halves sealed by envelope encryption; or one key given by configuration (JWT_SIGNING_KEY),
 * for deployments that manage keys outside Kheti. Rotation makes a new key the signer and retires
 * the old one, which stays published until every token it signed has expired.
 */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface KeyStore {
  /** The key that signs new tokens. */
  current(): Promise<SigningKey>;
  /** The public key for a `kid`, or undefined for a key we never had or have dropped. */
  verificationKey(kid: string): Promise<CryptoKey | undefined>;
  /** Public keys to publish: the current one and retired ones whose tokens may still be alive. */
  jwks(): Promise<{ keys: JWK[] }>;
  rotate(): Promise<string>;
}

const ALG = 'ES256';
/** How long a cached view of the keys is trusted before the database is read again. */
const REFRESH_MS = 60_000;

interface KeyRow {
  kid: string;
  public_jwk: JWK;
  private_sealed: string;
  created_at: Date;
  retired_at: Date | null;
}

export function createKeyStore(deps: { db: Db; crypto: Crypto; accessTokenTtlSeconds: number; configuredJwk?: string }): KeyStore {
  const { db, crypto } = deps;
  // A retired key is published for the lifetime of the tokens it signed, plus clock skew.
  const publishRetiredForMs = (deps.accessTokenTtlSeconds + 120) * 1000;

  if (deps.configuredJwk) return configuredKeyStore(JSON.parse(deps.configuredJwk) as JWK);

  const imported = new Map<string, Promise<CryptoKey>>();
  let cache: { at: number; signer: Promise<SigningKey>; publics: Map<string, { jwk: JWK; retiredAt: Date | null }> } | undefined;

  const load = async () => {
    const rows = await db.platform(async (tx) => {
      const existing = await tx.query<KeyRow>('SELECT * FROM signing_keys ORDER BY created_at DESC');
      if (existing.rows.some((row) => row.retired_at === null)) return existing.rows;
      // First start (or every key retired): make one. The lock keeps two starting processes from both doing it.
      await tx.query('SELECT pg_advisory_xact_lock(4823775303)');
      const again = await tx.query<KeyRow>('SELECT * FROM signing_keys ORDER BY created_at DESC');
      if (again.rows.some((row) => row.retired_at === null)) return again.rows;
      const row = await generateKeyRow(crypto);
      await tx.query('INSERT INTO signing_keys (kid, alg, public_jwk, private_sealed) VALUES ($1, $2, $3, $4)', [
        row.kid,
        ALG,
        JSON.stringify(row.public_jwk),
        row.private_sealed,
      ]);
      return [{ ...row, created_at: new Date(), retired_at: null }, ...again.rows];
    });
    const signerRow = rows.find((row) => row.retired_at === null)!;
    cache = {
      at: Date.now(),
      signer: crypto.open(signerRow.private_sealed, `signing-key:${signerRow.kid}`).then(async (privateJwk) => ({
        kid: signerRow.kid,
        privateKey: (await importJWK(JSON.parse(privateJwk) as JWK, ALG)) as CryptoKey,
        publicJwk: signerRow.public_jwk,
      })),
      publics: new Map(rows.map((row) => [row.kid, { jwk: row.public_jwk, retiredAt: row.retired_at }])),
    };
    return cache;
  };
  const fresh = async () => (cache && Date.now() - cache.at < REFRESH_MS ? cache : load());
  const publishable = (entry: { retiredAt: Date | null }) =>
    entry.retiredAt === null || Date.now() - entry.retiredAt.getTime() < publishRetiredForMs;

  return {
    current: async () => (await fresh()).signer,
    async verificationKey(kid) {
      let entry = (await fresh()).publics.get(kid);
      // A kid we have not seen may come from a rotation in another process: look once more.
      if (!entry && cache && Date.now() - cache.at > 1000) entry = (await load()).publics.get(kid);
      if (!entry || !publishable(entry)) return undefined;
      // Importing an EC key costs more than verifying a signature with it: import each kid once
      // (a kid names one key for good).
      let key = imported.get(kid);
      if (!key) imported.set(kid, (key = importJWK(entry.jwk, ALG) as Promise<CryptoKey>));
      return key;
    },
    async jwks() {
      const { publics } = await fresh();
      return { keys: [...publics.values()].filter(publishable).map((entry) => entry.jwk) };
    },
    async rotate() {
      const row = await generateKeyRow(crypto);
      await db.platform(async (tx) => {
        await tx.query('UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL');
        await tx.query('INSERT INTO signing_keys (kid, alg, public_jwk, private_sealed) VALUES ($1, $2, $3, $4)', [
          row.kid,
          ALG,
          JSON.stringify(row.public_jwk),
          row.private_sealed,
        ]);
      });
      await load();
      return row.kid;
    },
  };
}

async function generateKeyRow(crypto: Crypto) {
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `k-${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('base64url')}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
  return { kid, public_jwk: publicJwk, private_sealed: await crypto.seal(JSON.stringify(privateJwk), `signing-key:${kid}`) };
}

function configuredKeyStore(privateJwk: JWK): KeyStore {
  const kid = privateJwk.kid!;
  const { d: _private, ...publicPart } = privateJwk;
  const publicJwk: JWK = { ...publicPart, alg: ALG, use: 'sig' };
  const signer = importJWK({ ...privateJwk, alg: ALG }, ALG).then((key) => ({ kid, privateKey: key as CryptoKey, publicJwk }));
  let verifier: Promise<CryptoKey> | undefined;
  return {
    current: () => signer,
    verificationKey: async (candidate) => (candidate === kid ? (verifier ??= importJWK(publicJwk, ALG) as Promise<CryptoKey>) : undefined),
    jwks: async () => ({ keys: [publicJwk] }),
    rotate: async () => {
      throw new Error('the signing key comes from JWT_SIGNING_KEY: rotate it where it is managed');
    },
  };
}
