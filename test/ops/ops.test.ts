import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyPluginAsync } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { buildTestApp, asPrincipal, type TestApp } from '../support/app.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { postgresMode, storageModes } from '../support/storage-modes.js';
import { testServices } from '../support/services.js';

const waitFor = async (probe: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
};

for (const mode of storageModes) {
  describe(`operations (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode);
    });
    after(async () => t?.close());

    it('/livez answers while the process runs', async () => {
      const response = await t.app.inject({ url: '/livez' });
      assert.deepEqual(response.json(), { status: 'ok' });
    });

    it('/readyz reports each dependency of the mode', async () => {
      const response = await t.app.inject({ url: '/readyz' });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.status, 'ok');
      assert.equal(body.checks.db.ok, true);
      if (mode.name === 'postgres') assert.equal(body.checks.redis.ok, true);
      else assert.equal(body.checks.redis, undefined);
    });

    it('/openapi.json is an OpenAPI 3.1 document of the routes, and /docs renders', async () => {
      const spec = (await t.app.inject({ url: '/openapi.json' })).json();
      assert.equal(spec.openapi, '3.1.0');
      for (const path of ['/livez', '/readyz', '/v1/jobs/{id}']) assert.ok(spec.paths[path], `${path} documented`);
      assert.ok(spec.paths['/v1/jobs/{id}'].get.responses['404'], 'error responses documented');
      const docs = await t.app.inject({ url: '/docs' });
      assert.equal(docs.statusCode, 200);
      assert.match(docs.body, /swagger-ui/i);
      const script = await t.app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
      assert.equal(script.statusCode, 200);
    });

    it('/metrics has request durations by route template, pool, queue and cache metrics', async () => {
      await t.app.inject({ url: `/v1/jobs/${uuidv7()}`, headers: asPrincipal({ tenantId: uuidv7() }) });
      await t.app.resources.cache.getOrLoad(`probe-${uuidv7()}`, 1000, async () => 1);
      await t.app.resources.queue.enqueue('metrics.probe', {}, { tenantId: uuidv7() });
      const text = (await t.app.inject({ url: '/metrics' })).body;
      assert.match(text, /http_request_duration_seconds_bucket\{[^}]*route="\/v1\/jobs\/:id",method="GET",status_code="404"/);
      assert.match(text, /kheti_cache_requests_total\{result="miss"\} [1-9]/);
      assert.match(text, /kheti_queue_jobs\{type="metrics.probe",state="waiting"\} 1/);
      assert.match(text, /process_cpu_seconds_total/);
      if (mode.name === 'postgres') assert.match(text, /kheti_db_pool_connections\{pool="primary",state="total"\}/);
    });

    it('/readyz answers 503 problem+json once shutdown has begun', async () => {
      t.app.shuttingDown = true;
      try {
        const response = await t.app.inject({ url: '/readyz' });
        assert.equal(response.statusCode, 503);
        assert.equal(response.json().readiness, 'shutting_down');
        assert.match(String(response.headers['content-type']), /problem\+json/);
      } finally {
        t.app.shuttingDown = false;
      }
    });
  });

  describe(`GET /v1/jobs/{id} (${mode.name})`, () => {
    let t: TestApp;
    const tenantA = uuidv7();
    const tenantB = uuidv7();
    before(async () => {
      t = await buildTestApp(mode);
      const { queue } = t.app.resources;
      queue.register<{ fields: number }>('probe.count-fields', async (job) => {
        await job.progress(50);
        return { counted: job.data.fields };
      });
      await queue.start();
    });
    after(async () => t?.close());

    it('shows status, progress and result to the tenant that started the job', async () => {
      const job = await t.app.resources.queue.enqueue('probe.count-fields', { fields: 7 }, { tenantId: tenantA });
      let body: { status: string; result?: unknown; progress: number } = { status: 'queued', progress: 0 };
      await waitFor(async () => {
        body = (await t.app.inject({ url: `/v1/jobs/${job.id}`, headers: asPrincipal({ tenantId: tenantA }) })).json();
        return body.status === 'succeeded';
      }, 10_000);
      assert.equal(body.status, 'succeeded');
      assert.deepEqual(body.result, { counted: 7 });
      assert.equal(body.progress, 100);
    });

    it("another tenant's job answers 404, an anonymous caller 401", async () => {
      const job = await t.app.resources.queue.enqueue('probe.count-fields', { fields: 1 }, { tenantId: tenantA });
      const other = await t.app.inject({ url: `/v1/jobs/${job.id}`, headers: asPrincipal({ tenantId: tenantB }) });
      assert.equal(other.statusCode, 404);
      const missing = await t.app.inject({ url: `/v1/jobs/${uuidv7()}`, headers: asPrincipal({ tenantId: tenantA }) });
      assert.equal(missing.statusCode, 404);
      assert.equal(other.json().detail, missing.json().detail);
      const anonymous = await t.app.inject({ url: `/v1/jobs/${job.id}` });
      assert.equal(anonymous.statusCode, 401);
      assert.equal(anonymous.headers['www-authenticate'], 'Bearer');
    });
  });
}

describe('Redis outage (postgres + Redis)', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  let redis: RedisServer;
  let t: TestApp;
  before(async () => {
    redis = await startRedisServer();
    const enqueueProbe: FastifyPluginAsync = async (app) => {
      app.post('/probe/enqueue', { config: { permission: 'public' } }, async () =>
        app.resources.queue.enqueue('probe.outage', {}, { tenantId: uuidv7() }),
      );
    };
    t = await buildTestApp(postgresMode, { env: { REDIS_URL: redis.url }, plugins: [enqueueProbe] });
  });
  after(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('/readyz turns 503 when Redis stops and 200 when it returns, without a restart', async () => {
    assert.equal((await t.app.inject({ url: '/readyz' })).statusCode, 200);
    await redis.stop();
    const down = await t.app.inject({ url: '/readyz' });
    assert.equal(down.statusCode, 503);
    assert.equal(down.json().checks.redis.ok, false);
    assert.equal(down.json().checks.db.ok, true);
    assert.match(down.json().detail, /redis/);

    // Meanwhile cached reads fall through to the source and requests keep working.
    assert.equal(await t.app.resources.cache.getOrLoad('outage-probe', 1000, async () => 'from source'), 'from source');
    assert.equal((await t.app.inject({ url: '/livez' })).statusCode, 200);
    // Enqueueing fails fast with 503 and Retry-After instead of hanging.
    const started = Date.now();
    const enqueue = await t.app.inject({ method: 'POST', url: '/probe/enqueue' });
    assert.equal(enqueue.statusCode, 503);
    assert.ok(Number(enqueue.headers['retry-after']) > 0);
    assert.ok(Date.now() - started < 3000, 'answered within the command timeout');

    await redis.restart();
    const healed = await waitFor(async () => (await t.app.inject({ url: '/readyz' })).statusCode === 200, 15_000);
    assert.ok(healed, '/readyz back to 200 after Redis returned');
  });
});

describe('PostgreSQL unreachable', () => {
  it('/readyz answers 503 naming the database, while /livez stays 200', async () => {
    // Nothing listens on port 1: the pool connects lazily, so the app starts and reports the outage.
    const app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY_MS: '0', DATABASE_URL: 'postgres://kheti@127.0.0.1:1/kheti' }),
    );
    try {
      const ready = await app.inject({ url: '/readyz' });
      assert.equal(ready.statusCode, 503);
      assert.equal(ready.json().checks.db.ok, false);
      assert.match(ready.json().detail, /db/);
      assert.equal((await app.inject({ url: '/livez' })).statusCode, 200);
    } finally {
      await app.close();
    }
  });
});
