import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../infra/db/index.js';
import {
  createSampleSource,
  pageThrough,
  DEFAULT_WINDOW,
  type Filters,
  type MarketPriceSource,
} from '../../integrations/datagovin/index.js';
import { agmarknetNames } from './commodity-repository.js';
import {
  finishRun,
  insertRejections,
  insertRun,
  pruneRejections,
  type Rejection,
  type RunCounts,
  type RunKind,
} from './ingestion-repository.js';
import { marketKey, upsertMarkets } from './market-repository.js';
import { ensurePartition, upsertPrices, type PriceToStore } from './price-repository.js';
import { commodityNameKey, validateRecord, type RejectionReason, type ValidPrice } from './validate-record.js';
import type { Cache } from '../../infra/cache/index.js';
import type { EventBus } from '../../infra/events/events.js';
import { afterPricesStored } from './price-alerts.js';

/**
 * Agmarknet mandi prices into `market_prices`: pages through the source, judges every record
 * (validate-record.ts), keeps the valid ones with one upsert per batch on (market, commodity,
 * variety, grade, date), and writes down the run with exact counts and every refused record with
 * its reason. Reruns and overlapping runs are harmless: a price already stored as it is stays
 * untouched and is counted `unchanged`. One bad record never fails the run; a page that cannot be
 * had after the source's retries does (the job is then retried whole, which repeats nothing).
 * Once the prices are stored, price-alerts.ts places new markets at their district's point, retires
 * cached trends if prices changed, and raises the price alerts the new prices cross.
 */

export interface IngestOptions {
  kind: RunKind;
  jobId?: string | null;
  /** Backfill: one query per arrival day from `from` to `to` (YYYY-MM-DD, both included). */
  from?: string;
  to?: string;
  /** Only this state (as Agmarknet writes it). */
  state?: string;
  pageSize?: number;
  concurrency?: number;
  /** See pageThrough; tests make it small. */
  window?: number;
  /** States to split a query by when it matches more records than the window reaches. */
  splitStates?: readonly string[];
  /** 0-100, as pages arrive. */
  onProgress?: (percent: number) => Promise<void> | void;
  signal?: AbortSignal;
  now?: () => Date;
  /** Where price alerts are announced (market.price_threshold); without it they are only stored. */
  events?: EventBus;
  /** The shared cache, whose cached trends a run that changes prices retires. */
  cache?: Cache;
}

export interface IngestResult extends RunCounts {
  runId: string;
  source: MarketPriceSource['name'];
  /** The month partitions the run wrote to (market_prices_YYYY_MM). */
  partitions: string[];
  /** Markets newly put at their district's point (market-places.ts). */
  marketsPlaced: number;
  /** Price alert rules crossed by the run's prices (price-alerts.ts). */
  priceAlerts: number;
}

/** How many prices one statement writes. */
const BATCH = 500;
/** Distinct unknown commodity names kept in a run's summary (the rejections table has them all). */
const UNKNOWN_NAMES_KEPT = 100;

/**
 * The states of India as Agmarknet writes them, for splitting a query that matches more records than
 * data.gov.in lets one query reach. Spellings seen in the resource's own downloads (reference/README.md,
 * DGI_CSV_*) are used where known ("Chattisgarh"); a spelling that matches nothing only shows up as
 * `unreachable` in the run, never as a wrong price.
 */
export const AGMARKNET_STATES = [
  'Andaman and Nicobar',
  'Andhra Pradesh',
  'Arunachal Pradesh',
  'Assam',
  'Bihar',
  'Chandigarh',
  'Chattisgarh',
  'Dadra and Nagar Haveli',
  'Daman and Diu',
  'Goa',
  'Gujarat',
  'Haryana',
  'Himachal Pradesh',
  'Jammu and Kashmir',
  'Jharkhand',
  'Karnataka',
  'Kerala',
  'Ladakh',
  'Madhya Pradesh',
  'Maharashtra',
  'Manipur',
  'Meghalaya',
  'Mizoram',
  'Nagaland',
  'NCT of Delhi',
  'Odisha',
  'Pondicherry',
  'Punjab',
  'Rajasthan',
  'Sikkim',
  'Tamil Nadu',
  'Telangana',
  'Tripura',
  'Uttar Pradesh',
  'Uttrakhand',
  'West Bengal',
] as const;

/** YYYY-MM-DD → dd/mm/yyyy, the form data.gov.in filters arrival dates by. */
export const agmarknetDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * Every calendar day from `from` to `to`, both included (YYYY-MM-DD), in order: the arrival days a
 * backfill asks for. Not lib/calendar's daysBetween, the difference of two days, which is one less
 * than this list's length.
 */
export function eachDayFromTo(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const emptyCounts = (): RunCounts => ({
  pages: 0,
  fetched: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  rejectedReasons: {},
  unknownCommodities: {},
  unreachable: 0,
});

export async function ingestMarketPrices(db: Db, source: MarketPriceSource, options: IngestOptions): Promise<IngestResult> {
  const runId = uuidv7();
  const now = options.now ?? (() => new Date());
  const base: Filters = options.state ? { 'state.keyword': options.state } : {};
  const queries: Filters[] =
    options.from && options.to
      ? eachDayFromTo(options.from, options.to).map((day) => ({ ...base, arrival_date: agmarknetDate(day) }))
      : [base];
  const parameters = { from: options.from ?? null, to: options.to ?? null, state: options.state ?? null };
  await db.platform((tx) =>
    insertRun(tx, { id: runId, jobId: options.jobId ?? null, kind: options.kind, source: source.name, parameters }),
  );

  const counts = emptyCounts();
  const partitions = new Set<string>();
  const ensuredMonths = new Set<string>();
  const storedDays = new Set<string>();
  const marketIds = new Map<string, string>();
  let rejectionNumber = 0;

  try {
    const names = new Map(
      (await db.platform((tx) => agmarknetNames(tx), { readOnly: true })).map((n) => [commodityNameKey(n.name), n.commodity]),
    );
    const commodityOf = (name: string) => names.get(commodityNameKey(name));

    const reject = (rejections: Rejection[], reason: RejectionReason, detail: string, record: unknown) => {
      counts.rejected += 1;
      counts.rejectedReasons[reason] = (counts.rejectedReasons[reason] ?? 0) + 1;
      if (reason === 'unknown_commodity') {
        const name = String((record as { commodity?: unknown }).commodity ?? '').trim();
        if (name in counts.unknownCommodities || Object.keys(counts.unknownCommodities).length < UNKNOWN_NAMES_KEPT) {
          counts.unknownCommodities[name] = (counts.unknownCommodities[name] ?? 0) + 1;
        }
      }
      rejections.push({ n: ++rejectionNumber, reason, detail, record });
    };

    const store = async (prices: ValidPrice[]) => {
      for (const p of prices) storedDays.add(p.arrivalDate);
      const months = [...new Set(prices.map((p) => p.arrivalDate.slice(0, 7)))].filter((m) => !ensuredMonths.has(m));
      for (const month of months) {
        partitions.add(await db.platform((tx) => ensurePartition(tx, `${month}-01`)));
        ensuredMonths.add(month);
      }
      const fetchedAt = now().toISOString();
      for (let i = 0; i < prices.length; i += BATCH) {
        const batch = prices.slice(i, i + BATCH);
        const result = await db.platform(async (tx) => {
          const missing = [
            ...new Map(
              batch
                .filter((p) => !marketIds.has(marketKey(p.state, p.district, p.market)))
                .map((p) => [
                  marketKey(p.state, p.district, p.market),
                  { id: uuidv7(), state: p.state, district: p.district, name: p.market },
                ]),
            ).values(),
          ];
          const added = await upsertMarkets(tx, missing);
          const rows: PriceToStore[] = batch.map((p) => {
            const key = marketKey(p.state, p.district, p.market);
            return { ...p, marketId: (marketIds.get(key) ?? added.get(key))! };
          });
          const written = await upsertPrices(tx, rows, { source: source.name, runId, fetchedAt });
          for (const [key, id] of added) marketIds.set(key, id);
          return written;
        });
        counts.inserted += result.inserted;
        counts.updated += result.updated;
        counts.unchanged += result.unchanged;
      }
    };

    const pageSize = options.pageSize ?? 1000;
    const window = options.window ?? DEFAULT_WINDOW;
    /**
     * Working clients filter states by the exact-match sub-field `state.keyword`; some use `state`.
     * When the first finds nothing, the second is asked before the state is taken to be empty.
     */
    const stateFilter = async (filters: Filters, keywordTotal?: number): Promise<Filters> => {
      const total = keywordTotal ?? (await source.page({ offset: 0, limit: 1, filters }, options.signal)).total;
      if (total > 0) return filters;
      const { 'state.keyword': state, ...rest } = filters;
      const plain = { ...rest, state };
      return (await source.page({ offset: 0, limit: 1, filters: plain }, options.signal)).total > 0 ? plain : filters;
    };
    for (const [index, filters] of queries.entries()) {
      // A key may come twice within a query (the source changing while it is paged); across
      // queries it cannot, since every query is another day or state.
      const seen = new Set<string>();
      let pagesDone = 0;
      let pagesExpected = 1;
      const onPage = async (records: unknown[]) => {
        const valid: ValidPrice[] = [];
        const rejections: Rejection[] = [];
        for (const record of records) {
          const verdict = validateRecord(record, commodityOf);
          if (!verdict.ok) {
            reject(rejections, verdict.reason, verdict.detail, record);
            continue;
          }
          const p = verdict.price;
          const key = [p.state, p.district, p.market, p.commodity, p.variety, p.grade, p.arrivalDate].join('\u0000');
          if (seen.has(key)) {
            reject(
              rejections,
              'duplicate_record',
              'an earlier record of this run has the same market, commodity, variety, grade and date',
              record,
            );
            continue;
          }
          seen.add(key);
          valid.push(p);
        }
        await store(valid);
        await db.platform((tx) => insertRejections(tx, runId, rejections));
        counts.pages += 1;
        counts.fetched += records.length;
        pagesDone += 1;
        await options.onProgress?.(Math.min(99, Math.floor(((index + Math.min(1, pagesDone / pagesExpected)) / queries.length) * 100)));
      };
      const page = (f: Filters) =>
        pageThrough(source, { filters: f, pageSize, concurrency: options.concurrency, window, signal: options.signal, onPage });

      // One record tells how many the query matches, and so whether one query can reach them all.
      const { total } = await source.page({ offset: 0, limit: 1, filters }, options.signal);
      if (filters['state.keyword']) {
        pagesExpected = Math.max(1, Math.ceil(Math.min(total, window) / pageSize));
        counts.unreachable += (await page(await stateFilter(filters, total))).unreachable;
        continue;
      }
      if (total <= window) {
        pagesExpected = Math.max(1, Math.ceil(Math.min(total, window) / pageSize));
        counts.unreachable += (await page(filters)).unreachable;
        continue;
      }
      // Too many for one query: state by state. What no state query reaches stays counted.
      pagesExpected = Math.ceil(window / pageSize) * 2;
      let stateTotals = 0;
      for (const state of options.splitStates ?? AGMARKNET_STATES) {
        const byState = await page(await stateFilter({ ...filters, 'state.keyword': state }));
        stateTotals += byState.total;
        counts.unreachable += byState.unreachable;
      }
      counts.unreachable += Math.max(0, total - stateTotals);
    }

    const followUp = await afterPricesStored(db, {
      days: [...storedDays],
      events: options.events,
      cache: options.cache,
      changed: counts.inserted + counts.updated > 0,
      now: now(),
    });
    await db.platform(async (tx) => {
      await finishRun(tx, runId, 'succeeded', counts);
      await pruneRejections(tx);
    });
    await options.onProgress?.(100);
    return { runId, source: source.name, ...counts, partitions: [...partitions].sort(), ...followUp };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.platform((tx) => finishRun(tx, runId, 'failed', counts, message)).catch(() => undefined);
    throw error;
  }
}

/** The demo seed: the bundled real records (reference/agmarknet-sample.csv), so prices exist with no key. */
export const seedMarketPrices = (db: Db) => ingestMarketPrices(db, createSampleSource(), { kind: 'seed' });
