import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 9562 version 5: SHA-1 of the namespace, here the tenant, and the name):
 * the id an imported record without an id of its own gets, so that importing the same file again
 * finds the record instead of making a second one. Hashed with node:crypto: uuid's v5 converts
 * long names to bytes one character at a time.
 */
export function nameBasedId(tenantId: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(tenantId.replaceAll('-', ''), 'hex'))
    .update(name)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
