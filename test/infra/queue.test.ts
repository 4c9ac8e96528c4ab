import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type Config } from '../../src/config.js';
import { createMetrics, type Metrics } from '../../src/infra/metrics.js';
import { createJobQueue } from '../../src/infra/queue/index.js';
import { PermanentJobError, type JobQueue, type JobRecord } from '../../src/infra/queue/queue.js';
import { deleteRedisKeys, startRedisServer, type RedisServer } from '../support/redis-server.js';
import { testServices } from '../support/services.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const modes = [
  { name: 'memory', env: {} as Record<string, string> },
  ...(testServices.embeddedOnly ? [] : [{ name: 'redis', env: { REDIS_URL: testServices.redisUrl } }]),
];

/** Polls get(id) until `until` holds (or fails after `timeoutMs`). */
async function waitForJob(queue: JobQueue, id: string, until: (job: JobRecord) => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.get(id);
    if (job && until(job)) return job;
    if (Date.now() > deadline) assert.fail(`job ${id} never got there; last seen ${JSON.stringify(job)}`);
    await sleep(20);
  }
}

async function finished(metrics: Metrics, type: string, outcome: string) {
  const { values } = await metrics.jobsCompleted.get();
  return values.find((v) => v.labels.type === type && v.labels.outcome === outcome)?.value ?? 0;
}

for (const mode of modes) {
  describe(`job queue (${mode.name})`, () => {
    const prefix = `kheti-test-${randomUUID()}`;
    let config: Config;
    let metrics: Metrics;
    let queue: JobQueue;
    const open = () => createJobQueue(config, { metrics, prefix });

    before(async () => {
      config = loadConfig(mode.env);
      metrics = createMetrics();
      queue = open();
      await queue.start();
    });
    after(async () => {
      await queue.close();
      if (config.redis.url) await deleteRedisKeys(config.redis.url, `{${prefix}}:*`);
    });

    it('counts both outcomes of a consumer from its start, at 0', async () => {
      queue.register('counted.from-start', async () => ({}));
      const { values } = await metrics.jobsCompleted.get();
      const outcomes = values.filter((v) => v.labels.type === 'counted.from-start').map((v) => [v.labels.outcome, v.value]);
      assert.deepEqual(outcomes.sort(), [
        ['failed', 0],
        ['succeeded', 0],
      ]);
    });

    it('runs a job and keeps its result', async () => {
      queue.register<{ fieldId: string }>('ndvi.compute', async (job) => ({ fieldId: job.data.fieldId, ndvi: 0.61, attempt: job.attempt }));
      const queued = await queue.enqueue('ndvi.compute', { fieldId: 'f1' }, { tenantId: 't1' });
      assert.equal(queued.status, 'queued');
      assert.equal(queued.type, 'ndvi.compute');
      assert.equal(queued.tenantId, 't1');
      const done = await waitForJob(queue, queued.id, (j) => j.status === 'succeeded');
      assert.deepEqual(done.result, { fieldId: 'f1', ndvi: 0.61, attempt: 1 });
      assert.equal(done.attempts, 1);
      assert.equal(done.progress, 100);
      assert.equal(done.tenantId, 't1');
      assert.ok(done.finishedAt);
      assert.equal(await finished(metrics, 'ndvi.compute', 'succeeded'), 1);
      assert.equal(await queue.get(randomUUID()), undefined);
    });

    it('shows progress while the job runs', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      queue.register('report.build', async (job) => {
        await job.progress(40);
        await released;
        return 'built';
      });
      const { id } = await queue.enqueue('report.build', {});
      const running = await waitForJob(queue, id, (j) => j.progress === 40);
      assert.equal(running.status, 'running');
      release();
      assert.equal((await waitForJob(queue, id, (j) => j.status === 'succeeded')).result, 'built');
    });

    it('retries with exponential backoff until the job succeeds', async () => {
      const tries: number[] = [];
      queue.register('weather.fetch', async (job) => {
        tries.push(Date.now());
        if (job.attempt < 3) throw new Error(`upstream 503 (try ${job.attempt})`);
        return { ok: job.attempt };
      });
      const { id } = await queue.enqueue('weather.fetch', {}, { attempts: 4, backoffMs: 100 });
      const done = await waitForJob(queue, id, (j) => j.status === 'succeeded');
      assert.deepEqual(done.result, { ok: 3 });
      assert.equal(done.attempts, 3);
      assert.equal(tries.length, 3);
      assert.ok(tries[1]! - tries[0]! >= 90, `first backoff ${tries[1]! - tries[0]!} ms`);
      assert.ok(tries[2]! - tries[1]! >= 190, `second backoff ${tries[2]! - tries[1]!} ms`);
      assert.equal(await finished(metrics, 'weather.fetch', 'failed'), 0);
    });

    it('fails at once on a PermanentJobError', async () => {
      let calls = 0;
      queue.register('sms.send', async () => {
        calls++;
        throw new PermanentJobError('phone number is invalid');
      });
      const { id } = await queue.enqueue('sms.send', {}, { attempts: 5, backoffMs: 10 });
      const failed = await waitForJob(queue, id, (j) => j.status === 'failed');
      assert.equal(failed.error, 'phone number is invalid');
      assert.equal(failed.attempts, 1);
      await sleep(100);
      assert.equal(calls, 1);
    });

    it('fails with the last error once every attempt is used', async () => {
      queue.register('prices.import', async (job) => {
        throw new Error(`mandi feed timed out (try ${job.attempt})`);
      });
      const { id } = await queue.enqueue('prices.import', {}, { attempts: 2, backoffMs: 20 });
      const failed = await waitForJob(queue, id, (j) => j.status === 'failed');
      assert.equal(failed.error, 'mandi feed timed out (try 2)');
      assert.equal(failed.attempts, 2);
      assert.ok(failed.finishedAt);
      assert.equal(await finished(metrics, 'prices.import', 'failed'), 1);
      const counts = await queue.counts();
      assert.equal(counts['prices.import']?.failed, 1);
    });

    it('returns the existing job for a jobId that is already taken', async () => {
      let calls = 0;
      queue.register('advisory.send', async (job) => {
        calls++;
        return job.data;
      });
      const jobId = `advisory-${randomUUID()}`;
      const first = await queue.enqueue('advisory.send', { v: 1 }, { jobId });
      assert.equal(first.id, jobId);
      await waitForJob(queue, jobId, (j) => j.status === 'succeeded');
      const second = await queue.enqueue('advisory.send', { v: 2 }, { jobId });
      assert.equal(second.id, jobId);
      assert.equal(second.status, 'succeeded');
      assert.deepEqual(second.result, { v: 1 });
      assert.equal(second.createdAt, first.createdAt);
      await sleep(100);
      assert.equal(calls, 1);
    });

    it('keeps to the concurrency of each type', async () => {
      let active = 0;
      let peak = 0;
      queue.register(
        'tiles.render',
        async () => {
          peak = Math.max(peak, ++active);
          await sleep(100);
          active--;
        },
        { concurrency: 2 },
      );
      const jobs = await Promise.all([1, 2, 3, 4, 5].map((n) => queue.enqueue('tiles.render', { n })));
      for (const { id } of jobs) await waitForJob(queue, id, (j) => j.status === 'succeeded');
      assert.equal(peak, 2);
    });

    it('runs repeatable jobs on a cron pattern', async () => {
      const runs: unknown[] = [];
      queue.register('market.sync', async (job) => {
        runs.push(job.data);
      });
      await queue.repeat('market.sync', '* * * * * *', { source: 'agmarknet' });
      await queue.repeat('market.sync', '* * * * * *', { source: 'enam' }); // replaces the first
      const deadline = Date.now() + 4000;
      while (runs.length < 1 && Date.now() < deadline) await sleep(50);
      assert.ok(runs.length >= 1, 'the repeatable job never ran');
      assert.ok(
        runs.every((data) => (data as { source: string }).source === 'enam'),
        JSON.stringify(runs),
      );
      await assert.rejects(queue.repeat('market.sync', 'not a cron', {}));
    });

    it('close() lets a running job finish', async () => {
      const own = open();
      let finishedRun = false;
      own.register('soil.analyse', async () => {
        await sleep(300);
        finishedRun = true;
        return 'analysed';
      });
      await own.start();
      const { id } = await own.enqueue('soil.analyse', {});
      await waitForJob(own, id, (j) => j.status === 'running');
      await own.close();
      assert.equal(finishedRun, true);
      await assert.rejects(own.enqueue('soil.analyse', {}), /closed/);
      if (mode.name === 'redis') {
        assert.equal((await queue.get(id))?.status, 'succeeded');
      }
    });
  });
}

describe('job queue when Redis goes down', { skip: testServices.embeddedOnly }, () => {
  let server: RedisServer;
  let queue: JobQueue;
  before(async () => {
    server = await startRedisServer();
    queue = createJobQueue(loadConfig({ REDIS_URL: server.url }), { metrics: createMetrics() });
    queue.register('noop', async () => 'ok');
    await queue.start();
  });
  after(async () => {
    await queue?.close();
    await server?.stop();
  });

  it('rejects enqueue quickly, then recovers by itself', async () => {
    const { id } = await queue.enqueue('noop', {});
    await waitForJob(queue, id, (j) => j.status === 'succeeded');

    await server.stop();
    const started = Date.now();
    await assert.rejects(queue.enqueue('noop', {}), (err: Error & { statusCode?: number }) => err.statusCode === 503);
    await assert.rejects(queue.get(id));
    await assert.rejects(queue.check());
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);

    await server.restart();
    const deadline = Date.now() + 5000;
    let again: JobRecord | undefined;
    while (!again) {
      again = await queue.enqueue('noop', {}).catch(() => undefined);
      if (!again) {
        assert.ok(Date.now() < deadline, 'enqueue never recovered');
        await sleep(100);
      }
    }
    await waitForJob(queue, again.id, (j) => j.status === 'succeeded', 10_000);
  });

  it('closes promptly while Redis is down', async () => {
    await server.stop();
    const started = Date.now();
    await queue.close();
    assert.ok(Date.now() - started < 3000, `close took ${Date.now() - started} ms`);
  });
});
