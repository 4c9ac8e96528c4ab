import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `notification_sms` (migration 0020): the SMS of a notification to a farmer, at most one per
 * notification (unique notification_id). Written in the alert's tenant transaction as `pending`
 * (or `skipped` with its reason), sent after the commit, then marked `sent` or `failed`.
 */

export type SmsStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface NewSms {
  id: string;
  tenantId: string;
  notificationId: string;
  farmerId: string;
  day: string;
  messageType: string;
  text: string;
  status: 'pending' | 'skipped';
  reason: string | null;
  dltTemplateId: string | null;
  dltSenderId: string | null;
}

export async function insertSms(tx: Tx, sms: NewSms): Promise<void> {
  await tx.query(
    `INSERT INTO notification_sms (id, tenant_id, notification_id, farmer_id, day, message_type, text, status, reason, dlt_template_id, dlt_sender_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (notification_id) DO NOTHING`,
    [
      sms.id,
      sms.tenantId,
      sms.notificationId,
      sms.farmerId,
      sms.day,
      sms.messageType,
      sms.text,
      sms.status,
      sms.reason,
      sms.dltTemplateId,
      sms.dltSenderId,
    ],
  );
}

/** SMS already counted against the farmer's day: those pending, being sent or sent. */
export async function smsCountOfDay(tx: Tx, farmerId: string, day: string): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notification_sms WHERE farmer_id = $1 AND day = $2 AND status IN ('pending', 'sending', 'sent')`,
    [farmerId, day],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Holds the farmer's daily count until the transaction ends, so two alerts at once cannot both take the last SMS. */
export async function lockFarmerDay(tx: Tx, farmerId: string, day: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`notification_sms:${farmerId}:${day}`]);
}

export interface PendingSms {
  id: string;
  tenant_id: string;
  notification_id: string;
  farmer_id: string;
  message_type: string;
  dlt_template_id: string | null;
  dlt_sender_id: string | null;
  text: string;
}

/** Pending SMS of every tenant (platform transaction), oldest first. */
export async function pendingSms(tx: Tx, limit: number): Promise<PendingSms[]> {
  const { rows } = await tx.query<PendingSms>(
    `SELECT id, tenant_id, notification_id, farmer_id, message_type, dlt_template_id, dlt_sender_id, text
     FROM notification_sms WHERE status = 'pending' ORDER BY created_at LIMIT $1`,
    [limit],
  );
  return rows;
}

/** Takes a pending SMS for sending; false when another run took it first. */
export async function claimSms(tx: Tx, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(`UPDATE notification_sms SET status = 'sending' WHERE id = $1 AND status = 'pending'`, [id]);
  return rowCount > 0;
}

/** Records how sending went. */
export async function settleSms(tx: Tx, id: string, status: 'sent' | 'failed', reason: string | null): Promise<void> {
  await tx.query(
    `UPDATE notification_sms SET status = $2, reason = $3, sent_at = CASE WHEN $2 = 'sent' THEN now() END
     WHERE id = $1 AND status = 'sending'`,
    [id, status, reason],
  );
}
