import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig, type Config } from '../../src/config.js';
import { openDb, type Db } from '../../src/infra/db/index.js';
import { RedisWritePositions } from '../../src/infra/db/write-positions.js';
import { createMetrics, type Metrics } from '../../src/infra/metrics.js';
import { createRedisConnection } from '../../src/infra/redis.js';
import { openResources, type Resources } from '../../src/infra/resources.js';
import { createTestDatabase } from '../support/database.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { startStreamingReplica, type StreamingReplica } from '../support/replica.js';
import { testServices } from '../support/services.js';

/**
 * The production topology's reads: a primary with three real streaming replicas of the test
 * PostgreSQL (test/support/replica.ts), shared by every test of the file. Where a read ran is
 * told by `inet_server_port()`: each replica listens on a port of its own, the primary on its own.
 * Two resources opened separately on one Redis namespace stand for two processes of a deployment.
 */
const skip = testServices.embeddedOnly ? 'needs PostgreSQL with streaming replicas; KHETI_TEST_EMBEDDED_ONLY=1 is set' : false;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a primary with three streaming replicas', { skip }, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const replicas: StreamingReplica[] = [];
  /** The environment of every process: the primary, the three replicas, Redis. */
  let env: Record<string, string>;
  let config: Config;
  let primaryPort: number;
  /** Two processes of one deployment: their own pools and memory, one Redis namespace. */
  let a: Resources | undefined;
  let b: Resources | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  const tenantId = uuidv7();

  const portOf = (replica: StreamingReplica) => replica.port;
  const replicaName = (replica: StreamingReplica) => `replica-${replicas.indexOf(replica) + 1}`;

  /** The port of the server that ran a read-only transaction, and whether it saw audit event `id`. */
  const read = (db: Db, options: { consistencyKey?: string; id?: string } = {}) =>
    db.platform(
      async (tx) => {
        const { rows } = await tx.query<{ port: number; seen: boolean }>(
          'SELECT inet_server_port() AS port, EXISTS (SELECT 1 FROM audit_events WHERE id = $1) AS seen',
          [options.id ?? uuidv7()],
        );
        return rows[0]!;
      },
      { readOnly: true, consistencyKey: options.consistencyKey },
    );
  const ports = async (db: Db, reads: number) => {
    const served: number[] = [];
    for (let i = 0; i < reads; i++) served.push((await read(db)).port);
    return served;
  };
  const countBy = (values: number[]) =>
    Object.fromEntries([...new Set(values)].sort().map((v) => [v, values.filter((x) => x === v).length]));

  const writeEvent = (db: Db, consistencyKey?: string) => {
    const id = uuidv7();
    return db
      .platform((tx) => tx.query(`INSERT INTO audit_events (id, tenant_id, action) VALUES ($1, $2, 'test.replica-set')`, [id, tenantId]), {
        consistencyKey,
      })
      .then(() => id);
  };

  /** Waits until `db`'s health check reports exactly the replicas `ok` as serving reads. */
  async function healthIs(db: Db, ok: StreamingReplica[]) {
    const expected = replicas.map((r) => ok.includes(r));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const health = await db.check();
      if (health.replicas.every((r, i) => r.ok === expected[i])) return health;
      if (Date.now() > deadline)
        throw new Error(`replica health never became ${JSON.stringify(expected)}: ${JSON.stringify(health.replicas)}`);
      await sleep(100);
    }
  }
  /** Every running replica has replayed all written so far, and each `db` knows it. */
  async function caughtUp(dbs: Db[], running = replicas) {
    await Promise.all(running.map((r) => r.waitForReplay()));
    for (const db of dbs) await healthIs(db, running);
  }

  const gauge = async (metric: Metrics['replicaUp'] | Metrics['replicaLag'], replica: StreamingReplica) =>
    (await metric.get()).values.find((v) => v.labels.replica === replicaName(replica))?.value;

  before(async () => {
    database = await createTestDatabase();
    primaryPort = Number(new URL(database.url).port || 5432);
    // One at a time: each base backup takes WAL senders of the primary while it runs.
    for (let i = 0; i < 3; i++) replicas.push(await startStreamingReplica());
    const dbName = new URL(database.url).pathname.slice(1);
    env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      DATABASE_REPLICA_URLS: replicas.map((r) => r.url(dbName)).join(','),
      REDIS_URL: testServices.redisUrl,
    };
    config = loadConfig(env);
    const redisPrefix = `kheti-test-replica-set-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    a = await openResources(config, { logger: silent, redisPrefix, migrate: true });
    closers.push(() => a!.close());
    b = await openResources(config, { logger: silent, redisPrefix });
    closers.push(() => b!.close());
    await a.db.platform((tx) => tx.query(`INSERT INTO tenants (id, slug, name) VALUES ($1, 'replica-set', 'Replica Set FPO')`, [tenantId]));
    await caughtUp([a.db, b.db]);
  });

  after(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await Promise.all(replicas.map((r) => r.stop()));
    await database?.drop();
  });

  it('spreads reads round-robin over the three replicas, and reports each one up with its lag', async () => {
    const served = await ports(a!.db, 6);
    assert.deepEqual(countBy(served), countBy([...replicas.map(portOf), ...replicas.map(portOf)]), `served by ${served}`);
    for (let i = 0; i + 3 < served.length; i++) {
      assert.notEqual(served[i], served[i + 1], `reads ${i} and ${i + 1} ran on one replica: ${served}`);
      assert.equal(served[i], served[i + 3], `not in turn: ${served}`);
    }
    for (const replica of replicas) {
      assert.equal(await gauge(a!.metrics.replicaUp, replica), 1);
      const lag = await gauge(a!.metrics.replicaLag, replica);
      assert.equal(typeof lag, 'number', `kheti_db_replica_lag_bytes{replica="${replicaName(replica)}"} is set`);
    }
  });

  it('goes on reading from the other two while one replica is down, none failing, and takes it back once it is up', async () => {
    const [first, down, third] = replicas as [StreamingReplica, StreamingReplica, StreamingReplica];
    await down.crash();
    try {
      // Before a health check notices, the read sent to the stopped replica falls back to the primary.
      const meanwhile = await ports(a!.db, 9);
      assert.ok(!meanwhile.includes(down.port), `a read ran on the stopped replica: ${meanwhile}`);
      assert.ok(
        meanwhile.every((port) => [first.port, third.port, primaryPort].includes(port)),
        `served by ${meanwhile}`,
      );
      const health = await healthIs(a!.db, [first, third]);
      assert.match(health.replicas[1]!.error ?? '', /\S/);
      assert.equal(await gauge(a!.metrics.replicaUp, down), 0);
      assert.equal(await gauge(a!.metrics.replicaLag, down), undefined, 'no lag is reported for a replica that cannot be asked');

      const served = await ports(a!.db, 6);
      assert.deepEqual(
        countBy(served),
        countBy([first.port, third.port, first.port, third.port, first.port, third.port]),
        `served by ${served}`,
      );
    } finally {
      await down.start();
    }
    await caughtUp([a!.db]);
    assert.equal(await gauge(a!.metrics.replicaUp, down), 1);
    const served = await ports(a!.db, 6);
    assert.deepEqual(countBy(served), countBy([...replicas.map(portOf), ...replicas.map(portOf)]), `served by ${served}`);
  });

  it('skips a replica further behind than REPLICA_MAX_LAG until it has caught up', async () => {
    const metrics = createMetrics();
    const strict = await openDb(loadConfig({ ...env, REPLICA_MAX_LAG: '8kB' }), { metrics });
    closers.push(() => strict.close());
    const [paused, ...others] = replicas as [StreamingReplica, StreamingReplica, StreamingReplica];
    await caughtUp([strict]);

    await paused.pauseReplay();
    try {
      // 64 kB of WAL, flushed at commit, and nothing else: the paused replica falls that far behind.
      await strict.transaction((tx) => tx.query(`SELECT pg_logical_emit_message(true, 'kheti-test', repeat('x', 65536))`));
      await Promise.all(others.map((r) => r.waitForReplay()));
      const health = await healthIs(strict, others);
      assert.match(health.replicas[0]!.error ?? '', /lagging \d+ bytes behind the primary/);
      assert.ok((health.replicas[0]!.lagBytes ?? 0) >= 65536, `lag ${health.replicas[0]!.lagBytes}`);
      assert.equal(await gauge(metrics.replicaUp, paused), 0);
      assert.ok(((await gauge(metrics.replicaLag, paused)) ?? 0) >= 65536);
      assert.equal(await gauge(metrics.replicaUp, others[0]), 1);

      const served = await ports(strict, 6);
      assert.deepEqual(
        countBy(served),
        countBy([...others.map(portOf), ...others.map(portOf), ...others.map(portOf)]),
        `served by ${served}`,
      );
      // The same lag is well within the default 16MB: the limit is what sets the replica aside.
      assert.equal((await a!.db.check()).replicas[0]!.ok, true);
    } finally {
      await paused.resumeReplay();
    }

    await caughtUp([strict]);
    assert.equal(await gauge(metrics.replicaUp, paused), 1);
    const served = await ports(strict, 6);
    assert.deepEqual(countBy(served), countBy([...replicas.map(portOf), ...replicas.map(portOf)]), `served by ${served}`);
  });

  it("read-your-writes across processes: a user's read on another process sees the write while every replica lags", async () => {
    // A process without Redis to share through: what B would do if it knew only its own writes.
    const alone = await openDb(config);
    closers.push(() => alone.close());
    await caughtUp([a!.db, b!.db, alone]);

    await Promise.all(replicas.map((r) => r.pauseReplay()));
    let id: string;
    try {
      id = await writeEvent(a!.db, 'user-ryw');
      assert.deepEqual(await read(b!.db, { consistencyKey: 'user-ryw', id }), { port: primaryPort, seen: true });
      assert.deepEqual(await read(a!.db, { consistencyKey: 'user-ryw', id }), { port: primaryPort, seen: true });
      // The replicas really are stale: anyone else, and a process that cannot know, reads without the row.
      for (const stale of [
        await read(b!.db, { consistencyKey: 'user-other', id }),
        await read(b!.db, { id }),
        await read(alone, { consistencyKey: 'user-ryw', id }),
      ]) {
        assert.notEqual(stale.port, primaryPort);
        assert.equal(stale.seen, false);
      }
      await b!.db.check();
      assert.deepEqual(
        await read(b!.db, { consistencyKey: 'user-ryw', id }),
        { port: primaryPort, seen: true },
        'a health check alone does not release the key',
      );
    } finally {
      await Promise.all(replicas.map((r) => r.resumeReplay()));
    }

    await caughtUp([b!.db]);
    const later = await read(b!.db, { consistencyKey: 'user-ryw', id });
    assert.notEqual(later.port, primaryPort, 'once the replicas have replayed the write, the key reads from them again');
    assert.equal(later.seen, true);
  });

  it('reads by key from the primary while the shared write positions cannot be told: before the namespace is known, and while Redis is down', async () => {
    const redis: RedisServer = await startRedisServer();
    closers.push(() => redis.stop());
    const redisConfig = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: redis.url });
    const positions = new RedisWritePositions(createRedisConnection(redisConfig, 'queue'), silent);
    const db = await openDb(config, { writePositions: positions });
    closers.push(() => db.close());
    await caughtUp([db]);

    assert.equal((await read(db, { consistencyKey: 'user-early' })).port, primaryPort, 'no namespace yet: nothing can be told');
    assert.notEqual((await read(db)).port, primaryPort, 'a read without a key still goes to a replica');
    positions.useNamespace(`kheti-test-replica-set-${process.pid}-own`);
    assert.notEqual((await read(db, { consistencyKey: 'user-early' })).port, primaryPort, 'no write pending: a replica');

    await redis.stop();
    const started = performance.now();
    assert.equal(
      (await read(db, { consistencyKey: 'user-early' })).port,
      primaryPort,
      'Redis down: the primary, never a replica that may be stale',
    );
    assert.ok(performance.now() - started < 5000, 'without waiting for Redis');
    assert.notEqual((await read(db)).port, primaryPort);
    // A write still succeeds: it has committed, its position is just not shared.
    await writeEvent(db, 'user-early');

    await redis.restart();
    const deadline = Date.now() + 15_000;
    while ((await read(db, { consistencyKey: 'user-later' })).port === primaryPort) {
      if (Date.now() > deadline) throw new Error('keyed reads never returned to the replicas after Redis came back');
      await sleep(100);
    }
  });

  it('keeps the later of two write positions that arrive out of order, for the forget window', async () => {
    const connection = createRedisConnection(
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', REDIS_URL: testServices.redisUrl }),
      'queue',
    );
    const positions = new RedisWritePositions(connection, silent);
    closers.push(() => positions.close());
    const namespace = `kheti-test-replica-set-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    positions.useNamespace(namespace);
    closers.push(() => connection.del(`${namespace}:written:user-1`));

    // Two processes' writes of one user, recorded in the opposite order (and across a 4 GB boundary of the WAL).
    await positions.record('user-1', 0x2_0000_0100n, 60_000);
    await positions.record('user-1', 0x1_ffff_ff00n, 60_000);
    assert.equal(await positions.get('user-1'), 0x2_0000_0100n);
    await positions.record('user-1', 0x2_0000_0200n, 60_000);
    assert.equal(await positions.get('user-1'), 0x2_0000_0200n);
    assert.equal(await positions.get('user-2'), 0n);
    const ttl = await connection.pttl(`${namespace}:written:user-1`);
    assert.ok(ttl > 0 && ttl <= 60_000, `PTTL ${ttl}`);
  });
});
