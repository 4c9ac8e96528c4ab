import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { usesRedis, type Config } from '../config.js';
import { closeRedis, createRedisConnection } from '../infra/redis.js';
import { batchedRedisStore } from './rate-limit-store.js';

/**
 * Request rate limits: per access token for signed-in callers, per client address otherwise;
 * routes tighten it (sign-in per address and per account, OTP per address). Counters live in
 * Redis so every API process shares them, counted in batches while a caller is far below its limit
 * (rate-limit-store.ts), or in-process in embedded mode. A Redis outage lets
 * requests through rather than failing them (`skipOnError`), as the cache does.
 * Answers 429 with Retry-After and the IETF RateLimit-* headers. The counters' keys start with the
 * deployment's Redis namespace, like everything else it keeps there (route limits inherit it).
 */
export async function registerRateLimit(app: FastifyInstance, config: Config, namespace: string) {
  const redis = usesRedis(config) ? createRedisConnection(config, 'cache', { logger: app.log }) : undefined;
  const store = redis ? batchedRedisStore(redis, `${namespace}:rate:`) : undefined;
  if (redis) {
    app.addHook('onClose', async () => {
      await store?.close();
      await closeRedis(redis);
    });
  }
  await app.register(rateLimit, {
    global: true,
    max: config.http.rateLimitPerMinute,
    timeWindow: '1 minute',
    hook: 'preHandler', // after authentication, so the key can be the token's subject
    keyGenerator: (request) => {
      const principal = request.principal;
      return principal ? `sub:${principal.clientId ?? principal.userId}:${principal.tenantId ?? '-'}` : `ip:${request.ip}`;
    },
    enableDraftSpec: true,
    skipOnError: true,
    nameSpace: `${namespace}:rate:`,
    ...(store ? { store: store.Store } : {}),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`Too many requests; retry in ${context.after}`), { statusCode: 429 }),
  });
}
