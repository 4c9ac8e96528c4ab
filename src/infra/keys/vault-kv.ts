import { ConfigError, processEnvironment, vaultKvSource } from '../../config.js';
import { KeyProviderUnavailableError } from './unavailable.js';
import { VaultError, vaultClientFor, type VaultSettings } from './vault-client.js';

/**
 * The keys of a Vault KV v2 secret (`GET /v1/<mount>/data/<path>`, answered as
 * `{ data: { data: {…}, metadata: {…} } }`), as environment variables: strings as they are,
 * numbers and booleans written out. Anything else cannot be an environment variable and is refused.
 * Docs: https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-version
 */
export async function readVaultKv(settings: VaultSettings, path: string): Promise<Record<string, string>> {
  let answer: { data?: { data?: Record<string, unknown> | null } };
  try {
    answer = await vaultClientFor(settings).request('GET', `/v1/${path}`);
  } catch (error) {
    if (error instanceof VaultError && error.status === 404)
      throw new ConfigError(
        `Invalid configuration: VAULT_KV_PATH ${path} is not a secret in Vault (404: no such path, or its latest version is deleted)`,
      );
    if (error instanceof VaultError || error instanceof KeyProviderUnavailableError)
      throw new Error(`the configuration secret ${path} could not be read from Vault: ${error.message}`);
    throw error;
  }
  const values = answer.data?.data;
  if (!values) throw new ConfigError(`Invalid configuration: VAULT_KV_PATH ${path} has no data (was its latest version deleted?)`);
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') environment[name] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') environment[name] = String(value);
    else throw new ConfigError(`Invalid configuration: ${name} in the Vault secret ${path} must be a string, number or boolean`);
  }
  return environment;
}

/**
 * The environment the configuration is loaded from: the process's own, plus, with VAULT_KV_PATH,
 * the keys of that Vault KV v2 secret for every variable the environment does not set (the
 * environment wins, so one process can override a shared secret). Async, so it runs once before
 * the synchronous loadConfig.
 */
export async function loadEnvironment(
  environment: Record<string, string | undefined> = processEnvironment(),
): Promise<Record<string, string | undefined>> {
  const source = vaultKvSource(environment);
  if (!source) return environment;
  const merged: Record<string, string | undefined> = { ...environment };
  for (const [name, value] of Object.entries(await readVaultKv(source.settings, source.path))) {
    if (source.connection.includes(name)) continue;
    if (merged[name] === undefined || merged[name] === '') merged[name] = value;
  }
  return merged;
}
