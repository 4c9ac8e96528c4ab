import type { Tx } from '../../infra/db/index.js';

/**
 * Owns `webhook_deliveries` and `webhook_dispatch_cursor` (migration 0021). The dispatcher (a
 * platform job) inserts deliveries and moves the cursor in one `db.platform` transaction; the
 * delivery job claims and records attempts in the delivery's tenant's transaction; the routes list
 * and redeliver in the caller's tenant's transaction.
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface DeliveryRow {
  id: string;
  tenant_id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  first_attempt_at: Date | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

export interface NewDelivery {
  id: string;
  tenantId: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  body: string;
}

/** Where the dispatcher is in the event stream (platform). */
export async function readDispatchCursor(tx: Tx): Promise<string | null> {
  const { rows } = await tx.query<{ last_event_id: string | null }>('SELECT last_event_id FROM webhook_dispatch_cursor');
  return rows[0]?.last_event_id ?? null;
}

/**
 * Moves the cursor from `from` to `to`; false when it is no longer at `from` (another dispatcher
 * moved it first). The row lock makes a second mover wait, then find the cursor moved: only one of
 * them inserts the deliveries of a batch (and they are unique anyway).
 */
export async function moveDispatchCursor(tx: Tx, from: string | null, to: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'UPDATE webhook_dispatch_cursor SET last_event_id = $2, updated_at = now() WHERE last_event_id IS NOT DISTINCT FROM $1::uuid',
    [from, to],
  );
  return rowCount > 0;
}

/** Inserts the deliveries not there yet (one per subscription and event); returns those inserted. Platform. */
export async function insertDeliveries(tx: Tx, deliveries: NewDelivery[], dueAt: Date): Promise<{ id: string; tenant_id: string }[]> {
  if (deliveries.length === 0) return [];
  const column = <K extends keyof NewDelivery>(key: K) => deliveries.map((d) => d[key]);
  const { rows } = await tx.query<{ id: string; tenant_id: string }>(
    `INSERT INTO webhook_deliveries (id, tenant_id, subscription_id, event_id, event_type, body, next_attempt_at)
     SELECT d.id, d.tenant_id, d.subscription_id, d.event_id, d.event_type, d.body, $7
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[])
         AS d (id, tenant_id, subscription_id, event_id, event_type, body)
     ON CONFLICT (subscription_id, event_id) DO NOTHING
     RETURNING id, tenant_id`,
    [column('id'), column('tenantId'), column('subscriptionId'), column('eventId'), column('eventType'), column('body'), dueAt],
  );
  return rows;
}

/**
 * Takes attempt number `attempt` of a pending delivery: only when it is the next one, so a job that
 * runs twice (a retry of the queue, a sweep) sends nothing twice. `leaseUntil` is when the attempt
 * is presumed lost if it never records its outcome. In the delivery's tenant's transaction.
 */
export async function claimAttempt(tx: Tx, id: string, attempt: number, now: Date, leaseUntil: Date): Promise<DeliveryRow | undefined> {
  const { rows } = await tx.query<DeliveryRow>(
    `UPDATE webhook_deliveries
        SET attempts = attempts + 1, last_attempt_at = $3, first_attempt_at = coalesce(first_attempt_at, $3), next_attempt_at = $4
      WHERE id = $1 AND status = 'pending' AND attempts = $2::integer - 1
      RETURNING *`,
    [id, attempt, now, leaseUntil],
  );
  return rows[0];
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  lastStatus: number | null;
  lastError: string | null;
  /** When the next attempt is due (pending), else null. */
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** Records what attempt `attempt` came to, unless a redelivery or a later attempt has moved on. Tenant's transaction. */
export async function recordAttempt(tx: Tx, id: string, attempt: number, outcome: AttemptOutcome): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE webhook_deliveries
        SET status = $3, last_status = $4, last_error = $5, next_attempt_at = $6, delivered_at = coalesce($7, delivered_at)
      WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
    [id, attempt, outcome.status, outcome.lastStatus, outcome.lastError, outcome.nextAttemptAt, outcome.deliveredAt],
  );
  return rowCount > 0;
}

/** A subscription's deliveries, newest first, before the id `before` (exclusive); tenant's transaction. */
export async function listDeliveries(
  tx: Tx,
  query: { subscriptionId: string; before: string | null; status: DeliveryStatus | null; limit: number },
): Promise<DeliveryRow[]> {
  const { rows } = await tx.query<DeliveryRow>(
    `SELECT * FROM webhook_deliveries
      WHERE subscription_id = $1 AND ($2::uuid IS NULL OR id < $2::uuid) AND ($3::text IS NULL OR status = $3::text)
      ORDER BY id DESC LIMIT $4`,
    [query.subscriptionId, query.before, query.status, query.limit],
  );
  return rows;
}

export async function findDelivery(tx: Tx, subscriptionId: string, id: string): Promise<DeliveryRow | undefined> {
  const { rows } = await tx.query<DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2', [
    id,
    subscriptionId,
  ]);
  return rows[0];
}

/**
 * Sends a delivered or dead delivery again: pending once more, due now, with a fresh retry window
 * from its next attempt; its attempts keep counting. Undefined while it is still pending. Tenant's transaction.
 */
export async function reopenDelivery(tx: Tx, id: string, now: Date): Promise<DeliveryRow | undefined> {
  const { rows } = await tx.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET status = 'pending', first_attempt_at = NULL, next_attempt_at = $2
      WHERE id = $1 AND status <> 'pending' RETURNING *`,
    [id, now],
  );
  return rows[0];
}

/** Stops the pending deliveries of a revoked subscription; tenant's transaction. */
export async function stopPendingDeliveries(tx: Tx, subscriptionId: string, reason: string): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE webhook_deliveries SET status = 'dead', last_error = $2, next_attempt_at = NULL WHERE subscription_id = $1 AND status = 'pending'`,
    [subscriptionId, reason],
  );
  return rowCount;
}

/** Forgets delivered and dead deliveries last touched before `before`; returns how many. Platform. */
export async function pruneFinishedDeliveries(tx: Tx, before: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `DELETE FROM webhook_deliveries
      WHERE status <> 'pending' AND coalesce(delivered_at, last_attempt_at, created_at) < $1`,
    [before],
  );
  return rowCount;
}

/**
 * Pending deliveries whose attempt is overdue by more than `graceMs`: the job that should have made
 * it was lost (an enqueue that failed after the commit, a worker that died mid-attempt). Platform.
 */
export async function overdueDeliveries(
  tx: Tx,
  before: Date,
  limit: number,
): Promise<{ id: string; tenant_id: string; attempts: number }[]> {
  const { rows } = await tx.query<{ id: string; tenant_id: string; attempts: number }>(
    `SELECT id, tenant_id, attempts FROM webhook_deliveries
      WHERE status = 'pending' AND next_attempt_at < $1 ORDER BY next_attempt_at LIMIT $2`,
    [before, limit],
  );
  return rows;
}
