import type { Config } from '../config.js';
import { openCrypto, type Crypto } from '../infra/crypto.js';
import type { Db } from '../infra/db/index.js';
import { createKeyStore, type KeyStore } from './keys.js';
import type { TokenSettings } from './tokens.js';

/** What signing in and checking tokens need, built once per process. */
export interface Identity {
  crypto: Crypto;
  keys: KeyStore;
  tokens: TokenSettings;
  refreshTokenTtlDays: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    identity: Identity;
  }
}

export function createIdentity(config: Config, db: Db): Identity {
  const crypto = openCrypto(config);
  const keys = createKeyStore({
    db,
    crypto,
    accessTokenTtlSeconds: config.auth.accessTokenTtlSeconds,
    configuredJwk: config.auth.signingKeyJwk,
  });
  return {
    crypto,
    keys,
    tokens: { keys, issuer: config.publicUrl, ttlSeconds: config.auth.accessTokenTtlSeconds },
    refreshTokenTtlDays: config.auth.refreshTokenTtlDays,
  };
}
