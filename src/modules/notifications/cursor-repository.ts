import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `notification_cursors` (migration 0020): how far a follower of the stored event stream has
 * read, and the lease that lets one run at a time follow it, across workers. Platform data.
 */

/** Takes the follower's lease for `seconds` unless another run holds it; the cursor when taken. */
export async function takeLease(tx: Tx, name: string, owner: string, seconds: number): Promise<{ lastEventId: string | null } | undefined> {
  await tx.query('INSERT INTO notification_cursors (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
  const { rows } = await tx.query<{ last_event_id: string | null }>(
    `UPDATE notification_cursors SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
     WHERE name = $1 AND (lease_until IS NULL OR lease_until < now() OR lease_owner = $2)
     RETURNING last_event_id`,
    [name, owner, seconds],
  );
  return rows[0] ? { lastEventId: rows[0].last_event_id } : undefined;
}

/** Moves the cursor on (never back) while the lease is ours. */
export async function advanceCursor(tx: Tx, name: string, owner: string, lastEventId: string): Promise<void> {
  await tx.query(
    `UPDATE notification_cursors SET last_event_id = $3, updated_at = now()
     WHERE name = $1 AND lease_owner = $2 AND (last_event_id IS NULL OR last_event_id < $3::uuid)`,
    [name, owner, lastEventId],
  );
}

export async function releaseLease(tx: Tx, name: string, owner: string): Promise<void> {
  await tx.query('UPDATE notification_cursors SET lease_owner = NULL, lease_until = NULL WHERE name = $1 AND lease_owner = $2', [
    name,
    owner,
  ]);
}
