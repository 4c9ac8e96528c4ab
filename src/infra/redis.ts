import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config } from '../config.js';
import { withTimeout } from '../lib/timeout.js';

export type RedisConnection = Redis | Cluster;

/** The subset of a pino logger the infrastructure adapters use. */
export interface InfraLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * What a connection is for. Every purpose gets its own connection: a blocked BullMQ fetch or a
 * subscriber-mode connection must never hold up a cache read.
 * - `cache`, `queue`, `publish`, `subscribe`: fail fast while Redis is unreachable, so a request
 *   degrades (cache miss, 503) instead of hanging.
 * - `worker`: what BullMQ workers need (`maxRetriesPerRequest: null`, offline queue on), so a
 *   worker waits out an outage and carries on.
 */
export type RedisPurpose = 'cache' | 'queue' | 'publish' | 'subscribe' | 'worker';

/** The namespace of every key, queue and pub/sub channel unless another is given (tests do). */
export const DEFAULT_NAMESPACE = 'kheti';

export const namespaceOf = (prefix?: string) => (prefix || DEFAULT_NAMESPACE).replace(/:+$/, '');

/**
 * The namespace as a hash tag (`{kheti}`). Redis Cluster only runs a multi-key command or script
 * (BullMQ's Lua scripts touch many keys of a queue) when all its keys hash to the same slot.
 */
export const hashTagged = (namespace: string) => (/\{[^}]+\}/.test(namespace) ? namespace : `{${namespace}}`);

const CONNECT_TIMEOUT_MS = 2000;

/** Per connection we create, shared with its duplicates (BullMQ makes those). */
interface Lifecycle {
  stopped: boolean;
  duplicates: Set<RedisConnection>;
}
const lifecycles = new WeakMap<RedisConnection, Lifecycle>();

export function createRedisConnection(config: Config, purpose: RedisPurpose, options: { logger?: InfraLogger } = {}): RedisConnection {
  const failFast = purpose !== 'worker';
  const lifecycle: Lifecycle = { stopped: false, duplicates: new Set() };
  // Reconnects forever, at most 2 s apart, so the service heals when Redis comes back. duplicate()
  // copies the options, so BullMQ's duplicates share this strategy and its shutdown flag.
  const reconnectDelay = (attempt: number) => (lifecycle.stopped ? null : Math.min(100 * 2 ** Math.min(attempt, 5), 2000));
  const perNode: RedisOptions = {
    connectionName: `kheti:${purpose}`,
    connectTimeout: CONNECT_TIMEOUT_MS,
    // null: BullMQ's blocking commands must survive a reconnect; 1: other commands give up quickly.
    maxRetriesPerRequest: failFast ? 1 : null,
    // Workers block and subscribers idle by design; for the rest a reply this slow means Redis is in
    // trouble (e.g. a host that drops packets) and the caller is better served by its fallback.
    commandTimeout: purpose === 'worker' || purpose === 'subscribe' ? undefined : 2000,
    // The cache is asked on every request (a tenant's stamp, say): commands issued in the same turn
    // of the event loop travel in one write. Under load that is many requests per socket write and
    // per wake-up of Redis, which were most of a cached read's cost.
    enableAutoPipelining: purpose === 'cache',
  };

  let connection: RedisConnection;
  if (config.redis.clusterNodes.length > 0) {
    const clusterOptions: ClusterOptions = {
      enableOfflineQueue: !failFast,
      clusterRetryStrategy: reconnectDelay,
      slotsRefreshTimeout: CONNECT_TIMEOUT_MS,
      redisOptions: perNode,
    };
    connection = new Cluster(config.redis.clusterNodes, clusterOptions);
  } else if (config.redis.url) {
    // The cache may have a Redis of its own (allkeys-lru) so that evictions never touch the queue's.
    const url = purpose === 'cache' && config.redis.cacheUrl ? config.redis.cacheUrl : config.redis.url;
    connection = new Redis(url, { ...perNode, enableOfflineQueue: !failFast, retryStrategy: reconnectDelay });
  } else {
    throw new Error('Redis is not configured: set REDIS_URL or REDIS_CLUSTER_NODES');
  }
  lifecycles.set(connection, lifecycle);
  trackDuplicates(connection, lifecycle);
  reportOutages(connection, purpose, options.logger);
  return connection;
}

function trackDuplicates(connection: RedisConnection, lifecycle: Lifecycle) {
  type Duplicate = (...args: unknown[]) => RedisConnection;
  const duplicate = (connection.duplicate as Duplicate).bind(connection);
  (connection as unknown as { duplicate: Duplicate }).duplicate = (...args) => {
    const copy = duplicate(...args);
    lifecycle.duplicates.add(copy);
    copy.once('end', () => lifecycle.duplicates.delete(copy));
    return copy;
  };
}

/**
 * Logs the first error of an outage and the recovery, not every failed reconnect attempt.
 * The listener also keeps ioredis from printing "Unhandled error event" to stderr.
 */
function reportOutages(connection: RedisConnection, purpose: RedisPurpose, logger?: InfraLogger) {
  let down = false;
  connection.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ err, purpose }, 'Redis connection error; reconnecting in the background');
  });
  connection.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ purpose }, 'Redis connection restored');
  });
}

/**
 * Waits (at most `timeoutMs`) while a connection attempt is in progress, so that the first
 * commands after start-up do not fail just because the socket is still being opened. A connection
 * that is known to be down ("reconnecting") is not waited for: the command then fails at once.
 */
export async function whenConnecting(connection: RedisConnection, timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  if (!['wait', 'connecting', 'connect'].includes(connection.status)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connection.off('ready', done);
      connection.off('error', done);
      connection.off('end', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    connection.once('ready', done);
    connection.once('error', done);
    connection.once('end', done);
  });
}

/** Redis cannot be reached right now. `statusCode` makes the HTTP error handler answer 503. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
  readonly statusCode = 503;
}

/** How ioredis words "could not reach Redis" (as opposed to an error Redis itself replied). */
const CONNECTION_FAILURES = [
  "Stream isn't writeable",
  'Connection is closed',
  'Command timed out',
  'MaxRetriesPerRequest',
  'ClusterAllFailed',
  'startup nodes',
  'Failed to refresh slots',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
];

/**
 * Runs `operation` only if the connection is up, so callers get a RedisUnavailableError at once
 * instead of waiting for a reconnect; connection failures during the operation become one too.
 */
export async function whileAvailable<T>(connection: RedisConnection, operation: () => Promise<T>): Promise<T> {
  await whenConnecting(connection);
  if (connection.status !== 'ready') throw new RedisUnavailableError(`Redis is unavailable (connection ${connection.status})`);
  try {
    return await operation();
  } catch (err) {
    const failure = err instanceof Error ? `${err.name} ${err.message}` : String(err);
    if (CONNECTION_FAILURES.some((text) => failure.includes(text)))
      throw new RedisUnavailableError(`Redis is unavailable: ${failure}`, { cause: err });
    throw err;
  }
}

/**
 * `whileAvailable`, bounded: an answer that does not come within `ms` rejects, for callers whose
 * fallback is better than waiting (a read that then goes to the primary or the database).
 */
export function answeredWithin<T>(connection: RedisConnection, ms: number, operation: () => Promise<T>): Promise<T> {
  return withTimeout(whileAvailable(connection, operation), ms);
}

/** Rejects unless Redis answers PING within `timeoutMs` (readiness checks). */
export async function pingRedis(connection: RedisConnection, timeoutMs = 1000): Promise<void> {
  await whenConnecting(connection, timeoutMs);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const reply = await Promise.race([connection.ping(), timeout]);
    if (reply !== 'PONG') throw new Error(`Unexpected PING reply from Redis: ${String(reply)}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * For shutting down while Redis may be down: the connection and its duplicates stop reconnecting,
 * so each ends (failing its queued commands) at its next failed attempt. ioredis never ends a
 * connection that disconnect() caught between two attempts, and BullMQ's close() waits for that
 * end, so such duplicates are nudged into one more attempt until the returned function is called,
 * which then drops any still waiting to reconnect. Healthy connections are unaffected.
 */
export function endWhenUnreachable(connection: RedisConnection): () => void {
  const lifecycle = lifecycles.get(connection);
  if (!lifecycle) return () => undefined;
  lifecycle.stopped = true;
  const nudge = setInterval(() => {
    for (const copy of lifecycle.duplicates) {
      if (copy.status === 'reconnecting') copy.connect().catch(() => undefined);
    }
  }, 250);
  return () => {
    clearInterval(nudge);
    // Whatever is still waiting for its next attempt is dropped, so no timer outlives the owner.
    for (const copy of lifecycle.duplicates) {
      if (copy.status === 'reconnecting') copy.disconnect();
    }
  };
}

/** QUIT when connected (pending replies still arrive), otherwise just drop the socket. */
export async function closeRedis(connection: RedisConnection): Promise<void> {
  endWhenUnreachable(connection)();
  const ended = () => connection.status === 'end';
  if (ended()) return;
  if (connection.status === 'ready') {
    try {
      await Promise.race([connection.quit(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    } catch {
      // fall through to disconnect
    }
  }
  // Not after an end: ioredis would arm a 2 s timer for a socket that is already gone.
  if (!ended()) connection.disconnect();
}
