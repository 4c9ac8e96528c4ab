/** Wraps and unwraps data keys (see crypto.ts for the envelope they belong to). */
export interface KeyProvider {
  /** Names the wrapping key, so rotation knows what to re-wrap. `wrap` returns `<keyId>~…`. */
  readonly keyId: string;
  wrap(dataKey: Buffer): Promise<string>;
  unwrap(wrapped: string): Promise<Buffer>;
  /**
   * A fresh data key made by the provider itself (Vault's datakey endpoint, KMS GenerateDataKey),
   * in the clear and wrapped: one round trip instead of generating here and wrapping there.
   */
  generateDataKey?(): Promise<{ plaintext: Buffer; wrapped: string }>;
  /** Whether a data key this provider wrapped needs no re-wrap (absent: any key it names is current). */
  isCurrent?(wrapped: string): boolean;
  /** Proves at start that the provider can be reached and lets this process use its key. */
  verify?(): Promise<void>;
}

/** The key a wrapped data key names: `<keyId>~…` (empty for a malformed one). */
export const wrappingKeyOf = (wrapped: string) => wrapped.slice(0, Math.max(0, wrapped.indexOf('~')));

/** What `keyId` wrapped, after its name; a data key wrapped by another key is refused. */
export function wrappedBy(keyId: string, wrapped: string): string {
  const named = wrappingKeyOf(wrapped);
  if (named !== keyId) throw new Error(`data key was wrapped by ${named}, not by ${keyId}`);
  return wrapped.slice(keyId.length + 1);
}
