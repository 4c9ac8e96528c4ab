import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { migrate, openDb, type Db } from '../../src/infra/db/index.js';
import { createTestDatabase } from '../support/database.js';
import { plot } from '../support/geometry.js';
import { bearer, createTenant } from '../support/identity.js';
import { asRoot, freePort, sleep, tail } from '../support/postgres-tools.js';
import { testServices } from '../support/services.js';

/**
 * Kheti behind a real PgBouncer in transaction mode, with ONE server connection for many clients:
 * every transaction of every tenant then runs on the same PostgreSQL session, one after another,
 * so anything a transaction left on its connection (a role, a tenant setting, a prepared
 * statement, an open transaction) would reach the next tenant's. The reads that travel as one
 * message (opening, statement and COMMIT) and the writes must all keep to their tenant, and the
 * session must be clean after them. Needs Debian's pgbouncer (.ci/run installs it).
 */
describe('behind PgBouncer in transaction mode, one server connection for every client', {
  skip: testServices.embeddedOnly && 'embedded-only run',
}, () => {
  let bouncer: ChildProcess;
  let dir: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let bouncedUrl: string;

  before(async () => {
    database = await createTestDatabase();
    const direct = await openDb(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }));
    await migrate(direct).finally(() => direct.close());

    dir = mkdtempSync(join(tmpdir(), 'kheti-pgbouncer-'));
    // PgBouncer refuses to run as root: as root it runs as nobody, who must read and write here.
    chmodSync(dir, 0o777);
    const port = await freePort();
    const target = new URL(database.url);
    const name = target.pathname.slice(1);
    writeFileSync(join(dir, 'users.txt'), `"${decodeURIComponent(target.username)}" ""\n`);
    writeFileSync(
      join(dir, 'pgbouncer.ini'),
      [
        '[databases]',
        `${name} = host=${target.hostname} port=${target.port || 5432} dbname=${name}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${port}`,
        "unix_socket_dir = ''",
        'auth_type = trust',
        `auth_file = ${join(dir, 'users.txt')}`,
        'pool_mode = transaction',
        'default_pool_size = 1',
        'max_client_conn = 200',
        `logfile = ${join(dir, 'pgbouncer.log')}`,
        'ignore_startup_parameters = extra_float_digits',
      ].join('\n'),
    );
    bouncer = spawn('pgbouncer', [...(asRoot ? ['-u', 'nobody'] : []), join(dir, 'pgbouncer.ini')], { stdio: 'ignore' });
    bouncer.on('error', () => undefined); // a missing binary fails the wait below with its log
    bouncedUrl = `postgres://${target.username}@127.0.0.1:${port}/${name}`;
    const probe = await openDb(loadConfig({ NODE_ENV: 'test', DATABASE_URL: bouncedUrl, DATABASE_POOL_MAX: '1' }));
    try {
      for (let tries = 0; ; tries++) {
        const health = await probe.check();
        if (health.primary.ok) break;
        if (tries > 50) throw new Error(`PgBouncer did not answer on ${port}:\n${tail(join(dir, 'pgbouncer.log'))}`);
        await sleep(100);
      }
    } finally {
      await probe.close();
    }
  });

  after(async () => {
    if (bouncer && bouncer.exitCode === null) {
      const exited = new Promise((resolve) => bouncer.once('exit', resolve));
      bouncer.kill('SIGTERM');
      await exited;
    }
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** What the one server session carries outside a transaction. */
  const sessionState = async (db: Db) =>
    (
      await db.session((tx) =>
        tx.query<Record<string, unknown>>(
          `SELECT current_user = session_user AS "ownRole", coalesce(current_setting('app.tenant_id', true), '') AS tenant,
                  coalesce(current_setting('app.farmer_user_id', true), '') AS farmer,
                  (SELECT count(*)::int FROM pg_prepared_statements) AS prepared, now() = statement_timestamp() AS "noOpenTransaction"`,
        ),
      )
    ).rows[0]!;

  it('tenants interleaved on one server session each see only their own rows, and nothing is left on it', async () => {
    const app = await buildApp(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: bouncedUrl,
        DATABASE_POOL_MAX: '8',
        REDIS_URL: testServices.redisUrl,
      }),
      { redisPrefix: `pgbouncer-${process.pid}` },
    );
    try {
      const tenants = await Promise.all([createTenant(app), createTenant(app)]);
      const fieldsOf = await Promise.all(
        tenants.map(async (tenant, t) => {
          const headers = bearer(tenant.tokens);
          const post = async (url: string, payload: object) => {
            const response = await app.inject({ method: 'POST', url, headers, payload });
            assert.ok(response.statusCode < 300, `${url}: ${response.statusCode} ${response.body}`);
            return response.json();
          };
          const farmer = await post('/v1/farmers', { name: `Farmer ${t}`, state: 'Maharashtra' });
          const farm = await post('/v1/farms', { farmerId: farmer.id, name: `Farm ${t}` });
          const ids: string[] = [];
          for (let i = 0; i < 5; i++)
            ids.push((await post('/v1/fields', { farmId: farm.id, name: `T${t} field ${i}`, boundary: plot(20 + i * 0.01, 74 + t) })).id);
          return ids;
        }),
      );

      // Reads of both tenants, one-message and not, and writes, all at once through 8 clients on 1 server connection.
      const requests = Array.from({ length: 120 }, (_, i) => {
        const t = i % 2;
        const other = 1 - t;
        const headers = bearer(tenants[t]!.tokens);
        const own = fieldsOf[t]![i % 5]!;
        switch (i % 4) {
          case 0:
            return app.inject({ url: `/v1/fields/${own}`, headers }).then((r) => {
              assert.equal(r.statusCode, 200, r.body);
              assert.equal(r.json().id, own);
            });
          case 1:
            return app
              .inject({ url: `/v1/fields/${fieldsOf[other]![i % 5]}`, headers })
              .then((r) => assert.equal(r.statusCode, 404, r.body));
          case 2:
            return app.inject({ url: '/v1/fields?limit=50', headers }).then((r) => {
              assert.equal(r.statusCode, 200, r.body);
              assert.deepEqual(
                r
                  .json()
                  .items.map((f: { name: string }) => f.name.slice(0, 2))
                  .filter((p: string) => p !== `T${t}`),
                [],
              );
            });
          default:
            return app
              .inject({
                method: 'PATCH',
                url: `/v1/fields/${own}`,
                headers: { ...headers, 'if-match': '*' },
                payload: { name: `T${t} field renamed ${i}` },
              })
              .then((r) => assert.equal(r.statusCode, 200, r.body));
        }
      });
      await Promise.all(requests);
    } finally {
      await app.close();
    }

    const db = await openDb(loadConfig({ NODE_ENV: 'test', DATABASE_URL: bouncedUrl, DATABASE_POOL_MAX: '1' }));
    try {
      assert.deepEqual(await sessionState(db), { ownRole: true, tenant: '', farmer: '', prepared: 0, noOpenTransaction: true });
    } finally {
      await db.close();
    }
  });
});
