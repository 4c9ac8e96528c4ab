import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { batchedRedisStore } from '../../src/http/rate-limit-store.js';
import { testServices } from '../support/services.js';

/**
 * The rate limit's batched Redis counters (src/http/rate-limit-store.ts), two API processes played
 * by two stores on two Redis connections sharing one key space, on the real Redis.
 */
describe('rate-limit counters counted in batches and shared through Redis', {
  skip: testServices.embeddedOnly && 'embedded-only run',
}, () => {
  const prefix = `test-rate-${randomBytes(4).toString('hex')}:`;
  const connections: Redis[] = [];
  const apiProcess = () => {
    const redis = new Redis(testServices.redisUrl, { lazyConnect: false });
    connections.push(redis);
    const { Store, close } = batchedRedisStore(redis, prefix);
    const store = new Store({});
    const incr = (key: string, max: number, windowMs = 60_000) =>
      new Promise<{ current: number; ttl: number }>((resolve, reject) =>
        store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), windowMs, max),
      );
    return { incr, close, store };
  };
  after(async () => {
    const keys = await connections[0]!.keys(`${prefix}*`);
    if (keys.length) await connections[0]!.del(...keys);
    await Promise.all(connections.map((redis) => redis.quit().catch(() => undefined)));
  });
  const inRedis = async (key: string) => Number((await connections[0]!.get(prefix + key)) ?? 0);

  it('far below the limit answers without Redis, and the batch reaches Redis within a fraction of a second', async () => {
    const a = apiProcess();
    const b = apiProcess();
    const key = 'far-below';
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await a.incr(key, 600));
    assert.deepEqual(
      answers.map((x) => x.current),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.ok(answers.every((x) => x.ttl > 59_000 && x.ttl <= 60_000));
    for (let waited = 0; (await inRedis(key)) < 10; waited += 20) {
      assert.ok(waited < 2000, 'the batch reached Redis');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(await inRedis(key), 10);
    assert.ok((await connections[0]!.pttl(prefix + key)) > 55_000, 'the window was set in Redis');
    // The other process learns the shared count when it next hears from Redis.
    await new Promise((resolve) => setTimeout(resolve, 150));
    for (let i = 0; i < 5; i++) await b.incr(key, 600);
    for (let waited = 0; (await inRedis(key)) < 15; waited += 20) {
      assert.ok(waited < 2000, "the other process's batch reached Redis");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal((await b.incr(key, 600)).current, 16, 'after its batch, a process knows what the others counted');
  });

  it('near the limit every request counts in Redis: two processes together admit the limit and at most a twentieth more', async () => {
    const a = apiProcess();
    const b = apiProcess();
    const key = 'near-limit';
    const max = 200;
    let admitted = 0;
    for (let i = 0; i < 300; i++) {
      const { current } = await (i % 2 === 0 ? a : b).incr(key, max);
      if (current <= max) admitted++;
    }
    assert.ok(admitted >= max, `at least the limit is admitted (${admitted})`);
    assert.ok(admitted <= max + 2 * (max / 20), `at most a twentieth of the limit more per process is admitted (${admitted})`);
    await a.close();
    await b.close();
    assert.equal(await inRedis(key), 300, 'every request was counted in Redis once');
  });

  it('a small limit (sign-in, OTP) is exact across processes: the 11th request of 10 is refused wherever it lands', async () => {
    const a = apiProcess();
    const b = apiProcess();
    const key = 'small';
    const counts = [];
    for (let i = 0; i < 11; i++) counts.push((await (i % 2 === 0 ? a : b).incr(key, 10)).current);
    assert.deepEqual(counts, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('a route limit counts under its own key, apart from the global one', async () => {
    const a = apiProcess();
    const route = a.store.child({ routeInfo: { method: 'POST', url: '/v1/otp' } } as never);
    await new Promise((resolve, reject) => route.incr('ip:1', (error) => (error ? reject(error) : resolve(null)), 60_000, 10));
    assert.equal(await inRedis('POST/v1/otp-ip:1'), 1);
    assert.equal(await inRedis('ip:1'), 0);
  });
});
