import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTempDataDir, createTestDatabase } from '../support/database.js';
import { runKheti, startKheti, type KhetiProcess } from '../support/process.js';
import { testServices } from '../support/services.js';

/**
 * A kheti process killed with SIGKILL in the middle of a create that carries an Idempotency-Key,
 * at the two moments that matter: just before its transaction commits, and just after. The
 * fault point (test/support/crash-around-commit.mjs) patches the pg driver inside the real
 * process; the application runs unchanged up to the kill. A retry, to a new process, must then
 * answer as if the crash had not happened: the first answer if the write committed, a fresh
 * write (once) if it did not, and never a second farmer.
 */
const CRASH_POINT = new URL('../support/crash-around-commit.mjs', import.meta.url).href;

describe('Idempotency-Key across a crash of the API process', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let data: ReturnType<typeof createTempDataDir>;
  let env: Record<string, string>;
  let admin: pg.Client;
  let token = '';
  const running: KhetiProcess[] = [];

  const serve = async (crash?: 'before-commit' | 'after-commit') => {
    const proc = startKheti(
      ['serve'],
      crash
        ? {
            ...env,
            NODE_OPTIONS: `--import=${CRASH_POINT}`,
            KHETI_TEST_CRASH_STATEMENT: '^\\s*INSERT INTO farmers',
            KHETI_TEST_CRASH_WHEN: crash,
          }
        : env,
    );
    running.push(proc);
    return { proc, url: await proc.serving(60_000) };
  };

  const send = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify(body),
    });

  const farmersNamed = async (name: string) =>
    (await admin.query<{ id: string }>('SELECT id FROM farmers WHERE name = $1', [name])).rows.map((row) => row.id);

  before(async () => {
    data = createTempDataDir();
    database = await createTestDatabase();
    env = { DATABASE_URL: database.url, DATA_DIR: data.dir, PORT: '0', WEB_CONCURRENCY: '1', SEED_DEMO: 'false' };
    const migrated = await runKheti(['migrate'], env);
    assert.equal(migrated.code, 0, migrated.stderr);
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();

    // An organisation and its administrator's token, which outlives the processes (the signing keys are in the database).
    const { proc, url } = await serve();
    const user = { email: 'crash@example.org', password: 'a long enough password 1', name: 'Crash Tester' };
    const grant = async (tenant?: string) => {
      const response = await send(url, '/oauth/token', {
        grant_type: 'password',
        username: user.email,
        password: user.password,
        ...(tenant ? { tenant } : {}),
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { access_token: string }).access_token;
    };
    assert.equal((await send(url, '/v1/auth/register', user)).status, 201);
    token = await grant();
    assert.equal((await send(url, '/v1/tenants', { name: 'Crash Farms', slug: 'crash-farms' })).status, 201);
    token = await grant('crash-farms');
    assert.equal(await proc.stop('SIGTERM'), 0);
  });

  after(async () => {
    await Promise.all(running.map((proc) => proc.stop('SIGKILL')));
    await admin?.end();
    await database?.drop();
    data?.remove();
  });

  /** Sends the create to a process that dies at `crash`; returns once it is dead. */
  const createAndCrash = async (crash: 'before-commit' | 'after-commit', body: unknown, key: string) => {
    const { proc, url } = await serve(crash);
    await assert.rejects(send(url, '/v1/farmers', body, { 'idempotency-key': key }), 'the process dies before it answers');
    await proc.exited;
    assert.equal(proc.child.signalCode, 'SIGKILL', proc.stderr());
  };

  it('killed just after the farmer committed: a retry at once gets the first answer, and there is one farmer', async () => {
    const body = { name: 'Committed Before The Crash', state: 'Bihar' };
    await createAndCrash('after-commit', body, 'crash-after-commit');
    const [first, ...others] = await farmersNamed(body.name);
    assert.ok(first, 'the write committed before the kill');
    assert.deepEqual(others, []);

    const { url } = await serve();
    const retry = await send(url, '/v1/farmers', body, { 'idempotency-key': 'crash-after-commit' });
    const text = await retry.text();
    assert.equal(retry.status, 201, text);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(JSON.parse(text).id, first);
    assert.equal(retry.headers.get('location'), `/v1/farmers/${first}`);
    assert.deepEqual(await farmersNamed(body.name), [first], 'never a second farmer');

    // And again, as a client would that lost this answer too.
    const again = await send(url, '/v1/farmers', body, { 'idempotency-key': 'crash-after-commit' });
    assert.equal(again.status, 201);
    assert.equal(((await again.json()) as { id: string }).id, first);
    assert.deepEqual(await farmersNamed(body.name), [first]);
  });

  it('killed just before the farmer committed: a retry at once creates the farmer, once', async () => {
    const body = { name: 'Lost In The Crash', state: 'Assam' };
    await createAndCrash('before-commit', body, 'crash-before-commit');
    assert.deepEqual(await farmersNamed(body.name), [], 'PostgreSQL rolled the write back');

    const { url } = await serve();
    const retry = await send(url, '/v1/farmers', body, { 'idempotency-key': 'crash-before-commit' });
    const text = await retry.text();
    assert.equal(retry.status, 201, text);
    assert.equal(retry.headers.get('idempotent-replayed'), null, 'nothing was answered before, so nothing is replayed');
    const created = JSON.parse(text).id as string;
    assert.deepEqual(await farmersNamed(body.name), [created]);

    const replayed = await send(url, '/v1/farmers', body, { 'idempotency-key': 'crash-before-commit' });
    assert.equal(replayed.status, 201);
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await farmersNamed(body.name), [created]);
  });
});
