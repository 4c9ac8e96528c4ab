import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { loadConfig } from '../../src/config.js';
import type { Cache } from '../../src/infra/cache/cache.js';
import { createCache } from '../../src/infra/cache/index.js';
import { createMetrics, type Metrics } from '../../src/infra/metrics.js';
import { deleteRedisKeys, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { testServices } from '../support/services.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const modes = [
  { name: 'memory', env: {} as Record<string, string> },
  ...(testServices.embeddedOnly ? [] : [{ name: 'redis', env: { REDIS_URL: testServices.redisUrl } }]),
];

async function cacheCount(metrics: Metrics, result: 'hit' | 'miss') {
  const { values } = await metrics.cacheRequests.get();
  return values.find((v) => v.labels.result === result)?.value ?? 0;
}

for (const mode of modes) {
  describe(`cache (${mode.name})`, () => {
    const prefix = `kheti-test-${randomUUID()}`;
    const config = loadConfig(mode.env);
    let metrics: Metrics;
    let cache: Cache;

    before(() => {
      metrics = createMetrics();
      cache = createCache(config, { metrics, keyPrefix: prefix });
    });
    after(async () => {
      await cache.close();
      if (config.redis.url) await deleteRedisKeys(config.redis.url, `${prefix}:*`);
    });

    it('stores JSON values, returns copies and deletes them', async () => {
      const value = { crop: 'wheat', hectares: 2.5, tags: ['rabi'] };
      await cache.set('field:1', value, 10_000);
      const got = await cache.get<typeof value>('field:1');
      assert.deepEqual(got, value);
      got!.tags.push('changed');
      assert.deepEqual(await cache.get('field:1'), value);
      await cache.delete('field:1');
      assert.equal(await cache.get('field:1'), undefined);
      await cache.check();
    });

    it('expires entries after their TTL', async () => {
      await cache.set('short', 42, 80);
      assert.equal(await cache.get('short'), 42);
      await sleep(150);
      assert.equal(await cache.get('short'), undefined);
    });

    it('counts hits and misses', async () => {
      const [hits, misses] = [await cacheCount(metrics, 'hit'), await cacheCount(metrics, 'miss')];
      await cache.set('counted', 'x', 10_000);
      await cache.get('counted');
      await cache.get('absent');
      assert.equal(await cacheCount(metrics, 'hit'), hits + 1);
      assert.equal(await cacheCount(metrics, 'miss'), misses + 1);
    });

    it('coalesces concurrent getOrLoad calls into one load', async () => {
      let loads = 0;
      const load = async () => {
        loads++;
        await sleep(50);
        return { tile: 'T1', rain: 12 };
      };
      const results = await Promise.all(Array.from({ length: 10 }, () => cache.getOrLoad('tile:T1', 10_000, load)));
      assert.equal(loads, 1);
      for (const result of results) assert.deepEqual(result, { tile: 'T1', rain: 12 });
      assert.deepEqual(await cache.getOrLoad('tile:T1', 10_000, load), { tile: 'T1', rain: 12 });
      assert.equal(loads, 1);
    });

    it('does not cache a failed load', async () => {
      await assert.rejects(
        cache.getOrLoad('flaky', 10_000, async () => Promise.reject(new Error('upstream down'))),
        /upstream down/,
      );
      assert.equal(await cache.getOrLoad('flaky', 10_000, async () => 'ok'), 'ok');
    });

    it('keeps a stamp until it is replaced, and a lost stamp comes back as a new value', async () => {
      const first = await cache.stamp('tenant:a');
      assert.equal(await cache.stamp('tenant:a'), first, 'a standing stamp is the same on every read');
      assert.notEqual(await cache.stamp('tenant:b'), first, 'each key has its own');
      await cache.restamp('tenant:a');
      const second = await cache.stamp('tenant:a');
      assert.notEqual(second, first);
      if (config.redis.url) {
        // Evicted (allkeys-lru) or flushed: whoever holds the old stamp must not find it again.
        const client = new Redis(config.redis.url);
        await client.del(`${prefix}:stamp:tenant:a`).finally(() => client.disconnect());
        const afterLoss = await cache.stamp('tenant:a');
        assert.ok(afterLoss !== first && afterLoss !== second, 'a lost stamp is never an old one');
        const other = createCache(config, { metrics, keyPrefix: prefix });
        assert.equal(await other.stamp('tenant:a'), afterLoss, 'every process reads the one standing stamp');
        await other.close();
      }
    });

    if (mode.name === 'redis') {
      it('coalesces loads across processes through a short lock', async () => {
        const other = createCache(config, { metrics, keyPrefix: prefix });
        try {
          let loads = 0;
          const load = async () => {
            loads++;
            await sleep(150);
            return 'shared';
          };
          const results = await Promise.all([cache.getOrLoad('cross', 10_000, load), other.getOrLoad('cross', 10_000, load)]);
          assert.deepEqual(results, ['shared', 'shared']);
          assert.equal(loads, 1);
        } finally {
          await other.close();
        }
      });
    }
  });
}

describe('cache when Redis goes down', { skip: testServices.embeddedOnly }, () => {
  let server: RedisServer;
  let cache: Cache;
  before(async () => {
    server = await startRedisServer();
    cache = createCache(loadConfig({ REDIS_URL: server.url }), { metrics: createMetrics() });
  });
  after(async () => {
    await cache?.close();
    await server?.stop();
  });

  it('misses and loads through without throwing, then recovers by itself', async () => {
    await cache.set('k', 'cached', 60_000);
    assert.equal(await cache.get('k'), 'cached');

    await server.stop();
    const started = Date.now();
    assert.equal(await cache.get('k'), undefined);
    await cache.set('k', 'ignored', 60_000);
    await cache.delete('k');
    let loads = 0;
    assert.equal(await cache.getOrLoad('k', 60_000, async () => `loaded-${++loads}`), 'loaded-1');
    assert.ok(Date.now() - started < 1000, 'an outage must not slow requests down');
    await assert.rejects(cache.check());
    // Unlike a cached value, a stamp that cannot be told is an error: no copy may be trusted on a guess.
    await assert.rejects(cache.stamp('tenant:a'));
    await assert.rejects(cache.restamp('tenant:a'));

    await server.restart();
    const deadline = Date.now() + 5000;
    while (
      await cache.check().then(
        () => false,
        () => true,
      )
    ) {
      assert.ok(Date.now() < deadline, 'the cache did not reconnect');
      await sleep(100);
    }
    await cache.set('k', 'again', 60_000);
    assert.equal(await cache.get('k'), 'again');
  });
});

describe('cache on a Redis of its own (REDIS_CACHE_URL)', { skip: testServices.embeddedOnly }, () => {
  let queueRedis: RedisServer;
  let cacheRedis: RedisServer;
  let cache: Cache;

  before(async () => {
    [queueRedis, cacheRedis] = await Promise.all([startRedisServer(), startRedisServer()]);
    const config = loadConfig({ REDIS_URL: queueRedis.url, REDIS_CACHE_URL: cacheRedis.url });
    cache = createCache(config, { metrics: createMetrics(), keyPrefix: 'split' });
  });
  after(async () => {
    await cache?.close();
    await Promise.all([queueRedis?.stop(), cacheRedis?.stop()]);
  });

  it('keeps its entries in the cache Redis and nothing in the queue Redis', async () => {
    await cache.set('field:1', { crop: 'wheat' }, 60_000);
    const keys = async (server: RedisServer) => {
      const client = new Redis(server.url);
      try {
        return await client.keys('*');
      } finally {
        client.disconnect();
      }
    };
    assert.equal((await keys(cacheRedis)).length, 1);
    assert.deepEqual(await keys(queueRedis), []);
    assert.deepEqual(await cache.get('field:1'), { crop: 'wheat' });
  });

  it('is refused without REDIS_URL, since the queue and events need a Redis of their own', () => {
    assert.throws(() => loadConfig({ REDIS_CACHE_URL: cacheRedis.url }), /REDIS_CACHE_URL needs REDIS_URL/);
  });
});
