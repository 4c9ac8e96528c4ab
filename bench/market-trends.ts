/**
 * The 90-day trend of one commodity (GET /v1/market-prices/trends?commodity=wheat&days=90) over
 * 5 million stored prices in PostgreSQL: p50 and p99, warm and cold, side by side with the
 * alternatives the chosen index replaced.
 *
 *   node --import tsx bench/market-trends.ts [rows=5000000] [warmRuns=300] [coldRuns=100]
 *
 * The data: 3 000 markets and 29 commodities over 730 days (2024-01-01 … 2025-12-30), about
 * 6 850 prices a day, generated in SQL with generate_series into the monthly partitions of
 * migration 0009 with the indexes of 0009-0010 in place, then VACUUM ANALYZE (as autovacuum would
 * leave it). Wheat, the commodity measured, is reported by 685 markets a day (10 % of the rows), so
 * its trend aggregates ~123 000 prices (90 days shown and the 89 before them for the 90-day
 * average). The throwaway database is dropped at the end.
 *
 * Each variant is measured as the service runs it (priceTrend: every query of the endpoint, in
 * read-only platform transactions on the app's pool) and reports:
 * - warm: repeated calls on a warmed pool (plan and catalog caches warm, pages in shared buffers);
 * - cold: each call on a new connection (a new backend: empty catalog, relation and plan caches,
 *   which DISCARD ALL would also empty), the connection made before the clock starts. The OS page
 *   cache and PostgreSQL's shared buffers stay warm: clearing them needs a server restart and root.
 * There is no application cache of trends: the database answer is fast enough (see bench/README.md).
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { migrate, openDb, type Db } from '../src/infra/db/index.js';
import { createCache } from '../src/infra/cache/index.js';
import { createMetrics } from '../src/infra/metrics.js';
import { cachedPriceTrend, priceTrend } from '../src/modules/markets/index.js';
import { dailyTotals, listPrices } from '../src/modules/markets/price-repository.js';
import { createTestDatabase } from '../test/support/database.js';
import { testServices } from '../test/support/services.js';

const rows = Number(process.argv[2] ?? 5_000_000);
const warmRuns = Number(process.argv[3] ?? 300);
const coldRuns = Number(process.argv[4] ?? 100);

const DAYS = 730;
const FIRST_DAY = '2024-01-01';
const LAST_DAY = '2025-12-30';
const MARKETS = 3000;

/** Share of each day's prices, per commodity (onion, potato and tomato are Agmarknet's most reported). */
const SHARES: Record<string, number> = {
  onion: 12,
  potato: 12,
  tomato: 12,
  wheat: 10,
  paddy: 8,
  maize: 6,
  gram: 5,
  soybean: 5,
  rapeseed_mustard: 5,
  cotton: 4,
  bajra: 1.2,
  jowar: 1.2,
  tur_arhar: 1.2,
  moong: 1.2,
  urad: 1.2,
  groundnut: 1.2,
  barley: 1.1,
  masur_lentil: 1.1,
  rice: 1.1,
  paddy_basmati: 1.1,
  kabuli_chana: 1.1,
  sesamum: 1,
  sunflower_seed: 1,
  ragi: 1,
  nigerseed: 1,
  safflower: 1,
  jute: 1,
  copra: 1,
  sugarcane: 1,
};
/** A plausible price level per commodity (₹/quintal); only the volume matters to the benchmark. */
const BASE: Record<string, number> = { wheat: 2400, paddy: 2300, onion: 1800, potato: 1200, tomato: 1500, cotton: 7000, copra: 11000 };

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1)!, n: sorted.length };
};
const fmt = (s: ReturnType<typeof summary>) => `p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (max ${s.max.toFixed(1)}, n ${s.n})`;

async function load(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query('SET synchronous_commit = off');
    await client.query(`INSERT INTO markets (id, state, district, name)
      SELECT gen_random_uuid(), 'State ' || (i % 30), 'District ' || (i % 700), 'Mandi ' || i FROM generate_series(0, ${MARKETS - 1}) i`);
    await client.query(`CREATE TEMP TABLE idx AS SELECT (row_number() OVER (ORDER BY id)) - 1 AS i, id, state, district FROM markets`);
    await client.query('CREATE INDEX ON idx (i)');
    for (let d = new Date(`${FIRST_DAY}T00:00:00Z`); d <= new Date(`${LAST_DAY}T00:00:00Z`); d.setUTCMonth(d.getUTCMonth() + 1)) {
      await client.query('SELECT market_prices_partition($1::date)', [d.toISOString().slice(0, 10)]);
    }
    const total = Object.values(SHARES).reduce((a, b) => a + b, 0);
    const perDay = rows / DAYS;
    const commodities = Object.entries(SHARES).map(([code, share], salt) => ({
      code,
      perDay: Math.min(MARKETS, Math.round((perDay * share) / total)),
      salt,
      base: BASE[code] ?? 4000,
    }));
    const started = performance.now();
    // Loading is faster without the indexes; they are built again, as the migrations define them, afterwards.
    const { rows: indexes } = await client.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'market_prices'
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'market_prices'::regclass)`,
    );
    const { rows: uniques } = await client.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'market_prices'::regclass AND contype = 'u'`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
    for (const unique of uniques) await client.query(`ALTER TABLE market_prices DROP CONSTRAINT ${unique.name}`);
    await client.query('SELECT setseed(0.42)');
    // One statement per month, rows in the order a daily ingestion writes them (day by day, every
    // commodity of a market together), so a commodity's rows are spread over every heap page of the
    // month as in production. A day's markets for one commodity are distinct: (j·7 + day·13 + salt)
    // mod 3000 for j < 3000.
    const column = <K extends keyof (typeof commodities)[number]>(key: K) => commodities.map((c) => c[key]);
    for (
      let month = new Date(`${FIRST_DAY}T00:00:00Z`);
      month <= new Date(`${LAST_DAY}T00:00:00Z`);
      month.setUTCMonth(month.getUTCMonth() + 1)
    ) {
      const first = month.toISOString().slice(0, 10);
      const next = new Date(month);
      next.setUTCMonth(next.getUTCMonth() + 1);
      const last = new Date(Math.min(next.getTime() - 86_400_000, Date.parse(`${LAST_DAY}T00:00:00Z`))).toISOString().slice(0, 10);
      await client.query(
        `INSERT INTO market_prices (market_id, commodity, variety, grade, arrival_date, state, district, agmarknet_commodity,
           min_price_inr_per_quintal, max_price_inr_per_quintal, modal_price_inr_per_quintal, source, ingestion_run_id, fetched_at)
         SELECT m.id, c.code, 'Other', 'FAQ', day, m.state, m.district, c.code, modal - 50, modal + 50, modal, 'agmarknet', run, now()
         FROM generate_series($1::date, $2::date, interval '1 day') AS day
         CROSS JOIN unnest($4::text[], $5::int[], $6::int[], $7::int[]) AS c (code, per_day, salt, base)
         CROSS JOIN LATERAL generate_series(0, c.per_day - 1) AS j
         JOIN idx m ON m.i = (j * 7 + (day::date - $3::date) * 13 + c.salt) % ${MARKETS}
         CROSS JOIN LATERAL (SELECT round((c.base * (1 + 0.1 * sin((day::date - $3::date) / 58.0)) + random() * 200)::numeric, 2) AS modal) p
         CROSS JOIN (SELECT gen_random_uuid() AS run) r
         ORDER BY day, m.i, c.code`,
        [first, last, FIRST_DAY, column('code'), column('perDay'), column('salt'), column('base')],
      );
    }
    const inserted = performance.now() - started;
    for (const unique of uniques) await client.query(`ALTER TABLE market_prices ADD CONSTRAINT ${unique.name} ${unique.def}`);
    // pg_indexes writes a partitioned index as `ON ONLY` the parent, which would build none of the partitions'.
    for (const index of indexes) await client.query(index.def.replace(' ON ONLY ', ' ON '));
    const loaded = performance.now() - started;
    console.log(`(inserted in ${(inserted / 1000).toFixed(1)} s, indexes built in ${((loaded - inserted) / 1000).toFixed(1)} s)`);
    const vacuumStart = performance.now();
    await client.query('VACUUM (ANALYZE) market_prices');
    await client.query('VACUUM (ANALYZE) markets');
    const { rows: count } = await client.query<{ n: string; wheat: string }>(
      "SELECT count(*) AS n, count(*) FILTER (WHERE commodity = 'wheat') AS wheat FROM market_prices",
    );
    const { rows: size } = await client.query<{ size: string }>(
      "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) AS size FROM pg_inherits WHERE inhparent = 'market_prices'::regclass",
    );
    return {
      loadedMs: loaded,
      vacuumMs: performance.now() - vacuumStart,
      rows: Number(count[0]!.n),
      wheat: Number(count[0]!.wheat),
      size: size[0]!.size,
    };
  } finally {
    await client.end();
  }
}

const trend = (db: Db) => priceTrend(db, { commodity: 'wheat', days: 90, to: LAST_DAY });

/** The naive way: every price of the ~180 days to the application, summed there. */
async function naiveTrend(db: Db) {
  return db.platform(
    async (tx) => {
      const { rows: prices } = await tx.query<{ arrival_date: string; modal: string }>(
        `SELECT p.arrival_date::text AS arrival_date, p.modal_price_inr_per_quintal AS modal, m.name
       FROM market_prices p JOIN markets m ON m.id = p.market_id
       WHERE p.commodity = 'wheat' AND p.arrival_date BETWEEN '2025-07-04' AND $1`,
        [LAST_DAY],
      );
      const byDay = new Map<string, { sum: number; count: number }>();
      for (const p of prices) {
        const day = byDay.get(p.arrival_date) ?? { sum: 0, count: 0 };
        day.sum += Number(p.modal);
        day.count += 1;
        byDay.set(p.arrival_date, day);
      }
      return byDay.size;
    },
    { readOnly: true },
  );
}

async function measure(label: string, url: string, run: (db: Db) => Promise<unknown>, options: { coldRuns?: number } = {}) {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, DATABASE_POOL_MAX: '4' });
  const db = await openDb(config);
  for (let i = 0; i < 20; i++) await run(db); // warm-up: pool, JIT, caches
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) {
    const t0 = performance.now();
    await run(db);
    warm.push(performance.now() - t0);
  }
  await db.close();
  const cold: number[] = [];
  const connect: number[] = [];
  for (let i = 0; i < (options.coldRuns ?? coldRuns); i++) {
    const fresh = await openDb({ ...config, database: { ...config.database, poolMax: 1 } });
    const c0 = performance.now();
    await fresh.platform((tx) => tx.query('SELECT 1')); // the connection, outside the clock
    connect.push(performance.now() - c0);
    const t0 = performance.now();
    await run(fresh);
    cold.push(performance.now() - t0);
    await fresh.close();
  }
  const result = {
    label,
    warm: summary(warm),
    cold: cold.length ? summary(cold) : null,
    connect: connect.length ? summary(connect) : null,
  };
  console.log(
    `${label}\n  warm: ${fmt(result.warm)}${
      result.cold && result.connect
        ? `\n  cold: ${fmt(result.cold)}   (connecting, not counted: p50 ${result.connect.p50.toFixed(1)} ms)`
        : ''
    }`,
  );
  return result;
}

async function plan(url: string, title: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: lines } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON)
       SELECT p.arrival_date::text AS date, sum(p.modal_price_inr_per_quintal)::float8 AS sum, count(*)::int AS count
       FROM market_prices p WHERE p.commodity = 'wheat' AND p.arrival_date >= '2025-07-04' AND p.arrival_date <= '${LAST_DAY}'
       GROUP BY p.arrival_date ORDER BY p.arrival_date`,
    );
    console.log(
      `  plan (${title}):\n${lines
        .map((l) => `    ${l['QUERY PLAN']}`)
        .filter((l) => /Scan|Aggregate|Execution|Heap Fetches|Buffers: shared hit=\d+ read|Buffers/.test(l))
        .slice(0, 12)
        .join('\n')}`,
    );
  } finally {
    await client.end();
  }
}

async function exec(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET maintenance_work_mem = '512MB'");
    const t0 = performance.now();
    await client.query(sql);
    return performance.now() - t0;
  } finally {
    await client.end();
  }
}

/** KHETI_BENCH_KEEP=1 keeps the loaded database (kheti_bench_market_trends) for the next run. */
async function keptDatabase(): Promise<{ url: string; drop: () => Promise<void>; fresh: boolean }> {
  const name = 'kheti_bench_market_trends';
  const admin = new pg.Client({ connectionString: testServices.postgresAdminUrl });
  await admin.connect();
  try {
    const { rows: found } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.length === 0) await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(testServices.postgresAdminUrl);
    url.pathname = `/${name}`;
    return { url: url.toString(), drop: async () => undefined, fresh: found.length === 0 };
  } finally {
    await admin.end();
  }
}

const keep = process.env.KHETI_BENCH_KEEP === '1';
const database = keep ? await keptDatabase() : { ...(await createTestDatabase()), fresh: true };
try {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.url });
  const db = await openDb(config);
  await migrate(db);
  await db.close();
  console.log(
    `Machine: ${os.cpus().length} vCPU (${os.cpus()[0]?.model}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`,
  );
  if (database.fresh) {
    const loaded = await load(database.url);
    console.log(
      `Loaded ${loaded.rows} prices (${loaded.wheat} wheat, ${loaded.size} with indexes) in ${(loaded.loadedMs / 1000).toFixed(1)} s; VACUUM ANALYZE ${(loaded.vacuumMs / 1000).toFixed(1)} s`,
    );
  } else {
    await exec(
      database.url,
      `DROP INDEX IF EXISTS market_prices_commodity_date_0009;
      CREATE INDEX IF NOT EXISTS market_prices_commodity_date ON market_prices (commodity, arrival_date) INCLUDE (modal_price_inr_per_quintal); ANALYZE market_prices`,
    );
    console.log('Reusing the loaded database kheti_bench_market_trends (KHETI_BENCH_KEEP=1)');
  }

  // The answer is the same whichever index serves it.
  const check = await openDb(loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url }));
  const answer = await trend(check);
  assert.equal(answer.points.length, 90);
  assert.ok(answer.points.every((p) => p.priceCount > 0 && p.ma90InrPerQuintal !== null));
  const totals = await check.platform((tx) => dailyTotals(tx, { commodity: 'wheat', from: '2025-07-04', to: LAST_DAY }));
  console.log(`The trend reads ${totals.reduce((n, t) => n + t.count, 0)} wheat prices over ${totals.length} days`);
  await check.close();

  const results = [];
  await plan(database.url, 'covering index (commodity, arrival_date) INCLUDE (modal)');
  results.push(await measure('chosen: index (commodity, arrival_date) INCLUDE (modal price), index-only scan', database.url, trend));
  results.push(await measure('naive: every price row to the application, summed there (same index)', database.url, naiveTrend));
  // The route as served: the same, through the trend cache in Redis (a hit after the first call).
  const cache = createCache(loadConfig({ NODE_ENV: 'test', REDIS_URL: testServices.redisUrl, DATABASE_URL: database.url }), {
    metrics: createMetrics(),
    keyPrefix: `bench-${process.pid}`,
  });
  results.push(
    await measure(
      'chosen + trend cache in Redis (warm: cache hits; cold: a miss is the row above)',
      database.url,
      (db) => cachedPriceTrend(db, cache, { commodity: 'wheat', days: 90, to: LAST_DAY }),
      { coldRuns: 0 },
    ),
  );
  await cache.close();

  // Not the target, but on the same data: the first page of GET /v1/market-prices (51 rows fetched).
  const page = (filters: Parameters<typeof listPrices>[1]) => (db: Db) =>
    db.platform((tx) => listPrices(tx, filters, { limit: 51 }), { readOnly: true });
  results.push(
    await measure('listing, first page, no filter (index on arrival_date, migration 0010)', database.url, page({}), { coldRuns: 20 }),
  );
  results.push(await measure('listing, first page, commodity=wheat', database.url, page({ commodity: 'wheat' }), { coldRuns: 20 }));

  const swap = await exec(
    database.url,
    `DROP INDEX market_prices_commodity_date;
    CREATE INDEX market_prices_commodity_date_0009 ON market_prices (commodity, arrival_date DESC); ANALYZE market_prices`,
  );
  console.log(`(replaced the index by 0009's (commodity, arrival_date DESC) in ${(swap / 1000).toFixed(1)} s)`);
  await plan(database.url, "0009's index (commodity, arrival_date DESC)");
  results.push(await measure("alternative: 0009's index (commodity, arrival_date DESC), heap fetches", database.url, trend));
  console.log(JSON.stringify(results));
} finally {
  await database.drop();
}
