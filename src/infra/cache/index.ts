import { usesRedis, type Config } from '../../config.js';
import type { Metrics } from '../metrics.js';
import { createRedisConnection, type InfraLogger } from '../redis.js';
import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

export type { Cache } from './cache.js';

export interface CacheOptions {
  metrics: Pick<Metrics, 'cacheRequests'>;
  /** The Redis key namespace, default `kheti` (tests use a random one per run). */
  keyPrefix?: string;
  logger?: InfraLogger;
  /** Bound of the in-process cache. */
  maxEntries?: number;
}

/** Redis when configured (the cache owns its connection), otherwise an in-process LRU map. */
export function createCache(config: Config, options: CacheOptions): Cache {
  if (!usesRedis(config)) return new MemoryCache({ metrics: options.metrics, maxEntries: options.maxEntries });
  const redis = createRedisConnection(config, 'cache', { logger: options.logger });
  return new RedisCache(redis, { metrics: options.metrics, keyPrefix: options.keyPrefix, logger: options.logger });
}
