/**
 * Real-time fan-out: WebSocket clients spread over 2 API processes, events raised at a steady rate
 * for 100 tenants from a process of their own, as a worker raises them. Measures publish → receive
 * latency (from the raiser's call of raiseEvent to a client's message event), delivered messages/s,
 * losses, and the resident memory of each API process before and with the sockets open.
 *
 *   npm run bench:ws-fanout -- [sockets=10000] [seconds=30] [events/s=100]
 *   node --import tsx bench/ws-fanout.ts 500 10 50      # after npm run build
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:ws-fanout   # the API processes write .cpuprofile files there
 *   BENCH_TREE=/tmp/kheti-old npm run bench:ws-fanout   # the API processes of another built tree
 *                                                       # (git archive <commit> | tar -x, npm run build)
 *
 * Everything runs on this machine: a throwaway PostgreSQL database and Redis key prefix, 100
 * tenants (an admin and a viewer each, tokens made in-process through the API), two `kheti serve`
 * from the built tree (NODE_ENV=production, WEB_CONCURRENCY=1 each, on two ports), the clients
 * (bench/ws-fanout-clients.ts, one process: sockets i → tenant i mod 100, the servers in turn) and
 * the raiser (bench/ws-fanout-raiser.ts: raiseEvent, i.e. stored in PostgreSQL then published on
 * Redis, tenants round-robin). Every socket of a tenant should receive each of its tenant's events.
 * Ends with a Markdown table ready for bench/README.md. Ctrl-C stops every process it started and
 * drops the database.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createTestDatabase } from '../test/support/database.js';
import { addMember, createTenant } from '../test/support/identity.js';
import { testServices } from '../test/support/services.js';
import type { ClientPlan, OpenResult, ReportResult } from './ws-fanout-clients.js';
import type { RaisePlan, RaiseResult } from './ws-fanout-raiser.js';

const sockets = Number(process.argv[2] ?? 10_000);
const seconds = Number(process.argv[3] ?? 30);
const eventsPerSecond = Number(process.argv[4] ?? 100);
const TENANTS = 100;
const PORTS = [18210, 18211];
const WARMUP_SECONDS = 3;
const cpuProfileDir = process.env.BENCH_CPU_PROF;
/** The tree whose `kheti serve` runs (this one unless BENCH_TREE names another); clients and raiser are this tree's. */
const serverTree = process.env.BENCH_TREE ?? new URL('..', import.meta.url).pathname;
/** After the last raise, how long late messages may still arrive before the count is taken. */
const DRAIN_MS = 3_000;
/** Sockets open and idle this long before their memory is read: upgrades settled, and V8 has had time to collect their garbage. */
const SETTLE_MS = 15_000;
const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'kheti-ws-fanout-'));
const cleanups: (() => Promise<void> | void)[] = [];
const children = new Set<ChildProcess>();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The load average, and the share of the last minute some task waited for a core (Linux PSI), if the kernel tells. */
const machineLoad = () => {
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ');
  let pressure = '';
  try {
    pressure = `; CPU pressure ${/^some .*avg60=([\d.]+)/m.exec(readFileSync('/proc/pressure/cpu', 'utf8'))?.[1]} %`;
  } catch {
    // No PSI on this kernel.
  }
  return `${load}${pressure}`;
};
/** The resident set of a process, from /proc (Linux), in MB. */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
/** CPU seconds (user + system) a process has used, from /proc. */
const cpuSeconds = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
};

/**
 * Starts a Node process under bash with the file-descriptor limit raised (10 000 sockets need as
 * many descriptors in the clients, half as many in each server); `exec` keeps the pid Node's.
 */
function spawnNode(args: string[], env: Record<string, string>, stdio: 'log' | 'pipe', name: string, cwd = root): ChildProcess {
  const command = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  const log = openSync(join(scratch, `${name}.log`), 'a');
  const child = spawn('bash', ['-c', command, process.execPath, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: stdio === 'log' ? ['ignore', log, log] : ['pipe', 'pipe', log],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    // A server draining 5 000 sockets gets a while; after that it is killed.
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

/** Reads one JSON line from a child's stdout. */
function lines(child: ChildProcess) {
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queue.push(line);
  });
  return <T>(what: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${what}: the process exited with ${code} (log: ${scratch})`));
      child.once('exit', onExit);
      const take = (line: string) => {
        child.off('exit', onExit);
        resolve(JSON.parse(line) as T);
      };
      const queued = queue.shift();
      if (queued !== undefined) take(queued);
      else waiting.push(take);
    });
}

async function waitForReady(url: string, child: ChildProcess, name: string) {
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(250);
  }
  console.error(readFileSync(join(scratch, `${name}.log`), 'utf8').slice(-3000));
  throw new Error(`${name} did not become ready (log: ${scratch})`);
}

/** Redis keys under the run's prefix (rate-limit counters and the like) are removed with it. */
async function dropRedisPrefix(prefix: string) {
  const redis = new Redis(testServices.redisUrl, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** "PostgreSQL 15.x and Redis 7.x", as the servers report themselves. */
async function serverVersions() {
  const client = new pg.Client({ connectionString: testServices.postgresAdminUrl });
  await client.connect();
  const postgres = (await client.query<{ server_version: string }>('SHOW server_version').finally(() => client.end())).rows[0]!
    .server_version;
  const redis = new Redis(testServices.redisUrl);
  const info = await redis.info('server').finally(() => redis.disconnect());
  return `PostgreSQL ${postgres.split(' ')[0]} and Redis ${/redis_version:(\S+)/.exec(info)?.[1] ?? '?'}`;
}

/** The cumulative buckets of the servers' `kheti_ws_publish_to_send_seconds` histogram (le → count). */
async function sendBuckets(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets = new Map<string, number>();
  for (const match of text.matchAll(/^kheti_ws_publish_to_send_seconds_bucket\{le="([^"]+)"\} (\d+)/gm))
    buckets.set(match[1]!, Number(match[2]));
  return buckets;
}

/** The bucket bound below which a share `p` of the sends between two scrapes fell ("≤ 0.05 s"). */
function bucketPercentile(before: Map<string, number>, after: Map<string, number>, p: number): string {
  const total = (after.get('+Inf') ?? 0) - (before.get('+Inf') ?? 0);
  for (const [le, count] of after)
    if (count - (before.get(le) ?? 0) >= total * p) return le === '+Inf' ? '> 5 s' : `≤ ${Number(le) * 1000} ms`;
  return '?';
}

async function main() {
  const startedAt = new Date();
  const loadAtStart = machineLoad();
  console.log(
    `ws-fanout: ${sockets} sockets, ${seconds} s at ${eventsPerSecond} events/s over ${TENANTS} tenants; load average ${loadAtStart}`,
  );

  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  const prefix = `bench-ws-${process.pid}-${randomBytes(3).toString('hex')}`;
  cleanups.push(() => dropRedisPrefix(prefix));
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    KHETI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: database.url,
    REDIS_URL: testServices.redisUrl,
    REDIS_KEY_PREFIX: prefix,
    DATA_DIR: scratch,
    // The longest the configuration allows: the tokens are made before the sockets open.
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    // 10 000 upgrades come from one address here; in the field they come from as many.
    RATE_LIMIT_PER_MINUTE: '1000000',
    WEATHER_PROVIDER: 'synthetic',
    IMAGERY_PROVIDER: 'synthetic',
    MARKET_PRICE_PROVIDER: 'sample',
    SEED_DEMO: 'false',
    HOST: '127.0.0.1',
    // The tokens' issuer: one for every server of the run, whatever port it listens on.
    PUBLIC_URL: `http://127.0.0.1:${PORTS[0]}`,
    LOG_LEVEL: 'info',
  };
  // Sockets close with 4401 when their token expires: the run must end well before that.
  assert.ok(seconds + WARMUP_SECONDS <= 3000, 'at most 3 000 s of events: the access tokens live 3 600 s');

  // Tenants, members and tokens through the API, in-process (migrates the database first).
  const setupStarted = performance.now();
  const app = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY_MS: '0' }), { migrate: true });
  const tenantIds: string[] = [];
  const tokens: string[][] = [];
  try {
    for (let t = 0; t < TENANTS; t += 5) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(5, TENANTS - t) }, async () => {
          const tenant = await createTenant(app);
          const viewer = await addMember(app, tenant, 'viewer');
          return { id: tenant.id, tokens: [tenant.tokens.access_token, viewer.tokens.access_token] };
        }),
      );
      for (const tenant of batch) {
        tenantIds.push(tenant.id);
        tokens.push(tenant.tokens);
      }
    }
  } finally {
    await app.close();
  }
  console.log(`setup: ${TENANTS} tenants with an admin and a viewer each in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

  // The two API processes.
  const servers = PORTS.map((port, i) => {
    const name = `api-${i + 1}`;
    const child = spawnNode(
      ['bin/kheti.js', 'serve'],
      {
        ...env,
        PORT: String(port),
        WEB_CONCURRENCY: '1',
        ...(cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfileDir}` } : {}),
      },
      'log',
      name,
      serverTree,
    );
    cleanups.push(() => stop(child));
    return { name, child, url: `http://127.0.0.1:${port}` };
  });
  await Promise.all(servers.map((s) => waitForReady(s.url, s.child, s.name)));
  await sleep(2_000);
  const rssBefore = servers.map((s) => rssMb(s.child.pid!));

  // The clients.
  const plan: ClientPlan = { sockets, servers: servers.map((s) => s.url), tokens, concurrency: 64 };
  const clients = spawnNode(['--import', 'tsx', 'bench/ws-fanout-clients.ts', JSON.stringify(plan)], {}, 'pipe', 'clients');
  cleanups.push(() => stop(clients, 'SIGKILL'));
  const fromClients = lines(clients);
  const opened = await fromClients<OpenResult>('opening the sockets');
  console.log(
    `opened ${opened.opened} sockets (${opened.perServer.join(' + ')}) in ${opened.seconds.toFixed(1)} s; failed ${opened.failed}, retries ${opened.retries}${opened.firstError ? ` (first error: ${opened.firstError})` : ''}`,
  );
  await sleep(SETTLE_MS);
  const rssIdle = servers.map((s) => rssMb(s.child.pid!));
  const perThousand = servers.map((_, i) => ((rssIdle[i]! - rssBefore[i]!) / opened.perServer[i]!) * 1000);
  console.log(
    `RSS: before ${rssBefore.map((r) => r.toFixed(0)).join(' / ')} MB, with sockets open ${rssIdle.map((r) => r.toFixed(0)).join(' / ')} MB, per 1 000 sockets ${perThousand.map((r) => r.toFixed(1)).join(' / ')} MB`,
  );

  // The raiser, timed with the CPU each process used meanwhile.
  const watched = [...servers.map((s) => ({ name: s.name, pid: s.child.pid! })), { name: 'clients', pid: clients.pid! }];
  const cpuBefore = watched.map((w) => cpuSeconds(w.pid));
  const sendsBefore = await Promise.all(servers.map((s) => sendBuckets(s.url)));
  const raisePlan: RaisePlan = { tenantIds, eventsPerSecond, warmupSeconds: WARMUP_SECONDS, seconds };
  const raiser = spawnNode(['--import', 'tsx', 'bench/ws-fanout-raiser.ts', JSON.stringify(raisePlan)], env, 'pipe', 'raiser');
  cleanups.push(() => stop(raiser, 'SIGKILL'));
  const wallStarted = performance.now();
  const raised = await lines(raiser)<RaiseResult>('raising events');
  await sleep(DRAIN_MS);
  const wall = (performance.now() - wallStarted) / 1000;
  const cpu = watched.map((w, i) => {
    const used = cpuSeconds(w.pid) - cpuBefore[i]!;
    return { name: w.name, used, percent: (used / wall) * 100 };
  });
  const sendsAfter = await Promise.all(servers.map((s) => sendBuckets(s.url)));
  // The servers' own clock of it: raise (ms precision) to the send, warm-up included.
  const serverSide = servers.map(
    (_, i) =>
      `p50 ${bucketPercentile(sendsBefore[i]!, sendsAfter[i]!, 0.5)}, p99 ${bucketPercentile(sendsBefore[i]!, sendsAfter[i]!, 0.99)}`,
  );
  clients.stdin!.write(`report ${JSON.stringify({ firstSeq: raised.firstSeq, count: raised.perTenant })}\n`);
  const got = await fromClients<ReportResult>('the clients’ report');
  const rssAfter = servers.map((s) => rssMb(s.child.pid!));
  const raisedSeconds = (raised.lastAt - raised.firstAt) / 1000 + 1 / eventsPerSecond;
  const loadAtEnd = machineLoad();

  const deliveredPerSecond = got.received / raisedSeconds;
  // CPU time of the API processes per message they delivered (warm-up included on both sides):
  // less sensitive to other load on the machine than the latency is.
  const serverCpu = cpu.filter((c) => c.name.startsWith('api-')).reduce((sum, c) => sum + c.used, 0);
  const cpuPerMessageUs = (serverCpu / (got.received + got.warmup)) * 1e6;
  console.log(
    `\nraised ${raised.measured} measured events (+${raised.warmup} warm-up) in ${raisedSeconds.toFixed(1)} s (${(raised.measured / raisedSeconds).toFixed(0)}/s); failed ${raised.failed}; raiser at most ${raised.behindMaxMs.toFixed(1)} ms behind schedule`,
  );
  console.log(
    `raiseEvent (store + publish): p50 ${raised.raiseP50Ms.toFixed(1)} ms, p99 ${raised.raiseP99Ms.toFixed(1)} ms, max ${raised.raiseMaxMs.toFixed(1)} ms`,
  );
  console.log(
    `CPU during the run: ${cpu.map((c) => `${c.name} ${c.percent.toFixed(0)} %`).join(', ')}; API processes ${cpuPerMessageUs.toFixed(1)} µs per message`,
  );
  console.log(`load average at the end ${loadAtEnd}`);
  console.log(`raise → send, by the servers' histogram: ${serverSide.join(' / ')}`);
  console.log(`publish → receive p99 by 5 s of the run: ${got.p99ByWindowMs.map((p) => p.toFixed(0)).join(', ')} ms`);
  console.log(`clients' event-loop delay: p99 ${got.clientLoopDelayP99Ms.toFixed(1)} ms, max ${got.clientLoopDelayMaxMs.toFixed(1)} ms`);

  const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memGiB = Math.round(totalmem() / 2 ** 30);
  const pgVersion = await serverVersions();
  const target = got.p99Ms < 100 ? 'met' : 'NOT met';
  const fmt = (n: number) => n.toLocaleString('en-US').replaceAll(',', ' ');
  console.log(`
### Run of ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC

\`\`\`sh
npm run bench:ws-fanout -- ${sockets} ${seconds} ${eventsPerSecond}
\`\`\`

Machine: ${cpus().length} vCPU (${cpuModel}), ${memGiB} GiB, Node.js ${process.version.slice(1)}, ${pgVersion} on the same machine.
${process.env.BENCH_TREE ? `API processes from ${process.env.BENCH_TREE}. ` : ''}Load average at start ${loadAtStart}, at the end ${loadAtEnd}. ${TENANTS} tenants, ${sockets / TENANTS} sockets each, ${servers.length} API processes (WEB_CONCURRENCY=1 each), ${seconds} s measured after ${WARMUP_SECONDS} s of warm-up.

| measure | value |
| --- | ---: |
| sockets open (per process) | ${fmt(opened.opened)} (${opened.perServer.map(fmt).join(' + ')}), ${opened.failed} failed, opened in ${opened.seconds.toFixed(1)} s |
| events raised | ${fmt(raised.measured)} at ${(raised.measured / raisedSeconds).toFixed(0)}/s (${raised.failed} failed) |
| publish → receive p50 | ${got.p50Ms.toFixed(1)} ms |
| publish → receive p90 | ${got.p90Ms.toFixed(1)} ms |
| **publish → receive p99** (target < 100 ms: ${target}) | **${got.p99Ms.toFixed(1)} ms** |
| publish → receive p99.9 / max | ${got.p999Ms.toFixed(1)} ms / ${got.maxMs.toFixed(1)} ms |
| messages delivered | ${fmt(got.received)} of ${fmt(got.expected)} expected: ${fmt(got.missing)} lost, ${got.duplicates} duplicates, ${got.outOfOrder} out of order |
| messages/s delivered | ${fmt(Math.round(deliveredPerSecond))} |
| sockets closed by a server during the run | ${
    Object.entries(got.closed)
      .map(([code, n]) => `${n} × ${code}`)
      .join(', ') || 'none'
  } |
| raiseEvent (store + publish) p50 / p99 | ${raised.raiseP50Ms.toFixed(1)} ms / ${raised.raiseP99Ms.toFixed(1)} ms |
| raise → send in each API process (its histogram's buckets) | ${serverSide.join(' / ')} |
| RSS per API process: before sockets | ${rssBefore.map((r) => `${r.toFixed(0)} MB`).join(' / ')} |
| RSS per API process: sockets open, idle | ${rssIdle.map((r) => `${r.toFixed(0)} MB`).join(' / ')} |
| RSS per API process: after the run | ${rssAfter.map((r) => `${r.toFixed(0)} MB`).join(' / ')} |
| RSS per 1 000 sockets | ${perThousand.map((r) => `${r.toFixed(1)} MB`).join(' / ')} |
| API processes' CPU per delivered message | ${cpuPerMessageUs.toFixed(1)} µs |
| CPU during the run (of one core) | ${cpu.map((c) => `${c.name} ${c.percent.toFixed(0)} %`).join(', ')} |
`);
}

let cleaning: Promise<void> | undefined;
function cleanUp() {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((error) => console.error('cleanup:', error));
    for (const child of children) child.kill('SIGKILL');
    // The processes' logs stay when something failed.
    if (process.exitCode === 1) console.error(`logs kept in ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the processes and dropping the database…`);
    process.exitCode = 130;
    void cleanUp().then(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  // After Ctrl-C the children's ends are expected, not errors.
  if (!cleaning) {
    process.exitCode = 1;
    console.error(error);
  }
} finally {
  await cleanUp();
}
