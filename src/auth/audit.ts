import { v7 as uuidv7 } from 'uuid';
import type { Db, Tx } from '../infra/db/index.js';
import { tenantIdsOfUser } from './identity-repository.js';

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
    [
      uuidv7(),
      tenantId,
      event.actorUserId ?? null,
      event.action,
      event.subject ?? null,
      JSON.stringify(event.details ?? {}),
      event.requestId ?? null,
    ],
  );
}

/** Many events of one tenant in one statement (a bulk import records one per declaration it sets). */
export async function recordAudits(tx: Tx, tenantId: string, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO audit_events (id, tenant_id, actor_user_id, action, subject, details, request_id)
     SELECT id, $1::uuid, actor_user_id, action, subject, details, request_id
       FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
         AS e(id, actor_user_id, action, subject, details, request_id)`,
    [
      tenantId,
      events.map(() => uuidv7()),
      events.map((event) => event.actorUserId ?? null),
      events.map((event) => event.action),
      events.map((event) => event.subject ?? null),
      events.map((event) => JSON.stringify(event.details ?? {})),
      events.map((event) => event.requestId ?? null),
    ],
  );
}

/** Records the event in every tenant the user belongs to (or once without a tenant). */
export async function recordUserAudit(db: Db, userId: string | null, event: AuditEvent): Promise<void> {
  await db.platform(async (tx) => {
    const tenantIds = userId ? await tenantIdsOfUser(tx, userId) : [];
    const tenants = tenantIds.length > 0 ? tenantIds : [null];
    for (const tenantId of tenants) await recordAudit(tx, tenantId, { actorUserId: userId, ...event });
  });
}

export interface AuditRow {
  id: string;
  action: string;
  actor_user_id: string | null;
  subject: string | null;
  details: Record<string, unknown>;
  request_id: string | null;
  at: Date;
}

/**
 * A page of events, newest first, before the id `before`: the tenant's in its own transaction, or
 * with `tenantId` null in a platform transaction the platform's own (events without a tenant).
 * Ids are UUIDv7, so ordering by id is ordering by time, and the id alone is the cursor.
 */
export async function listAuditEvents(
  tx: Tx,
  query: { before: string; action: string | null; tenantId: string | null; limit: number },
): Promise<AuditRow[]> {
  const { rows } = await tx.query<AuditRow>(
    `SELECT * FROM audit_events WHERE id < $1 AND ($2::text IS NULL OR action = $2) AND tenant_id IS NOT DISTINCT FROM $3
      ORDER BY id DESC LIMIT $4`,
    [query.before, query.action, query.tenantId, query.limit],
  );
  return rows;
}
