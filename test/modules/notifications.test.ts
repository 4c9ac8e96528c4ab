import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSampleSource } from '../../src/integrations/datagovin/index.js';
import { ingestMarketPrices } from '../../src/modules/markets/ingestion.js';
import { eventsAfter, raiseEvent } from '../../src/modules/realtime/index.js';
import { FOLLOW_EVENTS_JOB, registerNotificationJobs, WEATHER_RISKS_JOB } from '../../src/modules/notifications/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { FIXTURE_DAY, startOpenMeteoStub, type OpenMeteoStub } from '../stubs/open-meteo.js';
import { startTwilioStub, TEST_TWILIO_ACCOUNT_SID, TEST_TWILIO_AUTH_TOKEN, TEST_TWILIO_FROM, type TwilioStub } from '../stubs/twilio.js';
import { paddyRecord, RAJPURA } from '../support/agmarknet.js';

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const FROST_DAY = addDays(FIXTURE_DAY, 2);
const DEVANAGARI = /[\u0900-\u097F]/;

for (const mode of storageModes) {
  describe(`notifications: alerts beyond price, the inbox and SMS (${mode.name})`, () => {
    let meteo: OpenMeteoStub;
    let twilio: TwilioStub;
    let t: TestApp;
    let tenant: TestTenant;
    let farmerTokens: TokenSet;
    let ids: { farmer: string; farm: string; field: string; otherField: string };
    let rules: { drop: string; frost: string; price: string };

    const post = async (tokens: TokenSet, url: string, payload: Record<string, unknown>) => {
      const response = await t.app.inject({ method: 'POST', url, headers: bearer(tokens), payload });
      assert.ok(response.statusCode < 300, `${url}: ${response.body}`);
      return response.json();
    };
    /** What the worker runs: the repeatable jobs' handlers, started the way the queue starts them. */
    const runJob = async (type: string) => {
      const job = await t.app.resources.queue.enqueue(type, {});
      for (let i = 0; i < 400; i++) {
        const record = await t.app.resources.queue.get(job.id);
        if (record?.status === 'succeeded') return record.result as Record<string, unknown>;
        if (record?.status === 'failed') throw new Error(`${type} failed: ${record.error}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`${type} did not finish`);
    };
    const storedEvents = async () => eventsAfter(t.app.resources.db, null, 1000);
    const count = async (sql: string) => Number((await t.app.resources.db.platform((tx) => tx.query<{ n: number }>(sql))).rows[0]?.n ?? 0);

    before(async () => {
      meteo = await startOpenMeteoStub();
      // A frost two days after the fixture day; the rest of the week is mild.
      meteo.setDailyForecast('temperature_2m_min', 2, 0.8);
      twilio = await startTwilioStub();
      t = await buildTestApp(mode, {
        env: {
          WEATHER_PROVIDER: 'open-meteo',
          OPEN_METEO_BASE_URL: meteo.baseUrl,
          OPEN_METEO_ARCHIVE_URL: meteo.baseUrl,
          SMS_PROVIDER: 'twilio',
          TWILIO_ACCOUNT_SID: TEST_TWILIO_ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: TEST_TWILIO_AUTH_TOKEN,
          TWILIO_FROM: TEST_TWILIO_FROM,
          TWILIO_BASE_URL: twilio.baseUrl,
        },
      });
      await registerNotificationJobs(t.app.resources, t.app.outside, { settleMs: 0 });
      await t.app.resources.queue.start();
      tenant = await createTenant(t.app);
      const member = await addMember(t.app, tenant, 'farmer');
      farmerTokens = member.tokens;
      const farmer = await post(tenant.tokens, '/v1/farmers', {
        name: 'Ramesh',
        state: 'Maharashtra',
        phone: '+91 98765 43210',
        language: 'hi',
        userId: member.user.id,
      });
      assert.equal(farmer.language, 'hi');
      const farm = await post(tenant.tokens, '/v1/farms', { farmerId: farmer.id, name: 'Home farm' });
      const field = await post(tenant.tokens, '/v1/fields', { farmId: farm.id, name: 'Plot A', boundary: plot(19.99, 73.79) });
      const otherField = await post(tenant.tokens, '/v1/fields', { farmId: farm.id, name: 'Plot B', boundary: plot(19.95, 73.75) });
      ids = { farmer: farmer.id, farm: farm.id, field: field.id, otherField: otherField.id };
      rules = {
        drop: (
          await post(tenant.tokens, '/v1/alert-rules', {
            kind: 'crop_health_drop',
            fieldId: field.id,
            ndviDrop: 0.1,
            channels: ['inbox', 'sms', 'webhook'],
            recipients: ['creator', 'farmer'],
          })
        ).id,
        frost: (
          await post(tenant.tokens, '/v1/alert-rules', {
            kind: 'weather_risk',
            fieldId: field.id,
            risks: ['frost'],
            channels: ['sms'],
            recipients: ['farmer'],
          })
        ).id,
        price: (
          await post(tenant.tokens, '/v1/alert-rules', {
            kind: 'price',
            commodity: 'paddy',
            condition: 'above',
            thresholdInrPerQuintal: 2500,
          })
        ).id,
      };
    });
    after(async () => {
      await t?.close();
      await meteo?.close();
      await twilio?.close();
    });

    it('stores the new kinds with their channels and recipients, and refuses what cannot be delivered', async () => {
      const rule = (await t.app.inject({ url: `/v1/alert-rules/${rules.frost}`, headers: bearer(tenant.tokens) })).json();
      assert.equal(rule.kind, 'weather_risk');
      assert.deepEqual(rule.risks, ['frost']);
      assert.deepEqual(rule.channels, ['inbox', 'sms'], 'the inbox is always a channel');
      assert.deepEqual(rule.recipients, ['farmer']);
      assert.equal(rule.commodity, null);
      const price = (await t.app.inject({ url: `/v1/alert-rules/${rules.price}`, headers: bearer(tenant.tokens) })).json();
      assert.deepEqual([price.channels, price.recipients, price.fieldId], [['inbox'], ['creator'], null]);

      const refused = async (payload: Record<string, unknown>, path: string) => {
        const response = await t.app.inject({ method: 'POST', url: '/v1/alert-rules', headers: bearer(tenant.tokens), payload });
        assert.equal(response.statusCode, 422, JSON.stringify(payload));
        assert.ok(
          response.json().errors.some((e: { path: string }) => e.path === path),
          response.body,
        );
      };
      await refused({ kind: 'crop_health_drop', fieldId: ids.field }, 'body.ndviDrop');
      await refused({ kind: 'crop_health_drop', ndviDrop: 0.1, commodity: 'paddy' }, 'body.commodity');
      await refused({ kind: 'weather_risk', fieldId: ids.field, farmId: ids.farm }, 'body.fieldId');
      await refused({ kind: 'weather_risk', fieldId: '018f0000-0000-7000-8000-000000000000' }, 'body.fieldId');
      await refused({ kind: 'weather_risk', channels: ['sms'] }, 'body.channels');
      await refused({ kind: 'weather_risk', risks: ['drought'] }, 'body.risks.0');
      await refused({ kind: 'price', commodity: 'paddy', condition: 'below_msp', recipients: ['farmer'] }, 'body.recipients');
      await refused({ kind: 'price', condition: 'below_msp' }, 'body.commodity');
      assert.equal(await count(`SELECT count(*)::int AS n FROM price_alert_rules`), 3, 'a refused rule is not stored');
    });

    it('turns a crop-health drop, a forecast frost and an ingested price crossing into one notification per recipient, one event and one SMS each, once', async () => {
      const { db, events } = t.app.resources;
      await raiseEvent(
        { db, events },
        {
          tenantId: tenant.id,
          type: 'crop_health.drop',
          farmerId: ids.farmer,
          data: {
            fieldId: ids.field,
            fromDate: '2024-06-20',
            toDate: '2024-06-25',
            from: 0.72,
            to: 0.51,
            drop: 0.21,
            days: 5,
            threshold: 0.1,
          },
        },
      );
      // A drop on the other field: no rule watches it.
      await raiseEvent(
        { db, events },
        {
          tenantId: tenant.id,
          type: 'crop_health.drop',
          data: {
            fieldId: ids.otherField,
            fromDate: '2024-06-20',
            toDate: '2024-06-25',
            from: 0.72,
            to: 0.4,
            drop: 0.32,
            days: 5,
            threshold: 0.1,
          },
        },
      );
      // Paddy at Rajpura: 2400 on 1 November, 2600 on the 2nd, across the rule's 2500, by the price ingestion itself.
      const paddy = (day: string, modal: number) => paddyRecord(RAJPURA, day, modal);
      const ingest = (records: ReturnType<typeof paddy>[]) =>
        ingestMarketPrices(db, createSampleSource(records), {
          kind: 'manual',
          events,
          cache: t.app.resources.cache,
          now: () => new Date('2025-11-02T06:00:00Z'),
        });
      await ingest([paddy('01/11/2025', 2400)]);
      assert.equal((await ingest([paddy('02/11/2025', 2600)])).priceAlerts, 1);

      for (let run = 0; run < 2; run++) {
        // Twice each, and the event follower twice at once, as two workers would.
        await Promise.all([runJob(FOLLOW_EVENTS_JOB), runJob(FOLLOW_EVENTS_JOB)]);
        await runJob(WEATHER_RISKS_JOB);
      }
      const again = await runJob(FOLLOW_EVENTS_JOB);
      assert.equal(again.alerts, 0);

      const stored = await storedEvents();
      const ofType = (type: string) => stored.filter((e) => e.type === type);
      for (const [type, ruleId] of [
        ['alert.crop_health_drop', rules.drop],
        ['alert.weather_risk', rules.frost],
        ['alert.price', rules.price],
      ] as const) {
        assert.equal(ofType(type).length, 1, type);
        assert.equal(ofType(type)[0]!.data.ruleId, ruleId);
        assert.equal(ofType(type)[0]!.tenantId, tenant.id);
      }
      assert.deepEqual(ofType('alert.crop_health_drop')[0]!.data.channels, ['inbox', 'sms', 'webhook']);
      assert.deepEqual(ofType('alert.weather_risk')[0]!.data.channels, ['inbox', 'sms']);
      assert.equal(ofType('alert.weather_risk')[0]!.farmerId, ids.farmer);
      assert.equal((ofType('alert.weather_risk')[0]!.data.risk as { date: string }).date, FROST_DAY);
      // crop health: the creator and the farmer; frost: the farmer; price: the creator.
      assert.equal(ofType('notification.created').length, 4);
      assert.equal(ofType('notification.created').filter((e) => e.farmerId === ids.farmer).length, 2);

      // One SMS per alert that asked for one, to the farmer's phone, in Hindi, naming the field.
      assert.equal(twilio.messages.length, 2, JSON.stringify(twilio.messages));
      for (const message of twilio.messages) {
        assert.equal(message.to, '+919876543210');
        assert.match(message.body, DEVANAGARI);
        assert.match(message.body, /Plot A/);
        assert.ok(message.body.length <= 160, message.body);
      }
      assert.equal(await count(`SELECT count(*)::int AS n FROM notification_sms WHERE status = 'sent'`), 2);

      // The admin (the rules' creator) reads English; the farmer reads Hindi, in their own inbox.
      const admin = (await t.app.inject({ url: '/v1/notifications', headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(admin.items.map((n: { type: string }) => n.type).sort(), ['alert.crop_health_drop', 'alert.price']);
      const price = admin.items.find((n: { type: string }) => n.type === 'alert.price');
      assert.match(price.title, /paddy above ₹2500 at Rajpura/);
      assert.match(price.body, /₹2600 per quintal on 2 Nov, after ₹2400 on 1 Nov/);
      assert.equal(price.readAt, null);
      const mine = (await t.app.inject({ url: '/v1/notifications', headers: bearer(farmerTokens) })).json();
      assert.deepEqual(
        mine.items.map((n: { type: string }) => n.type),
        ['alert.weather_risk', 'alert.crop_health_drop'],
      );
      for (const n of mine.items) {
        assert.match(n.title, DEVANAGARI);
        assert.match(n.body, DEVANAGARI);
        assert.equal(n.data.fieldId, ids.field);
      }
    });

    it('pages the inbox newest first, marks one or all read, and keeps each inbox to its owner', async () => {
      const page = (await t.app.inject({ url: '/v1/notifications?limit=1', headers: bearer(farmerTokens) })).json();
      assert.equal(page.items.length, 1);
      assert.ok(page.nextCursor);
      const rest = (
        await t.app.inject({ url: `/v1/notifications?limit=1&cursor=${page.nextCursor}`, headers: bearer(farmerTokens) })
      ).json();
      assert.equal(rest.items.length, 1);
      assert.ok(rest.items[0].id < page.items[0].id);
      assert.equal(rest.nextCursor, null);

      const first = page.items[0].id;
      const others = await t.app.inject({ method: 'POST', url: `/v1/notifications/${first}/read`, headers: bearer(tenant.tokens) });
      assert.equal(others.statusCode, 404, "another member's notification is not found");
      const read = await t.app.inject({ method: 'POST', url: `/v1/notifications/${first}/read`, headers: bearer(farmerTokens) });
      assert.equal(read.statusCode, 204);
      const unread = (await t.app.inject({ url: '/v1/notifications?unread=true', headers: bearer(farmerTokens) })).json();
      assert.deepEqual(
        unread.items.map((n: { id: string }) => n.id),
        [rest.items[0].id],
      );
      const all = await t.app.inject({ method: 'POST', url: '/v1/notifications/read-all', headers: bearer(farmerTokens) });
      assert.deepEqual(all.json(), { marked: 1 });
      assert.equal((await t.app.inject({ url: '/v1/notifications?unread=true', headers: bearer(farmerTokens) })).json().items.length, 0);
      const admin = (await t.app.inject({ url: '/v1/notifications?unread=true', headers: bearer(tenant.tokens) })).json();
      assert.equal(admin.items.length, 2, "the farmer's reading leaves the admin's inbox unread");

      const bad = await t.app.inject({ url: '/v1/notifications?cursor=nonsense', headers: bearer(farmerTokens) });
      assert.equal(bad.statusCode, 422);
      assert.equal((await t.app.inject({ url: '/v1/notifications' })).statusCode, 401);
    });

    it("tells a job_finished rule's recipients when a field's analysis finishes or fails, once per job and outcome", async () => {
      const sms = await t.app.inject({
        method: 'POST',
        url: '/v1/alert-rules',
        headers: bearer(tenant.tokens),
        payload: { kind: 'job_finished', channels: ['sms'], recipients: ['farmer'] },
      });
      assert.equal(sms.statusCode, 422);
      const rule = await post(tenant.tokens, '/v1/alert-rules', { kind: 'job_finished', farmId: ids.farm, channels: ['webhook'] });
      const { db, events } = t.app.resources;
      const job = (type: string, data: Record<string, unknown>) => raiseEvent({ db, events }, { tenantId: tenant.id, type, data });
      await job('job.finished', { jobId: 'job-1', fieldId: ids.otherField, status: 'succeeded', scenesFound: 4, scenesProcessed: 3 });
      await job('job.failed', { jobId: 'job-2', fieldId: ids.field, status: 'failed', error: 'the imagery provider refused' });
      // A job about no field (an ingestion) alerts nobody.
      await job('job.finished', { jobId: 'job-3', status: 'succeeded' });
      await runJob(FOLLOW_EVENTS_JOB);
      await runJob(FOLLOW_EVENTS_JOB);

      const alerts = (await storedEvents()).filter((e) => e.type === 'alert.job_finished');
      assert.deepEqual(alerts.map((e) => [e.data.ruleId, e.data.subject, e.data.period]).sort(), [
        [rule.id, 'job-1', 'succeeded'],
        [rule.id, 'job-2', 'failed'],
      ]);
      assert.deepEqual(alerts[0]!.data.channels, ['inbox', 'webhook']);
      const inbox = (await t.app.inject({ url: '/v1/notifications?limit=2', headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(inbox.items.map((n: { title: string }) => n.title).sort(), [
        'Crop-health analysis of Plot A failed',
        'Crop-health analysis of Plot B is ready',
      ]);
      assert.ok(inbox.items.some((n: { body: string }) => n.body === '3 of 4 Sentinel-2 scenes of Plot B analysed.'));
      assert.equal(twilio.messages.length, 2, 'no SMS for a finished job');

      // Deleting the rule leaves what its recipients were told in their inbox.
      const deleted = await t.app.inject({ method: 'DELETE', url: `/v1/alert-rules/${rule.id}`, headers: bearer(tenant.tokens) });
      assert.equal(deleted.statusCode, 204);
      const kept = (await t.app.inject({ url: '/v1/notifications?limit=2', headers: bearer(tenant.tokens) })).json();
      assert.deepEqual(
        kept.items.map((n: { id: string }) => n.id),
        inbox.items.map((n: { id: string }) => n.id),
      );
    });
  });
}
