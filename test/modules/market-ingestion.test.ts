import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config.js';
import {
  createDataGovInClient,
  createMarketPriceSource,
  createSampleSource,
  DataGovInError,
  pageThrough,
} from '../../src/integrations/datagovin/index.js';
import type { Db } from '../../src/infra/db/index.js';
import { ingestMarketPrices, seedMarketPrices } from '../../src/modules/markets/ingestion.js';
import { registerMarketPriceIngestion } from '../../src/modules/markets/ingestion-jobs.js';
import { parseArrivalDate, parsePrice, validateRecord } from '../../src/modules/markets/validate-record.js';
import { asPrincipal, buildTestApp, type TestApp } from '../support/app.js';
import { storageModes } from '../support/storage-modes.js';
import { generateRecords, startDataGovInStub, STUB_API_KEY, type DataGovInStub } from '../stubs/datagovin.js';

/**
 * Agmarknet prices from data.gov.in: paging through 10 000 records against a loopback stub, with a
 * 500 and a timeout mid-run, every valid record stored once, every invalid one reported with its
 * reason, a second run that changes nothing; monthly partitions; the admin endpoint and its job;
 * who may start it and who may read the data; the offline twin of real records; and the reference
 * files that feed the catalogue.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** JSON with keys in order, so a record compares equal however it was stored (jsonb sorts keys). */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );

const fastClient = (stub: DataGovInStub, overrides: Partial<Parameters<typeof createDataGovInClient>[0]> = {}) =>
  createDataGovInClient({
    baseUrl: stub.baseUrl,
    apiKey: STUB_API_KEY,
    resourceId: stub.resourceId,
    timeoutMs: 5000,
    retries: 3,
    backoffMs: 10,
    ...overrides,
  });

async function storedKeys(db: Db, source = 'agmarknet') {
  return db.platform(async (tx) => {
    const { rows } = await tx.query<{ key: string }>(
      `SELECT m.name || '|' || p.agmarknet_commodity || '|' || p.variety || '|' || p.grade || '|' || p.arrival_date::text AS key
       FROM market_prices p JOIN markets m ON m.id = p.market_id WHERE p.source = $1`,
      [source],
    );
    return rows.map((r) => r.key);
  });
}

async function partitionsOf(db: Db) {
  return db.platform(async (tx) => {
    const { rows } = await tx.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'market_prices'::regclass ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  });
}

describe('validateRecord: one record judged on its own', () => {
  const known = (name: string) => (name.toLowerCase().replace(/\s+/g, '') === 'wheat' ? 'wheat' : undefined);
  const good = {
    state: 'Madhya Pradesh',
    district: 'Indore',
    market: 'Gautampura',
    commodity: 'Wheat',
    variety: 'Wheat',
    grade: 'FAQ',
    arrival_date: '05/04/2025',
    min_price: '2412',
    max_price: '2425',
    modal_price: '2425',
  };
  const reason = (changes: Record<string, unknown>) => {
    const verdict = validateRecord({ ...good, ...changes }, known);
    return verdict.ok ? 'ok' : verdict.reason;
  };

  it('keeps a valid record, prices as strings or numbers, names cleaned', () => {
    const verdict = validateRecord(
      { ...good, market: '  Gautampura   Mandi ', min_price: 2412, max_price: '2,425', commodity: ' WHEAT' },
      known,
    );
    assert.ok(verdict.ok);
    assert.deepEqual(verdict.price, {
      state: 'Madhya Pradesh',
      district: 'Indore',
      market: 'Gautampura Mandi',
      commodity: 'wheat',
      agmarknetCommodity: 'WHEAT',
      variety: 'Wheat',
      grade: 'FAQ',
      arrivalDate: '2025-04-05',
      minPrice: '2412.00',
      maxPrice: '2425.00',
      modalPrice: '2425.00',
    });
  });

  it('names the reason of every kind of bad record', () => {
    assert.equal(reason({ min_price: '2500', max_price: '2400', modal_price: '2450' }), 'min_gt_max');
    assert.equal(reason({ modal_price: '2600' }), 'modal_out_of_range');
    assert.equal(reason({ modal_price: '2000' }), 'modal_out_of_range');
    assert.equal(reason({ max_price: 'NR' }), 'non_numeric_price');
    assert.equal(reason({ max_price: 'NaN' }), 'non_numeric_price');
    assert.equal(reason({ max_price: Number.NaN }), 'non_numeric_price');
    assert.equal(reason({ max_price: true }), 'non_numeric_price');
    assert.equal(reason({ min_price: '0', max_price: '0', modal_price: '3000' }), 'non_positive_price');
    assert.equal(reason({ min_price: '-5' }), 'non_positive_price');
    assert.equal(reason({ arrival_date: '31/02/2025' }), 'bad_date');
    assert.equal(reason({ arrival_date: '2025-04-05' }), 'bad_date');
    assert.equal(reason({ arrival_date: '05/04/1899' }), 'bad_date');
    assert.equal(reason({ commodity: 'Dragon Fruit' }), 'unknown_commodity');
    assert.equal(reason({ market: undefined }), 'missing_field');
    assert.equal(reason({ state: '  ' }), 'missing_field');
    assert.equal(reason({ grade: null }), 'missing_field');
    assert.equal(reason({ modal_price: '' }), 'missing_field');
    assert.equal(validateRecord('a string', known).ok, false);
    assert.equal(reason({ variety: '' }), 'ok', 'an empty variety is a variety');
  });

  it('parses dd/mm/yyyy dates and plain decimal prices only', () => {
    assert.equal(parseArrivalDate('5/4/2025'), '2025-04-05');
    assert.equal(parseArrivalDate('29/02/2024'), '2024-02-29');
    assert.equal(parseArrivalDate('29/02/2025'), null);
    assert.equal(parsePrice('733.7'), 733.7);
    assert.equal(parsePrice(' 1,200 '), 1200);
    assert.equal(parsePrice('1e3'), null);
    assert.equal(parsePrice(Infinity), null);
  });
});

describe('data.gov.in client (loopback stub)', () => {
  let stub: DataGovInStub;
  before(async () => {
    stub = await startDataGovInStub(generateRecords(30).records);
  });
  after(() => stub.close());

  it('answers 403 without the api-key, and the client fails at once without showing the key', async () => {
    const response = await fetch(`${stub.baseUrl}/resource/${stub.resourceId}?format=json`);
    assert.equal(response.status, 403);
    const client = createDataGovInClient({
      baseUrl: stub.baseUrl,
      apiKey: 'wrongkey0000000000000000',
      resourceId: stub.resourceId,
      backoffMs: 1,
    });
    const before = stub.requestCount();
    const error = await client.page({ offset: 0, limit: 10 }).then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(error instanceof DataGovInError);
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.retryable, false);
    assert.doesNotMatch(error.message, /wrongkey/);
    assert.equal(stub.requestCount() - before, 1, 'a refused key is not retried');
  });

  it('sends format, offset, limit and filters; retries a 500 and a timeout, then gives up after its retries', async () => {
    const client = fastClient(stub, { timeoutMs: 200 });
    const page = await client.page({ offset: 10, limit: 5, filters: { 'state.keyword': 'Punjab', commodity: 'Wheat' } });
    const last = stub.requests.at(-1)!.url.searchParams;
    assert.equal(last.get('format'), 'json');
    assert.equal(last.get('offset'), '10');
    assert.equal(last.get('limit'), '5');
    assert.equal(last.get('filters[state.keyword]'), 'Punjab');
    assert.ok(stub.requests.at(-1)!.authorised);
    assert.equal(page.offset, 10);

    stub.failOnce(20, 500);
    stub.delayOnce(25, 1000);
    assert.equal((await client.page({ offset: 20, limit: 5 })).records.length, 5);
    assert.equal((await client.page({ offset: 25, limit: 5 })).records.length, 5);
    assert.equal(stub.requestsAt(20), 2);
    assert.equal(stub.requestsAt(25), 2);

    const impatient = fastClient(stub, { retries: 1 });
    stub.failOnce(0, 503);
    const failing = createDataGovInClient({
      baseUrl: stub.baseUrl,
      apiKey: STUB_API_KEY,
      resourceId: stub.resourceId,
      retries: 0,
      backoffMs: 1,
    });
    await assert.rejects(
      failing.page({ offset: 0, limit: 5 }),
      (e: DataGovInError) => e.kind === 'upstream_status' && e.status === 503 && e.retryable,
    );
    assert.equal((await impatient.page({ offset: 0, limit: 5 })).records.length, 5);
  });

  it('pages with bounded concurrency and stops at the 10 000-record window', async () => {
    const big = await startDataGovInStub(generateRecords(10_450).records);
    try {
      let inFlight = 0;
      let most = 0;
      const client = fastClient(big);
      const counting = {
        name: client.name,
        page: async (...args: Parameters<typeof client.page>) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          try {
            return await client.page(...args);
          } finally {
            inFlight -= 1;
          }
        },
      };
      const offsets: number[] = [];
      const result = await pageThrough(counting, {
        pageSize: 1000,
        concurrency: 3,
        onPage: async (_records, offset) => void offsets.push(offset),
      });
      assert.equal(result.total, 10_450);
      assert.equal(result.fetched, 10_000);
      assert.equal(result.unreachable, 450);
      assert.equal(result.pages, 10);
      assert.deepEqual(
        offsets.sort((a, b) => a - b),
        [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000],
      );
      assert.ok(most <= 3 && most >= 2, `at most 3 pages in flight (saw ${most})`);
    } finally {
      await big.close();
    }
  });
});

for (const mode of storageModes) {
  describe(`market price ingestion (${mode.name})`, () => {
    let t: TestApp;
    let stub: DataGovInStub;
    const generated = generateRecords(10_000);
    const expectedValid = generated.validKeys.size;
    const expectedReasons: Record<string, number> = {};
    for (const reason of generated.invalid.values()) expectedReasons[reason] = (expectedReasons[reason] ?? 0) + 1;
    let firstRun: Awaited<ReturnType<typeof ingestMarketPrices>>;

    before(async () => {
      stub = await startDataGovInStub(generated.records);
      t = await buildTestApp(mode, { env: { DATA_GOV_IN_BASE_URL: stub.baseUrl, DATA_GOV_IN_API_KEY: STUB_API_KEY } });
    });
    after(async () => {
      await t?.close();
      await stub?.close();
    });

    it('pages through 10 000 records, stores each valid one once and reports every invalid one, through a 500 and a timeout', async () => {
      stub.failOnce(3000, 500);
      stub.delayOnce(6000, 6000);
      const retries: number[] = [];
      // A timeout long enough that only the delayed page meets it, however busy the machine.
      const source = fastClient(stub, { timeoutMs: 2000, onRetry: ({ offset }) => void retries.push(offset) });
      firstRun = await ingestMarketPrices(t.app.resources.db, source, { kind: 'manual', pageSize: 1000, concurrency: 3 });

      assert.equal(firstRun.source, 'agmarknet');
      assert.equal(firstRun.fetched, 10_000);
      assert.equal(firstRun.pages, 10);
      assert.equal(firstRun.inserted, expectedValid);
      assert.equal(firstRun.updated, 0);
      assert.equal(firstRun.unchanged, 0);
      assert.equal(firstRun.rejected, generated.invalid.size);
      assert.deepEqual(firstRun.rejectedReasons, expectedReasons);
      assert.deepEqual(firstRun.unknownCommodities, { 'Dragon Fruit': expectedReasons.unknown_commodity });
      assert.equal(firstRun.unreachable, 0);
      assert.ok(retries.includes(3000) && retries.includes(6000), `the 500 and the timeout were retried (${retries.join(', ')})`);
      assert.ok(stub.requestsAt(3000) >= 2);
      assert.ok(stub.requestsAt(6000) >= 2);
      assert.ok(stub.requests.every((r) => r.authorised));

      const keys = await storedKeys(t.app.resources.db);
      assert.equal(keys.length, expectedValid);
      assert.deepEqual(new Set(keys), generated.validKeys);

      const { db } = t.app.resources;
      const rejections = await db.platform((tx) =>
        tx.query<{ reason: string; record: unknown }>('SELECT reason, record FROM ingestion_rejections WHERE run_id = $1', [
          firstRun.runId,
        ]),
      );
      const expected = [...generated.invalid].map(([i, reason]) => `${reason} ${canonical(generated.records[i])}`).sort();
      assert.deepEqual(rejections.rows.map((r) => `${r.reason} ${canonical(r.record)}`).sort(), expected);

      const run = await db.platform((tx) =>
        tx.query<Record<string, unknown>>('SELECT * FROM ingestion_runs WHERE id = $1', [firstRun.runId]),
      );
      assert.equal(run.rows[0]!.status, 'succeeded');
      assert.equal(run.rows[0]!.inserted, expectedValid);
      assert.equal(run.rows[0]!.rejected, generated.invalid.size);
      assert.deepEqual(run.rows[0]!.rejected_reasons, expectedReasons);
      assert.ok(run.rows[0]!.finished_at);
    });

    it('a second run inserts nothing and updates nothing; a changed price is exactly one update', async () => {
      const again = await ingestMarketPrices(t.app.resources.db, fastClient(stub), { kind: 'manual', concurrency: 4 });
      assert.equal(again.inserted, 0);
      assert.equal(again.updated, 0);
      assert.equal(again.unchanged, expectedValid);
      assert.deepEqual(again.rejectedReasons, expectedReasons);
      assert.equal((await storedKeys(t.app.resources.db)).length, expectedValid);

      const changed = generated.records.map((r) => ({ ...r }));
      changed[0]!.modal_price = Number(changed[0]!.modal_price) + 1;
      stub.setRecords(changed);
      try {
        const third = await ingestMarketPrices(t.app.resources.db, fastClient(stub), { kind: 'manual' });
        assert.deepEqual([third.inserted, third.updated, third.unchanged], [0, 1, expectedValid - 1]);
        const version = await t.app.resources.db.platform((tx) =>
          tx.query<{ version: number }>(
            `SELECT p.version FROM market_prices p JOIN markets m ON m.id = p.market_id WHERE m.name = 'Mandi 0' AND p.arrival_date = '2025-01-05' AND p.agmarknet_commodity = 'Wheat'`,
          ),
        );
        assert.equal(version.rows[0]!.version, 2);
      } finally {
        stub.setRecords(generated.records);
      }
    });

    it('keeps prices in monthly partitions made on demand; a row of a month without one waits in the default partition', async () => {
      const { db } = t.app.resources;
      const months = [...generated.months].map((m) => `market_prices_${m}`).sort();
      assert.deepEqual(firstRun.partitions, months);
      const partitions = await partitionsOf(db);
      for (const month of months) assert.ok(partitions.includes(month), `${month} exists`);
      assert.ok(partitions.includes('market_prices_default'));
      const perPartition = await db.platform((tx) =>
        tx.query<{ partition: string; n: number }>(
          `SELECT tableoid::regclass::text AS partition, count(*)::integer AS n FROM market_prices WHERE source = 'agmarknet' GROUP BY 1`,
        ),
      );
      assert.equal(
        perPartition.rows.reduce((sum, r) => sum + r.n, 0),
        expectedValid,
      );
      assert.ok(
        perPartition.rows.every((r) => months.includes(r.partition)),
        'every row sits in its month',
      );

      // A row written without the ingestion (here: straight into the table) lands in the default
      // partition, and moves into its month when that month's partition is made.
      const marketId = await db.platform(async (tx) => {
        const { rows } = await tx.query<{ id: string }>(`SELECT id FROM markets WHERE name = 'Mandi 1'`);
        await tx.query(
          `INSERT INTO market_prices (market_id, commodity, variety, grade, arrival_date, state, district, agmarknet_commodity,
             min_price_inr_per_quintal, max_price_inr_per_quintal, modal_price_inr_per_quintal, source, ingestion_run_id, fetched_at)
           VALUES ($1, 'wheat', 'Other', 'FAQ', '2031-07-09', 'Maharashtra', 'Nashik', 'Wheat', 2400, 2500, 2450, 'agmarknet', $2, now())`,
          [rows[0]!.id, uuidv7()],
        );
        return rows[0]!.id;
      });
      const where = async () =>
        (
          await db.platform((tx) =>
            tx.query<{ p: string }>(
              `SELECT tableoid::regclass::text AS p FROM market_prices WHERE market_id = $1 AND arrival_date = '2031-07-09'`,
              [marketId],
            ),
          )
        ).rows[0]!.p;
      assert.equal(await where(), 'market_prices_default');
      await db.platform((tx) => tx.query(`SELECT market_prices_partition('2031-07-20')`));
      assert.equal(await where(), 'market_prices_2031_07');
      await db.platform((tx) => tx.query(`SELECT market_prices_partition('2031-07-01')`)); // again: nothing to do
      await t.app.resources.db.transaction((tx) => tx.query(`DELETE FROM market_prices WHERE arrival_date = '2031-07-09'`));
    });

    it('fetches one arrival day per query for a backfill, and splits a query too big for the window by state', async () => {
      const { db } = t.app.resources;
      const dayRecords = generated.records.filter((r) => r.arrival_date === '04/02/2025');
      const from = stub.requestCount();
      const backfill = await ingestMarketPrices(db, fastClient(stub), { kind: 'backfill', from: '2025-02-04', to: '2025-02-05' });
      assert.equal(backfill.fetched, dayRecords.length);
      assert.equal(backfill.inserted + backfill.updated, 0);
      const dates = new Set(stub.requests.slice(from).map((r) => r.url.searchParams.get('filters[arrival_date]')));
      assert.deepEqual([...dates].sort(), ['04/02/2025', '05/02/2025']);

      const small = await startDataGovInStub(generateRecords(300).records);
      try {
        const states = ['Madhya Pradesh', 'Maharashtra', 'Punjab', 'Gujarat', 'Uttar Pradesh'];
        const split = await ingestMarketPrices(db, fastClient(small), { kind: 'manual', pageSize: 50, window: 100, splitStates: states });
        assert.equal(split.fetched, 300);
        assert.equal(split.unreachable, 0);
        assert.ok(small.requests.some((r) => r.url.searchParams.get('filters[state.keyword]') === 'Punjab'));
        const partial = await ingestMarketPrices(db, fastClient(small), {
          kind: 'manual',
          pageSize: 50,
          window: 100,
          splitStates: states.slice(1),
        });
        assert.equal(partial.fetched, 240);
        assert.equal(partial.unreachable, 60, 'a state the split does not name is counted as unreachable');

        small.setStateKeyword(false);
        const before = small.requestCount();
        const punjab = await ingestMarketPrices(db, fastClient(small), { kind: 'backfill', state: 'Punjab', pageSize: 50 });
        assert.equal(punjab.fetched, 60, 'without state.keyword the state filter falls back to state');
        assert.ok(small.requests.slice(before).some((r) => r.url.searchParams.get('filters[state]') === 'Punjab'));
      } finally {
        await small.close();
      }
    });

    it('POST /v1/admin/ingestions/market-prices answers 202 with the job, whose result has the counts', async () => {
      const admin = asPrincipal({ tenantId: null, role: 'platform_admin' });
      stub.setRecords(generated.records.slice(0, 40));
      try {
        await registerMarketPriceIngestion(t.app.resources, t.app.outside);
        await t.app.resources.queue.start();
        const response = await t.app.inject({ method: 'POST', url: '/v1/admin/ingestions/market-prices', headers: admin });
        assert.equal(response.statusCode, 202, response.body);
        const job = response.json();
        assert.equal(job.type, 'markets.ingest-prices');
        assert.equal(response.headers.location, `/v1/jobs/${job.id}`);

        let status: { status: string; result?: Record<string, unknown>; error?: string } = { status: 'queued' };
        for (let i = 0; i < 300 && (status.status === 'queued' || status.status === 'running'); i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          const polled = await t.app.inject({ method: 'GET', url: `/v1/jobs/${job.id}`, headers: admin });
          assert.equal(polled.statusCode, 200, polled.body);
          status = polled.json();
        }
        assert.equal(status.status, 'succeeded', status.error);
        const result = status.result!;
        assert.equal(result.source, 'agmarknet');
        assert.equal(result.fetched, 40);
        assert.equal(result.rejected, 4);
        assert.equal(Number(result.inserted) + Number(result.updated) + Number(result.unchanged) + Number(result.rejected), 40);
        assert.equal(result.unchanged, 36, 'the first run stored them already');
        assert.deepEqual(Object.keys(result.rejectedReasons as object).sort(), [
          'bad_date',
          'min_gt_max',
          'modal_out_of_range',
          'non_numeric_price',
        ]);
        const run = await t.app.resources.db.platform((tx) =>
          tx.query<{ job_id: string; kind: string }>('SELECT job_id, kind FROM ingestion_runs WHERE id = $1', [result.runId]),
        );
        assert.deepEqual(run.rows[0], { job_id: job.id, kind: 'manual' });

        const again = await t.app.inject({
          method: 'POST',
          url: '/v1/admin/ingestions/market-prices',
          headers: asPrincipal({ tenantId: uuidv7(), role: 'platform_admin' }),
        });
        assert.equal(again.statusCode, 202);
        assert.notEqual(again.json().id, job.id, 'once a run has finished, asking again starts another');
      } finally {
        stub.setRecords(generated.records);
      }
    });

    it('refuses everyone else with 403, a tenant_admin too: the prices are every tenant’s', async () => {
      for (const role of ['tenant_admin', 'agronomist', 'farmer', 'viewer', 'user'] as Role[]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/v1/admin/ingestions/market-prices',
          headers: asPrincipal({ tenantId: role === 'user' ? null : uuidv7(), role }),
        });
        assert.equal(response.statusCode, 403, role);
        assert.match(String(response.headers['content-type']), /problem\+json/);
      }
      assert.equal((await t.app.inject({ method: 'POST', url: '/v1/admin/ingestions/market-prices' })).statusCode, 401);
    });

    it('price reference data is readable in every tenant and written only by the platform', async () => {
      const { db } = t.app.resources;
      const counts = await Promise.all(
        [uuidv7(), uuidv7()].map((tenantId) =>
          db.tenant(
            tenantId,
            async (tx) => {
              const prices = await tx.query<{ n: number }>(`SELECT count(*)::integer AS n FROM market_prices WHERE source = 'agmarknet'`);
              const other = await tx.query<{ n: number }>(
                'SELECT (SELECT count(*) FROM markets)::integer + (SELECT count(*) FROM commodities)::integer AS n',
              );
              return [prices.rows[0]!.n, other.rows[0]!.n];
            },
            { readOnly: true },
          ),
        ),
      );
      assert.ok(counts[0]![0]! >= expectedValid);
      assert.deepEqual(counts[0], counts[1], 'every tenant sees the same reference data');
      await assert.rejects(
        db.tenant(uuidv7(), (tx) => tx.query(`UPDATE market_prices SET grade = 'x' WHERE false`)),
        /permission denied/,
      );
      await assert.rejects(
        db.tenant(uuidv7(), (tx) => tx.query(`INSERT INTO markets (id, state, district, name) VALUES ($1, 'a', 'b', 'c')`, [uuidv7()])),
        /permission denied/,
      );
      await assert.rejects(
        db.tenant(uuidv7(), (tx) => tx.query('SELECT count(*) FROM ingestion_runs')),
        /permission denied/,
      );
    });

    it('without an API key reads the bundled real records: stored once, refused ones reported, a rerun changes nothing', async () => {
      const { db } = t.app.resources;
      const { marketPrices } = loadConfig({ DATA_GOV_IN_BASE_URL: 'http://127.0.0.1:9', AGMARKNET_RESOURCE_ID: stub.resourceId });
      const source = createMarketPriceSource(marketPrices);
      assert.equal(source.name, 'agmarknet-sample');
      const seeded = await seedMarketPrices(db);
      assert.equal(seeded.source, 'agmarknet-sample');
      assert.equal(seeded.fetched, 161);
      // Every commodity of the sample is in the catalogue, the eight once refused as unknown too
      // (arecanut, arhar dal, cabbage, coriander seed, dry chillies, guar, pomegranate, taramira).
      assert.deepEqual(seeded.rejectedReasons, { non_positive_price: 2 });
      assert.deepEqual(seeded.unknownCommodities, {});
      assert.equal(seeded.inserted, 159);
      assert.deepEqual(seeded.partitions, ['market_prices_2025_04', 'market_prices_2025_10']);
      const again = await ingestMarketPrices(db, source, { kind: 'scheduled' });
      assert.deepEqual([again.inserted, again.updated, again.unchanged], [0, 0, 159]);

      const wheat = await db.platform((tx) =>
        tx.query<Record<string, string>>(
          `SELECT m.state, m.district, m.name, p.commodity, p.variety, p.arrival_date::text AS day, p.min_price_inr_per_quintal::text AS min,
           p.modal_price_inr_per_quintal::text AS modal, p.max_price_inr_per_quintal::text AS max, m.lat
         FROM market_prices p JOIN markets m ON m.id = p.market_id WHERE m.name = 'Gautampura'`,
        ),
      );
      assert.deepEqual(wheat.rows, [
        {
          state: 'Madhya Pradesh',
          district: 'Indore',
          name: 'Gautampura',
          commodity: 'wheat',
          variety: 'Wheat',
          day: '2025-04-05',
          min: '2412.00',
          modal: '2425.00',
          max: '2425.00',
          lat: null,
        },
      ]);
      const trimmed = await db.platform((tx) => tx.query(`SELECT 1 FROM markets WHERE name = 'Modasar'`));
      assert.equal(trimmed.rowCount, 1, 'a market name with trailing spaces is stored trimmed');
      const filtered = await createSampleSource().page({
        offset: 0,
        limit: 100,
        filters: { 'state.keyword': 'Tripura', arrival_date: '25/10/2025' },
      });
      assert.equal(filtered.total, 1);
    });
  });
}

describe('reference files of the market data', () => {
  it('src/integrations/datagovin/sample-data.ts is what scripts/agmarknet-sample-ts.mjs makes of the CSV', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/agmarknet-sample-ts.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('the newest migration that loads the catalogue holds exactly what scripts/commodities-sql.mjs prints for the CSVs', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/commodities-sql.mjs')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const newest = readdirSync(join(ROOT, 'migrations'))
      .filter((name) => name.endsWith('.sql'))
      .sort()
      .filter((name) => readFileSync(join(ROOT, 'migrations', name), 'utf8').includes('-- Generated by scripts/commodities-sql.mjs'))
      .at(-1)!;
    assert.equal(newest, '0018_commodity_catalogue_agmarknet.sql');
    const migration = readFileSync(join(ROOT, 'migrations', newest), 'utf8');
    assert.equal(migration.slice(migration.indexOf('-- Generated by scripts/commodities-sql.mjs')), result.stdout);
  });

  it('every commodity of the catalogue is an Agmarknet name away, and every catalogue crop is a commodity', () => {
    const crops = readFileSync(join(ROOT, 'reference/crops.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]!);
    const commodities = readFileSync(join(ROOT, 'reference/commodities.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]!);
    const mapped = new Set(
      readFileSync(join(ROOT, 'reference/agmarknet-commodities.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => /,([a-z_]+),[A-Z]/.exec(l)![1]),
    );
    for (const crop of crops) assert.ok(commodities.includes(crop), `${crop} is a commodity`);
    for (const code of commodities) assert.ok(mapped.has(code), `${code} has an Agmarknet name`);
  });
});
