import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Tx } from '../infra/db/index.js';

/**
 * Refresh tokens: 256 random bits, given to the client once and stored as a SHA-256 hash (a
 * slow hash buys nothing against guessing 256 bits). Every use rotates the token; a token used a
 * second time means it was copied, so the whole family (every token descended from that sign-in)
 * is revoked and the caller learns `reused`.
 *
 * Rotation and revocation of one family are serialised by a lock on the family, held to the end
 * of the caller's transaction, and the caller issues the successor in the same transaction that
 * redeemed the token. A second presentation of the token therefore waits until the successor is
 * written, finds the token used and revokes the family with the successor in it; a revocation
 * (reuse, RFC 7009, sign-out) never misses a successor being written at the same moment.
 */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  tenant_id: string | null;
  scope: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export async function issueRefreshToken(
  tx: Tx,
  grant: { userId: string; tenantId: string | null; scope: string; familyId?: string; ttlDays: number },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx.query(
    `INSERT INTO refresh_tokens (id, family_id, user_id, tenant_id, token_hash, scope, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7))`,
    [uuidv7(), grant.familyId ?? uuidv7(), grant.userId, grant.tenantId, hashToken(token), grant.scope, grant.ttlDays],
  );
  return token;
}

export type RedeemResult =
  | { ok: true; row: RefreshTokenRow }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' }
  | { ok: false; reason: 'reused'; row: RefreshTokenRow };

// The two-key form keeps clear of single-key advisory locks (and of the phones' class in otp.ts).
const FAMILY_LOCK_CLASS = 7_204;
const lockFamily = (tx: Tx, familyId: string) => tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FAMILY_LOCK_CLASS, familyId]);

/**
 * Marks the token used or says why it cannot be used, inside the caller's transaction, which
 * holds the family's lock until it ends: issue the successor (`issueRefreshToken` with the
 * family) in that same transaction.
 */
export async function redeemRefreshToken(tx: Tx, token: string): Promise<RedeemResult> {
  const hash = hashToken(token);
  const found = await tx.query<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE token_hash = $1', [hash]);
  if (!found.rows[0]) return { ok: false, reason: 'unknown' };
  await lockFamily(tx, found.rows[0].family_id);
  // Read again under the lock: a rotation or revocation that held it before us has committed.
  const { rows } = await tx.query<RefreshTokenRow>('SELECT * FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE', [hash]);
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked_at) return { ok: false, reason: 'revoked' };
  if (row.used_at) {
    await revokeFamily(tx, row.family_id, 'reuse');
    return { ok: false, reason: 'reused', row };
  }
  if (row.expires_at.getTime() <= Date.now()) return { ok: false, reason: 'expired' };
  await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [row.id]);
  return { ok: true, row };
}

export async function revokeFamily(tx: Tx, familyId: string, reason: string): Promise<void> {
  // Under the family's lock, this statement sees every successor a rotation has committed.
  await lockFamily(tx, familyId);
  await tx.query('UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL', [
    familyId,
    reason,
  ]);
}

/** The family of a token, whatever its state, for revocation (RFC 7009) and sign-out. */
export async function familyOf(tx: Tx, token: string): Promise<{ familyId: string; userId: string; tenantId: string | null } | undefined> {
  const { rows } = await tx.query<{ family_id: string; user_id: string; tenant_id: string | null }>(
    'SELECT family_id, user_id, tenant_id FROM refresh_tokens WHERE token_hash = $1',
    [hashToken(token)],
  );
  const row = rows[0];
  return row && { familyId: row.family_id, userId: row.user_id, tenantId: row.tenant_id };
}
