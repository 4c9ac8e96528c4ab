import type { KeyProvider } from './key-provider.js';

/**
 * Unwrapped data keys kept in memory for a short while, at most `maxEntries` of them (least recently
 * used first out). Every sealed value has a data key of its own, so without this a page of farmers
 * would cost one Vault or KMS round trip per sealed column per row, every time it is read: slow,
 * billed per request by KMS, and an outage of the provider would be felt at once by every read. A
 * value just sealed is kept too, so reading back what was written needs no round trip either.
 * Bounded in time so that a key revoked at the provider stops opening values within minutes.
 */
export function withUnwrapCache(provider: KeyProvider, options: { ttlMs: number; maxEntries?: number }): KeyProvider {
  if (options.ttlMs <= 0) return provider;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { key: Buffer; expires: number }>();
  const remember = (wrapped: string, key: Buffer) => {
    entries.delete(wrapped);
    entries.set(wrapped, { key, expires: Date.now() + options.ttlMs });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };
  const cached: KeyProvider = {
    keyId: provider.keyId,
    isCurrent: provider.isCurrent?.bind(provider),
    verify: provider.verify?.bind(provider),
    async wrap(dataKey) {
      const wrapped = await provider.wrap(dataKey);
      remember(wrapped, dataKey);
      return wrapped;
    },
    async unwrap(wrapped) {
      const hit = entries.get(wrapped);
      if (hit && hit.expires > Date.now()) {
        remember(wrapped, hit.key);
        return hit.key;
      }
      entries.delete(wrapped);
      const key = await provider.unwrap(wrapped);
      remember(wrapped, key);
      return key;
    },
  };
  const generate = provider.generateDataKey?.bind(provider);
  if (generate)
    cached.generateDataKey = async () => {
      const generated = await generate();
      remember(generated.wrapped, generated.plaintext);
      return generated;
    };
  return cached;
}
