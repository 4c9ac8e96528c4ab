import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { loadConfig, type Config } from '../../src/config.js';
import type { BusEvent, EventBus } from '../../src/infra/events/events.js';
import { createEventBus } from '../../src/infra/events/index.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { testServices } from '../support/services.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const modes = [
  { name: 'memory', env: {} as Record<string, string> },
  ...(testServices.embeddedOnly ? [] : [{ name: 'redis', env: { REDIS_URL: testServices.redisUrl } }]),
];

const event = (type: string, data: unknown = {}): BusEvent => ({ type, id: randomUUID(), at: new Date().toISOString(), data });

/** Collects what a handler receives; `next(n)` waits until n events have arrived. */
function collector() {
  const received: BusEvent[] = [];
  return {
    received,
    handler: (e: BusEvent) => void received.push(e),
    async next(count: number, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) assert.fail(`expected ${count} events, got ${received.length}`);
        await sleep(10);
      }
      return received;
    },
  };
}

for (const mode of modes) {
  describe(`event bus (${mode.name})`, () => {
    const prefix = `kheti-test-${randomUUID()}`;
    let config: Config;
    let bus: EventBus;
    before(() => {
      config = loadConfig(mode.env);
      bus = createEventBus(config, { prefix });
    });
    after(async () => {
      await bus.close();
    });

    it('delivers a published event to every subscriber of its channel', async () => {
      const a = collector();
      const b = collector();
      const other = collector();
      const unsubscribers = [
        await bus.subscribe('tenant:t1', a.handler),
        await bus.subscribe('tenant:t1', b.handler),
        await bus.subscribe('tenant:t2', other.handler),
      ];
      const sent = event('alert.created', { fieldId: 'f1', severity: 'high' });
      await bus.publish('tenant:t1', sent);
      assert.deepEqual(await a.next(1), [sent]);
      assert.deepEqual(await b.next(1), [sent]);
      await sleep(50);
      assert.equal(other.received.length, 0);
      for (const unsubscribe of unsubscribers) await unsubscribe();
      await bus.check();
    });

    it('stops delivering to a handler after it unsubscribes', async () => {
      const stays = collector();
      const leaves = collector();
      const unsubscribeStays = await bus.subscribe('user:u1', stays.handler);
      const unsubscribeLeaves = await bus.subscribe('user:u1', leaves.handler);
      await bus.publish('user:u1', event('job.progress', { progress: 10 }));
      await leaves.next(1);
      await unsubscribeLeaves();
      await bus.publish('user:u1', event('job.progress', { progress: 20 }));
      await stays.next(2);
      await sleep(50);
      assert.equal(leaves.received.length, 1);
      await unsubscribeStays();
      await unsubscribeStays(); // a second call is harmless
    });

    it('keeps delivering when a handler throws', async () => {
      const good = collector();
      const unsubscribeBad = await bus.subscribe('tenant:t3', () => {
        throw new Error('handler bug');
      });
      const unsubscribeGood = await bus.subscribe('tenant:t3', good.handler);
      await bus.publish('tenant:t3', event('x'));
      await good.next(1);
      await unsubscribeBad();
      await unsubscribeGood();
    });

    if (mode.name === 'redis') {
      it('fans out across bus instances with one Redis subscription per channel', async () => {
        const other = createEventBus(config, { prefix });
        const admin = new Redis(testServices.redisUrl);
        const numsub = async (channel: string) => Number((await admin.pubsub('NUMSUB', `${prefix}:events:${channel}`))[1]);
        try {
          const first = collector();
          const second = collector();
          const unsubscribeFirst = await other.subscribe('tenant:t9', first.handler);
          const unsubscribeSecond = await other.subscribe('tenant:t9', second.handler);
          assert.equal(await numsub('tenant:t9'), 1);

          const sent = event('advisory.issued', { crop: 'rice' });
          await bus.publish('tenant:t9', sent);
          assert.deepEqual(await first.next(1), [sent]);
          assert.deepEqual(await second.next(1), [sent]);

          await unsubscribeFirst();
          assert.equal(await numsub('tenant:t9'), 1);
          await unsubscribeSecond();
          assert.equal(await numsub('tenant:t9'), 0);
        } finally {
          admin.disconnect();
          await other.close();
        }
      });
    }
  });
}

describe('event bus when Redis goes down', { skip: testServices.embeddedOnly }, () => {
  let server: RedisServer;
  let bus: EventBus;
  before(async () => {
    server = await startRedisServer();
    bus = createEventBus(loadConfig({ REDIS_URL: server.url }));
  });
  after(async () => {
    await bus?.close();
    await server?.stop();
  });

  it('fails fast while down and re-subscribes by itself after', async () => {
    const got = collector();
    await bus.subscribe('tenant:t1', got.handler);
    await server.stop();
    const started = Date.now();
    await assert.rejects(bus.publish('tenant:t1', event('lost')), (err: Error & { statusCode?: number }) => err.statusCode === 503);
    await assert.rejects(bus.subscribe('tenant:t2', () => undefined));
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);

    await server.restart();
    const deadline = Date.now() + 5000;
    while (got.received.length === 0) {
      assert.ok(Date.now() < deadline, 'the subscription never came back');
      await bus.publish('tenant:t1', event('after-restart')).catch(() => undefined);
      await sleep(100);
    }
    assert.equal(got.received[0]!.type, 'after-restart');
  });
});
