import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAlertRule } from '../../src/modules/markets/index.js';
import { followEvents } from '../../src/modules/notifications/dispatcher.js';
import { fireAlert, type AlertDeps } from '../../src/modules/notifications/fire.js';
import { alertDeps } from '../../src/modules/notifications/jobs.js';
import { sendPendingSms } from '../../src/modules/notifications/sms.js';
import { cropHealthDropText } from '../../src/modules/notifications/texts.js';
import { raiseEvent } from '../../src/modules/realtime/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { startTwilioStub, TEST_TWILIO_ACCOUNT_SID, TEST_TWILIO_AUTH_TOKEN, TEST_TWILIO_FROM, type TwilioStub } from '../stubs/twilio.js';

const DEVANAGARI = /[\u0900-\u097F]/;

for (const mode of storageModes) {
  describe(`alert SMS: the daily limit, the organisation's language, DLT in production, late events (${mode.name})`, () => {
    let twilio: TwilioStub;
    let t: TestApp;
    let tenant: TestTenant;
    let deps: AlertDeps;
    let fields: { id: string; name: string }[];
    let farmerId: string;
    let ruleId: string;

    const post = async (url: string, payload: Record<string, unknown>, method: 'POST' | 'PATCH' = 'POST') => {
      const response = await t.app.inject({ method, url, headers: bearer(tenant.tokens), payload });
      assert.ok(response.statusCode < 300, `${url}: ${response.body}`);
      return response.json();
    };
    const drop = (fieldId: string, toDate: string) =>
      raiseEvent(deps, {
        tenantId: tenant.id,
        type: 'crop_health.drop',
        data: { fieldId, fromDate: '2024-06-20', toDate, from: 0.7, to: 0.45, drop: 0.25, days: 5, threshold: 0.1 },
      });
    const smsRows = async () =>
      (
        await t.app.resources.db.platform((tx) =>
          tx.query<{ status: string; reason: string | null; dlt_template_id: string | null }>(
            'SELECT status, reason, dlt_template_id FROM notification_sms ORDER BY created_at, id',
          ),
        )
      ).rows;

    before(async () => {
      twilio = await startTwilioStub();
      t = await buildTestApp(mode, {
        env: {
          SMS_PROVIDER: 'twilio',
          TWILIO_ACCOUNT_SID: TEST_TWILIO_ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
          TWILIO_FROM: TEST_TWILIO_FROM,
          TWILIO_BASE_URL: twilio.baseUrl,
          ALERT_SMS_PER_FARMER_PER_DAY: '1',
        },
      });
      deps = alertDeps(t.app.resources);
      tenant = await createTenant(t.app);
      await post(`/v1/tenants/${tenant.id}/settings`, { defaultLanguage: 'hi' }, 'PATCH');
      // No language of their own: the organisation's, Hindi.
      const farmer = await post('/v1/farmers', { name: 'Sita', state: 'Bihar', phone: '9876501234' });
      assert.equal(farmer.language, null);
      farmerId = farmer.id;
      const farm = await post('/v1/farms', { farmerId, name: 'Farm' });
      fields = [];
      for (const [name, lat] of [
        ['North plot', 25.6],
        ['South plot', 25.5],
      ] as const) {
        fields.push(await post('/v1/fields', { farmId: farm.id, name, boundary: plot(lat, 85.1) }));
      }
      ruleId = (
        await post('/v1/alert-rules', {
          kind: 'crop_health_drop',
          ndviDrop: 0.2,
          channels: ['sms'],
          recipients: ['farmer'],
        })
      ).id;
    });
    after(async () => {
      await t?.close();
      await twilio?.close();
    });

    it("sends at most the day's limit of SMS to a farmer, in the organisation's language; the rest reach the inbox only", async () => {
      await drop(fields[0]!.id, '2024-06-25');
      await drop(fields[1]!.id, '2024-06-25');
      const followed = await followEvents(deps, { settleMs: 0 });
      assert.deepEqual(followed, { busy: false, events: 2, alerts: 2 });
      assert.deepEqual(await sendPendingSms(deps, t.app.outside.sms), { sent: 1, failed: 0 });
      assert.deepEqual(
        (await smsRows()).map((r) => [r.status, r.reason]),
        [
          ['sent', null],
          ['skipped', 'daily_limit'],
        ],
      );
      assert.equal(twilio.messages.length, 1);
      assert.equal(twilio.messages[0]!.to, '+919876501234');
      assert.match(twilio.messages[0]!.body, DEVANAGARI);
      assert.match(twilio.messages[0]!.body, /North plot/);
      const titles = (
        await t.app.resources.db.platform((tx) =>
          tx.query<{ title: string; language: string }>('SELECT title, language FROM notifications WHERE farmer_id = $1', [farmerId]),
        )
      ).rows;
      assert.equal(titles.length, 2);
      for (const row of titles) {
        assert.equal(row.language, 'hi');
        assert.match(row.title, DEVANAGARI);
      }
    });

    it('leaves an event younger than the settling time for the next run, and then fires it once', async () => {
      await drop(fields[0]!.id, '2024-06-30');
      // The run before raised events of its own (notification.created, alert.*): they are read too, and alert nothing.
      assert.deepEqual(await followEvents(deps, { settleMs: 60_000 }), { busy: false, events: 0, alerts: 0 });
      assert.equal((await followEvents(deps, { settleMs: 0 })).alerts, 1);
      assert.equal((await followEvents(deps, { settleMs: 0 })).alerts, 0);
    });

    it('refuses an alert SMS in production without its DLT sender and template ids, and records them when set', async () => {
      const rule = (await t.app.resources.db.tenant(tenant.id, (tx) => findAlertRule(tx, ruleId)))!;
      const field = { id: fields[1]!.id, name: fields[1]!.name, farmerId };
      const alert = (period: string) => ({
        rule,
        subject: field.id,
        period,
        field,
        data: { fieldId: field.id },
        text: cropHealthDropText({ fieldName: field.name, fromDate: '2024-07-01', toDate: period, from: 0.7, to: 0.4, drop: 0.3 }),
      });
      const production = (alertSms: AlertDeps['config']['alertSms']): AlertDeps => ({
        ...deps,
        config: { env: 'production' as AlertDeps['config']['env'], alertSms },
      });

      const refused = await fireAlert(
        production({ perFarmerPerDay: 10, dltTemplates: { crop_health_drop: '1107000000000000000' } }),
        alert('2024-07-05'),
      );
      assert.deepEqual(refused && [refused.notifications, refused.sms], [1, 0]);
      assert.deepEqual((await smsRows()).at(-1), {
        status: 'skipped',
        reason: 'dlt_not_configured',
        dlt_template_id: '1107000000000000000',
      });

      const allowed = await fireAlert(
        production({ perFarmerPerDay: 10, dltSenderId: 'KHETIA', dltTemplates: { crop_health_drop: '1107000000000000000' } }),
        alert('2024-07-10'),
      );
      assert.deepEqual(allowed && [allowed.notifications, allowed.sms], [1, 1]);
      assert.deepEqual(await sendPendingSms(deps, t.app.outside.sms), { sent: 1, failed: 0 });
      assert.equal(await fireAlert(deps, alert('2024-07-10')), undefined, 'the same rule, field and period fires once');
    });
  });
}
