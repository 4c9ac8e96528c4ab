import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * OAuth client secrets are 256 random bits, so a plain SHA-256 is what is stored (a slow hash adds
 * nothing against guessing a secret that long). Comparing digests leaks neither length nor content.
 */
export const hashClientSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export const clientSecretMatches = (given: string, storedHashHex: string) =>
  timingSafeEqual(Buffer.from(hashClientSecret(given), 'hex'), Buffer.from(storedHashHex, 'hex'));
