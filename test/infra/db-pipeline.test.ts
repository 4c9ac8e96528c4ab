import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { migrate, openDb, type Db } from '../../src/infra/db/index.js';
import { Pipeline } from '../../src/infra/db/pipeline.js';
import { createTestDatabase } from '../support/database.js';
import { testServices } from '../support/services.js';

/**
 * One-statement reads travel pipelined (src/infra/db/pipeline.ts): many requests' messages on one
 * connection, each its own implicit transaction. What must hold: each read sees exactly its own
 * tenant under row-level security however the messages interleave; an error ends only its own
 * message; nothing (role, settings, a transaction) is left on the connection for the next one; a
 * connection that dies fails what was in flight on it and is replaced.
 */
describe('pipelined one-statement reads (postgres)', { skip: testServices.embeddedOnly }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Db;
  const tenants = Array.from({ length: 6 }, () => uuidv7());

  before(async () => {
    database = await createTestDatabase();
    db = await openDb({ ...(await import('../../src/config.js')).loadConfig({ DATABASE_URL: database.url, NODE_ENV: 'test' }) });
    await migrate(db);
    await db.platform(async (tx) => {
      for (const [i, id] of tenants.entries()) {
        await tx.query('INSERT INTO tenants (id, slug, name) VALUES ($1, $2, $3)', [id, `t${i}`, `Tenant ${i}`]);
        await tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, $3)`, [uuidv7(), id, `test.${i}`]);
      }
    });
  });
  after(async () => {
    await db?.close();
    await database?.drop();
  });

  const ownActions = (tenantId: string) =>
    db.tenant(tenantId, async (tx) => (await tx.query<{ action: string }>('SELECT action FROM audit_events')).rows.map((r) => r.action), {
      readOnly: true,
      oneStatement: true,
    });

  it('600 reads of six tenants at once each see their own tenant only', async () => {
    const asked = Array.from({ length: 600 }, (_, i) => i % tenants.length);
    const answers = await Promise.all(asked.map((i) => ownActions(tenants[i]!)));
    for (const [n, actions] of answers.entries()) assert.deepEqual(actions, [`test.${asked[n]}`], `read ${n}`);
  });

  it('a failing read fails alone: the reads sent with it and after it answer as usual', async () => {
    const bad = db.tenant(tenants[0]!, (tx) => tx.query("SELECT 1/0 AS boom WHERE $1 = 'x'", ['x']), {
      readOnly: true,
      oneStatement: true,
    });
    const around = Promise.all([ownActions(tenants[1]!), ownActions(tenants[2]!)]);
    await assert.rejects(bad, /division by zero/);
    assert.deepEqual(await around, [['test.1'], ['test.2']]);
    assert.deepEqual(await ownActions(tenants[3]!), ['test.3']);
  });

  it('leaves no role, setting or transaction on its connection, and is read-only', async () => {
    const pipeline = new Pipeline({ connectionString: database.url }, 1);
    try {
      const [, , , read] = await pipeline
        .query(
          `SET TRANSACTION READ ONLY; SELECT set_config('role', 'kheti_app', true), set_config('app.tenant_id', '${tenants[0]}', true); SELECT 1`,
        )
        .then((results) => [...results, results.at(-1)]);
      assert.ok(read);
      const [left] = await pipeline.query(
        `SELECT current_user = session_user AS "ownRole", current_setting('app.tenant_id', true) AS tenant, current_setting('transaction_read_only') AS ro, now() = statement_timestamp() AS "freshTransaction"`,
      );
      assert.deepEqual(left!.rows[0], { ownRole: true, tenant: '', ro: 'off', freshTransaction: true });
      await assert.rejects(pipeline.query('SET TRANSACTION READ ONLY; CREATE TEMP TABLE nope (i int)'), /read-only transaction/);
    } finally {
      await pipeline.close();
    }
  });

  it('a connection killed under it fails what was in flight and is replaced', async () => {
    const pipeline = new Pipeline({ connectionString: database.url, application_name: 'pipeline-kill-test' }, 1);
    try {
      const [pid] = await pipeline.query('SELECT pg_backend_pid() AS pid');
      // Its failure is taken as it happens (an unhandled rejection would fail the test on its own).
      const inFlight = pipeline.query('SELECT pg_sleep(5)').then(
        () => new Error('answered'),
        (error: Error) => error,
      );
      // As the database's owner: the app's roles may not end other sessions.
      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [pid!.rows[0]!.pid]).finally(() => admin.end());
      assert.match((await inFlight).message, /terminat/i);
      const [again] = await pipeline.query('SELECT 42 AS answer');
      assert.deepEqual(again!.rows, [{ answer: 42 }]);
    } finally {
      await pipeline.close();
    }
  });
});
