import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import type { FastifyPluginAsync } from 'fastify';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createTempDataDir } from '../support/database.js';
import { bearer, createTenant, type TestTenant } from '../support/identity.js';
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js';
import { testServices } from '../support/services.js';
import type { StorageMode } from '../support/storage-modes.js';

/** The app on a PostgreSQL server of this test's own, which the test stops and starts. */
const onServer = (server: PostgresServer): StorageMode => ({
  name: 'postgres',
  async setup(extra = {}) {
    const data = createTempDataDir();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      MAX_EVENT_LOOP_DELAY_MS: '0',
      DATABASE_URL: server.url,
      REDIS_URL: testServices.redisUrl,
      DATA_DIR: data.dir,
      ...extra,
    });
    return { config, cleanup: async () => data.remove() };
  },
});

/** A request whose transaction takes a while, so the test can cut its connection mid-query. */
const slowQuery: FastifyPluginAsync = async (app) => {
  app.get('/test/slow-query', { config: { permission: 'public' } }, async () => {
    await app.resources.db.platform((tx) => tx.query('SELECT pg_sleep(30)'));
    return { done: true };
  });
};

function assertUnavailable(answer: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) {
  assert.equal(answer.statusCode, 503, `${what}: ${answer.body}`);
  assert.match(String(answer.headers['content-type']), /^application\/problem\+json/, what);
  assert.ok(Number(answer.headers['retry-after']) > 0, `${what} says when to retry`);
  const problem = JSON.parse(answer.body);
  assert.equal(problem.type, '/problems/service-unavailable');
  assert.equal(problem.detail, 'The database is unavailable for the moment; retry shortly.');
}

/**
 * While PostgreSQL is down, or drops a connection mid-query, a request answers 503 problem+json
 * with Retry-After (the outage is temporary and says so), not 500 as for a bug; once the server
 * is back the same requests work without a restart.
 */
describe('PostgreSQL down', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  let server: PostgresServer;
  let t: TestApp;
  let tenant: TestTenant;
  before(async () => {
    server = await startPostgresServer();
    t = await buildTestApp(onServer(server), { plugins: [slowQuery] });
    tenant = await createTenant(t.app);
  });
  after(async () => {
    await t?.close().catch(() => undefined);
    await server?.remove();
  });

  const listFarmers = () => t.app.inject({ url: '/v1/farmers', headers: bearer(tenant.tokens) });

  it('a connection cut mid-query (57P01, administrator command) answers 503 with Retry-After', async () => {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      const answer = t.app.inject({ url: '/test/slow-query' });
      for (let i = 0; ; i++) {
        const { rows } = await admin.query<{ pid: number }>(
          // The statement may travel in one message with its transaction's opening: match its end.
          `SELECT pid FROM pg_stat_activity WHERE query LIKE '%SELECT pg_sleep(30)' AND pid <> pg_backend_pid()`,
        );
        if (rows.length > 0) {
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          break;
        }
        assert.ok(i < 200, 'the slow query started');
        await setTimeout(25);
      }
      assertUnavailable(await answer, 'the cut query');
    } finally {
      await admin.end();
    }
    assert.equal((await listFarmers()).statusCode, 200, 'the next request has a fresh connection');
  });

  it('with the server stopped, reads, writes and sign-ins answer 503 with Retry-After; back up, they work again', async () => {
    assert.equal((await listFarmers()).statusCode, 200);
    await server.stop();
    assertUnavailable(await listFarmers(), 'a read');
    assertUnavailable(
      await t.app.inject({
        method: 'POST',
        url: '/v1/farmers',
        headers: bearer(tenant.tokens),
        payload: { name: 'Offline', state: 'Bihar' },
      }),
      'a write',
    );
    assertUnavailable(
      await t.app.inject({
        method: 'POST',
        url: '/oauth/token',
        payload: { grant_type: 'password', username: tenant.admin.email, password: tenant.admin.password },
      }),
      'a sign-in',
    );

    await server.start();
    let answer = await listFarmers();
    for (let i = 0; i < 50 && answer.statusCode !== 200; i++) {
      await setTimeout(100);
      answer = await listFarmers();
    }
    assert.equal(answer.statusCode, 200, answer.body);
  });
});
