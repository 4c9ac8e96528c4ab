import type { Config } from '../config.js';
import { createCache, type Cache } from './cache/index.js';
import { openDb, type Db } from './db/index.js';
import { createEventBus } from './events/index.js';
import type { EventBus } from './events/events.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createJobQueue } from './queue/index.js';
import type { JobQueue } from './queue/queue.js';
import type { InfraLogger } from './redis.js';

/** Every stateful resource of a process, opened in dependency order and closed in reverse. */
export interface Resources {
  config: Config;
  metrics: Metrics;
  db: Db;
  cache: Cache;
  queue: JobQueue;
  events: EventBus;
  close(): Promise<void>;
}

export interface ResourceOptions {
  logger: InfraLogger & { error(obj: object, msg: string): void };
  /** Namespaces Redis keys and queues; tests give each run its own. */
  redisPrefix?: string;
}

export async function openResources(config: Config, options: ResourceOptions): Promise<Resources> {
  const { logger, redisPrefix } = options;
  const metrics = createMetrics();
  const db = await openDb(config, (error, pool) => logger.error({ err: error, pool }, 'idle database connection failed'));
  const cache = createCache(config, { metrics, logger, keyPrefix: redisPrefix });
  const queue = createJobQueue(config, { metrics, logger, prefix: redisPrefix });
  const events = createEventBus(config, { logger, prefix: redisPrefix });

  return {
    config,
    metrics,
    db,
    cache,
    queue,
    events,
    async close() {
      // Jobs first (they may still write), then the things they write to.
      const results = await Promise.allSettled([queue.close()]);
      results.push(...(await Promise.allSettled([events.close(), cache.close()])));
      results.push(...(await Promise.allSettled([db.close()])));
      for (const result of results) {
        if (result.status === 'rejected') logger.error({ err: result.reason }, 'closing a resource failed');
      }
    },
  };
}
