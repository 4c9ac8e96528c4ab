import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { plot } from '../support/geometry.js';
import type { KhetiProcess } from '../support/process.js';
import { useProcessDeployment } from '../support/process-deployment.js';
import { testServices } from '../support/services.js';

/**
 * The satellite issue's done-when: "killing the worker mid-job and starting it again finishes the
 * analysis". Real processes: `kheti serve` (API only) and `kheti worker` on PostgreSQL and a Redis
 * of this file's own (a throwaway redis-server, so no other test's worker can take the job).
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

interface Analysis {
  id: string;
  status: string;
  scenesFound: number | null;
  scenesProcessed: number;
  error: string | null;
  finishedAt: string | null;
  scenes: { sceneId: string }[];
}

interface Job {
  status: string;
  progress: number;
  attempts: number;
}

/** Polls `probe` until it returns a value, or fails with `explain()` after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  explain: () => string,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${explain()}`);
    await sleep(everyMs);
  }
}

describe('an analysis survives its worker being killed, as processes', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  const deployment = useProcessDeployment();

  it('a worker SIGKILLed mid-analysis and a new one started: the analysis succeeds, with one row per field, scene and index', {
    timeout: 240_000,
  }, async () => {
    await deployment.migrate();

    // The API takes no jobs (no --worker); the worker process does.
    const api = deployment.start(['serve']);
    const first = deployment.start(['worker']);
    const url = await api.serving(60_000);
    const logs = (p: KhetiProcess) => `stdout:\n${p.stdout()}\nstderr:\n${p.stderr()}`;

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
      assert.equal(response.status, expected, `POST ${path}: ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const get = async (path: string) => {
      const response = await call('GET', path);
      assert.equal(response.status, 200, `GET ${path}: ${JSON.stringify(response.body)}`);
      return response.body;
    };

    // A customer as in the field: an account, its organisation, a token for it.
    const user = { email: 'agronomist@example.org', password: 'a long enough password 1', name: 'Agronomist' };
    const signIn = async (tenant?: string) =>
      (
        await post(
          '/oauth/token',
          { grant_type: 'password', username: user.email, password: user.password, ...(tenant ? { tenant } : {}) },
          200,
        )
      ).access_token as string;
    await post('/v1/auth/register', user);
    token = await signIn();
    await post('/v1/tenants', { name: 'Worker Kill Farms', slug: 'worker-kill' });
    token = await signIn('worker-kill');
    const farmer = await post('/v1/farmers', { name: 'Imagery Farmer', state: 'Maharashtra' });
    const farm = await post('/v1/farms', { farmerId: farmer.id, name: 'Farm' });
    const field = await post('/v1/fields', { farmId: farm.id, name: 'Plot', boundary: plot(19.99, 73.79) });
    await post(`/v1/fields/${field.id}/crop-cycles`, { crop: 'maize', season: 'kharif', sowingDate: day(-100) });

    // A year of scenes, cloudy ones too: about 73 scenes, so the job runs long enough to be killed.
    const accepted = await post(`/v1/fields/${field.id}/vegetation-analyses`, { from: day(-364), to: day(0), maxCloudPct: 100 }, 202);
    const analysisId: string = accepted.analysisId;
    assert.equal(accepted.jobId, analysisId, 'the job id is the analysis id');
    const analysis = async (index?: string) =>
      (await get(`/v1/vegetation-analyses/${analysisId}${index ? `?index=${index}` : ''}`)) as Analysis;
    const job = async () => (await get(`/v1/jobs/${analysisId}`)) as Job;

    // Part-way: some scenes done, not all, as both the analysis and its job report.
    const midway = await waitFor(
      'the first worker to be part-way through the analysis',
      async () => {
        const a = await analysis();
        assert.ok(a.status === 'queued' || a.status === 'running', `the analysis ended before the kill: ${JSON.stringify(a)}`);
        if (!(a.scenesFound && a.scenesProcessed > 0 && a.scenesProcessed < a.scenesFound)) return undefined;
        const j = await job();
        return j.status === 'running' && j.progress > 0 && j.progress < 100 ? { a, j } : undefined;
      },
      () => logs(first),
      90_000,
      25,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    const killed = await analysis();
    assert.equal(killed.status, 'running', 'the database still says running');
    assert.ok(
      killed.scenesProcessed < killed.scenesFound!,
      `killed part-way (${killed.scenesProcessed} of ${killed.scenesFound} scenes; ${midway.a.scenesProcessed} seen before the kill)`,
    );
    assert.equal((await job()).status, 'running', 'the queue still has the job as active: no worker has found it stalled yet');

    // The new worker finds the job stalled (its lock expired with nobody renewing it) and runs it again.
    const second = deployment.start(['worker']);
    const killedAt = Date.now();
    const done = await waitFor(
      'the new worker to finish the analysis',
      async () => {
        const a = await analysis();
        assert.notEqual(a.status, 'failed', JSON.stringify(a));
        return a.status === 'succeeded' ? a : undefined;
      },
      () => `${Math.round((Date.now() - killedAt) / 1000)} s after the kill; job ${JSON.stringify(midway.j)}\n${logs(second)}`,
      120_000,
      250,
    );
    assert.equal(done.scenesProcessed, done.scenesFound);
    assert.ok(done.scenesFound! > killed.scenesProcessed);
    assert.ok(done.finishedAt);
    const finished = await job();
    assert.equal(finished.status, 'succeeded', JSON.stringify(finished));
    assert.equal(finished.progress, 100);
    assert.equal(finished.attempts, 2, 'the same job, started by the killed worker and again by the new one');
    assert.match(second.stdout(), new RegExp(`"jobId":"${analysisId}"[^\n]*Stalled job returned to the queue`));

    // One row per (field, scene, index): the table holds exactly the scenes the API lists, each once.
    const client = new pg.Client({ connectionString: deployment.databaseUrl });
    await client.connect();
    let stored: { index: string; scene_id: string }[];
    try {
      stored = (
        await client.query<{ index: string; scene_id: string }>(
          'SELECT index, scene_id FROM vegetation_results WHERE field_id = $1 ORDER BY index, scene_id',
          [field.id],
        )
      ).rows;
    } finally {
      await client.end();
    }
    assert.ok(stored.length > 0);
    const keys = stored.map((r) => `${r.index} ${r.scene_id}`);
    assert.equal(new Set(keys).size, keys.length, 'no (field, scene, index) twice');
    for (const index of ['evi', 'ndvi', 'ndwi']) {
      const listed = (await analysis(index)).scenes.map((s) => s.sceneId).sort();
      assert.ok(listed.length > 0 && listed.length <= done.scenesFound!, `${index}: ${listed.length} scenes of ${done.scenesFound}`);
      assert.deepEqual(
        stored.filter((r) => r.index === index).map((r) => r.scene_id),
        listed,
        `${index}: the rows are the analysis's scenes`,
      );
    }
    assert.equal(stored.length, 3 * (await analysis()).scenes.length, 'three indices for every scene');

    assert.equal(await second.stop('SIGTERM'), 0, logs(second));
    assert.equal(await api.stop('SIGTERM'), 0, logs(api));
  });
});
