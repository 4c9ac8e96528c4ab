import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BusEvent } from '../../../src/infra/events/index.js';
import { eventsAfter, pruneEvents, raiseEvent } from '../../../src/modules/realtime/index.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createTenant, type TestTenant } from '../../support/identity.js';
import { storageModes } from '../../support/storage-modes.js';

/** The stored event stream: raiseEvent stores then announces; eventsAfter follows every tenant's events in order. */
for (const mode of storageModes) {
  describe(`stored events (${mode.name})`, () => {
    let t: TestApp;
    let a: TestTenant;
    let b: TestTenant;

    before(async () => {
      t = await buildTestApp(mode);
      a = await createTenant(t.app);
      b = await createTenant(t.app);
    });
    after(async () => t.close());

    const deps = () => ({ db: t.app.resources.db, events: t.app.resources.events });

    it('stores an event before announcing it on its tenant channel, and eventsAfter reads it back', async () => {
      const heard: BusEvent[] = [];
      const unsubscribe = await t.app.resources.events.subscribe(`tenant:${a.id}`, (event) => heard.push(event));
      try {
        const start = (await eventsAfter(t.app.resources.db, null, 1000)).at(-1)?.id ?? null;
        const farmerId = '019a0000-0000-7000-8000-0000000000aa';
        const first = await raiseEvent(deps(), { tenantId: a.id, type: 'job.progress', data: { progress: 50 }, farmerId });
        const second = await raiseEvent(deps(), { tenantId: b.id, type: 'market.price_threshold', data: { alertId: 'x' } });
        assert.deepEqual(Object.keys(first).sort(), ['at', 'data', 'id', 'type']);
        assert.ok(first.id < second.id, 'ids sort in the order events were raised');

        const stored = await eventsAfter(t.app.resources.db, start, 10);
        assert.deepEqual(
          stored.map((e) => [e.id, e.tenantId, e.type, e.farmerId, e.data]),
          [
            [first.id, a.id, 'job.progress', farmerId, { progress: 50 }],
            [second.id, b.id, 'market.price_threshold', null, { alertId: 'x' }],
          ],
        );
        assert.equal(stored[0]!.at, first.at);
        assert.deepEqual(await eventsAfter(t.app.resources.db, first.id, 10).then((r) => r.map((e) => e.id)), [second.id]);
        assert.deepEqual(await eventsAfter(t.app.resources.db, start, 1).then((r) => r.map((e) => e.id)), [first.id]);

        for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(
          heard.map((e) => [e.id, e.type]),
          [[first.id, 'job.progress']],
          'only tenant A hears its own event',
        );
      } finally {
        await unsubscribe();
      }
    });

    it('raised inside a transaction that rolls back, the event is not stored', async () => {
      const start = (await eventsAfter(t.app.resources.db, null, 1000)).at(-1)?.id ?? null;
      await assert.rejects(
        t.app.resources.db.tenant(a.id, async (tx) => {
          await raiseEvent(deps(), { tenantId: a.id, type: 'job.failed', data: {} }, tx);
          throw new Error('roll back');
        }),
        /roll back/,
      );
      const committed = await t.app.resources.db.tenant(a.id, (tx) =>
        raiseEvent(deps(), { tenantId: a.id, type: 'job.finished', data: {} }, tx),
      );
      assert.deepEqual(
        (await eventsAfter(t.app.resources.db, start, 10)).map((e) => e.id),
        [committed.id],
      );
    });

    it('refuses a type that is not a dotted lower-case name, storing nothing', async () => {
      const start = (await eventsAfter(t.app.resources.db, null, 1000)).at(-1)?.id ?? null;
      await assert.rejects(raiseEvent(deps(), { tenantId: a.id, type: 'Progress', data: {} }), TypeError);
      assert.deepEqual(await eventsAfter(t.app.resources.db, start, 10), []);
    });
  });
}

for (const mode of storageModes) {
  describe(`the retention of stored events (${mode.name})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(mode, { env: { EVENT_RETENTION_DAYS: '1' } });
    });
    after(async () => t.close());

    it('prunes events older than the retention and keeps the rest', async () => {
      const tenant = await createTenant(t.app);
      const start = (await eventsAfter(t.app.resources.db, null, 1000)).at(-1)?.id ?? null;
      const kept = await raiseEvent(t.app.resources, { tenantId: tenant.id, type: 'job.progress', data: {} });
      // Two days on, the event is past a one-day retention; an hour on, it is not.
      assert.equal(await pruneEvents(t.app.resources, Date.now() + 3_600_000), 0);
      assert.deepEqual(
        (await eventsAfter(t.app.resources.db, start, 10)).map((e) => e.id),
        [kept.id],
      );
      assert.ok((await pruneEvents(t.app.resources, Date.now() + 2 * 86_400_000)) >= 1);
      assert.deepEqual(await eventsAfter(t.app.resources.db, start, 10), []);
    });
  });
}
