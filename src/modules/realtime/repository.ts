import type { Tx } from '../../infra/db/index.js';

/** The events table (migrations/0019_events.sql): every statement on it is here. */

export interface EventRow {
  id: string;
  tenant_id: string;
  type: string;
  farmer_id: string | null;
  data: Record<string, unknown>;
  created_at: Date | string;
}

export interface EventToStore {
  id: string;
  tenantId: string;
  type: string;
  farmerId: string | null;
  data: Record<string, unknown>;
  at: string;
}

export async function insertEvent(tx: Tx, event: EventToStore): Promise<void> {
  await tx.query('INSERT INTO events (id, tenant_id, type, farmer_id, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    event.id,
    event.tenantId,
    event.type,
    event.farmerId,
    JSON.stringify(event.data),
    event.at,
  ]);
}

/**
 * Events after `afterId` (exclusive), oldest first. In a platform transaction: every tenant's (the
 * dispatchers' cursor); in a tenant transaction: what row-level security lets the caller see (one
 * tenant, and for a farmer only their own).
 */
export async function eventsAfterId(tx: Tx, afterId: string | null, limit: number): Promise<EventRow[]> {
  const { rows } = await tx.query<EventRow>(
    `SELECT id, tenant_id, type, farmer_id, data, created_at FROM events
      WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
    [afterId, limit],
  );
  return rows;
}

/** A tenant's events after `afterId`, through the (tenant_id, id) index. */
export async function tenantEventsAfterId(tx: Tx, tenantId: string, afterId: string, limit: number): Promise<EventRow[]> {
  const { rows } = await tx.query<EventRow>(
    `SELECT id, tenant_id, type, farmer_id, data, created_at FROM events
      WHERE tenant_id = $1 AND id > $2::uuid ORDER BY id LIMIT $3`,
    [tenantId, afterId, limit],
  );
  return rows;
}

/** Deletes events whose id sorts before `boundId` (a UUIDv7 made of the cutoff time); returns how many. */
export async function deleteEventsBefore(tx: Tx, boundId: string): Promise<number> {
  const { rowCount } = await tx.query('DELETE FROM events WHERE id < $1::uuid', [boundId]);
  return rowCount;
}
