import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Any UUID in its canonical text form, whatever its version: what PostgreSQL's uuid type takes. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The smallest UUIDv7 of a moment: every UUIDv7 made at or after `ms` sorts at or after it. */
export function firstUuidV7At(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

/**
 * A UUIDv7 whose random bits come from a pool filled 4 KiB at a time. uuid's own generator asks
 * WebCrypto for 16 bytes per id, which cost 3 % of an API worker's time when every request got an
 * id. Ids made in the same millisecond are not ordered among themselves (uuid orders its own with
 * a counter); for request ids that does not matter.
 */
export function pooledUuidV7(): string {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const random = pool.subarray(poolAt, poolAt + 16);
  poolAt += 16;
  return uuidv7({ random });
}
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
