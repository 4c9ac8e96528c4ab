import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { plot } from '../support/geometry.js';
import { createTempDataDir, createTestDatabase } from '../support/database.js';
import { runKheti, startKheti, type KhetiProcess } from '../support/process.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { testServices } from '../support/services.js';
import { connectStream, sleep, type StreamClient } from '../support/ws-client.js';

/**
 * Real time across processes: two `kheti serve` processes and a `kheti worker` on PostgreSQL and a
 * Redis of this file's own. An analysis's progress raised on the worker reaches sockets on the other
 * API process, only those who may see it; a reconnect with since replays exactly what was missed.
 */

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('events across API processes and a worker', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  let redis: RedisServer;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let data: ReturnType<typeof createTempDataDir>;
  const processes: KhetiProcess[] = [];
  const clients: StreamClient[] = [];
  let env: Record<string, string>;

  before(async () => {
    data = createTempDataDir();
    redis = await startRedisServer();
    database = await createTestDatabase();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      DATA_DIR: data.dir,
      IMAGERY_PROVIDER: 'synthetic',
      PORT: '0',
      WEB_CONCURRENCY: '1',
      SEED_DEMO: 'false',
    };
  });

  after(async () => {
    for (const client of clients) client.socket.terminate();
    await Promise.all(processes.map((p) => p.stop('SIGKILL')));
    await database?.drop();
    await redis?.stop();
    data?.remove();
  });

  it('a socket on process B receives the progress the worker raises, no one else does, and since replays the gap', {
    timeout: 240_000,
  }, async () => {
    assert.equal((await runKheti(['migrate'], env)).code, 0);
    const apiA = startKheti(['serve'], env);
    const apiB = startKheti(['serve'], env);
    const worker = startKheti(['worker'], env);
    processes.push(apiA, apiB, worker);
    const [urlA, urlB] = await Promise.all([apiA.serving(60_000), apiB.serving(60_000)]);

    const call = async (method: string, path: string, token: string, body?: unknown, expected = 200) => {
      const response = await fetch(`${urlA}${path}`, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      assert.equal(response.status, expected, `${method} ${path}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    };
    const person = async (name: string) => {
      const user = { email: `${name}@example.org`, password: `correct horse battery staple ${name.length}`, name };
      const created = await call('POST', '/v1/auth/register', '', user, 201);
      const signIn = async (tenant?: string) =>
        (
          await call('POST', '/oauth/token', '', {
            grant_type: 'password',
            username: user.email,
            password: user.password,
            ...(tenant ? { tenant } : {}),
          })
        ).access_token as string;
      return { id: created.id as string, email: user.email, signIn };
    };
    const organisation = async (admin: Awaited<ReturnType<typeof person>>, slug: string) => {
      const tenant = await call('POST', '/v1/tenants', await admin.signIn(), { name: slug, slug }, 201);
      return { id: tenant.id as string, slug, token: await admin.signIn(slug) };
    };

    const adminA = await person('admin-a');
    const a = await organisation(adminA, 'realtime-a');
    const b = await organisation(await person('admin-b'), 'realtime-b');
    const join = async (name: string) => {
      const member = await person(name);
      const invited = await call('POST', `/v1/tenants/${a.id}/members`, a.token, { email: member.email, role: 'farmer' }, 202);
      await call('POST', '/v1/invitations/accept', await member.signIn(), { token: invited.token });
      return { ...member, token: await member.signIn(a.slug) };
    };
    const owner = await join('farmer-owner');
    const stranger = await join('farmer-stranger');
    const farmer = await call('POST', '/v1/farmers', a.token, { name: 'Owner', state: 'Maharashtra', userId: owner.id }, 201);
    await call('POST', '/v1/farmers', a.token, { name: 'Stranger', state: 'Maharashtra', userId: stranger.id }, 201);
    const farm = await call('POST', '/v1/farms', a.token, { farmerId: farmer.id, name: 'Farm' }, 201);
    const field = await call('POST', '/v1/fields', a.token, { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) }, 201);

    // Sockets on process B (and the reconnecting one first on B, then on A).
    const open = async (base: string, token: string, query: Record<string, string> = {}) => {
      const client = await connectStream(base, { token, query });
      clients.push(client);
      return client;
    };
    const witness = await open(urlB, a.token);
    const ownerSocket = await open(urlB, owner.token, { types: 'job.' });
    const strangerSocket = await open(urlB, stranger.token);
    const otherTenant = await open(urlB, b.token);
    const reconnecting = await open(urlB, a.token);
    await sleep(300);

    // Started on process A, run by the worker.
    const accepted = await call(
      'POST',
      `/v1/fields/${field.id}/vegetation-analyses`,
      a.token,
      { from: day(-120), to: day(0), maxCloudPct: 100 },
      202,
    );
    const finished = (client: StreamClient) => client.messages.some((m) => m.type === 'job.finished' || m.type === 'job.failed');
    // The reconnecting socket leaves after the first progress and comes back, on process A, with since.
    await reconnecting.waitFor(1, 120_000);
    reconnecting.close();
    await reconnecting.closed;
    const seen = reconnecting.messages.map((m) => m.id);
    await sleep(500);
    const returned = await open(urlA, a.token, { since: seen.at(-1)! });

    const deadline = Date.now() + 180_000;
    while (!(finished(witness) && finished(returned))) {
      assert.ok(
        Date.now() < deadline,
        `the analysis did not finish: ${JSON.stringify(witness.messages.map((m) => m.type))}\n${worker.stdout()}`,
      );
      await sleep(100);
    }
    await sleep(500);

    const progress = witness.messages.filter((m) => m.type === 'job.progress');
    assert.ok(progress.length >= 2, `several progress events: ${progress.length}`);
    assert.ok(progress.every((m) => m.data.analysisId === accepted.analysisId && m.data.fieldId === field.id));
    assert.equal(finished(witness), true);
    const ids = (client: StreamClient) => client.messages.map((m) => m.id);
    const rejoined = [...seen, ...ids(returned)];
    assert.deepEqual(rejoined, ids(witness), 'what was missed is replayed exactly: no gap, no duplicate, in order');
    assert.ok(ids(returned).length > 0);
    assert.deepEqual(
      ids(ownerSocket),
      witness.messages.filter((m) => m.type.startsWith('job.')).map((m) => m.id),
      "the field's farmer follows their own job",
    );
    assert.deepEqual(strangerSocket.messages, [], 'another farmer receives nothing of it');
    assert.deepEqual(otherTenant.messages, [], 'another tenant receives nothing of it');

    // SIGTERM drains process B's sockets with 1001.
    const [code] = await Promise.all([apiB.stop('SIGTERM'), witness.closed]);
    assert.equal((await witness.closed).code, 1001);
    assert.equal(code, 0);
  });
});
