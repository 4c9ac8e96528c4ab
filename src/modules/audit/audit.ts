import { v7 as uuidv7 } from 'uuid';
import type { Db, Tx } from '../../infra/db/index.js';

/**
 * Security-relevant events: sign-ins and failures, refresh-token reuse, role and membership
 * changes, client creation, reads of personal data. Append-only for the application role.
 * An event without a tenant (a failed sign-in of an unknown email, say) is visible to platform
 * administrators only.
 */
export interface AuditEvent {
  action: string;
  actorUserId?: string | null;
  subject?: string | null;
  details?: Record<string, unknown>;
  requestId?: string;
}

export async function recordAudit(tx: Tx, tenantId: string | null, event: AuditEvent): Promise<void> {
  await tx.query(
    `INSERT INTO audit_events (id, tenant_id, actor_user_id, action, subject, details, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [uuidv7(), tenantId, event.actorUserId ?? null, event.action, event.subject ?? null, JSON.stringify(event.details ?? {}), event.requestId ?? null],
  );
}

/** Records the event in every tenant the user belongs to (or once without a tenant). */
export async function recordUserAudit(db: Db, userId: string | null, event: AuditEvent): Promise<void> {
  await db.platform(async (tx) => {
    const { rows } = userId
      ? await tx.query<{ tenant_id: string }>('SELECT tenant_id FROM memberships WHERE user_id = $1', [userId])
      : { rows: [] };
    const tenants = rows.length > 0 ? rows.map((r) => r.tenant_id) : [null];
    for (const tenantId of tenants) await recordAudit(tx, tenantId, { actorUserId: userId, ...event });
  });
}
