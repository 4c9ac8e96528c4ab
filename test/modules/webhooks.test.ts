import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createOutbound, createPublicOnlyFetch } from '../../src/infra/outbound/index.js';
import { raiseEvent } from '../../src/modules/realtime/index.js';
import { deliverHandler } from '../../src/modules/webhooks/delivery.js';
import { claimAttempt, insertDeliveries, pruneFinishedDeliveries } from '../../src/modules/webhooks/delivery-repository.js';
import { dispatchWebhookEvents } from '../../src/modules/webhooks/dispatcher.js';
import { registerWebhookJobs } from '../../src/modules/webhooks/jobs.js';
import { verifySignature } from '../../src/modules/webhooks/signature.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { addMember, bearer, createTenant, type TestTenant, type TokenSet } from '../support/identity.js';
import { embeddedMode, storageModes } from '../support/storage-modes.js';

/**
 * Signed webhooks end to end: POST /v1/webhooks, the dispatcher following stored events, delivery
 * jobs POSTing to a real loopback receiver that checks the signature with the secret, retries,
 * dead letters, redelivery, revocation, tenant isolation and the production address guard.
 */

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback: `/ok` answers 204, `/flaky` 500 twice then 200, `/down` always 503. */
async function startReceiver() {
  const received: Received[] = [];
  const failuresLeft = new Map<string, number>([['/flaky', 2]]);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const left = failuresLeft.get(path) ?? 0;
      if (path === '/down') return response.writeHead(503).end();
      if (left > 0) {
        failuresLeft.set(path, left - 1);
        return response.writeHead(500).end('not now');
      }
      response.writeHead(path === '/ok' ? 204 : 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What a receiver does with the secret (as the README shows): HMAC-SHA256 of "<t>.<raw body>", compared in constant time. */
function receiverAccepts(secret: string, header: string, rawBody: string): boolean {
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  const v1 = /(?:^|,)v1=([0-9a-f]{64})/.exec(header)?.[1];
  if (!t || !v1 || Math.abs(Date.now() / 1000 - Number(t)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

const RETRY_ENV = { WEBHOOK_RETRY_BASE_MS: '20', WEBHOOK_RETRY_WINDOW_SECONDS: '2', WEBHOOK_TIMEOUT_MS: '2000' };

for (const mode of storageModes) {
  describe(`signed webhooks (${mode.name})`, () => {
    let t: TestApp;
    let tenant: TestTenant;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;

    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, tokens: TokenSet = tenant.tokens) =>
      t.app.inject({
        method,
        url,
        headers: bearer(tokens),
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      });
    const createWebhook = async (path: string, types: string[], tokens: TokenSet = tenant.tokens) => {
      const response = await call('POST', '/v1/webhooks', { url: `${receiver.base}${path}`, types }, tokens);
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as { id: string; secret: string; url: string };
    };
    const raise = (type: string, data: Record<string, unknown> = {}, tenantId = tenant.id) =>
      raiseEvent(t.app.resources, { tenantId, type, data });
    const dispatch = () => dispatchWebhookEvents(t.app.resources, { settleMs: 0 });
    const deliveries = async (webhookId: string, query = '') => {
      const response = await call('GET', `/v1/webhooks/${webhookId}/deliveries${query}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as {
        id: string;
        eventId: string;
        status: string;
        attempts: number;
        lastStatus: number | null;
        lastError: string | null;
        nextAttemptAt: string | null;
        deliveredAt: string | null;
      }[];
    };
    const at = (path: string) => receiver.received.filter((r) => r.path === path);

    before(async () => {
      receiver = await startReceiver();
      t = await buildTestApp(mode, { env: RETRY_ENV });
      tenant = await createTenant(t.app);
      // Handlers and the schedule are registered; the queue starts consuming only in the second test,
      // so the first can run a delivery job twice by hand.
      await registerWebhookJobs(t.app.resources, t.app.outside);
    });
    after(async () => {
      await t?.close();
      await receiver?.close();
    });

    it('creates a webhook whose secret is shown once and sealed at rest, and audits it', async () => {
      const response = await call('POST', '/v1/webhooks', { url: `${receiver.base}/ok`, types: ['job.progress'], description: 'ERP' });
      assert.equal(response.statusCode, 201, response.body);
      const created = response.json();
      assert.match(created.secret, /^whsec_[A-Za-z0-9_-]{43}$/);
      assert.equal(response.headers.location, `/v1/webhooks/${created.id}`);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.deepEqual(
        { url: created.url, types: created.types, description: created.description, revokedAt: created.revokedAt },
        { url: `${receiver.base}/ok`, types: ['job.progress'], description: 'ERP', revokedAt: null },
      );
      const listed = (await call('GET', '/v1/webhooks')).json().items;
      assert.deepEqual(
        listed.map((w: Record<string, unknown>) => [w.id, 'secret' in w]),
        [[created.id, false]],
      );
      assert.equal((await call('GET', `/v1/webhooks/${created.id}`)).json().url, created.url);
      const stored = await t.app.resources.db.platform((tx) =>
        tx.query<{ secret_sealed: string }>('SELECT secret_sealed FROM webhook_subscriptions WHERE id = $1', [created.id]),
      );
      assert.ok(stored.rows[0]!.secret_sealed.startsWith('v1|'));
      assert.ok(!stored.rows[0]!.secret_sealed.includes(created.secret.slice(6)));
      const audit = await call('GET', '/v1/audit-events?action=webhook.created');
      assert.equal(audit.json().items[0].subject, `webhook:${created.id}`);
      assert.equal((await call('DELETE', `/v1/webhooks/${created.id}`)).statusCode, 204);
    });

    it('nothing is doubled when the dispatcher or a delivery job runs twice', async () => {
      const webhook = await createWebhook('/ok', ['crop_health.']);
      const event = await raise('crop_health.drop', { fieldId: 'f1', drop: 0.2 });
      await Promise.all([dispatch(), dispatch()]);
      await dispatch();
      const [delivery, ...more] = await deliveries(webhook.id);
      assert.ok(delivery);
      assert.deepEqual(more, []);
      assert.equal(delivery.eventId, event.id);

      const { config, db, queue } = t.app.resources;
      const outbound = createOutbound({
        upstream: 'webhook',
        timeoutMs: 2000,
        retries: 0,
        breaker: false,
        fetch: createPublicOnlyFetch({ allowPrivate: true }),
      });
      const handler = deliverHandler({ db, queue, crypto: t.app.identity.crypto, outbound, ...config.webhooks });
      const job = { data: { tenantId: tenant.id, deliveryId: delivery.id, attempt: 1 } };
      const results = await Promise.all([handler(job), handler(job)]);
      assert.equal(results.filter((r) => 'skipped' in r).length, 1, JSON.stringify(results));
      assert.deepEqual(await handler(job), { skipped: true });
      assert.equal(at('/ok').length, 1);

      // The queued first attempt runs once the worker starts, finds it taken, and sends nothing.
      await queue.start();
      await until(async () => (await queue.list({ type: 'webhooks.deliver', status: 'succeeded' })).length >= 1, 'the queued attempt');
      assert.equal(at('/ok').length, 1);
      const [after] = await deliveries(webhook.id);
      assert.deepEqual(
        { status: after!.status, attempts: after!.attempts, lastStatus: after!.lastStatus },
        { status: 'delivered', attempts: 1, lastStatus: 204 },
      );
      await call('DELETE', `/v1/webhooks/${webhook.id}`);
    });

    it('a delivery is signed: the receiver verifies it with the secret, and gets the envelope with Kheti-Event-Id', async () => {
      const webhook = await createWebhook('/signed', ['market.', 'job.progress']);
      await raise('crop_health.drop', { fieldId: 'not wanted' });
      const event = await raise('market.price_threshold', { ruleId: 'r1', modalPriceInrPerQuintal: 2400 });
      await dispatch();
      await until(() => at('/signed').length === 1, 'the signed delivery');
      const [request] = at('/signed');
      const signature = String(request!.headers['kheti-signature']);
      assert.match(signature, /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.ok(receiverAccepts(webhook.secret, signature, request!.body));
      assert.ok(verifySignature(webhook.secret, signature, request!.body));
      assert.ok(!receiverAccepts(webhook.secret, signature, request!.body.replace('2400', '2401')), 'a changed body fails');
      assert.ok(!receiverAccepts(`${webhook.secret}x`, signature, request!.body), 'another secret fails');
      assert.equal(request!.headers['kheti-event-id'], event.id);
      assert.equal(request!.headers['kheti-event-type'], 'market.price_threshold');
      assert.equal(request!.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(request!.body), { id: event.id, type: event.type, at: event.at, tenantId: tenant.id, data: event.data });
      await until(async () => (await deliveries(webhook.id))[0]?.status === 'delivered', 'the delivered status');
      const [delivery] = await deliveries(webhook.id);
      assert.equal(request!.headers['kheti-delivery-id'], delivery!.id);
      // Delivery jobs are the platform's: the tenant's job list, which every member reads, does not fill with them.
      assert.deepEqual((await call('GET', '/v1/jobs?type=webhooks.deliver')).json().items, []);
      assert.deepEqual(
        {
          attempts: delivery!.attempts,
          lastStatus: delivery!.lastStatus,
          lastError: delivery!.lastError,
          nextAttemptAt: delivery!.nextAttemptAt,
        },
        { attempts: 1, lastStatus: 200, lastError: null, nextAttemptAt: null },
      );
      await call('DELETE', `/v1/webhooks/${webhook.id}`);
    });

    it('the scheduled dispatcher (every 5 s on the worker) delivers a new event without being asked', async () => {
      const webhook = await createWebhook('/scheduled', ['job.finished']);
      const event = await raise('job.finished', { jobId: 'scheduled' });
      await until(() => at('/scheduled').length === 1, 'the scheduled dispatch', 20_000);
      assert.equal(at('/scheduled')[0]!.headers['kheti-event-id'], event.id);
      await call('DELETE', `/v1/webhooks/${webhook.id}`);
    });

    it('a receiver that fails twice gets the delivery on the third try, the same body and event id each time', async () => {
      const webhook = await createWebhook('/flaky', ['job.']);
      const event = await raise('job.progress', { jobId: 'j1', progress: 50 });
      await dispatch();
      await until(async () => (await deliveries(webhook.id))[0]?.status === 'delivered', 'the third try');
      const tries = at('/flaky');
      assert.equal(tries.length, 3);
      assert.deepEqual(new Set(tries.map((r) => r.headers['kheti-event-id'])), new Set([event.id]));
      assert.equal(new Set(tries.map((r) => r.body)).size, 1);
      for (const request of tries) assert.ok(receiverAccepts(webhook.secret, String(request.headers['kheti-signature']), request.body));
      const [delivery] = await deliveries(webhook.id);
      assert.deepEqual({ attempts: delivery!.attempts, lastStatus: delivery!.lastStatus }, { attempts: 3, lastStatus: 200 });
      await call('DELETE', `/v1/webhooks/${webhook.id}`);
    });

    it('retries a receiver that keeps failing until the window ends, then the delivery is dead; a redelivery sends it again', async () => {
      const webhook = await createWebhook('/down', ['crop_health.']);
      const event = await raise('crop_health.drop', { fieldId: 'f2' });
      await dispatch();
      await until(async () => (await deliveries(webhook.id))[0]?.status === 'dead', 'the dead letter', 15_000);
      const [dead] = await deliveries(webhook.id, '?status=dead');
      assert.ok(dead!.attempts >= 3, `attempts ${dead!.attempts}`);
      assert.equal(at('/down').length, dead!.attempts);
      assert.deepEqual(
        { lastStatus: dead!.lastStatus, lastError: dead!.lastError, nextAttemptAt: dead!.nextAttemptAt },
        { lastStatus: 503, lastError: 'answered 503', nextAttemptAt: null },
      );
      assert.deepEqual(await deliveries(webhook.id, '?status=delivered'), []);

      const redelivered = await call('POST', `/v1/webhooks/${webhook.id}/deliveries/${dead!.id}/redeliver`);
      assert.equal(redelivered.statusCode, 202, redelivered.body);
      assert.equal(redelivered.json().status, 'pending');
      assert.equal(redelivered.json().eventId, event.id);
      await until(() => at('/down').length > dead!.attempts, 'the redelivery');
      assert.equal(at('/down').at(-1)!.headers['kheti-event-id'], event.id);
      const again = await call('POST', `/v1/webhooks/${webhook.id}/deliveries/${dead!.id}/redeliver`);
      assert.ok([202, 409].includes(again.statusCode), again.body);
      await call('DELETE', `/v1/webhooks/${webhook.id}`);
      const [stopped] = await deliveries(webhook.id);
      assert.equal(stopped!.status, 'dead');
      const revokedRedeliver = await call('POST', `/v1/webhooks/${webhook.id}/deliveries/${dead!.id}/redeliver`);
      assert.equal(revokedRedeliver.statusCode, 409, revokedRedeliver.body);
    });

    it('an alert goes out only when its rule lists the webhook channel; a revoked webhook gets nothing new', async () => {
      const webhook = await createWebhook('/alerts', ['alert.']);
      await raise('alert.weather_risk', { ruleId: 'r1', channels: ['inbox', 'sms'] });
      const wanted = await raise('alert.crop_health_drop', { ruleId: 'r2', channels: ['inbox', 'webhook'] });
      await dispatch();
      await until(() => at('/alerts').length === 1, 'the alert');
      await dispatch();
      assert.deepEqual(
        at('/alerts').map((r) => r.headers['kheti-event-id']),
        [wanted.id],
      );

      assert.equal((await call('DELETE', `/v1/webhooks/${webhook.id}`)).statusCode, 204);
      assert.equal((await call('DELETE', `/v1/webhooks/${webhook.id}`)).statusCode, 404);
      assert.notEqual((await call('GET', `/v1/webhooks/${webhook.id}`)).json().revokedAt, null);
      await raise('alert.crop_health_drop', { ruleId: 'r2', channels: ['webhook'] });
      await dispatch();
      assert.equal((await deliveries(webhook.id)).length, 1);
      const audit = await call('GET', '/v1/audit-events?action=webhook.revoked');
      assert.ok(audit.json().items.some((e: { subject: string }) => e.subject === `webhook:${webhook.id}`));
    });

    it("the dispatcher's sweep sends an attempt whose job was lost: never enqueued, or its worker died mid-attempt", async () => {
      const webhook = await createWebhook('/swept', ['job.']);
      const { db } = t.app.resources;
      const now = new Date();
      // Two deliveries committed whose jobs never ran: one never enqueued, one claimed by a worker that then died.
      const rows = ['never-enqueued', 'worker-died'].map((name) => ({
        id: crypto.randomUUID(),
        tenantId: tenant.id,
        subscriptionId: webhook.id,
        eventId: crypto.randomUUID(),
        eventType: 'job.finished',
        body: JSON.stringify({ name }),
      }));
      await db.platform((tx) => insertDeliveries(tx, rows, now));
      const lease = new Date(now.getTime() + 2000 + 30_000);
      assert.ok(await db.tenant(tenant.id, (tx) => claimAttempt(tx, rows[1]!.id, 1, now, lease)));

      // Not yet overdue: the sweep leaves them (an attempt may still be on its way).
      assert.equal((await dispatchWebhookEvents(t.app.resources, { settleMs: 0 })).resumed, 0);
      // Past the grace (and the dead worker's lease): each is sent once.
      const later = new Date(lease.getTime() + 31_000);
      assert.equal((await dispatchWebhookEvents(t.app.resources, { settleMs: 0, now: () => later })).resumed, 2);
      await until(async () => (await deliveries(webhook.id, '?status=delivered')).length === 2, 'the swept deliveries');
      assert.equal(at('/swept').length, 2);
      const byId = new Map((await deliveries(webhook.id)).map((d) => [d.id, d]));
      assert.deepEqual(
        rows.map((r) => [byId.get(r.id)?.status, byId.get(r.id)?.attempts]),
        [
          ['delivered', 1],
          ['delivered', 2],
        ],
      );
      assert.equal((await dispatchWebhookEvents(t.app.resources, { settleMs: 0, now: () => later })).resumed, 0);
      await call('DELETE', `/v1/webhooks/${webhook.id}`);
    });

    it('prunes delivered and dead deliveries past their retention, never a pending one', async () => {
      const webhook = await createWebhook('/later', ['job.']);
      const { db } = t.app.resources;
      const pending = {
        id: crypto.randomUUID(),
        tenantId: tenant.id,
        subscriptionId: webhook.id,
        eventId: crypto.randomUUID(),
        eventType: 'job.finished',
        body: '{}',
      };
      // Due in an hour: no job and no sweep touches it meanwhile.
      await db.platform((tx) => insertDeliveries(tx, [pending], new Date(Date.now() + 3_600_000)));
      const count = (status: string) =>
        db.platform(
          async (tx) =>
            (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = $1', [status])).rows[0]!.n,
        );
      const finished = (await count('delivered')) + (await count('dead'));
      assert.ok(finished > 0);
      assert.equal(await db.platform((tx) => pruneFinishedDeliveries(tx, new Date(Date.now() - 3_600_000))), 0);
      assert.equal(await db.platform((tx) => pruneFinishedDeliveries(tx, new Date(Date.now() + 1000))), finished);
      assert.deepEqual([await count('delivered'), await count('dead'), await count('pending')], [0, 0, 1]);
      await call('DELETE', `/v1/webhooks/${webhook.id}`);
    });

    it("keeps tenants apart: another tenant's webhooks, deliveries and events are not the caller's", async () => {
      const webhook = await createWebhook('/mine', ['job.']);
      const other = await createTenant(t.app);
      assert.equal((await call('GET', `/v1/webhooks/${webhook.id}`, undefined, other.tokens)).statusCode, 404);
      assert.equal((await call('GET', `/v1/webhooks/${webhook.id}/deliveries`, undefined, other.tokens)).statusCode, 404);
      assert.equal((await call('DELETE', `/v1/webhooks/${webhook.id}`, undefined, other.tokens)).statusCode, 404);
      assert.deepEqual((await call('GET', '/v1/webhooks', undefined, other.tokens)).json().items, []);
      await raise('job.progress', { jobId: 'theirs' }, other.id);
      await dispatch();
      assert.deepEqual(await deliveries(webhook.id), []);
      assert.equal((await call('GET', `/v1/webhooks/${webhook.id}`)).statusCode, 200);
      await call('DELETE', `/v1/webhooks/${webhook.id}`);
    });

    it('only administrators manage webhooks; bad input is a 422 that creates nothing', async () => {
      const { tokens: agronomist } = await addMember(t.app, tenant, 'agronomist');
      const refused = await call('POST', '/v1/webhooks', { url: `${receiver.base}/x`, types: ['job.'] }, agronomist);
      assert.equal(refused.statusCode, 403, refused.body);
      assert.equal((await call('GET', '/v1/webhooks', undefined, agronomist)).statusCode, 403);
      const before = (await call('GET', '/v1/webhooks')).json().items.length;
      for (const body of [
        { url: `${receiver.base}/x`, types: [] },
        { url: `${receiver.base}/x`, types: ['Job Progress'] },
        { url: 'not a url at all', types: ['job.'] },
        { url: 'ftp://example.org/hook', types: ['job.'] },
        { url: `http://user:pass@127.0.0.1:9/x`, types: ['job.'] },
        { url: `${receiver.base}/x`, types: ['job.'], extra: true },
      ]) {
        const response = await call('POST', '/v1/webhooks', body);
        assert.equal(response.statusCode, 422, `${JSON.stringify(body)}: ${response.body}`);
      }
      assert.equal((await call('GET', '/v1/webhooks')).json().items.length, before);
    });
  });
}

describe('webhook URLs in production mode (WEBHOOK_ALLOW_PRIVATE_URLS=false)', () => {
  let t: TestApp;
  let tenant: TestTenant;

  before(async () => {
    // The production guard: the default of NODE_ENV=production, set here under NODE_ENV=test.
    t = await buildTestApp(embeddedMode, { env: { WEBHOOK_ALLOW_PRIVATE_URLS: 'false' } });
    tenant = await createTenant(t.app);
  });
  after(async () => t?.close());

  it('refuses loopback, private, link-local, metadata and carrier-grade NAT addresses, by literal or by a name that resolves to one, and plain http', async () => {
    assert.equal(t.config.webhooks.allowPrivateUrls, false);
    const refused = [
      'https://127.0.0.1/hook',
      'https://127.1.2.3:8443/hook',
      // Other spellings of 127.0.0.1 that URL parsers accept.
      'https://2130706433/hook',
      'https://0x7f.1/hook',
      'https://[::]/hook',
      'https://localhost/hook',
      'https://localhost:9443/hook',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://10.0.0.8/hook',
      'https://172.20.1.1/hook',
      'https://192.168.0.10/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://[::ffff:169.254.169.254]/latest/meta-data/',
      'https://[fd00:ec2::254]/latest/meta-data/',
      'https://100.100.100.200/hook',
      'https://0.0.0.0/hook',
      'https://[fe80::1]/hook',
      'http://8.8.8.8/hook',
    ];
    for (const url of refused) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/webhooks',
        headers: bearer(tenant.tokens),
        payload: { url, types: ['job.'] },
      });
      assert.equal(response.statusCode, 422, `${url}: ${response.body}`);
      assert.equal(response.json().errors[0].path, 'body.url');
    }
    const listed = await t.app.inject({ url: '/v1/webhooks', headers: bearer(tenant.tokens) });
    assert.deepEqual(listed.json().items, []);
  });
});
