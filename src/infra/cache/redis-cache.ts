import { v7 as uuidv7 } from 'uuid';
import type { Metrics } from '../metrics.js';
import { answeredWithin, closeRedis, namespaceOf, pingRedis, whenConnecting, type InfraLogger, type RedisConnection } from '../redis.js';
import type { Cache } from './cache.js';
import { SingleFlight } from './single-flight.js';

export interface RedisCacheOptions {
  metrics: Pick<Metrics, 'cacheRequests'>;
  /**
   * The key namespace (default `kheti`); keys are `<namespace>:cache:<key>`. Every cache command
   * touches one key, so there is no hash tag: on a cluster the cache spreads over all slots
   * instead of piling onto the node that owns `{kheti}`.
   */
  keyPrefix?: string;
  logger?: InfraLogger;
  /** How long getOrLoad waits for another process that is loading the same key. */
  lockWaitMs?: number;
  /** Expiry of the cross-process load lock, in case its holder dies mid-load. */
  lockTtlMs?: number;
}

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const POLL_MS = 25;
/** A stamp that cannot be told this fast is treated as unknown: the caller reads the source instead. */
const STAMP_TIMEOUT_MS = 250;
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * The cache on Redis. An outage degrades it to "always miss": reads count a miss, writes are
 * dropped, getOrLoad loads through. It never fails the request that uses it.
 */
export class RedisCache implements Cache {
  private readonly flights = new SingleFlight();
  private readonly prefix: string;
  private readonly lockPrefix: string;
  private readonly stampPrefix: string;
  private lastErrorLog = 0;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisCacheOptions,
  ) {
    this.prefix = `${namespaceOf(options.keyPrefix)}:cache:`;
    this.lockPrefix = `${namespaceOf(options.keyPrefix)}:cache-lock:`;
    this.stampPrefix = `${namespaceOf(options.keyPrefix)}:stamp:`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    let value: T | undefined;
    try {
      value = await this.read<T>(key);
    } catch (err) {
      this.logError(err, 'get');
    }
    this.options.metrics.cacheRequests.inc({ result: value === undefined ? 'miss' : 'hit' });
    return value;
  }

  async set<T>(key: string, value: T, ttlMs: number): Promise<void> {
    try {
      await this.write(key, value, ttlMs);
    } catch (err) {
      this.logError(err, 'set');
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await whenConnecting(this.redis);
      await this.redis.del(this.prefix + key);
    } catch (err) {
      this.logError(err, 'delete');
    }
  }

  async stamp(key: string): Promise<string> {
    const standing = await answeredWithin(this.redis, STAMP_TIMEOUT_MS, () => this.redis.get(this.stampPrefix + key));
    if (standing !== null) return standing;
    // None yet (or evicted): SET NX GET answers the stamp another process set meanwhile, or
    // makes ours the standing one, in one command.
    const fresh = uuidv7();
    const raced = await answeredWithin(this.redis, STAMP_TIMEOUT_MS, () => this.redis.set(this.stampPrefix + key, fresh, 'NX', 'GET'));
    return raced ?? fresh;
  }

  async restamp(key: string): Promise<void> {
    await answeredWithin(this.redis, STAMP_TIMEOUT_MS, () => this.redis.set(this.stampPrefix + key, uuidv7()));
  }

  async getOrLoad<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;
    return this.flights.run(key, () => this.loadOnce(key, ttlMs, load));
  }

  async check(): Promise<void> {
    await pingRedis(this.redis);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  /**
   * Cross-process single-flight: whoever takes the short lock loads; the others poll for the value
   * for a bounded time and then load themselves. Any Redis error means "just load".
   */
  private async loadOnce<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const lockKey = this.lockPrefix + key;
    const token = uuidv7();
    let locked = false;
    try {
      await whenConnecting(this.redis);
      locked = (await this.redis.set(lockKey, token, 'PX', this.options.lockTtlMs ?? 10_000, 'NX')) === 'OK';
    } catch (err) {
      this.logError(err, 'lock');
      return this.loadAndStore(key, ttlMs, load);
    }
    if (!locked) {
      const loadedElsewhere = await this.waitForOtherLoader<T>(key, lockKey).catch(() => undefined);
      if (loadedElsewhere !== undefined) return loadedElsewhere;
      return this.loadAndStore(key, ttlMs, load);
    }
    try {
      return await this.loadAndStore(key, ttlMs, load);
    } finally {
      await this.redis.eval(RELEASE_LOCK, 1, lockKey, token).catch(() => undefined);
    }
  }

  private async waitForOtherLoader<T>(key: string, lockKey: string): Promise<T | undefined> {
    const deadline = Date.now() + (this.options.lockWaitMs ?? 2000);
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const value = await this.read<T>(key);
      if (value !== undefined) return value;
      // The lock is gone: the holder either stored the value just after our read, or its load
      // failed. One more read tells which; then stop waiting.
      if ((await this.redis.exists(lockKey)) === 0) return this.read<T>(key);
    }
    return undefined;
  }

  private async loadAndStore<T>(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    const value = await load();
    await this.set(key, value, ttlMs);
    return value;
  }

  private async read<T>(key: string): Promise<T | undefined> {
    await whenConnecting(this.redis);
    const json = await this.redis.get(this.prefix + key);
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  private async write(key: string, value: unknown, ttlMs: number) {
    await whenConnecting(this.redis);
    const json = JSON.stringify(value);
    if (json === undefined || ttlMs <= 0) {
      await this.redis.del(this.prefix + key);
      return;
    }
    await this.redis.set(this.prefix + key, json, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  /** At most one line per interval: during an outage every request would otherwise log. */
  private logError(err: unknown, operation: string) {
    const now = Date.now();
    if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
    this.lastErrorLog = now;
    this.options.logger?.warn({ err, operation }, 'Redis cache unavailable; serving without cache');
  }
}
