import type { Db, Tx } from '../../infra/db/index.js';
import type { BusEvent, EventBus } from '../../infra/events/index.js';
import { newEventId } from './event-ids.js';
import { eventsAfterId, insertEvent, type EventRow } from './repository.js';

export interface NewEvent {
  tenantId: string;
  type: string;
  data: Record<string, unknown>;
  /** The farmer record the event concerns (a farmer-role member sees only their own). */
  farmerId?: string | null;
}

export interface StoredEvent {
  id: string;
  tenantId: string;
  type: string;
  farmerId: string | null;
  data: Record<string, unknown>;
  at: string;
}

/**
 * What travels on the bus: the envelope plus the farmer it concerns, so each process filters a
 * farmer's sockets without a read. Sockets send the envelope only.
 */
export interface PublishedEvent extends BusEvent {
  farmerId: string | null;
}

/** Dotted lower-case names, e.g. `job.progress` or `alert.weather_risk` (the table checks the same). */
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export const tenantChannel = (tenantId: string): string => `tenant:${tenantId}`;

export function storedEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    type: row.type,
    farmerId: row.farmer_id,
    data: row.data,
    at: new Date(row.created_at).toISOString(),
  };
}

export interface RaiseDeps {
  db: Db;
  events: EventBus;
  logger?: { warn(obj: object, msg: string): void };
}

/**
 * Stores the event (its own transaction, or inside `tx` when given), then publishes it on the bus
 * channel `tenant:<tenantId>`; returns the envelope {type, id, at, data}. The store is the truth:
 * publishing is best-effort (a lost announcement is still replayed with ?since= and read by the
 * dispatchers), so a bus failure is logged, not thrown. Inside `tx` the event is
 * announced before that transaction commits; a caller whose transaction may still roll back should
 * raise after it instead.
 */
export async function raiseEvent(deps: RaiseDeps, event: NewEvent, tx?: Tx): Promise<BusEvent> {
  if (!EVENT_TYPE.test(event.type) || event.type.length > 100) throw new TypeError(`not an event type: ${JSON.stringify(event.type)}`);
  const stored = {
    id: newEventId(),
    tenantId: event.tenantId,
    type: event.type,
    farmerId: event.farmerId ?? null,
    data: event.data,
    at: new Date().toISOString(),
  };
  if (tx) await insertEvent(tx, stored);
  else await deps.db.platform((own) => insertEvent(own, stored));
  const envelope: BusEvent = { type: stored.type, id: stored.id, at: stored.at, data: stored.data };
  const published: PublishedEvent = { ...envelope, farmerId: stored.farmerId };
  await deps.events
    .publish(tenantChannel(stored.tenantId), published)
    .catch((err) => deps.logger?.warn({ err, eventId: stored.id }, 'an event was stored but not announced'));
  return envelope;
}

/** Every tenant's stored events after `afterId` (exclusive), oldest first, at most `limit`. Platform read. */
export async function eventsAfter(db: Db, afterId: string | null, limit: number): Promise<StoredEvent[]> {
  const rows = await db.platform((tx) => eventsAfterId(tx, afterId, limit), { readOnly: true, primaryOnly: true });
  return rows.map(storedEvent);
}
