import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config.js';

/**
 * Envelope encryption for secrets and personal data at rest: each value gets a fresh 256-bit data
 * key (AES-256-GCM), and that data key is wrapped by a key provider. Rotating the provider's key
 * re-wraps data keys without touching the data. Lookups by value use an HMAC blind index, so a
 * phone number can be found without decrypting every row.
 */
export interface KeyProvider {
  /** Names the wrapping key, so rotation knows what to re-wrap. */
  readonly keyId: string;
  wrap(dataKey: Buffer): Promise<string>;
  unwrap(wrapped: string): Promise<Buffer>;
}

export interface Crypto {
  seal(plaintext: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
  /** A deterministic keyed hash of a normalised value, for equality lookups. */
  blindIndex(purpose: string, value: string): string;
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

export function createCrypto(provider: KeyProvider, master: Buffer): Crypto {
  const indexKey = derive(master, 'blind-index');
  return {
    async seal(plaintext, context) {
      const dataKey = randomBytes(32);
      const wrapped = await provider.wrap(dataKey);
      return `v1|${wrapped}|${gcmEncrypt(dataKey, Buffer.from(plaintext, 'utf8'), context)}`;
    },
    async open(sealed, context) {
      const [version, wrapped, body] = sealed.split('|');
      if (version !== 'v1' || !wrapped || !body) throw new Error('unknown sealed format');
      return gcmDecrypt(await provider.unwrap(wrapped), body, context).toString('utf8');
    },
    blindIndex(purpose, value) {
      return createHmac('sha256', indexKey).update(`${purpose}\0${value}`).digest('base64url');
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

export function openCrypto(config: Config): Crypto {
  const master = loadMasterKey(config);
  return createCrypto(new LocalKeyProvider(master), master);
}
