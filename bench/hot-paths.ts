/**
 * The hot paths side by side with the reference stack (bench/fastapi-ref: FastAPI + Uvicorn
 * workers under Gunicorn, asyncpg), on this machine, with the same number of worker processes,
 * the same shape of data (10 tenants × 1 000 fields with 12-vertex boundaries) and the same
 * database server; runs alternate between the two and only 2xx answers count.
 *
 *   npm run bench:hot-paths -- [runs=3] [seconds=15] [connections=64]
 *   BENCH_ONLY=get,list npm run bench:hot-paths     # some of: get, list, patch, weather
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:hot-paths # Kheti's workers write .cpuprofile files there
 *   BENCH_BASELINE=/tmp/kheti-old npm run bench:hot-paths  # also runs another built tree of Kheti
 *                                                          # (git archive <commit> | tar -x, npm run build)
 *                                                          # in the same alternation, on the same data
 *
 * Scenarios: GET /v1/fields/{id} and GET /v1/fields?limit=50 against the reference (ratio of req/s);
 * PATCH /v1/fields/{id} with If-Match (Kheti alone: the reference has no writes); a field's weather
 * with a warm cache against a bare node:http server answering the same body from memory (the
 * ceiling). Kheti runs as `kheti serve` with WEB_CONCURRENCY workers on PostgreSQL + Redis, the
 * rate limit on but raised out of the way, logs at info to a file. Load comes from autocannon in a
 * process of its own (bench/hot-paths-load.ts). Needs the reference's Debian packages (see
 * bench/fastapi-ref/README.md), a built tree (the npm script builds it), PostgreSQL and Redis.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createTestDatabase } from '../test/support/database.js';
import { plot } from '../test/support/geometry.js';
import { bearer, createTenant } from '../test/support/identity.js';
import { testServices } from '../test/support/services.js';
import { TEST_OPENWEATHER_API_KEY, startOpenWeatherStub } from '../test/stubs/openweather.js';
import { type CpuSide, measureCpu } from './cpu-accounting.js';
import type { LoadPlan, LoadResult } from './hot-paths-load.js';

/** A run's load result with the CPU each answered request cost the server and the database. */
type Measured = LoadResult & { serverCpuUs: number; databaseCpuUs: number };

const runs = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 15);
const connections = Number(process.argv[4] ?? 64);
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const only = process.env.BENCH_ONLY?.split(',');
const cpuProfileDir = process.env.BENCH_CPU_PROF;
const baselineRoot = process.env.BENCH_BASELINE;
const TENANTS = 10;
const FIELDS_PER_TENANT = 1000;
const PORTS = { reference: 18110, kheti: 18120, bare: 18130, baseline: 18140 };
const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'kheti-hot-paths-'));
const cleanups: (() => Promise<void> | void)[] = [];

/** A 12-vertex ring of ~100 m radius, closed, as the reference's load.py draws them. */
const boundary = (lat: number, lon: number) => {
  const ring = Array.from({ length: 12 }, (_, a) => [
    lon + 0.001 * Math.cos((a / 12) * 2 * Math.PI),
    lat + 0.001 * Math.sin((a / 12) * 2 * Math.PI),
  ]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
};

async function startReference() {
  const { stdout } = await promisify(execFile)(
    'bash',
    [join(root, 'bench/fastapi-ref/serve.sh'), String(PORTS.reference), String(workers)],
    {
      env: { ...process.env, PGHOST: '127.0.0.1' },
    },
  );
  const [fieldId, token, pid, database] = stdout.trim().split(/\s+/);
  cleanups.push(async () => {
    process.kill(-Number(pid), 'SIGTERM');
    await dropDatabase(database!);
  });
  return { fieldId: fieldId!, headers: bearer(token!), cpu: { pid: Number(pid), database: database! } };
}

async function dropDatabase(name: string) {
  const admin = new pg.Client({ connectionString: testServices.postgresAdminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => admin.end());
}

/** A fresh database loaded through Kheti's own API (tenants, farms, the import), then `kheti serve`. */
async function startKheti(openWeatherUrl: string) {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    KHETI_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: database.url,
    REDIS_URL: testServices.redisUrl,
    REDIS_KEY_PREFIX: `bench-${process.pid}-${randomBytes(3).toString('hex')}`,
    DATA_DIR: scratch,
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    RATE_LIMIT_PER_MINUTE: '1000000',
    OPENWEATHER_API_KEY: TEST_OPENWEATHER_API_KEY,
    OPENWEATHER_BASE_URL: openWeatherUrl,
    IMAGERY_PROVIDER: 'synthetic',
    MARKET_PRICE_PROVIDER: 'sample',
    SEED_DEMO: 'false',
    HOST: '127.0.0.1',
    PORT: String(PORTS.kheti),
    // The tokens' issuer: one for every server of the run, whatever port it listens on.
    PUBLIC_URL: `http://127.0.0.1:${PORTS.kheti}`,
    LOG_LEVEL: 'info',
  };
  const app = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent', MAX_EVENT_LOOP_DELAY_MS: '0' }), { migrate: true });
  let first: { id: string; headers: Record<string, string>; fieldIds: string[]; weatherFieldId: string } | undefined;
  try {
    for (let t = 0; t < TENANTS; t++) {
      const tenant = await createTenant(app);
      const headers = bearer(tenant.tokens);
      const post = async (url: string, payload: unknown) => {
        const response = await app.inject({ method: 'POST', url, headers, payload: payload as object });
        assert.ok(response.statusCode < 300, `${url}: ${response.statusCode} ${response.body.slice(0, 300)}`);
        return response.json();
      };
      const farmer = await post('/v1/farmers', { name: `Farmer ${t}`, state: 'Maharashtra' });
      const farm = await post('/v1/farms', { farmerId: farmer.id, name: `Farm ${t}` });
      const features = Array.from({ length: FIELDS_PER_TENANT }, (_, i) => ({
        type: 'Feature',
        properties: { farmId: farm.id, name: `Field ${t}-${i}` },
        geometry: boundary(18 + Math.random() * 8, 74 + Math.random() * 8),
      }));
      const imported = await post('/v1/fields/import', { type: 'FeatureCollection', features });
      assert.equal(imported.created, FIELDS_PER_TENANT, JSON.stringify(imported).slice(0, 300));
      if (t === 0) {
        const weatherField = await post('/v1/fields', { farmId: farm.id, name: 'Weather plot', boundary: plot(19.99, 73.79) });
        const ids = imported.results.map((r: { id: string }) => r.id) as string[];
        first = { id: tenant.id, headers, fieldIds: ids, weatherFieldId: weatherField.id };
      }
    }
  } finally {
    await app.close();
  }
  const databaseName = new URL(database.url).pathname.slice(1);
  const cpu: Record<string, CpuSide> = {};
  const serve = async (tree: string, port: number, name: string) => {
    const log = openSync(join(scratch, `${name}.log`), 'a');
    const server = spawn(process.execPath, ['bin/kheti.js', 'serve'], {
      cwd: tree,
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        WEB_CONCURRENCY: String(workers),
        ...(cpuProfileDir && tree === root ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfileDir}` } : {}),
      },
      stdio: ['ignore', log, log],
    });
    cleanups.push(() => stop(server));
    cpu[name] = { pid: server.pid!, database: databaseName };
    await waitFor(`http://127.0.0.1:${port}/v1/fields/${first!.fieldIds[1234 % FIELDS_PER_TENANT]}`, first!.headers).catch((error) => {
      console.error(readFileSync(join(scratch, `${name}.log`), 'utf8').slice(-3000));
      throw error;
    });
  };
  await serve(root, PORTS.kheti, 'kheti');
  if (baselineRoot) await serve(baselineRoot, PORTS.baseline, 'baseline');
  return { ...first!, cpu };
}

function stop(child: ChildProcess) {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function waitFor(url: string, headers: Record<string, string> = {}) {
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(url, { headers }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer 2xx within a minute (log: ${scratch})`);
}

async function startBare(body: string) {
  const file = join(scratch, 'weather.json');
  writeFileSync(file, body);
  const server = spawn(process.execPath, ['--import', 'tsx', 'bench/bare-http.ts', String(PORTS.bare), String(workers), file], {
    cwd: root,
    stdio: 'inherit',
  });
  cleanups.push(() => stop(server));
  await waitFor(`http://127.0.0.1:${PORTS.bare}/`);
  return { pid: server.pid! };
}

function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/hot-paths-load.ts', JSON.stringify(plan)],
      { cwd: root, maxBuffer: 1 << 20 },
      (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout.trim().split('\n').at(-1)!))),
    );
  });
}

interface Side {
  name: string;
  plan: LoadPlan;
  cpu: CpuSide;
}
interface Scenario {
  key: string;
  title: string;
  sides: Side[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main() {
  const stub = await startOpenWeatherStub();
  cleanups.push(() => stub.close());
  console.log(`preparing: reference and Kheti, ${workers} workers each, ${TENANTS} tenants × ${FIELDS_PER_TENANT} fields…`);
  const reference = await startReference();
  const kheti = await startKheti(stub.baseUrl);
  const khetiUrl = (path: string) => `http://127.0.0.1:${PORTS.kheti}${path}`;
  const weatherPath = `/v1/fields/${kheti.weatherFieldId}/weather`;
  const weather = await fetch(khetiUrl(weatherPath), { headers: kheti.headers });
  assert.equal(weather.status, 200);
  const bare = await startBare(await weather.text());

  // The PATCH pool: more records than connections, each with its current ETag.
  const records = await Promise.all(
    kheti.fieldIds.slice(0, connections * 2).map(async (id) => {
      const response = await fetch(khetiUrl(`/v1/fields/${id}`), { headers: kheti.headers });
      return { path: `/v1/fields/${id}`, etag: response.headers.get('etag')! };
    }),
  );
  const base = { connections, seconds };
  /** The same request against the baseline tree, when there is one. */
  const baseline = (plan: LoadPlan): Side[] =>
    baselineRoot
      ? [
          {
            name: 'kheti baseline',
            plan: { ...plan, url: plan.url.replace(`:${PORTS.kheti}/`, `:${PORTS.baseline}/`) },
            cpu: kheti.cpu.baseline!,
          },
        ]
      : [];
  const getId = kheti.fieldIds[1234 % FIELDS_PER_TENANT]!;
  const scenarios: Scenario[] = [
    {
      key: 'get',
      title: 'GET /v1/fields/{id}',
      sides: [
        {
          name: 'reference',
          cpu: reference.cpu,
          plan: { ...base, url: `http://127.0.0.1:${PORTS.reference}/v1/fields/${reference.fieldId}`, headers: reference.headers },
        },
        { name: 'kheti', plan: { ...base, url: khetiUrl(`/v1/fields/${getId}`), headers: kheti.headers }, cpu: kheti.cpu.kheti! },
      ],
    },
    {
      key: 'list',
      title: 'GET /v1/fields?limit=50',
      sides: [
        {
          name: 'reference',
          plan: { ...base, url: `http://127.0.0.1:${PORTS.reference}/v1/fields?limit=50`, headers: reference.headers },
          cpu: reference.cpu,
        },
        { name: 'kheti', plan: { ...base, url: khetiUrl('/v1/fields?limit=50'), headers: kheti.headers }, cpu: kheti.cpu.kheti! },
      ],
    },
    {
      key: 'patch',
      title: 'PATCH /v1/fields/{id} with If-Match',
      sides: [
        {
          name: 'kheti',
          plan: { ...base, url: khetiUrl('/v1/fields'), headers: kheti.headers, patch: { records } },
          cpu: kheti.cpu.kheti!,
        },
      ],
    },
    {
      key: 'weather',
      title: 'GET /v1/fields/{id}/weather, warm cache',
      sides: [
        { name: 'bare node:http', plan: { ...base, url: `http://127.0.0.1:${PORTS.bare}${weatherPath}`, headers: {} }, cpu: bare },
        { name: 'kheti', plan: { ...base, url: khetiUrl(weatherPath), headers: kheti.headers }, cpu: kheti.cpu.kheti! },
      ],
    },
  ]
    .filter((s) => !only || only.includes(s.key))
    .map((s) => ({ ...s, sides: [...s.sides, ...baseline(s.sides.find((side) => side.name === 'kheti')!.plan)] }));

  const results = new Map<string, Measured[]>();
  for (const scenario of scenarios) {
    // Warm-up: JIT, pools, caches, 3 s per side, not counted.
    for (const side of scenario.sides) {
      const plan = { ...side.plan, seconds: 3 };
      if (plan.patch) plan.patch = { records: await currentEtags(plan.patch.records, kheti.headers, khetiUrl) };
      await runLoad(plan);
    }
  }
  for (let run = 0; run < runs; run++) {
    for (const scenario of scenarios) {
      // Alternate which side goes first, so neither always follows the other's load.
      const sides = run % 2 === 0 ? scenario.sides : [...scenario.sides].reverse();
      for (const side of sides) {
        const plan = side.plan.patch
          ? { ...side.plan, patch: { records: await currentEtags(records, kheti.headers, khetiUrl) } }
          : side.plan;
        const measured = await measureCpu(side.cpu, testServices.postgresAdminUrl, () => runLoad(plan));
        const result: Measured = {
          ...measured.result,
          serverCpuUs: (measured.serverMs * 1000) / Math.max(1, measured.result.ok),
          databaseCpuUs: (measured.databaseMs * 1000) / Math.max(1, measured.result.ok),
        };
        const key = `${scenario.key}:${side.name}`;
        results.set(key, [...(results.get(key) ?? []), result]);
        console.log(
          `run ${run + 1} ${scenario.title.padEnd(44)} ${side.name.padEnd(14)} ${result.perSecond.toFixed(0).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  (2xx ${result.ok}, other ${result.other}, errors ${result.errors}; CPU per 2xx: server ${result.serverCpuUs.toFixed(0)} µs, database ${result.databaseCpuUs.toFixed(0)} µs)`,
        );
      }
    }
  }

  console.log(`\nmedians of ${runs} runs, ${seconds} s each, ${connections} connections, ${workers} workers each, node ${process.version}`);
  console.log('| scenario | side | req/s (2xx) | p50 ms | p99 ms | CPU µs per 2xx: server + database | Kheti ÷ other |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const scenario of scenarios) {
    const medians = scenario.sides.map((side) => {
      const list = results.get(`${scenario.key}:${side.name}`)!;
      return {
        side: side.name,
        rps: median(list.map((r) => r.perSecond)),
        p50: median(list.map((r) => r.p50Ms)),
        p99: median(list.map((r) => r.p99Ms)),
        server: median(list.map((r) => r.serverCpuUs)),
        database: median(list.map((r) => r.databaseCpuUs)),
      };
    });
    const mine = medians.find((m) => m.side === 'kheti')!;
    const ratio = (other: (typeof medians)[number]) =>
      `${(mine.rps / other.rps).toFixed(2)}× req/s, ${(mine.p99 / other.p99).toFixed(2)}× p99 vs ${other.side}`;
    for (const m of medians) {
      const vs =
        m === mine
          ? medians
              .filter((other) => other !== mine)
              .map(ratio)
              .join('; ')
          : '';
      const cpu = `${m.server.toFixed(0)} + ${m.database.toFixed(0)}`;
      console.log(`| ${scenario.title} | ${m.side} | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${cpu} | ${vs} |`);
    }
  }
}

/** The ETags now current (an earlier run edited the records). */
async function currentEtags(records: { path: string; etag: string }[], headers: Record<string, string>, url: (path: string) => string) {
  return Promise.all(
    records.map(async (record) => ({ path: record.path, etag: (await fetch(url(record.path), { headers })).headers.get('etag')! })),
  );
}

try {
  await main();
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((error) => console.error('cleanup:', error));
  rmSync(scratch, { recursive: true, force: true });
}
