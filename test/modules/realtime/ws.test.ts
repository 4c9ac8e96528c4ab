import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signAccessToken } from '../../../src/auth/tokens.js';
import { eventsAfter, raiseEvent } from '../../../src/modules/realtime/index.js';
import { firstEventIdAt } from '../../../src/modules/realtime/event-ids.js';
import { registerImageryJobs } from '../../../src/modules/imagery/index.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { plot } from '../../support/geometry.js';
import { addMember, bearer, createTenant, registerUser, signIn, type TestTenant } from '../../support/identity.js';
import { storageModes } from '../../support/storage-modes.js';
import { connectStream, RefusedUpgrade, sleep, type StreamClient } from '../../support/ws-client.js';

/**
 * GET /v1/ws in one process: authentication before the upgrade, who receives what, replay after
 * `since` joined to the live stream, and the server's closes (4401, 4403, 1013, 1001).
 */
for (const mode of storageModes) {
  describe(`the event stream (${mode.name})`, () => {
    let t: TestApp;
    let base: string;
    let a: TestTenant;
    let b: TestTenant;
    const logs: string[] = [];
    let closedByTest = false;

    before(async () => {
      t = await buildTestApp(mode, {
        env: { LOG_LEVEL: 'info', WS_RIGHTS_CHECK_MS: '200' },
        logStream: { write: (line) => logs.push(line) },
      });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
      a = await createTenant(t.app);
      b = await createTenant(t.app);
    });
    after(async () => {
      if (!closedByTest) await t.close();
    });

    const raise = (tenantId: string, type: string, data: Record<string, unknown> = {}, farmerId: string | null = null) =>
      raiseEvent(t.app.resources, { tenantId, type, data, farmerId });
    const refusal = async (promise: Promise<StreamClient>) => {
      const error = await promise.then(
        (client) => {
          client.close();
          return null;
        },
        (e: unknown) => e,
      );
      assert.ok(error instanceof RefusedUpgrade, `expected a refused upgrade, got ${String(error)}`);
      return error;
    };
    const farmerFor = async (userId?: string) => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/farmers',
        headers: bearer(a.tokens),
        payload: { name: 'Stream Farmer', state: 'Maharashtra', ...(userId ? { userId } : {}) },
      });
      assert.equal(created.statusCode, 201, created.body);
      return created.json().id as string;
    };

    it('refuses a missing, bad or tenantless token with a problem before upgrading, and keeps the token out of the logs', async () => {
      const missing = await refusal(connectStream(base));
      assert.equal(missing.status, 401);
      assert.match(missing.contentType, /^application\/problem\+json/);
      assert.equal((await refusal(connectStream(base, { token: 'a.b.c' }))).status, 401);
      assert.equal((await refusal(connectStream(base, { token: 'a.b.c', via: 'query' }))).status, 401);
      assert.equal((await refusal(connectStream(base, { token: 'a.b.c', via: 'protocol' }))).status, 401);
      const tenantless = await signIn(t.app, await registerUser(t.app));
      assert.equal((await refusal(connectStream(base, { token: tenantless.access_token }))).status, 403);
      const badSince = await refusal(connectStream(base, { token: a.tokens.access_token, query: { since: 'yesterday' } }));
      assert.equal(badSince.status, 422);

      const plain = await t.app.inject({ url: '/v1/ws', headers: bearer(a.tokens) });
      assert.equal(plain.statusCode, 426);

      for (const via of ['header', 'query', 'protocol'] as const) {
        const client = await connectStream(base, { token: a.tokens.access_token, via });
        if (via === 'protocol') assert.equal(client.socket.protocol, 'kheti.v1');
        client.close();
        await client.closed;
      }
      await sleep(100);
      const secret = a.tokens.access_token.split('.')[2]!;
      assert.ok(
        logs.some((line) => line.includes('access_token=[redacted]')),
        'the query parameter is logged redacted',
      );
      assert.equal(logs.filter((line) => line.includes(secret)).length, 0, 'the token never reaches a log line');
    });

    it("gives staff and viewers their tenant's events, a farmer only their own, and nothing across tenants", async () => {
      const viewer = await addMember(t.app, a, 'viewer');
      const farmerX = await addMember(t.app, a, 'farmer');
      const farmerY = await addMember(t.app, a, 'farmer');
      const x = await farmerFor(farmerX.user.id);
      await farmerFor(farmerY.user.id);
      const clients = {
        admin: await connectStream(base, { token: a.tokens.access_token }),
        viewer: await connectStream(base, { token: viewer.tokens.access_token, via: 'query' }),
        farmerX: await connectStream(base, { token: farmerX.tokens.access_token, via: 'protocol' }),
        farmerY: await connectStream(base, { token: farmerY.tokens.access_token }),
        otherTenant: await connectStream(base, { token: b.tokens.access_token }),
        progressOnly: await connectStream(base, { token: a.tokens.access_token, query: { types: 'job.progress,alert.' } }),
      };
      // Browsers hand a binary frame over as a Blob: every envelope must come as text.
      const frames: boolean[] = [];
      clients.admin.socket.on('message', (_data, isBinary) => frames.push(isBinary));
      const ofX = await raise(a.id, 'job.progress', { progress: 10 }, x);
      const tenantWide = await raise(a.id, 'market.price_threshold', { alertId: 'p' });
      const alert = await raise(a.id, 'alert.weather_risk', { ruleId: 'r' }, x);
      const ofB = await raise(b.id, 'job.progress', { progress: 99 });
      await clients.admin.waitFor(3);
      await clients.otherTenant.waitFor(1);
      await sleep(200);
      const ids = (client: StreamClient) => client.messages.map((m) => m.id);
      assert.deepEqual(ids(clients.admin), [ofX.id, tenantWide.id, alert.id]);
      assert.deepEqual(ids(clients.viewer), [ofX.id, tenantWide.id, alert.id]);
      assert.deepEqual(ids(clients.farmerX), [ofX.id, alert.id]);
      assert.deepEqual(ids(clients.farmerY), []);
      assert.deepEqual(ids(clients.otherTenant), [ofB.id]);
      assert.deepEqual(ids(clients.progressOnly), [ofX.id, alert.id]);
      assert.deepEqual(clients.admin.messages[0], ofX, 'the envelope, exactly as raised');
      assert.deepEqual(frames, [false, false, false], 'text frames');
      for (const client of Object.values(clients)) client.close();
    });

    it('replays exactly the events after since, then continues live with no gap and no duplicate', async () => {
      const first = await raise(a.id, 'job.progress', { n: 0 });
      const missed = [];
      for (let n = 1; n <= 5; n++) missed.push(await raise(a.id, 'job.progress', { n }));
      // Events keep coming while the socket connects and replays: the seam must neither drop nor double one.
      let raising = true;
      const during: Promise<unknown>[] = [];
      const raiser = (async () => {
        for (let n = 6; raising && n < 400; n++) {
          during.push(raise(a.id, 'job.progress', { n }));
          await sleep(2);
        }
      })();
      const client = await connectStream(base, { token: a.tokens.access_token, query: { since: first.id } });
      await sleep(150);
      raising = false;
      await raiser;
      await Promise.all(during);
      const last = await raise(a.id, 'job.finished', {});
      const expected = (await eventsAfter(t.app.resources.db, first.id, 10_000)).filter((e) => e.tenantId === a.id).map((e) => e.id);
      await client.waitFor(expected.length);
      await sleep(100);
      const received = client.messages.map((m) => m.id);
      const missing = expected.filter((id) => !received.includes(id));
      assert.deepEqual(missing, [], `missing ${missing.length} of ${expected.length}; received ${received.length}`);
      assert.equal(new Set(received).size, received.length, 'no duplicate');
      assert.deepEqual([...received].sort(), [...expected].sort(), 'no gap');
      assert.deepEqual(
        received.slice(0, 5),
        missed.map((e) => e.id),
        'the missed events first, in order',
      );
      assert.equal(received.at(-1), last.id);
      client.close();
    });

    it('says replay.truncated first when since is older than the retention', async () => {
      const old = firstEventIdAt(Date.now() - 8 * 86_400_000);
      const recent = await raise(a.id, 'job.progress', { n: 'recent' });
      const client = await connectStream(base, { token: a.tokens.access_token, query: { since: old, types: 'job.progress' } });
      const deadline = Date.now() + 10_000;
      while (!client.messages.some((m) => m.id === recent.id)) {
        assert.ok(Date.now() < deadline, 'the recent event is replayed after the notice');
        await sleep(10);
      }
      assert.equal(client.messages[0]!.type, 'replay.truncated');
      assert.deepEqual(client.messages[0]!.data, { since: old, retentionDays: 7 });
      assert.equal(client.messages.filter((m) => m.type === 'replay.truncated').length, 1);
      client.close();
    });

    it('closes with 4401 when the access token expires', async () => {
      const settings = { ...t.app.identity.tokens, ttlSeconds: 2 };
      const token = await signAccessToken(settings, { sub: a.admin.id, tid: a.id, role: 'tenant_admin', scope: '' });
      const started = Date.now();
      const client = await connectStream(base, { token });
      const { code } = await client.closed;
      assert.equal(code, 4401);
      assert.ok(Date.now() - started < 4000);
    });

    it('closes with 4403 a member who is demoted or removed', async () => {
      const agronomist = await addMember(t.app, a, 'agronomist');
      const viewer = await addMember(t.app, a, 'viewer');
      const demoted = await connectStream(base, { token: agronomist.tokens.access_token });
      const removed = await connectStream(base, { token: viewer.tokens.access_token });
      const patch = await t.app.inject({
        method: 'PATCH',
        url: `/v1/tenants/${a.id}/members/${agronomist.user.id}`,
        headers: bearer(a.tokens),
        payload: { role: 'viewer' },
      });
      assert.equal(patch.statusCode, 200, patch.body);
      const removal = await t.app.inject({
        method: 'DELETE',
        url: `/v1/tenants/${a.id}/members/${viewer.user.id}`,
        headers: bearer(a.tokens),
      });
      assert.equal(removal.statusCode, 204, removal.body);
      assert.equal((await demoted.closed).code, 4403);
      assert.equal((await removed.closed).code, 4403);
    });

    it('closes a reader that falls behind with 1013 while the others keep receiving', async () => {
      const slow = await connectStream(base, { token: a.tokens.access_token, query: { types: 'test.bulk' } });
      const fast = await connectStream(base, { token: a.tokens.access_token, query: { types: 'test.bulk' } });
      const rawSocket = (client: StreamClient) => (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      try {
        // The slow reader stops reading: the kernel's buffers fill, then the server's.
        rawSocket(slow).pause();
        const blob = 'x'.repeat(100_000);
        const count = 250;
        const publishing = (async () => {
          for (let n = 0; n < count; n++) {
            const event = { type: 'test.bulk', id: `bulk-${n}`, at: new Date().toISOString(), data: { n, blob } };
            await t.app.resources.events.publish(`tenant:${a.id}`, event);
            await sleep(4);
          }
        })();
        // The slow reader reads again as soon as the server has given up on it, within the grace
        // the server leaves a closing socket to take its close frame (after it, the server cuts it).
        const slowClosed = /kheti_ws_closed_total\{reason="slow"\} 1/;
        for (let waited = 0; !slowClosed.test((await t.app.inject({ url: '/metrics' })).body); waited += 20) {
          assert.ok(waited < 30_000, 'the server closes the slow reader');
          await sleep(20);
        }
        rawSocket(slow).resume();
        await publishing;
        const { code } = await slow.closed;
        assert.equal(code, 1013);
        assert.ok(slow.messages.length < count);
        await fast.waitFor(count, 30_000);
        assert.equal(fast.socket.readyState, fast.socket.OPEN, 'the fast reader is still open');
        const metrics = await t.app.inject({ url: '/metrics' });
        assert.match(metrics.body, /kheti_ws_publish_to_send_seconds_count [1-9]/);
      } finally {
        fast.socket.terminate();
        slow.socket.terminate();
      }
    });

    it('streams the progress of an analysis started over HTTP, run in this same process', { timeout: 120_000 }, async () => {
      await registerImageryJobs(t.app.resources, t.app.outside);
      await t.app.resources.queue.start();
      const post = async (url: string, payload: Record<string, unknown>, status = 201) => {
        const response = await t.app.inject({ method: 'POST', url, headers: bearer(a.tokens), payload });
        assert.equal(response.statusCode, status, response.body);
        return response.json();
      };
      const farmerId = await farmerFor();
      const farm = await post('/v1/farms', { farmerId, name: 'Streamed farm' });
      const field = await post('/v1/fields', { farmId: farm.id, name: 'Streamed plot', boundary: plot(19.99, 73.79) });
      const client = await connectStream(base, { token: a.tokens.access_token, query: { types: 'job.' } });
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const accepted = await post(`/v1/fields/${field.id}/vegetation-analyses`, { from: day(-60), to: day(0), maxCloudPct: 100 }, 202);
      const deadline = Date.now() + 100_000;
      while (!client.messages.some((m) => m.type === 'job.finished' || m.type === 'job.failed')) {
        assert.ok(Date.now() < deadline, `no end of the job: ${JSON.stringify(client.messages.map((m) => m.type))}`);
        await sleep(50);
      }
      const progress = client.messages.filter((m) => m.type === 'job.progress');
      assert.ok(progress.length >= 1);
      assert.ok(progress.every((m) => m.data.analysisId === accepted.analysisId && m.data.fieldId === field.id));
      assert.equal(progress.at(-1)!.data.progress, 100);
      assert.equal(client.messages.at(-1)!.type, 'job.finished');
      client.close();
    });

    it('closes every socket with 1001 when the server shuts down', async () => {
      const client = await connectStream(base, { token: a.tokens.access_token });
      closedByTest = true;
      const closing = t.close();
      assert.equal((await client.closed).code, 1001);
      await closing;
    });
  });
}

for (const mode of storageModes) {
  describe(`the event stream's pings (${mode.name})`, () => {
    let p: TestApp;
    let pingBase: string;
    let tenant: TestTenant;
    before(async () => {
      p = await buildTestApp(mode, { env: { WS_PING_INTERVAL_MS: '300' } });
      await p.app.listen({ port: 0, host: '127.0.0.1' });
      pingBase = `http://127.0.0.1:${(p.app.server.address() as { port: number }).port}`;
      tenant = await createTenant(p.app);
    });
    after(async () => p.close());

    it('drops a peer that stops answering pings', async () => {
      const silent = await connectStream(pingBase, { token: tenant.tokens.access_token });
      const raw = (silent.socket as unknown as { _socket: { pause(): void } })._socket;
      try {
        raw.pause();
        const deadline = Date.now() + 5_000;
        for (;;) {
          const metrics = (await p.app.inject({ url: '/metrics' })).body;
          if (/kheti_ws_closed_total\{reason="dead"\} 1/.test(metrics)) break;
          assert.ok(Date.now() < deadline, 'the silent peer was not dropped');
          await sleep(100);
        }
      } finally {
        silent.socket.terminate();
      }
    });
  });
}
