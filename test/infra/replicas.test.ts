import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../src/config.js';
import { migrate, openDb, type Db, type Tx } from '../../src/infra/db/index.js';
import { createTestDatabase } from '../support/database.js';
import { startStreamingReplica, type StreamingReplica } from '../support/replica.js';
import { testServices } from '../support/services.js';

/**
 * Read-replica routing against a real streaming replica of the test PostgreSQL (see
 * test/support/replica.ts). Where a transaction ran is read inside it: `pg_is_in_recovery()` is
 * true only on the standby.
 */
const skip = testServices.embeddedOnly ? 'needs PostgreSQL with a streaming replica; KHETI_TEST_EMBEDDED_ONLY=1 is set' : false;

type Server = 'primary' | 'replica';

async function server(tx: Tx): Promise<Server> {
  const { rows } = await tx.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
  return rows[0]!.standby ? 'replica' : 'primary';
}

describe('read replicas (postgres, streaming replica)', { skip }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let replica: StreamingReplica | undefined;
  let db: Db;
  const tenantA = uuidv7();
  const tenantB = uuidv7();
  const eventB = uuidv7();

  /** The replica has replayed everything written so far, and the router knows it. */
  async function replicaCaughtUp() {
    await replica!.waitForReplay();
    const deadline = Date.now() + 15_000;
    for (;;) {
      const health = await db.check(); // runs a health check of every replica
      if (health.replicas[0]?.ok) return;
      if (Date.now() > deadline) throw new Error(`replica still unhealthy: ${JSON.stringify(health.replicas)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Where tenant A's read-only transaction ran, and whether it saw audit event `id`. */
  const readEvent = (id: string, consistencyKey?: string) =>
    db.tenant(
      tenantA,
      async (tx) => ({
        server: await server(tx),
        seen: (await tx.query('SELECT 1 FROM audit_events WHERE id = $1', [id])).rowCount === 1,
      }),
      { readOnly: true, consistencyKey },
    );

  before(async () => {
    database = await createTestDatabase();
    // The base backup copies the test database; what migrate() writes afterwards streams over.
    replica = await startStreamingReplica();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      DATABASE_REPLICA_URLS: replica.url(new URL(database.url).pathname.slice(1)),
    });
    db = await openDb(config);
    await migrate(db);
    await db.platform(async (tx) => {
      await tx.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'alpha', 'Alpha FPO'), ($2, 'beta', 'Beta FPO')`, [
        tenantA,
        tenantB,
      ]);
      await tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'test.b')`, [eventB, tenantB]);
    });
    await replicaCaughtUp();
  });

  after(async () => {
    await db?.close();
    await replica?.stop();
    await database?.drop();
  });

  it('runs a read-only transaction without a key on the healthy replica', async () => {
    const health = await db.check();
    assert.equal(health.replicas.length, 1);
    assert.equal(health.replicas[0]!.ok, true);
    assert.equal(health.replicas[0]!.error, undefined);

    const read = await db.platform(
      async (tx) => ({ server: await server(tx), tenants: (await tx.query('SELECT slug FROM tenants ORDER BY slug')).rows }),
      { readOnly: true },
    );
    assert.deepEqual(read, { server: 'replica', tenants: [{ slug: 'alpha' }, { slug: 'beta' }] });
    assert.equal(await db.transaction(server, { readOnly: true }), 'replica');
  });

  it('runs writes, and reads inside a read-write transaction, on the primary', async () => {
    const id = uuidv7();
    const write = await db.tenant(tenantA, async (tx) => {
      await tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'test.write')`, [id, tenantA]);
      return { server: await server(tx), seen: (await tx.query('SELECT 1 FROM audit_events WHERE id = $1', [id])).rowCount };
    });
    assert.deepEqual(write, { server: 'primary', seen: 1 });
    assert.equal(await db.platform(server), 'primary');
    assert.equal(await db.transaction(server, { consistencyKey: 'user-w' }), 'primary');
  });

  it('read-your-writes: a key reads from the primary until the replica has replayed its write', async () => {
    const id = uuidv7();
    // With replay paused the replica cannot catch up by chance between the write and the reads.
    await replica!.pauseReplay();
    try {
      await db.tenant(
        tenantA,
        (tx) => tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'test.ryw')`, [id, tenantA]),
        { consistencyKey: 'user-k' },
      );
      assert.deepEqual(await readEvent(id, 'user-k'), { server: 'primary', seen: true });
      // Everyone else keeps reading from the replica, which does not have the row yet.
      assert.deepEqual(await readEvent(id, 'user-other'), { server: 'replica', seen: false });
      assert.deepEqual(await readEvent(id), { server: 'replica', seen: false });
      await db.check();
      assert.deepEqual(await readEvent(id, 'user-k'), { server: 'primary', seen: true }, 'a health check alone does not release the key');
    } finally {
      await replica!.resumeReplay();
    }

    await replicaCaughtUp();
    assert.deepEqual(await readEvent(id, 'user-k'), { server: 'replica', seen: true });
    assert.deepEqual(await readEvent(id, 'user-other'), { server: 'replica', seen: true });
  });

  it("row-level security holds on the replica: tenant A cannot read tenant B's rows", async () => {
    const asA = await db.tenant(
      tenantA,
      async (tx) => ({
        server: await server(tx),
        otherEvents: (await tx.query('SELECT * FROM audit_events WHERE tenant_id = $1', [tenantB])).rowCount,
        otherEventById: (await tx.query('SELECT * FROM audit_events WHERE id = $1', [eventB])).rowCount,
        otherTenant: (await tx.query('SELECT * FROM tenants WHERE id = $1', [tenantB])).rowCount,
        tenants: (await tx.query<{ slug: string }>('SELECT slug FROM tenants')).rows.map((r) => r.slug),
      }),
      { readOnly: true },
    );
    assert.deepEqual(asA, { server: 'replica', otherEvents: 0, otherEventById: 0, otherTenant: 0, tenants: ['alpha'] });

    // The row is there on the replica: it is the policy that hides it.
    const asPlatform = await db.platform(
      async (tx) => ({ server: await server(tx), rows: (await tx.query('SELECT 1 FROM audit_events WHERE id = $1', [eventB])).rowCount }),
      { readOnly: true },
    );
    assert.deepEqual(asPlatform, { server: 'replica', rows: 1 });
    await assert.rejects(
      db.tenant(tenantA, (tx) => tx.query('SELECT * FROM users'), { readOnly: true }),
      /permission denied/,
    );
  });

  it('skips a replica that is down, reads from the primary, and uses the replica again once it is back', async () => {
    const id = uuidv7();
    await db.platform((tx) => tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'test.down')`, [id, tenantA]));
    await replicaCaughtUp();
    assert.deepEqual(await readEvent(id), { server: 'replica', seen: true });

    await replica!.crash();
    // The router still believes the replica healthy: the connection error sends the read to the primary.
    assert.deepEqual(await readEvent(id), { server: 'primary', seen: true });
    const health = await db.check();
    assert.equal(health.primary.ok, true);
    assert.equal(health.replicas[0]!.ok, false);
    assert.match(health.replicas[0]!.error ?? '', /\S/);
    assert.equal(health.replicas[0]!.lagBytes, undefined);
    for (let i = 0; i < 3; i++) assert.deepEqual(await readEvent(id, `user-${i}`), { server: 'primary', seen: true });

    await replica!.start();
    await replicaCaughtUp();
    assert.deepEqual(await readEvent(id), { server: 'replica', seen: true });
    assert.equal((await db.check()).replicas[0]!.ok, true);
  });
});
