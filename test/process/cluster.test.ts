import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openDb } from '../../src/infra/db/index.js';
import { redisNamespace } from '../../src/infra/deployment.js';
import { createMetrics } from '../../src/infra/metrics.js';
import { createJobQueue } from '../../src/infra/queue/index.js';
import type { KhetiProcess } from '../support/process.js';
import { useProcessDeployment } from '../support/process-deployment.js';
import { testServices } from '../support/services.js';

/**
 * `kheti serve` with two HTTP workers (node:cluster) on PostgreSQL and a Redis of this file's own,
 * as a production instance behind a proxy runs it: one scrape of /metrics answers for both workers,
 * a SIGKILLed worker is replaced, SIGHUP replaces every worker one at a time under a steady load of
 * kept-alive requests without one failing, and SIGTERM drains (readiness 503, `Connection: close`)
 * for SHUTDOWN_DRAIN_MS before the instance stops. The tests run in order on one instance.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const DRAIN_MS = 1500;

interface LogLine {
  pid: number;
  msg: string;
  reqId?: string;
  worker?: number;
  [key: string]: unknown;
}

function logLines(proc: KhetiProcess): LogLine[] {
  return (
    proc
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      // ECS names (src/infra/logger.ts) read as the short ones this test uses.
      .map((line) => ({ ...line, pid: line['process.pid'], msg: line.message, reqId: line['trace.id'] }) as LogLine)
  );
}

/** The pids of the HTTP workers that logged that they serve, in order. */
const servingPids = (proc: KhetiProcess) => logLines(proc).flatMap((l) => (l.msg.startsWith('Kheti is serving') ? [l.pid] : []));

/** Which process answered each request, by the request ids the test sent. */
const answeredBy = (proc: KhetiProcess, prefix: string) =>
  new Set(logLines(proc).flatMap((l) => (l.reqId?.startsWith(prefix) ? [l.pid] : [])));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(what: string, probe: () => boolean, explain: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${explain()}`);
    await sleep(25);
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET over node:http, so the test sees the Connection header and chooses when connections are reused. */
function get(url: string, options: { agent?: http.Agent; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: options.agent ?? false, headers: options.headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

async function post(url: string, body: unknown, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `POST ${url}: ${response.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** The count of `http_request_duration_seconds` for one route and method in a Prometheus text body. */
function requestCount(metrics: string, route: string, method = 'GET') {
  let total = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith('http_request_duration_seconds_count{')) continue;
    if (line.includes(`route="${route}"`) && line.includes(`method="${method}"`)) total += Number(line.split(' ').at(-1));
  }
  return total;
}

describe('kheti serve with two HTTP workers, as processes', { skip: testServices.embeddedOnly && 'embedded-only run' }, () => {
  const deployment = useProcessDeployment();
  let api: KhetiProcess;
  let url = '';
  const explain = () => `${api.stdout()}\n${api.stderr()}`;

  it('one scrape of /metrics sums the request counts of both workers, whichever worker answers it', { timeout: 90_000 }, async () => {
    await deployment.migrate();
    api = deployment.start(['serve'], {
      WEB_CONCURRENCY: '2',
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    url = await api.serving(60_000);
    await waitFor('both HTTP workers serving', () => servingPids(api).length === 2, explain);

    // A connection each, so the cluster spreads them over both workers.
    const n = 24;
    for (let i = 0; i < n; i++) assert.equal((await get(`${url}/livez`, { headers: { 'x-request-id': `livez-${i}` } })).status, 200);
    assert.equal(answeredBy(api, 'livez-').size, 2, 'both workers answered some of the requests');

    // Three jobs wait (this instance consumes none): every worker counts the same queue, so it is not summed.
    const producerConfig = loadConfig({ DATABASE_URL: deployment.databaseUrl, REDIS_URL: deployment.env.REDIS_URL, LOG_LEVEL: 'silent' });
    const db = await openDb(producerConfig);
    const prefix = await redisNamespace(producerConfig, db).finally(() => db.close());
    const producer = createJobQueue(producerConfig, { metrics: createMetrics(), prefix });
    try {
      for (let i = 0; i < 3; i++) await producer.enqueue('maintenance.purge-idempotency-keys', {});
    } finally {
      await producer.close();
    }

    for (let k = 0; k < 6; k++) {
      const scrape = await get(`${url}/metrics`, { headers: { 'x-request-id': `scrape-${k}` } });
      assert.equal(scrape.status, 200, scrape.body);
      assert.match(String(scrape.headers['content-type']), /^text\/plain/);
      assert.equal(requestCount(scrape.body, '/livez'), n, `scrape ${k}`);
      assert.match(scrape.body, /^kheti_queue_jobs\{type="maintenance\.purge-idempotency-keys",state="waiting"\} 3$/m);
      // One exposition, not the workers' side by side: every metric is described once.
      assert.equal(scrape.body.match(/^# HELP http_request_duration_seconds /gm)?.length, 1);
      assert.equal(scrape.body.match(/^# HELP kheti_db_pool_connections /gm)?.length, 1);
    }
    assert.equal(answeredBy(api, 'scrape-').size, 2, 'both workers answered some of the scrapes');
  });

  it('a SIGKILLed HTTP worker is replaced and the instance keeps serving; a worker ignores SIGHUP', { timeout: 60_000 }, async () => {
    const [victim, survivor] = servingPids(api);
    process.kill(victim!, 'SIGKILL');
    await waitFor('the primary noticing', () => /HTTP worker exited unexpectedly/.test(api.stdout()), explain);
    for (let i = 0; i < 6; i++) assert.equal((await get(`${url}/livez`)).status, 200);

    await waitFor('a replacement serving', () => servingPids(api).length === 3, explain);
    const replacement = servingPids(api)[2]!;
    assert.ok(![victim, survivor].includes(replacement));
    for (let i = 0; i < 16; i++) assert.equal((await get(`${url}/livez`, { headers: { 'x-request-id': `after-kill-${i}` } })).status, 200);
    assert.deepEqual([...answeredBy(api, 'after-kill-')].sort(), [survivor, replacement].sort());

    // SIGHUP is the primary's; an HTTP worker that gets one (a closed terminal) stays and serves.
    process.kill(survivor!, 'SIGHUP');
    await waitFor(
      'the worker ignoring SIGHUP',
      () => logLines(api).some((l) => l.pid === survivor && l.msg.startsWith('SIGHUP ignored')),
      explain,
    );
    assert.equal(alive(survivor!), true);
  });

  it('SIGHUP replaces every HTTP worker one at a time under kept-alive load: no request fails; a second SIGHUP is queued', {
    timeout: 90_000,
  }, async () => {
    const user = { email: 'ops@example.org', password: 'correct horse battery staple', name: 'Ops' };
    await post(`${url}/v1/auth/register`, user);
    const signedIn = await post(`${url}/oauth/token`, { grant_type: 'password', username: user.email, password: user.password });
    const authorization = `Bearer ${signedIn.access_token as string}`;
    const servedBefore = servingPids(api).length;
    const old = servingPids(api).slice(-2);
    const logsBefore = logLines(api).length;

    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const failures: string[] = [];
    let answered = 0;
    let closedByServer = 0;
    let loading = true;
    const loop = async (lane: number) => {
      for (let i = 0; loading; i++) {
        const path = i % 2 === 0 ? '/v1/me' : '/livez';
        try {
          const answer = await get(`${url}${path}`, { agent, headers: { authorization, 'x-request-id': `load-${lane}-${i}` } });
          if (answer.status !== 200) failures.push(`${path}: ${answer.status} ${answer.body}`);
          if (answer.headers.connection === 'close') closedByServer++;
          answered++;
        } catch (error) {
          failures.push(`${path}: ${(error as Error).message}`);
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(loop);
    try {
      await sleep(500);
      api.child.kill('SIGHUP');
      await waitFor('a first new worker listening', () => servingPids(api).length === servedBefore + 1, explain);
      api.child.kill('SIGHUP');
      const completed = () => logLines(api).filter((l) => l.msg === 'rolling restart complete').length;
      await waitFor('two rolling restarts complete', () => completed() === 2, explain, 75_000);
      await sleep(300);
    } finally {
      loading = false;
      await Promise.all(lanes);
      agent.destroy();
    }

    assert.deepEqual(failures, [], `${answered} answered`);
    assert.ok(answered > 100, `a steady load: ${answered} requests`);
    assert.ok(closedByServer > 0, 'draining workers ended kept-alive connections');
    assert.ok(
      logLines(api)
        .slice(logsBefore)
        .some((l) => l.msg.startsWith('rolling restart already under way')),
    );
    const current = servingPids(api).slice(-2);
    assert.equal(servingPids(api).length, servedBefore + 4, 'four new workers over the two restarts');
    for (const pid of old) assert.equal(alive(pid), false, `old worker ${pid} exited`);
    for (const pid of current) assert.equal(alive(pid), true, `new worker ${pid} serves`);
    const retired = logLines(api).filter((l) => l.msg === 'rolling restart: old HTTP worker exited');
    assert.ok(retired.every((l) => l.graceful === true));
  });

  it('SIGTERM drains: for SHUTDOWN_DRAIN_MS requests get answers with Connection: close and readiness is 503, then exit 0', {
    timeout: 60_000,
  }, async () => {
    const workers = servingPids(api).slice(-2);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const freshAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const kept = await get(`${url}/livez`, { agent });
      assert.equal(kept.headers.connection, 'keep-alive');
      api.child.kill('SIGTERM');
      const draining = () => logLines(api).filter((l) => l.msg === 'shutting down' && workers.includes(l.pid)).length === 2;
      await waitFor('both workers draining', draining, explain, 10_000);

      const onKeptConnection = await get(`${url}/livez`, { agent });
      // A connection opened during the drain, by a client that would keep it alive.
      const fresh = await get(`${url}/livez`, { agent: freshAgent });
      const readiness = await get(`${url}/readyz`);
      assert.equal(onKeptConnection.status, 200);
      assert.equal(onKeptConnection.headers.connection, 'close');
      assert.equal(fresh.status, 200);
      assert.equal(fresh.headers.connection, 'close');
      assert.equal(readiness.status, 503);
      assert.equal(JSON.parse(readiness.body).readiness, 'shutting_down');
    } finally {
      agent.destroy();
      freshAgent.destroy();
    }
    assert.equal(await api.exited, 0, explain());
    const drained = logLines(api).filter((l) => l.msg === 'drained; no longer accepting connections' && workers.includes(l.pid));
    assert.equal(drained.length, 2);
  });
});
