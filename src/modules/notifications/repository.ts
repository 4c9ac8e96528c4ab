import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `fired_alerts` and `notifications` (migration 0020), tenant-owned: alerts fire in their
 * tenant's transaction and the inbox reads in the caller's, so row-level security keeps both in
 * their tenant. Firing once is the unique keys' work: (rule, subject, period) for an alert,
 * (alert, recipient) for a notification; an insert that meets either returns nothing.
 */

export interface NewFiredAlert {
  id: string;
  tenantId: string;
  ruleId: string;
  kind: string;
  subject: string;
  period: string;
  data: Record<string, unknown>;
}

/** Stores the alert unless the rule fired for this subject and period before; true when new. */
export async function insertFiredAlert(tx: Tx, alert: NewFiredAlert): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO fired_alerts (id, tenant_id, rule_id, kind, subject, period, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT (rule_id, subject, period) DO NOTHING
     RETURNING id`,
    [alert.id, alert.tenantId, alert.ruleId, alert.kind, alert.subject, alert.period, JSON.stringify(alert.data)],
  );
  return rows.length > 0;
}

export interface NewNotification {
  id: string;
  tenantId: string;
  alertId: string | null;
  /** `user:<id>` or `farmer:<id>`: the same person is notified once per alert. */
  recipient: string;
  userId: string | null;
  farmerId: string | null;
  type: string;
  language: 'en' | 'hi';
  title: string;
  body: string;
  data: Record<string, unknown>;
}

export interface NotificationRow {
  id: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

/** Stores the notification unless its alert already reached this recipient; true when new. */
export async function insertNotification(tx: Tx, n: NewNotification): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO notifications (id, tenant_id, alert_id, recipient, user_id, farmer_id, type, language, title, body, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)
     ON CONFLICT (alert_id, recipient) DO NOTHING
     RETURNING id`,
    [n.id, n.tenantId, n.alertId, n.recipient, n.userId, n.farmerId, n.type, n.language, n.title, n.body, JSON.stringify(n.data)],
  );
  return rows.length > 0;
}

/** Whose inbox: the member, and the farmer record they sign in as (if any). */
export interface Inbox {
  userId: string;
  farmerId: string | null;
}

const OWN = '(user_id = $1 OR ($2::uuid IS NOT NULL AND farmer_id = $2::uuid))';

/** Newest first (ids are UUIDv7), one page before the cursor id; only unread ones when asked. */
export async function listNotifications(
  tx: Tx,
  inbox: Inbox,
  page: { before?: string; unread: boolean; limit: number },
): Promise<NotificationRow[]> {
  const params: unknown[] = [inbox.userId, inbox.farmerId, page.limit];
  const where = [OWN];
  if (page.unread) where.push('read_at IS NULL');
  if (page.before) {
    params.push(page.before);
    where.push(`id < $${params.length}::uuid`);
  }
  const { rows } = await tx.query<NotificationRow>(
    `SELECT id, type, title, body, data, created_at, read_at FROM notifications WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $3`,
    params,
  );
  return rows;
}

/** Marks one of the inbox's notifications read (a second call keeps the first time); false when it is not theirs. */
export async function markRead(tx: Tx, inbox: Inbox, id: string): Promise<boolean> {
  const { rows } = await tx.query<{ id: string }>(
    `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $3 AND ${OWN} RETURNING id`,
    [inbox.userId, inbox.farmerId, id],
  );
  return rows.length > 0;
}

/** Marks every unread notification of the inbox read; returns how many. */
export async function markAllRead(tx: Tx, inbox: Inbox): Promise<number> {
  const { rowCount } = await tx.query(`UPDATE notifications SET read_at = now() WHERE read_at IS NULL AND ${OWN}`, [
    inbox.userId,
    inbox.farmerId,
  ]);
  return rowCount;
}

/**
 * Deletes the notifications read before `readBefore` and those never read made before the id
 * bound `unreadBoundId` (ids are UUIDv7, so they sort by when the notification was made and the
 * primary key finds the old ones); an SMS row goes with its notification. Platform-wide.
 */
export async function deleteOldNotifications(
  tx: Tx,
  bounds: { readBefore: Date; readBoundId: string; unreadBoundId: string },
): Promise<{ read: number; unread: number }> {
  // A notification read before the cutoff was made before it too: the id bound narrows the scan.
  const read = await tx.query('DELETE FROM notifications WHERE id < $1::uuid AND read_at < $2', [bounds.readBoundId, bounds.readBefore]);
  const unread = await tx.query('DELETE FROM notifications WHERE id < $1::uuid AND read_at IS NULL', [bounds.unreadBoundId]);
  return { read: read.rowCount, unread: unread.rowCount };
}
