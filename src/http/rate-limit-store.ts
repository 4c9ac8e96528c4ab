import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RedisConnection } from '../infra/redis.js';

/**
 * Rate-limit counters kept in Redis, so every API process shares them, but counted in-process
 * while a caller is far below its limit and sent to Redis in batches every FLUSH_MS: a request
 * then costs no Redis round trip (with @fastify/rate-limit's own Redis store, one EVALSHA each was
 * a tenth of a worker's time on the hot read paths). Near the limit every request counts in Redis
 * at once, so the answer there is exact:
 *   - a key counts locally only while the count known from Redis plus this process's unsent ones
 *     stays below half its limit, and at most a twentieth of the limit goes unsent per batch;
 *   - past that, or for limits under 100 a minute (sign-in, OTP), each request adds itself and the
 *     unsent ones in one call and is answered with Redis's total.
 * So each other process can be at most a twentieth of the limit ahead of what one process knows,
 * and only while all of them are below half of it. Windows are fixed from a key's first request,
 * as the plugin's stores do. A Redis error lets the request through (`skipOnError`), counted
 * locally, and its count is sent with the next batch.
 */
const FLUSH_MS = 100;
const LOCAL_BELOW = 0.5;
const UNSENT_AT_MOST = 1 / 20;
const LOCAL_FROM_MAX = 100;

/** Adds n to a key, starting its window when the key is new; answers [count, ms left in the window]. */
const ADD_LUA = `
local current = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {current, ttl}`;

interface Counter {
  /** The key's count in Redis as of its last answer. */
  known: number;
  /** Requests counted here and not yet sent. */
  unsent: number;
  windowEndsAt: number;
  windowMs: number;
}

type Answer = (error: Error | null, result?: { current: number; ttl: number }) => void;
type AddingRedis = RedisConnection & { khetiRateAdd(key: string, n: number, windowMs: number): Promise<[number, number]> };

/** The counters of one Redis connection: every store of the app (global and per route) shares them. */
class Counters {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private readonly redis: AddingRedis;

  constructor(redis: RedisConnection) {
    if (!('khetiRateAdd' in redis)) redis.defineCommand('khetiRateAdd', { numberOfKeys: 1, lua: ADD_LUA });
    this.redis = redis as AddingRedis;
  }

  incr(key: string, windowMs: number, max: number, answer: Answer) {
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter || counter.windowEndsAt <= now) {
      counter = { known: 0, unsent: 0, windowEndsAt: now + windowMs, windowMs };
      this.counters.set(key, counter);
    }
    const local =
      max >= LOCAL_FROM_MAX && counter.known + counter.unsent + 1 < max * LOCAL_BELOW && counter.unsent + 1 < max * UNSENT_AT_MOST;
    if (local) {
      counter.unsent += 1;
      this.scheduleFlush();
      answer(null, { current: counter.known + counter.unsent, ttl: counter.windowEndsAt - now });
      return;
    }
    const n = counter.unsent + 1;
    counter.unsent = 0;
    this.add(key, counter, n).then(
      ([current, ttl]) => answer(null, { current, ttl }),
      (error: Error) => answer(error),
    );
  }

  private async add(key: string, counter: Counter, n: number): Promise<[number, number]> {
    try {
      const [current, ttl] = await this.redis.khetiRateAdd(key, n, counter.windowMs);
      // Redis's count includes every process's; what was counted here since is still unsent.
      counter.known = current - counter.unsent;
      counter.windowEndsAt = Date.now() + ttl;
      return [current, ttl];
    } catch (error) {
      counter.unsent += n; // sent with the next batch
      this.scheduleFlush();
      throw error;
    }
  }

  private scheduleFlush() {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, FLUSH_MS);
    this.timer.unref();
  }

  /** Sends every counter's unsent requests (a failed send keeps them for the next batch) and forgets ended windows. */
  private flush() {
    const now = Date.now();
    const sending: Promise<unknown>[] = [];
    for (const [key, counter] of this.counters) {
      if (counter.unsent > 0) {
        const n = counter.unsent;
        counter.unsent = 0;
        sending.push(this.add(key, counter, n).catch(() => undefined));
      } else if (counter.windowEndsAt <= now) {
        this.counters.delete(key);
      }
    }
    return Promise.all(sending);
  }

  /** Sends what is unsent now (at shutdown), so another process sees it. */
  async close() {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

/** What the plugin hands a store's `child`: the route it limits. */
interface RouteOptions {
  routeInfo: { method: string; url: string };
}

/**
 * A store for @fastify/rate-limit's `store` option over one Redis connection, the keys under
 * `prefix` (a route's own limit under the route's name, as the plugin's Redis store names them);
 * `close` sends the unsent counts.
 */
export function batchedRedisStore(redis: RedisConnection, prefix: string) {
  const counters = new Counters(redis);
  const storeUnder = (keyPrefix: string): FastifyRateLimitStore => ({
    incr: (key, answer, windowMs, max) => counters.incr(keyPrefix + key, windowMs, max, answer),
    child: (route) => {
      const { routeInfo } = route as unknown as RouteOptions;
      return storeUnder(`${keyPrefix}${routeInfo.method}${routeInfo.url}-`);
    },
  });
  // The plugin constructs its store with `new`; a constructor that returns an object yields it.
  const Store = function BatchedRedisStore() {
    return storeUnder(prefix);
  } as unknown as FastifyRateLimitStoreCtor;
  return { Store, close: () => counters.close() };
}
