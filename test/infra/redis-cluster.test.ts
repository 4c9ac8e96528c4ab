import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Config } from '../../src/config.js';
import type { Cache } from '../../src/infra/cache/cache.js';
import { createCache } from '../../src/infra/cache/index.js';
import type { BusEvent, EventBus } from '../../src/infra/events/events.js';
import { createEventBus } from '../../src/infra/events/index.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { createJobQueue } from '../../src/infra/queue/index.js';
import type { JobQueue, JobRecord } from '../../src/infra/queue/queue.js';
import { startRedisCluster, type RedisClusterServers } from '../support/redis-server.js';
import { testServices } from '../support/services.js';
import { buildTestApp } from '../support/app.js';
import { postgresMode } from '../support/storage-modes.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, 'timed out');
    await sleep(25);
  }
}

/** The same adapters against a three-master Redis Cluster (REDIS_CLUSTER_NODES). */
describe('Redis Cluster', { skip: testServices.embeddedOnly }, () => {
  let cluster: RedisClusterServers;
  let config: Config;
  let cache: Cache | undefined;
  let queue: JobQueue | undefined;
  let bus: EventBus | undefined;
  const prefix = `kheti-test-${randomUUID()}`;

  before(async () => {
    cluster = await startRedisCluster();
    config = loadConfig({ REDIS_CLUSTER_NODES: cluster.nodesEnv });
  });
  after(async () => {
    await Promise.allSettled([cache?.close(), queue?.close(), bus?.close()]);
    await cluster?.stop();
  });

  it('caches, with single-flight loads, across the slots of every node', async () => {
    cache = createCache(config, { metrics: createMetrics(), keyPrefix: prefix });
    await cache.check();
    for (let i = 0; i < 20; i++) await cache.set(`key-${i}`, { i }, 60_000);
    for (let i = 0; i < 20; i++) assert.deepEqual(await cache.get(`key-${i}`), { i });
    let loads = 0;
    const load = async () => {
      loads++;
      await sleep(50);
      return 'loaded';
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => cache!.getOrLoad('tile', 60_000, load)));
    assert.deepEqual(new Set(results), new Set(['loaded']));
    assert.equal(loads, 1);
  });

  it('runs BullMQ jobs and finds them by id', async () => {
    queue = createJobQueue(config, { metrics: createMetrics(), prefix });
    await queue.check();
    queue.register<{ n: number }>('cluster.double', async (job) => {
      await job.progress(50);
      if (job.attempt === 1) throw new Error('first try fails');
      return job.data.n * 2;
    });
    await queue.start();
    const { id } = await queue.enqueue('cluster.double', { n: 21 }, { attempts: 2, backoffMs: 20 });
    const done = await eventually<JobRecord>(async () => {
      const job = await queue!.get(id);
      return job?.status === 'succeeded' ? job : undefined;
    });
    assert.equal(done.result, 42);
    assert.equal(done.attempts, 2);
    assert.equal((await queue.counts())['cluster.double']?.failed, 0);
  });

  it('fans events out over pub/sub', async () => {
    bus = createEventBus(config, { prefix });
    const received: BusEvent[] = [];
    const unsubscribe = await bus.subscribe('tenant:t1', (e) => void received.push(e));
    const sent: BusEvent = { type: 'alert.created', id: randomUUID(), at: new Date().toISOString(), data: { x: 1 } };
    await bus.publish('tenant:t1', sent);
    assert.deepEqual(await eventually(async () => received[0]), sent);
    await unsubscribe();
  });

  it('serves the app on the cluster: /readyz checks Redis through REDIS_CLUSTER_NODES', async () => {
    const t = await buildTestApp(postgresMode, { env: { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodesEnv } });
    try {
      const response = await t.app.inject({ url: '/readyz' });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().checks.redis.ok, true);
      assert.deepEqual(t.config.redis.clusterNodes, cluster.nodes);
    } finally {
      await t.close();
    }
  });
});
