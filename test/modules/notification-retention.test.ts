import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { PRUNE_NOTIFICATIONS_JOB, pruneNotifications, registerNotificationJobs } from '../../src/modules/notifications/index.js';
import { insertNotification } from '../../src/modules/notifications/repository.js';
import { insertSms } from '../../src/modules/notifications/sms-repository.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';

/**
 * The inbox's retention: read notifications go 90 days after they were read, unread ones 365 days
 * after they were made (the defaults), in every tenant, their SMS rows with them; the rest stay.
 */

const DAY = 86_400_000;

for (const mode of storageModes) {
  describe(`notification retention (${mode.name})`, () => {
    let t: TestApp;
    let a: TestTenant;
    let b: TestTenant;

    /** A notification to the tenant's admin made `madeDaysAgo` days ago and read `readDaysAgo` days ago (never, when null). */
    const notification = async (tenant: TestTenant, madeDaysAgo: number, readDaysAgo: number | null, withSms = false) => {
      const madeAt = Date.now() - madeDaysAgo * DAY;
      const id = uuidv7({ msecs: madeAt });
      await t.app.resources.db.tenant(tenant.id, async (tx) => {
        await insertNotification(tx, {
          id,
          tenantId: tenant.id,
          alertId: null,
          recipient: `user:${tenant.admin.id}`,
          userId: tenant.admin.id,
          farmerId: null,
          type: 'alert.price',
          language: 'en',
          title: `made ${madeDaysAgo} days ago`,
          body: readDaysAgo === null ? 'unread' : `read ${readDaysAgo} days ago`,
          data: {},
        });
        await tx.query('UPDATE notifications SET created_at = $2, read_at = $3 WHERE id = $1', [
          id,
          new Date(madeAt),
          readDaysAgo === null ? null : new Date(Date.now() - readDaysAgo * DAY),
        ]);
        if (withSms) {
          await insertSms(tx, {
            id: uuidv7({ msecs: madeAt }),
            tenantId: tenant.id,
            notificationId: id,
            farmerId: uuidv7(),
            day: new Date(madeAt).toISOString().slice(0, 10),
            messageType: 'crop_health_drop',
            text: 'old',
            status: 'skipped',
            reason: 'no_phone',
            dltTemplateId: null,
            dltSenderId: null,
          });
        }
      });
      return id;
    };
    const stored = async (table: 'notifications' | 'notification_sms') =>
      Number((await t.app.resources.db.platform((tx) => tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))).rows[0]!.n);

    before(async () => {
      t = await buildTestApp(mode);
      a = await createTenant(t.app);
      b = await createTenant(t.app);
    });
    after(async () => t?.close());

    it('deletes read notifications 90 days after reading and unread ones after 365 days, in every tenant; keeps the rest', async () => {
      const gone = [
        await notification(a, 200, 100, true),
        await notification(a, 91, 90.5),
        await notification(a, 400, null),
        await notification(b, 366, null),
      ];
      const kept = [
        await notification(a, 200, 30),
        await notification(a, 10, 5),
        await notification(a, 364, null),
        await notification(b, 100, 89),
        await notification(b, 0, null),
      ];
      assert.equal(await stored('notification_sms'), 1);

      // The scheduled job, run the way the worker runs it.
      await registerNotificationJobs(t.app.resources, t.app.outside, { settleMs: 0 });
      await t.app.resources.queue.start();
      const job = await t.app.resources.queue.enqueue(PRUNE_NOTIFICATIONS_JOB, {});
      let record = await t.app.resources.queue.get(job.id);
      for (let i = 0; i < 400 && record?.status !== 'succeeded' && record?.status !== 'failed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        record = await t.app.resources.queue.get(job.id);
      }
      assert.equal(record?.status, 'succeeded', JSON.stringify(record));
      assert.deepEqual(record!.result, { read: 2, unread: 2 });

      const left = (
        await t.app.resources.db.platform((tx) => tx.query<{ id: string }>('SELECT id FROM notifications ORDER BY id'))
      ).rows.map((r) => r.id);
      assert.deepEqual(left, [...kept].sort());
      assert.ok(!gone.some((id) => left.includes(id)));
      assert.equal(await stored('notification_sms'), 0, 'the SMS row goes with its notification');
      const inbox = (await t.app.inject({ url: '/v1/notifications', headers: bearer(a.tokens) })).json();
      assert.deepEqual(inbox.items.map((n: { id: string }) => n.id).sort(), kept.slice(0, 3).sort());

      // A second sweep finds nothing more.
      assert.deepEqual(await pruneNotifications(t.app.resources), { read: 0, unread: 0 });
      // Two days on, the 89-day-read one passes its 90 days too.
      assert.deepEqual(await pruneNotifications(t.app.resources, Date.now() + 2 * DAY), { read: 1, unread: 1 });
    });
  });
}
