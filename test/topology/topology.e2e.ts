import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { Topology } from '../../deploy/local/src/state.js';
import { listPanelQueries } from '../support/grafana-queries.js';

/**
 * The production topology as a person runs it: `deploy/local/topology up`, a look at what it
 * serves, the short fault drills, every dashboard query against its Prometheus, and `down`. Its
 * own state directory and a block of free ports; minutes, not seconds, so it runs as its own CI
 * step (`npm run test:topology`), not inside `npm test`.
 */
const TOPOLOGY = join(import.meta.dirname, '../../deploy/local/topology');

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The first base port from 18000 whose 56 ports are all free. */
async function freePortBlock(): Promise<number> {
  for (let base = 18000; base < 60000; base += 100) {
    const ports = Array.from({ length: 56 }, (_, i) => base + i);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base;
  }
  throw new Error('no block of 56 free ports');
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('the production topology on one machine', { timeout: 15 * 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kheti-topology-'));
  chmodSync(dir, 0o755);
  let env: NodeJS.ProcessEnv;
  let topology: Topology;
  let ca: string;
  const started = new Set<number>();

  const topologyCommand = (args: string[]) =>
    new Promise<{ code: number; output: string; ms: number }>((resolve) => {
      const begun = Date.now();
      const child = spawn(TOPOLOGY, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('exit', (code) => resolve({ code: code ?? 1, output, ms: Date.now() - begun }));
    });

  const https = (path: string, headers: Record<string, string> = {}, method = 'GET', body?: unknown) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(
        new URL(path, topology.url),
        { method, ca, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });

  before(async () => {
    env = { ...process.env, TOPOLOGY_DIR: dir, TOPOLOGY_BASE_PORT: String(await freePortBlock()) };
  });

  after(async () => {
    const down = await topologyCommand(['down']);
    assert.equal(down.code, 0, down.output);
    const left = [...started].filter(isAlive);
    assert.deepEqual(left, [], 'down leaves no process behind');
    rmSync(dir, { recursive: true, force: true });
  });

  it('up brings every part up within three minutes and names each in topology.json', async () => {
    const up = await topologyCommand(['up']);
    assert.equal(up.code, 0, up.output);
    assert.ok(up.ms < 180_000, `up took ${up.ms} ms`);
    topology = JSON.parse(readFileSync(join(dir, 'topology.json'), 'utf8')) as Topology;
    ca = readFileSync(join(dir, 'tls/cert.pem'), 'utf8');
    const roles = topology.processes.map((p) => p.role).sort();
    assert.deepEqual(roles, [
      'api',
      'api',
      'nginx',
      'pgbouncer',
      'postgres-primary',
      'postgres-replica',
      'postgres-replica',
      'postgres-replica',
      'prometheus',
      'redis-cache',
      'redis-queue',
      'worker',
      'worker',
    ]);
    for (const part of [...topology.processes, ...topology.exporters]) {
      assert.ok(isAlive(part.pid), `${part.name} (pid ${part.pid}) is running`);
      started.add(part.pid);
    }
    assert.match(topology.url, /^https:\/\/127\.0\.0\.1:\d+$/);

    const status = await topologyCommand(['status']);
    assert.equal(status.code, 0, status.output);
    for (const part of topology.processes)
      assert.match(status.output, new RegExp(`${part.name}\\s+${part.role}\\s+${part.pid}\\s+${part.port}\\s+up`));
  });

  it('nginx answers over TLS with HSTS, redirects plain HTTP, passes request ids through and logs JSON', async () => {
    const redirect = await fetch(`${topology.httpUrl}/v1/fields`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), `${topology.url}/v1/fields`);

    const ready = await https('/readyz', { 'x-request-id': 'topology-e2e-1' });
    assert.equal(ready.status, 200, ready.body);
    assert.equal(ready.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    assert.equal(ready.headers['x-request-id'], 'topology-e2e-1');
    const checks = JSON.parse(ready.body).checks;
    assert.equal(checks.replicas.length, 3);
    assert.ok(
      checks.replicas.every((r: { ok: boolean }) => r.ok),
      ready.body,
    );

    const logged = readFileSync(join(dir, 'logs/nginx-access.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.ok(logged.some((entry) => entry.request_id === 'topology-e2e-1' && entry.uri === '/readyz' && entry.status === 200));
  });

  it('deploy/nginx/kheti.conf, the configuration for a VM, passes nginx -t on the same nginx', async () => {
    const conf = readFileSync(join(import.meta.dirname, '../../deploy/nginx/kheti.conf'), 'utf8')
      .replaceAll('/etc/ssl/kheti/fullchain.pem', join(dir, 'tls/cert.pem'))
      .replaceAll('/etc/ssl/kheti/privkey.pem', join(dir, 'tls/key.pem'))
      .replaceAll('/var/log/nginx/', `${dir}/logs/vm-`);
    const check = join(dir, 'nginx-vm-check');
    mkdirSync(check, { recursive: true });
    writeFileSync(join(check, 'kheti.conf'), conf);
    writeFileSync(
      join(check, 'nginx.conf'),
      `pid ${check}/nginx.pid;\nerror_log ${check}/error.log;\nevents {}\nhttp {\n  include ${check}/kheti.conf;\n}\n`,
    );
    const tested = spawnSync('nginx', ['-t', '-p', check, '-c', join(check, 'nginx.conf')], { encoding: 'utf8' });
    assert.equal(tested.status, 0, tested.stderr);
  });

  it('upgrades /v1/ws through nginx for a signed-in member', async () => {
    const password = readFileSync(topology.admin.passwordFile, 'utf8').trim();
    const grant = async (tenant?: string) =>
      JSON.parse(
        (
          await https('/oauth/token', {}, 'POST', {
            grant_type: 'password',
            username: topology.admin.email,
            password,
            ...(tenant ? { tenant } : {}),
          })
        ).body,
      ).access_token as string;
    const created = await https('/v1/tenants', { authorization: `Bearer ${await grant()}` }, 'POST', {
      name: 'Topology e2e',
      slug: 'topology-e2e',
    });
    assert.equal(created.status, 201, created.body);
    const token = await grant('topology-e2e');
    const socket = new WebSocket(`${topology.url.replace('https', 'wss')}/v1/ws`, { ca, headers: { authorization: `Bearer ${token}` } });
    const opened = await new Promise<boolean>((resolve) => {
      socket.once('open', () => resolve(true));
      socket.once('error', () => resolve(false));
    });
    assert.ok(opened, 'the WebSocket opened through nginx');
    socket.close();
  });

  it('drill --short: no acknowledged write lost or doubled, no failure in the rolling restart, every recovery under 10 s', async () => {
    const drill = await topologyCommand(['drill', '--short']);
    const report = JSON.parse(readFileSync(join(dir, 'drills.json'), 'utf8'));
    assert.equal(drill.code, 0, drill.output);
    assert.ok(report.writes.acknowledged > 100, `writes acknowledged: ${report.writes.acknowledged}`);
    assert.equal(report.writes.lost, 0);
    assert.equal(report.writes.duplicated, 0);
    const byName = Object.fromEntries(report.drills.map((d: { name: string }) => [d.name, d]));
    assert.deepEqual(Object.keys(byName).sort(), [
      'api-instance-killed',
      'pgbouncer-then-primary-restarted',
      'queue-redis-restarted',
      'replica-stopped',
      'rolling-restart',
      'worker-killed-mid-job',
    ]);
    assert.equal(byName['rolling-restart'].failedRequests, 0);
    assert.equal(byName['replica-stopped'].failedRequests, 0);
    for (const result of report.drills) {
      assert.ok(result.passed, `${result.name}: ${result.detail}`);
      assert.ok((result.recoveryMs ?? 0) < 10_000, `${result.name} recovered in ${result.recoveryMs} ms`);
    }
    // The drills replaced some processes; down must stop those too.
    topology = JSON.parse(readFileSync(join(dir, 'topology.json'), 'utf8')) as Topology;
    for (const part of topology.processes) started.add(part.pid);
  });

  it('Prometheus scrapes every target, and every dashboard query returns series', async () => {
    const prometheus = async (path: string) =>
      (await (await fetch(`${topology.prometheusUrl}${path}`)).json()) as {
        data: { result?: unknown[]; activeTargets?: { labels: { job: string }; health: string; lastError: string }[] };
      };
    let down: string[] = [];
    for (let tries = 0; tries < 40; tries++) {
      const targets = (await prometheus('/api/v1/targets')).data.activeTargets!;
      down = targets.filter((t) => t.health !== 'up').map((t) => `${t.labels.job}: ${t.lastError}`);
      if (down.length === 0 && targets.length === 10) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.deepEqual(down, []);
    const empty: string[] = [];
    for (const query of listPanelQueries()) {
      const { data } = await prometheus(`/api/v1/query?query=${encodeURIComponent(query.promql)}`);
      if (!data.result || data.result.length === 0) empty.push(`${query.file} "${query.panelTitle}": ${query.promql}`);
    }
    assert.deepEqual(empty, [], 'queries without series');
  });
});
