import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/infra/db/index.js';
import { redisNamespace } from '../../src/infra/deployment.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { createJobQueue } from '../../src/infra/queue/index.js';
import { createTempDataDir, createTestDatabase } from '../support/database.js';
import { runKheti, startKheti } from '../support/process.js';
import { testServices } from '../support/services.js';

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('kheti serve in embedded mode, as a process', () => {
  const data = createTempDataDir();
  after(() => data.remove());
  const env = { DATA_DIR: data.dir, PORT: '0' };

  it('starts with no services, seeds demo data, refuses a second process, stops on SIGTERM with exit 0, and keeps its data', async () => {
    const first = startKheti(['serve', '--migrate', '--seed'], {
      ...env,
      KHETI_BOOTSTRAP_ADMIN_EMAIL: 'Root@Example.org',
      KHETI_BOOTSTRAP_ADMIN_PASSWORD: 'bootstrap password 1',
    });
    try {
      const url = await first.serving();
      const ready = await getJson(`${url}/readyz`);
      assert.equal(ready.status, 200);
      assert.equal(ready.body.mode, 'embedded');
      assert.match(first.stdout(), /Demo data created/);
      assert.match(first.stdout(), /admin@demo\.kheti\.local/);
      assert.ok(first.stdout().includes(`Open the console at ${url}/`), 'the newcomer is told where the console is');
      assert.equal((await fetch(`${url}/docs`)).status, 200);
      JSON.parse(await (await fetch(`${url}/openapi.json`)).text());

      const second = await runKheti(['seed'], env);
      assert.notEqual(second.code, 0);
      assert.match(second.stderr, /in use by process \d+/);
    } finally {
      assert.equal(await first.stop('SIGTERM'), 0, first.stderr());
    }
    assert.match(first.stdout(), /shutdown complete/);

    const again = startKheti(['serve', '--migrate', '--seed'], env);
    try {
      const url = await again.serving();
      assert.equal((await getJson(`${url}/readyz`)).status, 200);
      assert.doesNotMatch(again.stdout(), /Demo data created/, 'the database kept its tenant, so no new seed');
    } finally {
      assert.equal(await again.stop('SIGINT'), 0);
    }

    const db = await openDb(loadConfig({ DATA_DIR: data.dir }));
    try {
      const { rows } = await db.platform((tx) => tx.query<{ slug: string }>('SELECT slug FROM tenants'));
      assert.deepEqual(
        rows.map((r) => r.slug),
        ['demo'],
      );
      const admins = await db.platform((tx) =>
        tx.query<{ email: string }>('SELECT email FROM users WHERE is_platform_admin ORDER BY email'),
      );
      assert.deepEqual(admins.rows, [{ email: 'root@example.org' }], 'the bootstrap administrator, and only them');
    } finally {
      await db.close();
    }
  });

  it('stops at start-up with one line naming a wrong variable', async () => {
    const result = await runKheti(['serve'], { ...env, PORT: 'eighty' });
    assert.equal(result.code, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /PORT must be a port number/);
  });

  it('admin rotate-keys makes a new signing key and keeps the previous one published', async () => {
    const dataDir = createTempDataDir();
    try {
      const env = { DATA_DIR: dataDir.dir };
      const first = await runKheti(['admin', 'rotate-keys'], env);
      assert.equal(first.code, 0, first.stderr);
      const second = await runKheti(['admin', 'rotate-keys'], env);
      const [, newKid, oldKid] = /rotated: new (\S+); (\S+) stays published/.exec(second.stdout) ?? [];
      assert.ok(newKid && oldKid && newKid !== oldKid, second.stdout);
      const db = await openDb(loadConfig(env));
      try {
        const { rows } = await db.platform((tx) =>
          tx.query<{ kid: string; retired: boolean }>(
            'SELECT kid, retired_at IS NOT NULL AS retired FROM signing_keys ORDER BY created_at',
          ),
        );
        assert.equal(rows.at(-1)!.kid, newKid);
        assert.equal(rows.at(-1)!.retired, false);
        assert.ok(rows.slice(0, -1).every((row) => row.retired));
      } finally {
        await db.close();
      }
    } finally {
      dataDir.remove();
    }
  });

  it('admin create makes a platform administrator and refuses a short password', async () => {
    const dataDir = createTempDataDir();
    try {
      const ok = await runKheti(['admin', 'create', '--email', 'Ops@Example.org', '--password', 'a long enough password'], {
        DATA_DIR: dataDir.dir,
      });
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /Created platform administrator ops@example\.org/);
      const short = await runKheti(['admin', 'create', '--email', 'ops@example.org', '--password', 'short'], { DATA_DIR: dataDir.dir });
      assert.equal(short.code, 2);
      assert.match(short.stderr, /at least 10 characters/);
    } finally {
      dataDir.remove();
    }
  });
});

describe('kheti serve and worker with PostgreSQL and Redis, as processes', {
  skip: testServices.embeddedOnly && 'embedded-only run',
}, () => {
  it('migrates, serves with several HTTP workers, reports both checks, and stops with exit 0', async () => {
    const database = await createTestDatabase();
    const env = { DATABASE_URL: database.url, REDIS_URL: testServices.redisUrl, PORT: '0', WEB_CONCURRENCY: '2', SEED_DEMO: 'false' };
    try {
      assert.equal((await runKheti(['migrate'], env)).code, 0);
      const migrateAgain = await runKheti(['migrate', '--status'], env);
      assert.match(migrateAgain.stdout, /up to date/);

      // PORT=0 picks a free port; with WEB_CONCURRENCY=2 both HTTP workers share it.
      const api = startKheti(['serve'], env);
      const worker = startKheti(['worker'], env);
      try {
        const url = await api.serving();
        const ready = await getJson(`${url}/readyz`);
        assert.equal(ready.status, 200);
        assert.equal(ready.body.checks.db.ok, true);
        assert.equal(ready.body.checks.redis.ok, true);
        const pids = new Set<number>();
        for (let i = 0; i < 40 && pids.size < 2; i++) {
          const logs = api.stdout().matchAll(/"process\.pid":(\d+)[^\n]*Kheti is serving/g);
          for (const match of logs) pids.add(Number(match[1]));
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        assert.equal(pids.size, 2, 'two HTTP worker processes');
        // A job enqueued by another process of the deployment (in its Redis namespace, which comes
        // from the database) is consumed by the worker process.
        const producerConfig = loadConfig({ DATABASE_URL: database.url, REDIS_URL: testServices.redisUrl, LOG_LEVEL: 'silent' });
        const db = await openDb(producerConfig);
        const prefix = await redisNamespace(producerConfig, db).finally(() => db.close());
        const producer = createJobQueue(producerConfig, { metrics: createMetrics(), prefix });
        try {
          const job = await producer.enqueue('maintenance.purge-idempotency-keys', {});
          let status = job.status;
          for (let i = 0; i < 100 && status !== 'succeeded'; i++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            status = (await producer.get(job.id))?.status ?? status;
          }
          assert.equal(status, 'succeeded', worker.stdout() + worker.stderr());
          assert.deepEqual((await producer.get(job.id))?.result, { deleted: 0 });
        } finally {
          await producer.close();
        }
        assert.match(worker.stdout(), /worker started/);
      } finally {
        const [apiExit, workerExit] = await Promise.all([api.stop(), worker.stop()]);
        assert.equal(apiExit, 0, api.stderr());
        assert.equal(workerExit, 0, worker.stderr());
      }
    } finally {
      await database.drop();
    }
  });
});
