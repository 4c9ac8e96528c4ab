import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { registerImageryJobs } from '../../src/modules/imagery/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { testServices } from '../support/services.js';
import { postgresMode } from '../support/storage-modes.js';

/** Waits until the app's queue answers again (its connection reconnects on its own). */
async function queueBack(t: TestApp): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await t.app.resources.queue.check();
    } catch (error) {
      if (i >= 150) throw error;
      await setTimeout(100);
    }
  }
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * An analysis refused with 503 because the queue (Redis) is down must not run later: a worker
 * that starts enqueues every analysis the database still shows as queued, so the refused one's
 * row must not outlive the refusal. Redis here is a server of this test's own, stopped on purpose.
 */
describe('an analysis refused during a Redis outage', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  let redis: RedisServer;
  let t: TestApp;
  let tenant: TestTenant;
  let fieldId: string;
  before(async () => {
    redis = await startRedisServer();
    t = await buildTestApp(postgresMode, { env: { REDIS_URL: redis.url } });
    tenant = await createTenant(t.app);
    const post = async (url: string, payload: Record<string, unknown>) => {
      const response = await t.app.inject({ method: 'POST', url, headers: bearer(tenant.tokens), payload });
      assert.ok(response.statusCode < 300, response.body);
      return response.json().id as string;
    };
    const farmerId = await post('/v1/farmers', { name: 'Outage Farmer', state: 'Maharashtra' });
    const farmId = await post('/v1/farms', { farmerId, name: 'Farm' });
    fieldId = await post('/v1/fields', { farmId, name: 'Plot', boundary: plot(19.99, 73.79) });
  });
  after(async () => {
    await t?.close();
    await redis?.stop();
  });

  const analyses = async () =>
    (await t.app.inject({ url: `/v1/fields/${fieldId}/vegetation-analyses`, headers: bearer(tenant.tokens) })).json().items as {
      id: string;
    }[];

  it('answers 503 with Retry-After and keeps nothing that a worker would run once Redis is back', async () => {
    await redis.stop();
    const refused = await t.app.inject({
      method: 'POST',
      url: `/v1/fields/${fieldId}/vegetation-analyses`,
      headers: bearer(tenant.tokens),
      payload: { from: day(-60), to: day(0) },
    });
    assert.equal(refused.statusCode, 503, refused.body);
    assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.deepEqual(await analyses(), [], 'the refused analysis is not stored');

    await redis.restart();
    await queueBack(t);
    // A worker starting now enqueues whatever the database still shows as queued: nothing of this tenant.
    await registerImageryJobs(t.app.resources, t.app.outside);
    assert.deepEqual(await analyses(), []);

    const accepted = await t.app.inject({
      method: 'POST',
      url: `/v1/fields/${fieldId}/vegetation-analyses`,
      headers: bearer(tenant.tokens),
      payload: { from: day(-60), to: day(0) },
    });
    assert.equal(accepted.statusCode, 202, accepted.body);
    assert.deepEqual(
      (await analyses()).map((analysis) => analysis.id),
      [accepted.json().analysisId],
    );
  });
});
