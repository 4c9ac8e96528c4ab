/**
 * The webhooks module's face: signed deliveries of the stored event stream to a tenant's receivers
 * (tables webhook_subscriptions, webhook_deliveries, webhook_dispatch_cursor).
 */
import type { SealedColumn } from '../../infra/sealed-columns.js';
import { secretContext } from './subscription-repository.js';

export { registerWebhookJobs } from './jobs.js';
export { WEBHOOK_DELIVERY_OPENAPI } from './openapi.js';
export { webhookRoutes } from './routes.js';

/** The signing secrets, sealed per subscription, for data-key rotation. */
export const WEBHOOK_SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'webhook_subscriptions', idColumn: 'id', column: 'secret_sealed', context: (row) => secretContext(String(row.id)) },
];
