import type { Config } from '../config.js';
import { createCache, type Cache } from './cache/index.js';
import { migrate, openDb, sharesWritePositions, type Db } from './db/index.js';
import { RedisWritePositions } from './db/write-positions.js';
import { redisNamespace } from './deployment.js';
import { createEventBus } from './events/index.js';
import type { EventBus } from './events/events.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createJobQueue } from './queue/index.js';
import type { JobQueue } from './queue/queue.js';
import { createRedisConnection, type InfraLogger } from './redis.js';
import { stampTenantWrites, type TenantStamps } from './tenant-stamps.js';

/** Every stateful resource of a process, opened in dependency order and closed in reverse. */
export interface Resources {
  config: Config;
  metrics: Metrics;
  db: Db;
  cache: Cache;
  /** Per-tenant stamps that tenant writes replace: what a copy of a tenant's data is checked against. */
  tenantStamps: TenantStamps;
  queue: JobQueue;
  events: EventBus;
  /** The namespace of everything this deployment keeps in Redis (see infra/deployment.ts). */
  redisNamespace: string;
  close(): Promise<void>;
}

export interface ResourceOptions {
  logger: InfraLogger & { error(obj: object, msg: string): void };
  /** Namespaces Redis keys and queues; tests give each run its own. Else see infra/deployment.ts. */
  redisPrefix?: string;
  /** Applies pending migrations as soon as the database is open, before anything reads it. */
  migrate?: boolean;
}

export async function openResources(config: Config, options: ResourceOptions): Promise<Resources> {
  const { logger, redisPrefix } = options;
  const metrics = createMetrics();
  // In the Redis of the queue (noeviction): an evicted position would let a stale replica answer.
  const writePositions = sharesWritePositions(config)
    ? new RedisWritePositions(createRedisConnection(config, 'queue', { logger }), logger)
    : undefined;
  const db = await openDb(config, {
    onError: (error, pool) => logger.error({ err: error, pool }, 'idle database connection failed'),
    metrics,
    writePositions,
  }).catch(async (error: unknown) => {
    await writePositions?.close();
    throw error;
  });
  let namespace: string;
  try {
    if (options.migrate) {
      const applied = await migrate(db);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    // The Redis namespace may come from the database, so the database opens (and migrates) first.
    namespace = await redisNamespace(config, db, redisPrefix);
    // Until now keyed reads went to the primary: whose writes were pending could not be told.
    writePositions?.useNamespace(namespace);
  } catch (error) {
    await db.close();
    throw error;
  }
  const cache = createCache(config, { metrics, logger, keyPrefix: namespace });
  const stamped = stampTenantWrites(db, cache, logger);
  const queue = createJobQueue(config, { metrics, logger, prefix: namespace });
  const events = createEventBus(config, { logger, prefix: namespace, metrics });

  return {
    config,
    metrics,
    db: stamped.db,
    cache,
    tenantStamps: stamped.stamps,
    queue,
    events,
    redisNamespace: namespace,
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
