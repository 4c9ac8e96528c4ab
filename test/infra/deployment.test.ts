import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig, usesRedis } from '../../src/config.js';
import { openDb } from '../../src/infra/db/index.js';
import { deploymentId, redisNamespace } from '../../src/infra/deployment.js';
import { openResources, type Resources } from '../../src/infra/resources.js';
import { postgresMode, storageModes } from '../support/storage-modes.js';
import { testServices } from '../support/services.js';

/**
 * Everything a deployment keeps in Redis lives under one namespace, which by default comes from the
 * database (a random id made by migration 0012), so deployments on different databases sharing one
 * Redis never meet there without any configuration.
 */

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const needsRedis = testServices.embeddedOnly && 'embedded-only run: no Redis';
const REDIS = { REDIS_URL: testServices.redisUrl };

it('refuses a REDIS_KEY_PREFIX that is not a plain name', () => {
  for (const bad of ['has space', '{tagged}', 'trailing:', ':leading', 'x'.repeat(65)]) {
    assert.throws(() => loadConfig({ REDIS_KEY_PREFIX: bad }), /REDIS_KEY_PREFIX/, JSON.stringify(bad));
  }
  assert.equal(loadConfig({ REDIS_KEY_PREFIX: 'kheti:staging-2' }).redis.keyPrefix, 'kheti:staging-2');
});

describe('REDIS_KEY_PREFIX and a caller’s prefix', { skip: needsRedis }, () => {
  it('come before the database, which is then not asked; without them an unmigrated database says what to do', async () => {
    const setup = await postgresMode.setup();
    const db = await openDb(setup.config); // not migrated: there is no deployment id to read
    try {
      const configured = loadConfig({ ...REDIS, REDIS_KEY_PREFIX: 'kheti-staging' });
      assert.equal(await redisNamespace(configured, db), 'kheti-staging');
      assert.equal(await redisNamespace(configured, db, 'test-run-1'), 'test-run-1');
      // Without Redis nothing is kept there: the database is not asked either.
      assert.equal(await redisNamespace(loadConfig({}), db), 'kheti');
      await assert.rejects(redisNamespace(loadConfig(REDIS), db), /no deployment id yet.*run `kheti migrate` first/);
    } finally {
      await db.close();
      await setup.cleanup();
    }
  });
});

for (const mode of storageModes) {
  describe(`the Redis namespace of a deployment (${mode.name})`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });
    /** Resources on a fresh database, migrated as they open (what `kheti serve --migrate` does). */
    const freshResources = async (extra: Record<string, string>) => {
      const setup = await mode.setup(extra);
      const resources = await openResources(setup.config, { logger: silent, migrate: true });
      cleanups.push(async () => {
        await resources.close();
        await setup.cleanup();
      });
      return { resources, config: setup.config };
    };
    let first: { resources: Resources; config: ReturnType<typeof loadConfig> } | undefined;

    it('is kheti:<first 12 hex digits of the deployment id>, and holds the cache, the job queues and the event channels', {
      skip: needsRedis,
    }, async () => {
      first = await freshResources(REDIS);
      const { resources } = first;
      const id = await deploymentId(resources.db);
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(await deploymentId(resources.db), id, 'read again, the same id');
      const namespace = resources.redisNamespace;
      assert.equal(namespace, `kheti:${id.replaceAll('-', '').slice(0, 12)}`);

      const redis = new Redis(testServices.redisUrl);
      const listener = new Redis(testServices.redisUrl);
      cleanups.push(async () => {
        const keys = await redis.keys(`*${namespace}*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
        listener.disconnect();
      });
      const heard: string[] = [];
      await listener.psubscribe(`*${namespace}*`);
      listener.on('pmessage', (_pattern, channel) => heard.push(channel));
      await resources.cache.set('some-key', { a: 1 }, 60_000);
      const job = await resources.queue.enqueue('test.namespaced', { x: 1 });
      await resources.events.publish('tenant:t1', { type: 'test', id: '1', at: new Date().toISOString(), data: {} });

      const keys = await redis.keys(`*${namespace}*`);
      assert.ok(keys.includes(`${namespace}:cache:some-key`), keys.join('\n'));
      assert.ok(keys.includes(`{${namespace}}:_job:${job.id}`), keys.join('\n'));
      assert.ok(
        keys.some((key) => key.startsWith(`{${namespace}}:test.namespaced:`)),
        keys.join('\n'),
      );
      for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(heard, [`${namespace}:events:tenant:t1`]);
    });

    it('differs for another database; in embedded mode without Redis, the resources open as before', async () => {
      // On PGlite a second database is a second data directory; the postgres mode always has Redis.
      const { resources, config } = await freshResources({});
      const id = await deploymentId(resources.db);
      assert.match(id, /^[0-9a-f-]{36}$/, 'the migration made the id here too');
      assert.equal(resources.redisNamespace, usesRedis(config) ? `kheti:${id.replaceAll('-', '').slice(0, 12)}` : 'kheti');
      if (!first) return;
      assert.notEqual(id, await deploymentId(first.resources.db));
      assert.notEqual(await redisNamespace(first.config, resources.db), first.resources.redisNamespace);
    });
  });
}
