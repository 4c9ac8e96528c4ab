import { type KeyProvider, wrappedBy, wrappingKeyOf } from './key-provider.js';
import { providerFailure } from './unavailable.js';
import { VaultError, type VaultClient } from './vault-client.js';

/**
 * Data keys made and wrapped by Vault's transit engine: the master key never leaves Vault. A wrapped
 * data key is `vault:<mount>/<key>~vault:v<n>:…`; `v<n>` is the version of the transit key, so after
 * `vault write -f <mount>/keys/<key>/rotate` values wrapped by an older version count as needing a
 * re-wrap (the newest version is learnt from Vault's own answers).
 * Docs: https://developer.hashicorp.com/vault/api-docs/secret/transit
 */
export function createVaultTransitProvider(vault: VaultClient, mount: string, key: string): KeyProvider {
  const keyId = `vault:${mount}/${key}`;
  const path = (action: string) => `/v1/${mount}/${action}/${encodeURIComponent(key)}`;
  const learn = (ciphertext: string) => {
    if (versionOf(ciphertext) > (latestVersions.get(keyId) ?? 0)) latestVersions.set(keyId, versionOf(ciphertext));
    return `${keyId}~${ciphertext}`;
  };
  // Vault refusing an operation for a reason of its own (403, 5xx, sealed) is an outage for us;
  // a 400 about the ciphertext itself is a damaged value, which must not look like an outage.
  const fail = (action: string, error: unknown): never => {
    if (error instanceof VaultError && error.status === 400) throw new Error(`Vault transit could not ${action}: ${error.message}`);
    if (error instanceof VaultError) throw providerFailure('Vault transit', action, error.message);
    throw error;
  };

  const provider: KeyProvider = {
    keyId,
    async generateDataKey() {
      try {
        const { data } = await vault.request<{ data: { plaintext: string; ciphertext: string } }>('POST', path('datakey/plaintext'), {
          bits: 256,
        });
        return { plaintext: Buffer.from(data.plaintext, 'base64'), wrapped: learn(data.ciphertext) };
      } catch (error) {
        return fail('make a data key', error);
      }
    },
    async wrap(dataKey) {
      try {
        const { data } = await vault.request<{ data: { ciphertext: string } }>('POST', path('encrypt'), {
          plaintext: dataKey.toString('base64'),
        });
        return learn(data.ciphertext);
      } catch (error) {
        return fail('wrap a data key', error);
      }
    },
    async unwrap(wrapped) {
      const ciphertext = wrappedBy(keyId, wrapped);
      try {
        const { data } = await vault.request<{ data: { plaintext: string } }>('POST', path('decrypt'), {
          ciphertext,
        });
        return Buffer.from(data.plaintext, 'base64');
      } catch (error) {
        return fail('unwrap a data key', error);
      }
    },
    isCurrent(wrapped) {
      return wrappingKeyOf(wrapped) === keyId && versionOf(wrapped.slice(keyId.length + 1)) >= (latestVersions.get(keyId) ?? 0);
    },
    async verify() {
      // Making a data key proves at once that Vault is reachable, unsealed, and lets this token use the key.
      const { plaintext, wrapped } = await provider.generateDataKey!();
      if (!(await provider.unwrap(wrapped)).equals(plaintext))
        throw new Error(`Vault transit key ${keyId} did not give back the data key it wrapped`);
    },
  };
  return provider;
}

/** The newest version of each transit key seen by this process, shared by every Crypto it opens. */
const latestVersions = new Map<string, number>();
const versionOf = (ciphertext: string) => Number(/^vault:v(\d+):/.exec(ciphertext)?.[1] ?? 0);
