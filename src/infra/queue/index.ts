import { usesRedis, type Config } from '../../config.js';
import type { Metrics } from '../metrics.js';
import { createRedisConnection, type InfraLogger } from '../redis.js';
import { BullJobQueue } from './bullmq-queue.js';
import { MemoryJobQueue } from './memory-queue.js';
import type { JobQueue } from './queue.js';

export * from './queue.js';

export interface JobQueueOptions {
  metrics: Pick<Metrics, 'jobsCompleted'>;
  logger?: InfraLogger;
  /** The Redis namespace of queues and keys, default `kheti` (tests use a random one per run). */
  prefix?: string;
}

/** BullMQ when Redis is configured (the queue owns its connections), otherwise in-process. */
export function createJobQueue(config: Config, options: JobQueueOptions): JobQueue {
  const { metrics, logger, prefix } = options;
  if (!usesRedis(config)) return new MemoryJobQueue({ metrics, logger });
  return new BullJobQueue({
    metrics,
    logger,
    prefix,
    lockDurationMs: config.jobLockMs,
    producer: createRedisConnection(config, 'queue', { logger }),
    connectWorker: () => createRedisConnection(config, 'worker', { logger }),
  });
}
