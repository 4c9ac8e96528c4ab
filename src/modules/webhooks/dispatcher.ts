import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../infra/db/index.js';
import type { JobQueue } from '../../infra/queue/queue.js';
import { eventsAfter, type StoredEvent } from '../realtime/index.js';
import { enqueueAttempt, LOST_ATTEMPT_GRACE_MS } from './delivery.js';
import { insertDeliveries, moveDispatchCursor, overdueDeliveries, readDispatchCursor, type NewDelivery } from './delivery-repository.js';
import { subscriptionMatches } from './matching.js';
import { liveSubscriptionsOf, type SubscriptionRow } from './subscription-repository.js';

export const DISPATCH_JOB = 'webhooks.dispatch';
/** Every 5 seconds (cron with seconds, UTC). */
export const DISPATCH_CRON = '*/5 * * * * *';

export interface DispatchOptions {
  batchSize?: number;
  /**
   * Events younger than this are left for the next run. Event ids are made before their
   * transaction commits, so an event can become visible after a younger one the cursor has passed;
   * waiting this long lets such a straggler land before the cursor moves beyond it.
   */
  settleMs?: number;
  /** Batches in one run at most, so a backlog does not hold one job for ever. */
  maxBatches?: number;
  now?: () => Date;
}

export interface DispatchResult {
  events: number;
  deliveries: number;
  /** Overdue attempts enqueued again by the sweep. */
  resumed: number;
}

/** The body every attempt sends: the event's envelope and the tenant it belongs to. */
export const envelopeOf = (event: StoredEvent) =>
  JSON.stringify({ id: event.id, type: event.type, at: event.at, tenantId: event.tenantId, data: event.data });

/** The deliveries a batch of events makes: one per matching live subscription made before the event. */
export function plannedDeliveries(events: readonly StoredEvent[], subscriptions: readonly SubscriptionRow[]): NewDelivery[] {
  const byTenant = new Map<string, SubscriptionRow[]>();
  for (const s of subscriptions) byTenant.set(s.tenant_id, [...(byTenant.get(s.tenant_id) ?? []), s]);
  return events.flatMap((event) =>
    (byTenant.get(event.tenantId) ?? [])
      .filter((s) => s.created_at.getTime() <= Date.parse(event.at) && subscriptionMatches(s.types, event))
      .map((s) => ({
        id: uuidv7(),
        tenantId: event.tenantId,
        subscriptionId: s.id,
        eventId: event.id,
        eventType: event.type,
        body: envelopeOf(event),
      })),
  );
}

/**
 * One run of the dispatcher: follows the stored event stream from the cursor, creates the
 * deliveries of matching subscriptions and moves the cursor in one transaction, then enqueues each
 * new delivery's first attempt. Two runs at once (a second worker, a job run twice) cannot double
 * anything: the cursor moves only from where a run read it, and deliveries are unique per
 * subscription and event. Last, it sweeps up attempts whose job was lost.
 */
export async function dispatchWebhookEvents(deps: { db: Db; queue: JobQueue }, options: DispatchOptions = {}): Promise<DispatchResult> {
  const { db, queue } = deps;
  const batchSize = options.batchSize ?? 500;
  const settleMs = options.settleMs ?? 2000;
  const clock = options.now ?? (() => new Date());
  const result: DispatchResult = { events: 0, deliveries: 0, resumed: 0 };
  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    const cursor = await db.platform((tx) => readDispatchCursor(tx), { primaryOnly: true, readOnly: true });
    const events = await eventsAfter(db, cursor, batchSize);
    const settledBefore = clock().getTime() - settleMs;
    const firstUnsettled = events.findIndex((event) => Date.parse(event.at) > settledBefore);
    const ready = firstUnsettled === -1 ? events : events.slice(0, firstUnsettled);
    if (ready.length === 0) break;
    const tenantIds = [...new Set(ready.map((event) => event.tenantId))];
    const subscriptions = await db.platform((tx) => liveSubscriptionsOf(tx, tenantIds), { primaryOnly: true, readOnly: true });
    const planned = plannedDeliveries(ready, subscriptions);
    const created = await db.platform(async (tx) => {
      if (!(await moveDispatchCursor(tx, cursor, ready.at(-1)!.id))) return undefined;
      return insertDeliveries(tx, planned, clock());
    });
    // Another run moved the cursor first: read it again.
    if (!created) continue;
    result.events += ready.length;
    result.deliveries += created.length;
    for (const delivery of created) await enqueueAttempt(queue, { id: delivery.id, tenantId: delivery.tenant_id }, 1);
    if (ready.length < events.length || events.length < batchSize) break;
  }
  const overdue = await db.platform((tx) => overdueDeliveries(tx, new Date(clock().getTime() - LOST_ATTEMPT_GRACE_MS), 200), {
    primaryOnly: true,
    readOnly: true,
  });
  for (const delivery of overdue) {
    await enqueueAttempt(queue, { id: delivery.id, tenantId: delivery.tenant_id }, delivery.attempts + 1);
    result.resumed += 1;
  }
  return result;
}
