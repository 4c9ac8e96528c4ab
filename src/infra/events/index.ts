import { usesRedis, type Config } from '../../config.js';
import type { Metrics } from '../metrics.js';
import { createRedisConnection, type InfraLogger } from '../redis.js';
import { CountedEventBus } from './counted-bus.js';
import type { EventBus } from './events.js';
import { MemoryEventBus } from './memory-bus.js';
import { RedisEventBus } from './redis-bus.js';

export type { BusEvent, EventBus, Unsubscribe } from './events.js';

export interface EventBusOptions {
  logger?: InfraLogger;
  /** The Redis channel namespace, default `kheti` (tests use a random one per run). */
  prefix?: string;
  /** Counts each publish by event type (kheti_events_published_total) when given. */
  metrics?: Pick<Metrics, 'eventsPublished'>;
}

/** Redis pub/sub when configured (the bus owns both its connections), otherwise in-process. */
export function createEventBus(config: Config, options: EventBusOptions = {}): EventBus {
  const bus = openBus(config, options);
  return options.metrics ? new CountedEventBus(bus, options.metrics) : bus;
}

function openBus(config: Config, options: EventBusOptions): EventBus {
  if (!usesRedis(config)) return new MemoryEventBus({ logger: options.logger });
  const publisher = createRedisConnection(config, 'publish', { logger: options.logger });
  const subscriber = createRedisConnection(config, 'subscribe', { logger: options.logger });
  return new RedisEventBus(publisher, subscriber, options);
}
