import type { Container } from './container.js';
import { purgeIdempotencyKeys } from './http/idempotency.js';
import { pruneOtpChallenges } from './auth/index.js';
import { registerImageryJobs } from './modules/imagery/index.js';
import { registerMarketPriceIngestion } from './modules/markets/index.js';
import { registerRealtimeJobs } from './modules/realtime/index.js';
import { registerWebhookJobs } from './modules/webhooks/index.js';
import { registerNotificationJobs } from './modules/notifications/index.js';

/**
 * Every job type and its consumer, in one place. Modules add theirs here; `kheti worker` (or
 * `kheti serve` in embedded mode) registers them all and starts consuming, with the process's
 * container: the same outside ports as the app's when both run in one process.
 */
export async function registerJobHandlers(container: Pick<Container, 'resources' | 'outside'>): Promise<void> {
  const { resources, outside } = container;
  const { queue, db } = resources;
  queue.register('maintenance.purge-idempotency-keys', async () => ({ deleted: await purgeIdempotencyKeys(db) }));
  await queue.repeat('maintenance.purge-idempotency-keys', '17 * * * *', {});

  // Each request prunes its own phone's old challenges; phones that never ask again are swept here.
  queue.register('maintenance.purge-otp-challenges', async () => ({ deleted: await pruneOtpChallenges(db) }));
  await queue.repeat('maintenance.purge-otp-challenges', '23 * * * *', {});

  await registerMarketPriceIngestion(resources, outside);
  await registerImageryJobs(resources, outside);
  await registerRealtimeJobs(resources);
  await registerWebhookJobs(resources, outside);
  await registerNotificationJobs(resources, outside);
}
