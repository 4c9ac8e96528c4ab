import type { Crypto } from '../../infra/crypto.js';
import type { Db } from '../../infra/db/index.js';
import { backoffDelay, OutboundError, type Outbound } from '../../infra/outbound/index.js';
import type { JobQueue } from '../../infra/queue/queue.js';
import { claimAttempt, recordAttempt, stopPendingDeliveries, type AttemptOutcome } from './delivery-repository.js';
import { DELIVERY_ID_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature.js';
import { findSubscription, secretContext } from './subscription-repository.js';

export const DELIVER_JOB = 'webhooks.deliver';

/**
 * What a delivery job carries: ids, never the body or the secret. The tenant travels in the data
 * and the job itself is the platform's: deliveries are shown to those who manage webhooks, through
 * their own list, not to every member following the tenant's jobs at /v1/jobs.
 */
export interface DeliverData {
  tenantId: string;
  deliveryId: string;
  /** Which attempt this job makes (1 for the first): a job that runs twice finds it taken. */
  attempt: number;
}

export interface DeliveryDeps {
  db: Db;
  queue: JobQueue;
  crypto: Crypto;
  outbound: Outbound;
  timeoutMs: number;
  retryBaseMs: number;
  retryWindowMs: number;
  now?: () => Date;
}

/** No wait between two attempts is longer than this, however many have failed. */
const MAX_RETRY_WAIT_MS = 60 * 60 * 1000;
/** An attempt that recorded nothing this long after its time limit is presumed lost (see the sweep). */
export const LOST_ATTEMPT_GRACE_MS = 30_000;

/** One job id per delivery and attempt, so enqueueing an attempt twice queues it once. */
export const deliverJobId = (deliveryId: string, attempt: number) => `webhook-${deliveryId}-${attempt}`;

export function enqueueAttempt(queue: JobQueue, delivery: { id: string; tenantId: string }, attempt: number, delayMs = 0) {
  const data: DeliverData = { tenantId: delivery.tenantId, deliveryId: delivery.id, attempt };
  return queue.enqueue(DELIVER_JOB, data, {
    jobId: deliverJobId(delivery.id, attempt),
    // Retries are the delivery's own schedule (below), not the queue's.
    attempts: 1,
    ...(delayMs > 0 ? { delayMs: Math.ceil(delayMs) } : {}),
  });
}

/**
 * After a failed attempt: the next one after an exponential backoff with jitter, but never later
 * than the end of the retry window (so the last try falls on it); at or past the end, dead.
 */
export function nextAttemptAt(
  deps: Pick<DeliveryDeps, 'retryBaseMs' | 'retryWindowMs'>,
  firstAttemptAt: Date,
  attempts: number,
  now: Date,
) {
  const deadline = firstAttemptAt.getTime() + deps.retryWindowMs;
  if (now.getTime() >= deadline) return null;
  return new Date(Math.min(now.getTime() + backoffDelay(attempts, deps.retryBaseMs, MAX_RETRY_WAIT_MS), deadline));
}

/** The sentence kept as a failed attempt's last error; never the URL, which may carry a token of the receiver's. */
function describeFailure(error: unknown): string {
  if (error instanceof OutboundError) {
    if (error.details.code === 'EKHETINONPUBLIC') return 'refused: the receiver resolves to an address that is not on the public internet';
    if (error.kind === 'timeout') return `no answer within ${error.details.timeoutMs} ms`;
    return `unreachable (${error.details.code ?? 'network error'})`;
  }
  return 'the request could not be made';
}

/**
 * The delivery job: claims its attempt, POSTs the stored body signed with the subscription's
 * secret, and records the outcome: a 2xx is delivered; anything else (another status, no answer, a
 * refused address, a redirect, which is not followed) is retried on the schedule above, then dead.
 */
export function deliverHandler(deps: DeliveryDeps) {
  const clock = deps.now ?? (() => new Date());
  return async (job: { data: DeliverData }) => {
    const { tenantId, deliveryId, attempt } = job.data;
    const started = clock();
    const lease = new Date(started.getTime() + deps.timeoutMs + LOST_ATTEMPT_GRACE_MS);
    const claimed = await deps.db.tenant(tenantId, async (tx) => {
      const delivery = await claimAttempt(tx, deliveryId, attempt, started, lease);
      if (!delivery) return undefined;
      const subscription = await findSubscription(tx, delivery.subscription_id);
      if (!subscription || subscription.revoked_at) {
        await stopPendingDeliveries(tx, delivery.subscription_id, 'the webhook was revoked');
        return undefined;
      }
      return { delivery, subscription };
    });
    // Taken already (the job ran twice), finished, redelivered or revoked meanwhile: nothing to send.
    if (!claimed) return { skipped: true };
    const { delivery, subscription } = claimed;

    const secret = await deps.crypto.open(subscription.secret_sealed, secretContext(subscription.id));
    const timestamp = Math.floor(clock().getTime() / 1000);
    let outcome: { ok: true; status: number } | { ok: false; status: number | null; error: string };
    try {
      const response = await deps.outbound.request(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Kheti-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, delivery.body),
          [EVENT_ID_HEADER]: delivery.event_id,
          [EVENT_TYPE_HEADER]: delivery.event_type,
          [DELIVERY_ID_HEADER]: delivery.id,
        },
        body: delivery.body,
        redirect: 'manual',
        idempotent: false,
        timeoutMs: deps.timeoutMs,
        readBody: () => false,
      });
      outcome =
        response.status >= 200 && response.status < 300
          ? { ok: true, status: response.status }
          : { ok: false, status: response.status, error: `answered ${response.status}` };
    } catch (error) {
      outcome = { ok: false, status: null, error: describeFailure(error) };
    }

    const finished = clock();
    const next = outcome.ok ? null : nextAttemptAt(deps, delivery.first_attempt_at ?? started, attempt, finished);
    const recorded: AttemptOutcome = outcome.ok
      ? { status: 'delivered', lastStatus: outcome.status, lastError: null, nextAttemptAt: null, deliveredAt: finished }
      : { status: next ? 'pending' : 'dead', lastStatus: outcome.status, lastError: outcome.error, nextAttemptAt: next, deliveredAt: null };
    const stored = await deps.db.tenant(tenantId, (tx) => recordAttempt(tx, delivery.id, attempt, recorded));
    // A failed enqueue is not lost: the dispatcher's sweep finds the delivery overdue.
    if (stored && next) await enqueueAttempt(deps.queue, { id: delivery.id, tenantId }, attempt + 1, next.getTime() - finished.getTime());
    return { deliveryId: delivery.id, attempt, status: recorded.status, httpStatus: outcome.status };
  };
}
