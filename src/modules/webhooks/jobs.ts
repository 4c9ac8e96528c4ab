import { openCrypto } from '../../infra/crypto.js';
import type { Resources } from '../../infra/resources.js';
import type { Outside } from '../../integrations/outside.js';
import { DELIVER_JOB, deliverHandler, type DeliverData } from './delivery.js';
import { pruneFinishedDeliveries } from './delivery-repository.js';
import { DISPATCH_CRON, DISPATCH_JOB, dispatchWebhookEvents } from './dispatcher.js';

/** How many deliveries one worker process sends at once. */
const DELIVERY_CONCURRENCY = 8;
/** Delivered and dead deliveries stay listed (and can be redelivered) this long after their last attempt. */
export const FINISHED_DELIVERY_RETENTION_DAYS = 30;
export const PRUNE_JOB = 'webhooks.prune-deliveries';

/**
 * The webhooks' jobs: the dispatcher, every few seconds, turns new stored events into deliveries;
 * the delivery job sends one attempt, through the outside world's webhook transport (public
 * addresses only, unless WEBHOOK_ALLOW_PRIVATE_URLS).
 */
export async function registerWebhookJobs(resources: Resources, outside: Pick<Outside, 'webhooks'>): Promise<void> {
  const { db, queue, config } = resources;
  const outbound = outside.webhooks;
  const deliver = deliverHandler({ db, queue, crypto: openCrypto(config), outbound, ...config.webhooks });
  queue.register<DeliverData>(DELIVER_JOB, (job) => deliver(job), { concurrency: DELIVERY_CONCURRENCY });

  // One run at a time in this process; runs of other processes are made harmless by the cursor.
  let running: Promise<unknown> | undefined;
  queue.register(DISPATCH_JOB, async () => {
    running ??= dispatchWebhookEvents(resources).finally(() => {
      running = undefined;
    });
    return running;
  });
  await queue.repeat(DISPATCH_JOB, DISPATCH_CRON, {});

  queue.register(PRUNE_JOB, async () => {
    const before = new Date(Date.now() - FINISHED_DELIVERY_RETENTION_DAYS * 86_400_000);
    return { deleted: await db.platform((tx) => pruneFinishedDeliveries(tx, before)) };
  });
  await queue.repeat(PRUNE_JOB, '41 3 * * *', {});
}
