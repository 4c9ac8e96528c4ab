import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { createKmsProvider } from './keys/aws-kms.js';
import { type KeyProvider, wrappingKeyOf } from './keys/key-provider.js';
import { withUnwrapCache } from './keys/unwrap-cache.js';
import { vaultClientFor } from './keys/vault-client.js';
import { createVaultTransitProvider } from './keys/vault-transit.js';

/**
 * Envelope encryption for secrets and personal data at rest: each value gets a fresh 256-bit data
 * key (AES-256-GCM), and that data key is wrapped by a key provider. Rotating the provider's key
 * re-wraps data keys without touching the data. Lookups by value use an HMAC blind index, so a
 * phone number can be found without decrypting every row.
 *
 * A sealed value is `v1|<wrapped data key>|<iv>.<ciphertext and tag>`, and a wrapped data key is
 * `<keyId>~<anything>`: the prefix names the key that wrapped it, so a value wrapped by a former
 * key can be recognised without unwrapping anything.
 *
 * Rotating the master key (KHETI_ENCRYPTION_KEY):
 *   1. every process gets the new key in KHETI_ENCRYPTION_KEY, the old one in
 *      KHETI_ENCRYPTION_KEY_PREVIOUS, and KHETI_BLIND_INDEX_KEY set to the key the blind indexes
 *      were made with (the first KHETI_ENCRYPTION_KEY; it stays the same across every rotation);
 *   2. `kheti admin rotate-data-keys` re-wraps every sealed column's data keys with the new key;
 *      run it again until it re-wraps nothing (a process still on the old configuration may have
 *      sealed something meanwhile);
 *   3. KHETI_ENCRYPTION_KEY_PREVIOUS can then be removed.
 * Blind indexes are HMACs stored in unique columns and looked up by equality; re-keying them would
 * mean recomputing each from the plaintext, so their key is kept stable instead of rotated.
 *
 * Moving to Vault transit or AWS KMS (KEY_PROVIDER) is the same rotation: the local key stays in
 * KHETI_ENCRYPTION_KEY (it then only unwraps), KHETI_BLIND_INDEX_KEY pins the blind indexes,
 * `kheti admin rotate-data-keys` re-wraps everything with the provider's key, and the local key
 * can then be removed.
 */
export type { KeyProvider } from './keys/key-provider.js';

export interface Crypto {
  /** The key new data keys are wrapped by. */
  readonly keyId: string;
  seal(plaintext: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
  /** A deterministic keyed hash of a normalised value, for equality lookups. */
  blindIndex(purpose: string, value: string): string;
  /** True when the value's data key is wrapped by a key other than the current one. */
  needsRewrap(sealed: string): boolean;
  /**
   * The same value with its data key unwrapped (by whichever configured key wrapped it) and wrapped
   * again by the current key; the ciphertext is not touched. A value already current is returned
   * as it is. With `context`, the body is first checked to open under that data key, so a damaged
   * value or a wrong context fails here instead of being carried forward.
   */
  rewrap(sealed: string, context?: string): Promise<string>;
  /** Resolves once the key provider has answered; rejects, saying why, when it cannot be used. */
  verify(): Promise<void>;
}

const gcmEncrypt = (key: Buffer, plaintext: Buffer, aad: string) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${iv.toString('base64url')}.${body.toString('base64url')}`;
};

const gcmDecrypt = (key: Buffer, sealed: string, aad: string) => {
  const [iv, body] = sealed.split('.');
  if (!iv || !body) throw new Error('malformed ciphertext');
  const data = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(aad));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
};

const derive = (master: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `kheti:${purpose}`, 32));

function parseSealed(sealed: string) {
  const [version, wrapped, body, ...rest] = sealed.split('|');
  if (version !== 'v1' || !wrapped || !body || rest.length > 0) throw new Error('unknown sealed format');
  return { wrapped, body };
}

/** Wraps data keys with a 256-bit key from configuration (or, in development, a key file). */
export class LocalKeyProvider implements KeyProvider {
  readonly keyId: string;
  private readonly wrappingKey: Buffer;
  constructor(master: Buffer) {
    this.wrappingKey = derive(master, 'wrap');
    this.keyId = `local:${createHmac('sha256', master).update('key-id').digest('hex').slice(0, 12)}`;
  }
  async wrap(dataKey: Buffer) {
    return `${this.keyId}~${gcmEncrypt(this.wrappingKey, dataKey, this.keyId)}`;
  }
  async unwrap(wrapped: string) {
    const [keyId, sealed] = wrapped.split('~');
    if (keyId !== this.keyId || !sealed) throw new Error(`data key was wrapped by ${keyId}, not by the configured key`);
    return gcmDecrypt(this.wrappingKey, sealed, keyId);
  }
}

/**
 * The current master key and former ones during a rotation: wraps with the current key, unwraps
 * with whichever key the wrapped data key names. Former keys never wrap anything new.
 */
export class KeyRing implements KeyProvider {
  readonly keyId: string;
  private readonly current: KeyProvider;
  private readonly byId: Map<string, KeyProvider>;
  /** Keys given as bytes are local keys; a provider (Vault, KMS) may be current or former alike. */
  constructor(current: Buffer | KeyProvider, previous: readonly (Buffer | KeyProvider)[] = []) {
    const asProvider = (key: Buffer | KeyProvider) => (Buffer.isBuffer(key) ? new LocalKeyProvider(key) : key);
    this.current = asProvider(current);
    this.keyId = this.current.keyId;
    this.byId = new Map([...previous.map(asProvider), this.current].map((provider) => [provider.keyId, provider]));
    if (this.current.generateDataKey) this.generateDataKey = () => this.current.generateDataKey!();
  }
  generateDataKey?: () => Promise<{ plaintext: Buffer; wrapped: string }>;
  wrap(dataKey: Buffer) {
    return this.current.wrap(dataKey);
  }
  isCurrent(wrapped: string) {
    return wrappingKeyOf(wrapped) === this.keyId && (this.current.isCurrent?.(wrapped) ?? true);
  }
  verify() {
    return this.current.verify?.() ?? Promise.resolve();
  }
  async unwrap(wrapped: string) {
    const keyId = wrappingKeyOf(wrapped);
    const provider = this.byId.get(keyId);
    // Names the key (a fingerprint, not the key) so the operator knows which one to put back.
    if (!provider)
      throw new Error(
        `data key was wrapped by ${keyId || 'an unnamed key'}, which is neither KHETI_ENCRYPTION_KEY nor in KHETI_ENCRYPTION_KEY_PREVIOUS`,
      );
    return provider.unwrap(wrapped);
  }
}

/**
 * `indexSecret` keys the blind indexes. It is kept apart from the provider because the provider's
 * key rotates and blind indexes must not change (see the rotation steps above).
 */
export function createCrypto(provider: KeyProvider, indexSecret: Buffer): Crypto {
  const indexKey = derive(indexSecret, 'blind-index');
  const isCurrent = (wrapped: string) => wrappingKeyOf(wrapped) === provider.keyId && (provider.isCurrent?.(wrapped) ?? true);
  return {
    keyId: provider.keyId,
    async seal(plaintext, context) {
      const { plaintext: dataKey, wrapped } = provider.generateDataKey
        ? await provider.generateDataKey()
        : await (async (key: Buffer) => ({ plaintext: key, wrapped: await provider.wrap(key) }))(randomBytes(32));
      return `v1|${wrapped}|${gcmEncrypt(dataKey, Buffer.from(plaintext, 'utf8'), context)}`;
    },
    async open(sealed, context) {
      const { wrapped, body } = parseSealed(sealed);
      return gcmDecrypt(await provider.unwrap(wrapped), body, context).toString('utf8');
    },
    blindIndex(purpose, value) {
      return createHmac('sha256', indexKey).update(`${purpose}\0${value}`).digest('base64url');
    },
    needsRewrap(sealed) {
      return !isCurrent(parseSealed(sealed).wrapped);
    },
    verify: () => provider.verify?.() ?? Promise.resolve(),
    async rewrap(sealed, context) {
      const { wrapped, body } = parseSealed(sealed);
      if (isCurrent(wrapped)) return sealed;
      const dataKey = await provider.unwrap(wrapped);
      if (context !== undefined) gcmDecrypt(dataKey, body, context);
      return `v1|${await provider.wrap(dataKey)}|${body}`;
    },
  };
}

/**
 * The master key: KHETI_ENCRYPTION_KEY when set. Otherwise, outside production, a key generated on
 * first start and kept in DATA_DIR/encryption.key (mode 0600), so `npm start` needs no setup. The
 * configuration refuses production without the key: data sealed with a throwaway key is lost with it.
 */
export function loadMasterKey(config: Config): Buffer {
  if (config.encryptionKey) return config.encryptionKey;
  const file = join(resolve(config.dataDir), 'encryption.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(resolve(config.dataDir), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    throw error;
  }
}

/**
 * The one way the application gets its Crypto. With KEY_PROVIDER=local, KHETI_ENCRYPTION_KEY wraps
 * and KHETI_ENCRYPTION_KEY_PREVIOUS unwraps. With Vault transit or AWS KMS, the provider wraps, and
 * every local key configured (KHETI_ENCRYPTION_KEY included) only unwraps, until
 * `kheti admin rotate-data-keys` has moved everything to the provider. Blind indexes are keyed from
 * KHETI_BLIND_INDEX_KEY when set, else from the local master key (the same derivation, so pinning
 * KHETI_BLIND_INDEX_KEY to the master key in use changes no index).
 */
export function openCrypto(config: Config): Crypto {
  if (config.keys.provider === 'local') {
    const master = loadMasterKey(config);
    return createCrypto(new KeyRing(master, config.previousEncryptionKeys), config.blindIndexKey ?? master);
  }
  // Outside production without any local key, the development key file is what sealed the data so far.
  const master = config.encryptionKey ?? (config.blindIndexKey ? undefined : loadMasterKey(config));
  const locals = [...(master ? [master] : []), ...config.previousEncryptionKeys];
  return createCrypto(new KeyRing(remoteProvider(config.keys), locals), config.blindIndexKey ?? master!);
}

function remoteProvider(keys: Exclude<Config['keys'], { provider: 'local' }>): KeyProvider {
  const provider =
    keys.provider === 'vault-transit'
      ? createVaultTransitProvider(vaultClientFor(keys.vault), keys.mount, keys.key)
      : createKmsProvider({ keyId: keys.keyId, region: keys.region, endpoint: keys.endpoint });
  return withUnwrapCache(provider, { ttlMs: keys.cacheTtlMs });
}
