import type { Config } from '../../config.js';
import { createOutbound, createPublicOnlyFetch, type Outbound } from '../../infra/outbound/index.js';

/**
 * How signed webhooks reach their receivers: only through the public-only fetch (unless
 * WEBHOOK_ALLOW_PRIVATE_URLS), with the configured time limit, no retries inside an attempt (the
 * delivery's own schedule retries) and no circuit breaker (one failing receiver's deliveries are
 * spaced out by their backoff already, and must not hold up another receiver's).
 */
export function createWebhookTransport(config: Config, options: { fetch?: typeof fetch } = {}): Outbound {
  return createOutbound({
    upstream: 'webhook',
    timeoutMs: config.webhooks.timeoutMs,
    retries: 0,
    breaker: false,
    fetch: options.fetch ?? createPublicOnlyFetch({ allowPrivate: config.webhooks.allowPrivateUrls }),
  });
}
