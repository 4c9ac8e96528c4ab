import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/infra/db/index.js';
import { redisNamespace } from '../../src/infra/deployment.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { createJobQueue } from '../../src/infra/queue/index.js';
import { useProcessDeployment } from '../support/process-deployment.js';
import { testServices } from '../support/services.js';

/**
 * `kheti worker` with METRICS_PORT, as a process on PostgreSQL and a Redis of this file's own:
 * Prometheus scrapes its job counters, queue depth and process metrics on /metrics, a supervisor
 * probes /livez, and the port closes when the worker stops on SIGTERM.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kheti worker serves its metrics, as a process', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  const deployment = useProcessDeployment();

  it('answers /livez and /metrics on METRICS_PORT, counts a finished job, refuses a taken port, and closes the port on SIGTERM', {
    timeout: 90_000,
  }, async () => {
    await deployment.migrate();
    const worker = deployment.start(['worker'], { METRICS_PORT: '0' });
    let base = '';
    for (let i = 0; i < 600 && !base; i++) {
      base = /"metrics":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"message":"worker started"/.exec(worker.stdout())?.[1] ?? '';
      if (!base) {
        assert.equal(worker.child.exitCode, null, worker.stderr());
        await sleep(100);
      }
    }
    assert.ok(base, `the worker logs where its metrics are\n${worker.stdout()}\n${worker.stderr()}`);

    const live = await fetch(`${base}/livez`);
    assert.equal(live.status, 200);
    assert.deepEqual(await live.json(), { status: 'ok' });
    assert.equal((await fetch(`${base}/nothing-here`)).status, 404);

    // A second worker given the same port stops at once with a line saying so, taking no job.
    const clash = deployment.start(['worker'], { METRICS_PORT: new URL(base).port });
    assert.equal(await clash.exited, 1, clash.stdout());
    assert.match(clash.stderr(), /METRICS_PORT \d+ on 127\.0\.0\.1: .*EADDRINUSE/);

    // A job enqueued by another process of the deployment, in its namespace (kept in the database).
    const producerConfig = loadConfig({ DATABASE_URL: deployment.databaseUrl, REDIS_URL: deployment.env.REDIS_URL, LOG_LEVEL: 'silent' });
    const db = await openDb(producerConfig);
    const prefix = await redisNamespace(producerConfig, db).finally(() => db.close());
    const producer = createJobQueue(producerConfig, { metrics: createMetrics(), prefix });
    try {
      const job = await producer.enqueue('maintenance.purge-idempotency-keys', {});
      let status = job.status;
      for (let i = 0; i < 200 && status !== 'succeeded'; i++) {
        await sleep(100);
        status = (await producer.get(job.id))?.status ?? status;
      }
      assert.equal(status, 'succeeded', worker.stdout() + worker.stderr());
    } finally {
      await producer.close();
    }

    const scrape = await fetch(`${base}/metrics`);
    assert.equal(scrape.status, 200);
    assert.match(scrape.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await scrape.text();
    assert.match(text, /^kheti_jobs_finished_total\{type="maintenance\.purge-idempotency-keys",outcome="succeeded"\} 1$/m);
    assert.match(text, /^kheti_queue_jobs\{type="maintenance\.purge-idempotency-keys",state="waiting"\} 0$/m);
    assert.match(text, /^kheti_db_pool_connections\{pool="primary",state="total"\} \d+$/m);
    assert.match(text, /^process_cpu_user_seconds_total \d/m);
    assert.match(text, /^# HELP kheti_events_published_total /m);

    assert.equal(await worker.stop('SIGTERM'), 0, worker.stderr());
    assert.match(worker.stdout(), /worker stopped/);
    await assert.rejects(fetch(`${base}/livez`), 'the metrics port is closed once the worker has stopped');
  });
});
