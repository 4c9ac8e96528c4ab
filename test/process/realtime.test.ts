import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openResources } from '../../src/infra/resources.js';
import { raiseEvent } from '../../src/modules/realtime/index.js';
import { plot } from '../support/geometry.js';
import { useProcessDeployment } from '../support/process-deployment.js';
import { testServices } from '../support/services.js';
import { connectStream, sleep, type StreamClient } from '../support/ws-client.js';

/**
 * Real time across processes: two `kheti serve` processes and a `kheti worker` on PostgreSQL and a
 * Redis of this file's own. An analysis's progress raised on the worker reaches sockets on the other
 * API process, only those who may see it; a reconnect with since replays exactly what was missed.
 * Then a third API process: a token it issued for a minute closes its socket with 4401 when it
 * expires, and a reader that stops reading while another process floods the bus is closed with
 * 1013 while a reader beside it receives every event.
 */

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('events across API processes and a worker', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  const deployment = useProcessDeployment();
  const clients: StreamClient[] = [];
  const open = async (base: string, token: string, query: Record<string, string> = {}) => {
    const client = await connectStream(base, { token, query });
    clients.push(client);
    return client;
  };
  /** What the first test leaves to the second: process A, the tenants and who signs in to them. */
  let urlA = '';
  let tenantA: { id: string; slug: string; token: string };
  let signInAdminA: (tenant?: string, base?: string) => Promise<string>;

  after(() => {
    for (const client of clients) client.socket.terminate();
  });

  it('a socket on process B receives the progress the worker raises, no one else does, and since replays the gap', {
    timeout: 240_000,
  }, async () => {
    await deployment.migrate();
    const apiA = deployment.start(['serve']);
    const apiB = deployment.start(['serve']);
    const worker = deployment.start(['worker']);
    const [a1, urlB] = await Promise.all([apiA.serving(60_000), apiB.serving(60_000)]);
    urlA = a1;

    const call = async (method: string, path: string, token: string, body?: unknown, expected = 200, base = urlA) => {
      const response = await fetch(`${base}${path}`, {
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
      const signIn = async (tenant?: string, base = urlA) =>
        (
          await call(
            'POST',
            '/oauth/token',
            '',
            { grant_type: 'password', username: user.email, password: user.password, ...(tenant ? { tenant } : {}) },
            200,
            base,
          )
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

    [tenantA, signInAdminA] = [a, adminA.signIn];

    // Sockets on process B (and the reconnecting one first on B, then on A).
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

  it('a token that expires closes its socket with 4401; a reader that stops reading is closed with 1013 while another keeps receiving', {
    timeout: 180_000,
  }, async (t) => {
    assert.ok(urlA, 'process A of the first test is serving');
    for (const client of clients) client.socket.terminate();
    // Process C issues access tokens for a minute (the shortest ACCESS_TOKEN_TTL_SECONDS allows) and
    // keeps at most 256 KiB unsent per socket.
    const bufferBound = 262_144;
    const apiC = deployment.start(['serve'], { ACCESS_TOKEN_TTL_SECONDS: '60', WS_SEND_BUFFER_BYTES: String(bufferBound) });
    const urlC = await apiC.serving(60_000);

    // 4401: a token process C issued, on a socket of process A (whose own tokens last 15 minutes):
    // the token's expiry ends the stream, whoever serves it. It waits for its minute beside the flood below.
    const shortLived = await signInAdminA(tenantA.slug, urlC);
    const expiresAt = JSON.parse(Buffer.from(shortLived.split('.')[1]!, 'base64url').toString()).exp * 1000;
    assert.ok(expiresAt - Date.now() <= 60_000 && expiresAt - Date.now() > 30_000, 'process C issued a token for a minute');
    const expiring = await open(urlA, shortLived, { types: 'alert.' });

    // 1013: two sockets of the tenant on process C; the slow one stops reading (its kernel buffers
    // fill, then the server's), the fast one reads on. Events of 64 KiB are raised by this test's
    // own process (stored and announced as any raiser does, through PostgreSQL and this Redis),
    // each only once the fast reader has the one before: the fast reader never has more than one
    // event outstanding, far below the bound, however loaded the machine, while the slow one's
    // backlog only grows until the server gives up on it.
    // (Process C takes only tokens of its own lifetime: a longer one is refused as beyond it.)
    const slow = await open(urlC, shortLived, { types: 'test.bulk' });
    const fast = await open(urlC, shortLived, { types: 'test.bulk' });
    const rawSocket = (client: StreamClient) => (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    rawSocket(slow).pause();
    await sleep(300);

    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const raiser = await openResources(loadConfig(deployment.env), { logger: silent });
    const blob = 'x'.repeat(65_536);
    const raised: string[] = [];
    const slowClosed = async () => /kheti_ws_closed_total\{reason="slow"\} 1/.test(await (await fetch(`${urlC}/metrics`)).text());
    const raise = async () => {
      const event = await raiseEvent(raiser, { tenantId: tenantA.id, type: 'test.bulk', data: { n: raised.length, blob } });
      raised.push(event.id);
      const deadline = Date.now() + 30_000;
      while (!fast.messages.some((m) => m.id === event.id)) {
        assert.ok(Date.now() < deadline, `the fast reader did not receive event ${raised.length}`);
        await sleep(2);
      }
    };
    try {
      // A few hundred megabytes of kernel buffers would be needed to hold 600 events: the server must close first.
      while (!(await slowClosed())) {
        assert.ok(raised.length < 600, `the slow reader was not closed after ${raised.length} events of 64 KiB`);
        await raise();
      }
      // It reads again within the grace the server leaves a closing socket to take its close frame.
      rawSocket(slow).resume();
      for (let n = 0; n < 5; n++) await raise();
    } finally {
      await raiser.close();
    }
    t.diagnostic(`the slow reader was closed after ${raised.length - 5} events of 64 KiB (${slow.messages.length} reached it)`);
    const { code, reason } = await slow.closed;
    assert.equal(code, 1013, reason);
    assert.ok(slow.messages.length < raised.length, `the slow reader had ${slow.messages.length} of ${raised.length}`);
    assert.deepEqual(
      slow.messages.map((m) => m.id),
      raised.slice(0, slow.messages.length),
      'what the slow reader got before the close came in order, without a gap',
    );
    assert.deepEqual(
      fast.messages.map((m) => m.id),
      raised,
      'the fast reader received every event, in order',
    );
    assert.equal(fast.socket.readyState, fast.socket.OPEN, 'the fast reader is still open');

    const expired = await expiring.closed;
    assert.equal(expired.code, 4401, expired.reason);
    assert.ok(Date.now() >= expiresAt - 1_000, 'closed when the token expired, not before');
    assert.deepEqual(expiring.messages, []);
  });
});
