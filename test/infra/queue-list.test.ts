import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig, type Config } from '../../src/config.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { createJobQueue } from '../../src/infra/queue/index.js';
import type { JobQueue, JobRecord } from '../../src/infra/queue/queue.js';
import { deleteRedisKeys } from '../support/redis-server.js';
import { testServices } from '../support/services.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const modes = [
  { name: 'memory', env: {} as Record<string, string> },
  ...(testServices.embeddedOnly ? [] : [{ name: 'redis', env: { REDIS_URL: testServices.redisUrl } }]),
];

async function waitForJob(queue: JobQueue, id: string, until: (job: JobRecord) => boolean) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const job = await queue.get(id);
    if (job && until(job)) return job;
    if (Date.now() > deadline) assert.fail(`job ${id} never got there; last seen ${JSON.stringify(job)}`);
    await sleep(20);
  }
}

/** list() is what GET /v1/jobs reads: kept jobs by tenant, type and status, newest first. */
for (const mode of modes) {
  describe(`listing jobs (${mode.name})`, () => {
    const prefix = `kheti-test-${randomUUID()}`;
    let config: Config;
    let queue: JobQueue;
    const ids: Record<string, string> = {};

    before(async () => {
      config = loadConfig(mode.env);
      queue = createJobQueue(config, { metrics: createMetrics(), prefix });
      queue.register('list.done', async () => 'ok');
      queue.register('list.broken', async () => {
        throw new Error('no scene');
      });
      await queue.start();
      ids.done = (await queue.enqueue('list.done', {}, { tenantId: 't1' })).id;
      await waitForJob(queue, ids.done, (j) => j.status === 'succeeded');
      ids.broken = (await queue.enqueue('list.broken', {}, { tenantId: 't1', attempts: 1 })).id;
      await waitForJob(queue, ids.broken, (j) => j.status === 'failed');
      // A type nobody consumes here stays queued.
      ids.waiting = (await queue.enqueue('list.idle', {}, { tenantId: 't1' })).id;
      ids.other = (await queue.enqueue('list.idle', {}, { tenantId: 't2' })).id;
      ids.platform = (await queue.enqueue('list.idle', {}, { tenantId: null })).id;
    });
    after(async () => {
      await queue.close();
      if (config.redis.url) await deleteRedisKeys(config.redis.url, `{${prefix}}:*`);
    });

    const listed = async (filter: Parameters<JobQueue['list']>[0]) => (await queue.list(filter)).map((j) => j.id);

    it("lists one tenant's jobs, newest first, whatever their state", async () => {
      assert.deepEqual(await listed({ tenantId: 't1' }), [ids.waiting, ids.broken, ids.done]);
      const [waiting, broken, done] = await queue.list({ tenantId: 't1' });
      assert.equal(waiting!.status, 'queued');
      assert.equal(broken!.status, 'failed');
      assert.equal(broken!.error, 'no scene');
      assert.equal(done!.status, 'succeeded');
      assert.equal(done!.result, 'ok');
    });

    it('filters by type and by status', async () => {
      assert.deepEqual(await listed({ tenantId: 't1', type: 'list.idle' }), [ids.waiting]);
      assert.deepEqual(await listed({ tenantId: 't1', status: 'failed' }), [ids.broken]);
      assert.deepEqual(await listed({ tenantId: 't1', status: 'succeeded', type: 'list.done' }), [ids.done]);
      assert.deepEqual(await listed({ tenantId: 't1', type: 'no.such-type' }), []);
      assert.deepEqual(await listed({ tenantId: 't1', status: 'running' }), []);
    });

    it('keeps tenants apart; null is the platform, no tenant key is everyone', async () => {
      assert.deepEqual(await listed({ tenantId: 't2' }), [ids.other]);
      assert.deepEqual(await listed({ tenantId: null }), [ids.platform]);
      assert.deepEqual(new Set(await listed({})), new Set(Object.values(ids)));
    });
  });
}
