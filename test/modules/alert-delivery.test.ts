import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createSampleSource } from '../../src/integrations/datagovin/index.js';
import { ingestMarketPrices } from '../../src/modules/markets/ingestion.js';
import { FOLLOW_EVENTS_JOB, registerNotificationJobs, WEATHER_RISKS_JOB } from '../../src/modules/notifications/index.js';
import { eventsAfter, raiseEvent } from '../../src/modules/realtime/index.js';
import { registerWebhookJobs } from '../../src/modules/webhooks/index.js';
import { dispatchWebhookEvents } from '../../src/modules/webhooks/dispatcher.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { plot } from '../support/geometry.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { storageModes } from '../support/storage-modes.js';
import { FIXTURE_DAY, startOpenMeteoStub, type OpenMeteoStub } from '../stubs/open-meteo.js';
import { startTwilioStub, TEST_TWILIO_ACCOUNT_SID, TEST_TWILIO_AUTH_TOKEN, TEST_TWILIO_FROM, type TwilioStub } from '../stubs/twilio.js';
import { paddyRecord, RAJPURA } from '../support/agmarknet.js';

/**
 * One alert of each kind through every channel at once: a crop-health drop, a frost in a stubbed
 * forecast and a price crossing, each from a rule that lists inbox, sms (where the kind allows it)
 * and webhook. Each alert makes one notification per recipient, one alert event, one SMS to the
 * Hindi-speaking farmer in Hindi, and one webhook delivery that the receiver verifies with the
 * secret shown when the webhook was created, after refusing it twice. Every job runs twice.
 */

const DEVANAGARI = /[\u0900-\u097F]/;
const KINDS = ['crop_health_drop', 'weather_risk', 'price'] as const;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A receiver that answers 500 to the first two attempts at each event (by Kheti-Event-Id) and 200 to the third. */
async function startFlakyReceiver() {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const eventId = String(request.headers['kheti-event-id']);
      const answered = received.filter((r) => r.headers['kheti-event-id'] === eventId).length < 2 ? 500 : 200;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** What a receiver does with the secret (as the README shows): HMAC-SHA256 of "<t>.<raw body>", compared in constant time. */
function receiverAccepts(secret: string, header: string, rawBody: string): boolean {
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  const v1 = /(?:^|,)v1=([0-9a-f]{64})/.exec(header)?.[1];
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

async function until(condition: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

for (const mode of storageModes) {
  describe(`an alert of each kind on every channel, delivered once (${mode.name})`, () => {
    let meteo: OpenMeteoStub;
    let twilio: TwilioStub;
    let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;
    let t: TestApp;
    let tenant: TestTenant;
    let farmerTokens: TokenSet;
    let farmer: { id: string; userId: string };
    let field: { id: string };
    let webhook: { id: string; secret: string };
    let rules: Record<(typeof KINDS)[number], string>;

    const post = async (url: string, payload: Record<string, unknown>, tokens: TokenSet = tenant.tokens) => {
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
    const rows = async <T>(sql: string) => (await t.app.resources.db.platform((tx) => tx.query<T & Record<string, unknown>>(sql))).rows;
    const deliveries = async () => {
      const response = await t.app.inject({ url: `/v1/webhooks/${webhook.id}/deliveries`, headers: bearer(tenant.tokens) });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as { eventId: string; eventType: string; status: string; attempts: number; lastStatus: number }[];
    };
    /** Everything the alerts made, counted where it is kept. */
    const tally = async () => ({
      alerts: (await rows<{ kind: string }>('SELECT kind FROM fired_alerts ORDER BY kind')).map((r) => r.kind),
      notifications: (
        await rows<{ type: string; recipient: string }>('SELECT type, recipient FROM notifications ORDER BY type, recipient')
      ).map((r) => `${r.type} → ${r.recipient}`),
      events: (await eventsAfter(t.app.resources.db, null, 1000))
        .filter((e) => e.type.startsWith('alert.') || e.type === 'notification.created')
        .map((e) => e.type)
        .sort(),
      sms: twilio.messages.length,
      smsRows: (await rows<{ status: string }>('SELECT status FROM notification_sms ORDER BY status')).map((r) => r.status),
      deliveries: (await deliveries()).map((d) => d.eventType).sort(),
    });

    before(async () => {
      meteo = await startOpenMeteoStub();
      // A frost two days after the fixture day; the rest of the week is mild.
      meteo.setDailyForecast('temperature_2m_min', 2, 0.8);
      twilio = await startTwilioStub();
      receiver = await startFlakyReceiver();
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
          // Retries within a second or two, not half a minute.
          WEBHOOK_RETRY_BASE_MS: '20',
          WEBHOOK_RETRY_WINDOW_SECONDS: '60',
          WEBHOOK_TIMEOUT_MS: '2000',
        },
      });
      await registerNotificationJobs(t.app.resources, t.app.outside, { settleMs: 0 });
      await registerWebhookJobs(t.app.resources, t.app.outside);
      await t.app.resources.queue.start();
      tenant = await createTenant(t.app);
      const member = await addMember(t.app, tenant, 'farmer');
      farmerTokens = member.tokens;
      const created = await post('/v1/farmers', {
        name: 'Ramesh',
        state: 'Maharashtra',
        phone: '+91 98765 43210',
        language: 'hi',
        userId: member.user.id,
      });
      farmer = { id: created.id, userId: member.user.id };
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Home farm' });
      field = await post('/v1/fields', { farmId: farm.id, name: 'Plot A', boundary: plot(19.99, 73.79) });
      const everyChannel = ['inbox', 'sms', 'webhook'];
      rules = {
        crop_health_drop: (
          await post('/v1/alert-rules', {
            kind: 'crop_health_drop',
            fieldId: field.id,
            ndviDrop: 0.1,
            channels: everyChannel,
            recipients: ['creator', 'farmer'],
          })
        ).id,
        weather_risk: (
          await post('/v1/alert-rules', {
            kind: 'weather_risk',
            fieldId: field.id,
            risks: ['frost'],
            channels: everyChannel,
            recipients: ['creator', 'farmer'],
          })
        ).id,
        // A price rule watches no field and so has no farmer to text: it lists the inbox and webhooks.
        price: (
          await post('/v1/alert-rules', {
            kind: 'price',
            commodity: 'paddy',
            condition: 'above',
            thresholdInrPerQuintal: 2500,
            channels: ['inbox', 'webhook'],
          })
        ).id,
      };
      webhook = await post('/v1/webhooks', { url: `${receiver.base}/kheti`, types: ['alert.'] });
    });
    after(async () => {
      await t?.close();
      await meteo?.close();
      await twilio?.close();
      await receiver?.close();
    });

    it('a price rule that asks for SMS is refused: SMS goes to farmers, and a price rule has none', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/alert-rules',
        headers: bearer(tenant.tokens),
        payload: {
          kind: 'price',
          commodity: 'paddy',
          condition: 'above',
          thresholdInrPerQuintal: 2500,
          channels: ['inbox', 'sms', 'webhook'],
        },
      });
      assert.equal(response.statusCode, 422, response.body);
    });

    it('each alert: one notification per recipient, one event, one Hindi SMS where asked, one signed delivery on the third try; twice the jobs, nothing doubled', {
      timeout: 120_000,
    }, async () => {
      const { db, events, cache } = t.app.resources;
      // The drop, as the imagery job announces it.
      await raiseEvent(
        { db, events },
        {
          tenantId: tenant.id,
          type: 'crop_health.drop',
          farmerId: farmer.id,
          data: {
            fieldId: field.id,
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
      // Paddy at Rajpura crosses the rule's ₹2500, by the price ingestion itself.
      const paddy = (day: string, modal: number) => paddyRecord(RAJPURA, day, modal);
      const ingest = (records: ReturnType<typeof paddy>[]) =>
        ingestMarketPrices(db, createSampleSource(records), { kind: 'manual', events, cache, now: () => new Date('2025-11-02T06:00:00Z') });
      await ingest([paddy('01/11/2025', 2400)]);
      assert.equal((await ingest([paddy('02/11/2025', 2600)])).priceAlerts, 1);

      const everyJobOnce = async () => {
        // The event follower twice at once, as two workers would; the forecast check; the webhook dispatcher twice at once.
        await Promise.all([runJob(FOLLOW_EVENTS_JOB), runJob(FOLLOW_EVENTS_JOB)]);
        await runJob(WEATHER_RISKS_JOB);
        await Promise.all([
          dispatchWebhookEvents(t.app.resources, { settleMs: 0 }),
          dispatchWebhookEvents(t.app.resources, { settleMs: 0 }),
        ]);
      };
      const allDelivered = async () => {
        const listed = await deliveries();
        return listed.length === KINDS.length && listed.every((d) => d.status === 'delivered');
      };
      const explain = () => JSON.stringify(receiver.received.map((r) => [r.headers['kheti-event-type'], r.answered]));
      await everyJobOnce();
      await until(allDelivered, () => `three delivered deliveries; received ${explain()}`);
      const first = await tally();
      await everyJobOnce();
      // Whatever the second round could have sent would have reached the receiver by now.
      await until(async () => (await deliveries()).every((d) => d.status === 'delivered'), explain);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(await tally(), first, 'the second round of every job added nothing');

      assert.deepEqual(first.alerts, ['crop_health_drop', 'price', 'weather_risk'], 'one alert of each kind');
      const admin = `user:${tenant.admin.id}`;
      const theFarmer = `farmer:${farmer.id}`;
      assert.deepEqual(first.notifications, [
        `alert.crop_health_drop → ${theFarmer}`,
        `alert.crop_health_drop → ${admin}`,
        `alert.price → ${admin}`,
        `alert.weather_risk → ${theFarmer}`,
        `alert.weather_risk → ${admin}`,
      ]);
      assert.deepEqual(first.events, [
        'alert.crop_health_drop',
        'alert.price',
        'alert.weather_risk',
        ...Array(5).fill('notification.created'),
      ]);

      // One SMS for each alert that asked for one, to the farmer, in Hindi.
      assert.equal(first.sms, 2, JSON.stringify(twilio.messages));
      assert.deepEqual(first.smsRows, ['sent', 'sent']);
      for (const message of twilio.messages) {
        assert.equal(message.to, '+919876543210');
        assert.match(message.body, DEVANAGARI);
        assert.match(message.body, /Plot A/);
      }
      const inbox = (await t.app.inject({ url: '/v1/notifications', headers: bearer(farmerTokens) })).json();
      assert.deepEqual(inbox.items.map((n: { type: string }) => n.type).sort(), ['alert.crop_health_drop', 'alert.weather_risk']);
      for (const n of inbox.items) assert.match(`${n.title} ${n.body}`, DEVANAGARI);

      // One delivery per alert, each the alert's event, taken on the third try; every attempt signed with the secret.
      const alertEvents = (await eventsAfter(db, null, 1000)).filter((e) => e.type.startsWith('alert.'));
      const frost = alertEvents.find((e) => e.type === 'alert.weather_risk')!;
      const frostDay = new Date(Date.parse(`${FIXTURE_DAY}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
      assert.equal((frost.data.risk as { date: string }).date, frostDay, "the stubbed forecast's frost");
      const listed = await deliveries();
      assert.deepEqual(listed.map((d) => d.eventId).sort(), alertEvents.map((e) => e.id).sort());
      for (const delivery of listed) assert.deepEqual([delivery.attempts, delivery.lastStatus], [3, 200], delivery.eventType);
      assert.equal(receiver.received.length, 3 * KINDS.length, explain());
      for (const event of alertEvents) {
        const tries = receiver.received.filter((r) => r.headers['kheti-event-id'] === event.id);
        assert.deepEqual(
          tries.map((r) => r.answered),
          [500, 500, 200],
          event.type,
        );
        assert.equal(new Set(tries.map((r) => r.body)).size, 1, 'the same body each time');
        const body = JSON.parse(tries[0]!.body);
        assert.deepEqual(
          [body.id, body.type, body.tenantId, body.data.ruleId],
          [event.id, event.type, tenant.id, rules[event.type.slice(6) as (typeof KINDS)[number]]],
        );
        for (const request of tries) {
          assert.ok(receiverAccepts(webhook.secret, String(request.headers['kheti-signature']), request.body), 'signed with the secret');
          assert.ok(!receiverAccepts(`${webhook.secret}x`, String(request.headers['kheti-signature']), request.body));
        }
      }
    });
  });
}
