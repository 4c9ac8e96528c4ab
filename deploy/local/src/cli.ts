import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Layout, layoutFrom } from './layout.js';
import { ensurePackages } from './packages.js';
import { ADMIN_EMAIL, khetiEnv, migrate, startApi, startWorker, writeEnvFile } from './parts/kheti.js';
import { ensureCertificate, startNginx } from './parts/nginx.js';
import { startPgbouncer } from './parts/pgbouncer.js';
import { startPrimary, startReplica, stopPostgres, streamingReplicas } from './parts/postgres.js';
import { startExporters, startPrometheus } from './parts/prometheus.js';
import { startRedis } from './parts/redis.js';
import { isAlive, portAnswers, run, stopProcess, waitFor } from './processes.js';
import { secretsDir, topologySecrets } from './secrets.js';
import { type Part, type Topology, readTopology, topologyFile, writeTopology } from './state.js';

const log = (line: string) => console.log(`topology: ${line}`);

async function up(layout: Layout): Promise<number> {
  const existing = readTopology(layout);
  if (existing) {
    const alive = existing.processes.filter((p) => isAlive(p.pid));
    if (alive.length === existing.processes.length && alive.length > 0) {
      log(`already up at ${existing.url}`);
      return status(layout);
    }
    if (alive.length > 0) {
      console.error(`topology: partly running (${alive.map((p) => p.name).join(', ')}); run "topology down" first`);
      return 1;
    }
  }
  const started = Date.now();
  mkdirSync(join(layout.runDir, 'logs'), { recursive: true });
  // PostgreSQL runs as its own user, which must be able to pass through to its data directories.
  chmodSync(layout.runDir, 0o755);
  await ensurePackages(log);
  await run(process.execPath, [join(layout.root, 'scripts/build-if-stale.mjs')], { cwd: layout.root });
  const secrets = topologySecrets(layout);
  await ensureCertificate(layout);
  const topology: Topology = {
    url: `https://127.0.0.1:${layout.ports.https}`,
    httpUrl: `http://127.0.0.1:${layout.ports.http}`,
    prometheusUrl: `http://127.0.0.1:${layout.ports.prometheus}`,
    processes: [],
    exporters: [],
    admin: { email: ADMIN_EMAIL, passwordFile: join(secretsDir(layout), 'admin-password') },
    envFile: join(layout.runDir, 'kheti.env'),
  };
  const add = (...parts: Part[]) => {
    topology.processes.push(...parts);
    writeTopology(layout, topology);
    for (const part of parts) log(`${part.name} is up (pid ${part.pid}, port ${part.port})`);
  };

  add(await startPrimary(layout, secrets));
  for (const index of [0, 1, 2]) add(await startReplica(layout, secrets, index));
  await waitFor('three streaming replicas', async () => (await streamingReplicas(layout)) === 3);
  add(
    ...(await Promise.all([startPgbouncer(layout, secrets), startRedis(layout, secrets, 'queue'), startRedis(layout, secrets, 'cache')])),
  );

  const env = khetiEnv(layout, secrets);
  writeEnvFile(layout, env);
  log('kheti migrate (straight to the primary)');
  await migrate(layout, secrets, env);
  add(
    ...(await Promise.all([startApi(layout, env, 0), startApi(layout, env, 1), startWorker(layout, env, 0), startWorker(layout, env, 1)])),
  );
  add(await startNginx(layout));
  await startExporters(layout, secrets, (exporters) => {
    topology.exporters = exporters;
    writeTopology(layout, topology);
  });
  add(await startPrometheus(layout));

  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${topology.url} (HTTP ${topology.httpUrl} redirects there)`);
  log(`API docs ${topology.url}/docs, Prometheus ${topology.prometheusUrl}, state in ${topologyFile(layout)}`);
  log(
    `platform administrator ${ADMIN_EMAIL}, password in ${topology.admin.passwordFile}; the certificate is ${join(layout.runDir, 'tls/cert.pem')}`,
  );
  return 0;
}

/** Stops what `up` (and the drills) started, by pid, front to back; data stays for the next `up`. */
async function down(layout: Layout): Promise<number> {
  const topology = readTopology(layout);
  if (!topology) {
    log(`nothing to stop (no ${topologyFile(layout)})`);
    return 0;
  }
  const of = (...roles: Part['role'][]) => topology.processes.filter((p) => roles.includes(p.role));
  const stop = (parts: { name: string; pid: number }[], options: Parameters<typeof stopProcess>[1] = {}) =>
    Promise.all(
      parts.map(async (part) => {
        if (!isAlive(part.pid)) return;
        await stopProcess(part.pid, { group: true, ...options });
        log(`${part.name} stopped`);
      }),
    );
  await stop(of('nginx'));
  // A `kheti serve` primary drains its cluster workers on SIGTERM; a worker lets running jobs finish.
  await stop(of('api', 'worker'), { timeoutMs: 40_000 });
  await stop([...of('prometheus'), ...topology.exporters]);
  await stop(of('pgbouncer', 'redis-queue', 'redis-cache'));
  for (const part of [...of('postgres-replica'), ...of('postgres-primary')]) {
    if (!isAlive(part.pid)) continue;
    await stopPostgres(layout, part.name).catch(() => stopProcess(part.pid));
    if (isAlive(part.pid)) await stopProcess(part.pid);
    log(`${part.name} stopped`);
  }
  const left = [...topology.processes, ...topology.exporters].filter((p) => isAlive(p.pid));
  if (left.length > 0) {
    console.error(`topology: still running: ${left.map((p) => `${p.name} (${p.pid})`).join(', ')}`);
    return 1;
  }
  rmSync(topologyFile(layout));
  log(`down; data kept in ${layout.runDir} (remove it to start afresh)`);
  return 0;
}

async function status(layout: Layout): Promise<number> {
  const topology = readTopology(layout);
  if (!topology) {
    log('down');
    return 3;
  }
  const rows = await Promise.all(
    [...topology.processes.map((p) => ({ ...p })), ...topology.exporters.map((e) => ({ ...e, role: 'exporter' }))].map(async (part) => {
      const alive = isAlive(part.pid);
      const answering = alive && (await portAnswers(part.port));
      return { ...part, state: !alive ? 'stopped' : answering ? 'up' : 'not answering' };
    }),
  );
  const widths = [22, 18, 9, 7];
  const line = (cells: (string | number)[]) => console.log(cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' '));
  line(['PART', 'ROLE', 'PID', 'PORT', 'STATE']);
  for (const row of rows) line([row.name, row.role, row.pid, row.port, row.state]);
  console.log(`\n${topology.url}  (Prometheus ${topology.prometheusUrl})`);
  return rows.every((r) => r.state === 'up') ? 0 : 1;
}

const USAGE = `usage: deploy/local/topology up|down|status|drill [--short]

  up       start the whole topology (PostgreSQL primary + 3 replicas, PgBouncer, 2 Redis,
           2 API instances, 2 workers, nginx with TLS, Prometheus and exporters); exits 0 when all are ready
  down     stop everything up started, by pid; data stays in the run directory
  status   each part, its pid, port and whether it answers
  drill    fault drills under load, results in drills.json (--short: the quick version CI runs)

  TOPOLOGY_DIR        state directory (default deploy/local/.run)
  TOPOLOGY_BASE_PORT  first of the ports it uses (default 18000; it uses base … base+55)`;

export async function main(argv: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '../../..');
  const layout = layoutFrom(process.env, root);
  const [command, ...rest] = argv;
  switch (command) {
    case 'up':
      return up(layout);
    case 'down':
      return down(layout);
    case 'status':
      return status(layout);
    case 'drill': {
      const { drill } = await import('./drill/drill.js');
      return drill(layout, { short: rest.includes('--short') });
    }
    default:
      console.error(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`topology: ${error.message}`);
    process.exit(1);
  },
);
