/**
 * The key provider (Vault, KMS) cannot wrap or unwrap right now: unreachable, timing out, overloaded,
 * or refusing this process. `statusCode` makes the HTTP error handler answer 503 with Retry-After,
 * like a Redis outage: the data is intact and the request may simply be tried again later.
 */
export class KeyProviderUnavailableError extends Error {
  override name = 'KeyProviderUnavailableError';
  readonly statusCode = 503;
}

/** A failed call to the provider, worded once: which provider, what it was doing, and why. */
export const providerFailure = (provider: string, action: string, reason: string) =>
  new KeyProviderUnavailableError(`${provider} could not ${action}: ${reason}`);
