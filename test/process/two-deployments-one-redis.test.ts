import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { migrate, openDb } from '../../src/infra/db/index.js';
import { createTempDataDir, createTestDatabase } from '../support/database.js';
import { plot } from '../support/geometry.js';
import { startKheti, type KhetiProcess } from '../support/process.js';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { testServices } from '../support/services.js';

/**
 * Two deployments, each on its own database with its own API and worker processes, share one Redis
 * and no configuration says how to tell them apart. Each must run only its own jobs: once, both
 * used the namespace `kheti`, so a worker took the other deployment's analyses, found no such
 * analysis in its database and reported the job succeeded, while the analysis stayed queued.
 * The Redis is this file's own, so every key in it belongs to one of the two deployments.
 */

const ANALYSES_PER_DEPLOYMENT = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const logs = (p: KhetiProcess) => `stdout:\n${p.stdout()}\nstderr:\n${p.stderr()}`;

interface Deployment {
  name: string;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  data: ReturnType<typeof createTempDataDir>;
  env: Record<string, string>;
  api?: KhetiProcess;
  worker?: KhetiProcess;
}

/** A signed-in organisation with a field on one deployment's API. */
async function customer(url: string, slug: string) {
  let token = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const post = async (path: string, body: unknown, expected = 201) => {
    const response = await call('POST', path, body);
    assert.equal(response.status, expected, `POST ${url}${path}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const get = async (path: string) => {
    const response = await call('GET', path);
    assert.equal(response.status, 200, `GET ${url}${path}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const user = { email: `agronomist@${slug}.example.org`, password: 'a long enough password 1', name: 'Agronomist' };
  const signIn = async (tenant?: string) =>
    (await post('/oauth/token', { grant_type: 'password', username: user.email, password: user.password, tenant }, 200))
      .access_token as string;
  await post('/v1/auth/register', user);
  token = await signIn();
  await post('/v1/tenants', { name: `Farms ${slug}`, slug });
  token = await signIn(slug);
  const farmer = await post('/v1/farmers', { name: 'Imagery Farmer', state: 'Maharashtra' });
  const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
  const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
  await post(`/v1/fields/${field.id}/crop-cycles`, { crop: 'maize', season: 'kharif', sowingDate: day(-100) });
  return { post, get, fieldId: field.id as string };
}

async function deploymentNamespace(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM deployment');
    return `kheti:${rows[0]!.id.replaceAll('-', '').slice(0, 12)}`;
  } finally {
    await client.end();
  }
}

describe('two deployments on one Redis, as processes', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  let redis: RedisServer;
  const deployments: Deployment[] = [];

  before(async () => {
    redis = await startRedisServer();
    for (const name of ['x', 'y']) {
      const database = await createTestDatabase();
      const data = createTempDataDir();
      deployments.push({
        name,
        database,
        data,
        // Nothing tells the two apart but their databases.
        env: {
          DATABASE_URL: database.url,
          REDIS_URL: redis.url,
          DATA_DIR: data.dir,
          IMAGERY_PROVIDER: 'synthetic',
          PORT: '0',
          WEB_CONCURRENCY: '1',
          SEED_DEMO: 'false',
        },
      });
    }
  });

  after(async () => {
    await Promise.all(deployments.flatMap((d) => [d.api?.stop('SIGKILL'), d.worker?.stop('SIGKILL')]));
    for (const d of deployments) {
      await d.database.drop();
      d.data.remove();
    }
    await redis?.stop();
  });

  it('each worker runs only its own deployment’s analyses, and every job that says succeeded did its work', {
    timeout: 180_000,
  }, async () => {
    // Migrated here rather than by `kheti migrate`: two fewer processes to start.
    await Promise.all(
      deployments.map(async (d) => {
        const db = await openDb(loadConfig({ DATABASE_URL: d.env.DATABASE_URL }));
        await migrate(db).finally(() => db.close());
      }),
    );
    for (const d of deployments) {
      d.api = startKheti(['serve'], d.env);
      d.worker = startKheti(['worker'], d.env);
    }
    const urls = await Promise.all(deployments.map((d) => d.api!.serving(120_000)));
    const customers = await Promise.all(deployments.map((d, i) => customer(urls[i]!, `deployment-${d.name}`)));

    // Several analyses on each, distinct ones (different ranges), all queued before either worker is done.
    const analyses = await Promise.all(
      customers.map(async (c) => {
        const accepted: { analysisId: string; jobId: string }[] = [];
        for (let i = 0; i < ANALYSES_PER_DEPLOYMENT; i++) {
          const range = { from: day(-40 - 10 * i), to: day(-10 * i), maxCloudPct: 100 };
          accepted.push(await c.post(`/v1/fields/${c.fieldId}/vegetation-analyses`, range, 202));
        }
        return accepted;
      }),
    );

    // Every analysis reaches its done state in its own deployment; a job is never reported finished
    // (succeeded or failed) without its analysis done. The job is read before the analysis: the
    // handler marks the analysis succeeded before the queue marks the job.
    const deadline = Date.now() + 90_000;
    for (const [d, deployment] of deployments.entries()) {
      const c = customers[d]!;
      for (const { analysisId, jobId } of analyses[d]!) {
        for (;;) {
          const job = await c.get(`/v1/jobs/${jobId}`);
          const analysis = await c.get(`/v1/vegetation-analyses/${analysisId}`);
          const state = `deployment ${deployment.name}: job ${JSON.stringify(job)}; analysis ${analysis.status}`;
          assert.notEqual(job.status, 'failed', `${state}\n${logs(deployment.worker!)}`);
          if (job.status === 'succeeded') {
            assert.equal(analysis.status, 'succeeded', `a job reported succeeded without its work done: ${state}`);
            assert.equal(job.result.analysisId, analysisId, state);
            assert.ok(analysis.scenesFound > 0 && analysis.scenesProcessed === analysis.scenesFound, JSON.stringify(analysis));
            break;
          }
          assert.ok(Date.now() < deadline, `timed out: ${state}\n${logs(deployment.worker!)}`);
          await sleep(200);
        }
      }
    }

    // Everything in the shared Redis sits under one of the two namespaces, both in use: queues and
    // their job index, and the API's rate-limit counters.
    const namespaces = await Promise.all(deployments.map((d) => deploymentNamespace(d.database.url)));
    assert.notEqual(namespaces[0], namespaces[1]);
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      const strays = keys.filter((key) => !namespaces.some((ns) => key.startsWith(`${ns}:`) || key.startsWith(`{${ns}}:`)));
      assert.deepEqual(strays, [], 'keys outside both deployments’ namespaces');
      for (const ns of namespaces) {
        assert.ok(
          keys.some((key) => key.startsWith(`{${ns}}:imagery.analyse-field:`)),
          `${ns} holds its analysis queue\n${keys.join('\n')}`,
        );
        assert.ok(
          keys.some((key) => key.startsWith(`${ns}:rate:`)),
          `${ns} holds its rate-limit counters\n${keys.join('\n')}`,
        );
      }
    } finally {
      client.disconnect();
    }

    for (const d of deployments) {
      assert.doesNotMatch(d.worker!.stdout(), /"message":"Job failed"/, logs(d.worker!));
      assert.equal(await d.worker!.stop('SIGTERM'), 0, logs(d.worker!));
      assert.equal(await d.api!.stop('SIGTERM'), 0, logs(d.api!));
    }
  });
});
