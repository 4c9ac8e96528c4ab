import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Cache } from '../../infra/cache/index.js';
import type { Db } from '../../infra/db/index.js';
import { resolveCommodity, resolvePlaces, type PlaceQuery } from './market-names.js';
import { loadMspTable, marketingYearOf, mspOn, type AppliedMsp } from './msp-on-date.js';
import { mspSeasonOf } from './msp-repository.js';
import { dailyTotals, latestArrivalDate } from './price-repository.js';
import { addDays, todayInIndia } from '../../lib/calendar.js';
import { LONGEST_AVERAGE, trendPoints, versusMsp, windowChange, type TrendPoint, type WindowChange } from './trend-math.js';

/**
 * The trend of one commodity's modal price over a window of days, in one market, a district, a
 * state or everywhere: daily means, 7/30/90-day moving averages (trend-math.ts says how each is
 * computed), the change over the window, and the latest daily mean against the MSP that applies to
 * its date (msp-on-date.ts). One SQL aggregate reads the window and the 89 days before it.
 */

export interface TrendQuery extends PlaceQuery {
  commodity: string;
  /** Days shown, ending on `to`. */
  days: number;
  /** Last day shown; default the newest day with prices for the query (else today in India). */
  to?: string;
}

export interface Trend {
  commodity: { code: string; nameEn: string; nameHi: string | null };
  state: string | null;
  district: string | null;
  market: string | null;
  from: string;
  to: string;
  days: number;
  points: TrendPoint[];
  movingAverages: { date: string; ma7InrPerQuintal: number | null; ma30InrPerQuintal: number | null; ma90InrPerQuintal: number | null };
  change: WindowChange | null;
  msp: AppliedMsp | null;
  vsMsp: {
    date: string;
    modalPriceInrPerQuintal: number;
    mspInrPerQuintal: number;
    differenceInrPerQuintal: number;
    differencePct: number;
  } | null;
  mspNote: string | null;
}

export async function priceTrend(db: Db, query: TrendQuery, now = new Date()): Promise<Trend> {
  return db.platform(
    async (tx) => {
      const commodity = await resolveCommodity(tx, query.commodity);
      const places = await resolvePlaces(tx, query);
      const filters = { commodity: commodity.code, ...places };
      const to = query.to ?? (await latestArrivalDate(tx, filters)) ?? todayInIndia(now);
      const from = addDays(to, 1 - query.days);
      const totals = await dailyTotals(tx, { ...filters, from: addDays(from, 1 - LONGEST_AVERAGE), to });
      const points = trendPoints(totals, from, to);
      const last = points.at(-1)!;
      const lastPriced = [...points].reverse().find((p) => p.modalPriceInrPerQuintal !== null);

      let msp: AppliedMsp | null = null;
      let mspNote: string | null = null;
      const mspDate = lastPriced?.date ?? to;
      if (!commodity.mspCrop) {
        mspNote = `${commodity.nameEn} has no Minimum Support Price`;
      } else {
        msp = mspOn(await loadMspTable(tx, [commodity.mspCrop]), commodity.mspCrop, mspDate);
        if (!msp) {
          const season = await mspSeasonOf(tx, commodity.mspCrop);
          const year = season ? marketingYearOf(season, mspDate) : '?';
          mspNote = `No MSP of ${commodity.mspCrop} for marketing year ${year} (containing ${mspDate}) in the data`;
        }
      }
      return {
        commodity: { code: commodity.code, nameEn: commodity.nameEn, nameHi: commodity.nameHi },
        state: query.state ?? null,
        district: query.district ?? null,
        market: query.market ?? null,
        from,
        to,
        days: query.days,
        points,
        movingAverages: {
          date: last.date,
          ma7InrPerQuintal: last.ma7InrPerQuintal,
          ma30InrPerQuintal: last.ma30InrPerQuintal,
          ma90InrPerQuintal: last.ma90InrPerQuintal,
        },
        change: windowChange(totals, from, to),
        msp,
        vsMsp:
          msp && lastPriced && lastPriced.modalPriceInrPerQuintal !== null
            ? {
                date: lastPriced.date,
                modalPriceInrPerQuintal: lastPriced.modalPriceInrPerQuintal,
                mspInrPerQuintal: msp.mspInrPerQuintal,
                // From the unrounded daily mean, like every other figure.
                ...versusMsp(meanOn(totals, lastPriced.date), msp.mspInrPerQuintal),
              }
            : null,
        mspNote,
      };
    },
    { readOnly: true },
  );
}

/**
 * Trends are cached: prices change once a day, when an ingestion run writes them. Every answer is
 * filed under the current "prices generation", which a run that inserted or updated prices replaces
 * (pricesChanged), so no answer outlives the data it was computed from by more than the TTL, which
 * only matters for writes that bypass the ingestion (a backfill run from the CLI without the shared
 * cache, a hand-made fix).
 */
export const TREND_CACHE_TTL_MS = 10 * 60_000;
const GENERATION_KEY = 'markets:prices:generation';
const GENERATION_TTL_MS = 7 * 86_400_000;

async function pricesGeneration(cache: Cache): Promise<string> {
  const current = await cache.get<string>(GENERATION_KEY);
  if (current) return current;
  const fresh = uuidv7();
  await cache.set(GENERATION_KEY, fresh, GENERATION_TTL_MS);
  return fresh;
}

/** Retires every cached trend (called after a run that inserted or updated prices). */
export async function pricesChanged(cache: Cache): Promise<void> {
  await cache.set(GENERATION_KEY, uuidv7(), GENERATION_TTL_MS);
}

/** priceTrend through the cache; the key is the query as asked, names folded to lower case. */
export async function cachedPriceTrend(db: Db, cache: Cache, query: TrendQuery): Promise<Trend> {
  const generation = await pricesGeneration(cache);
  const fold = (text: string | undefined) => text?.trim().toLowerCase() ?? null;
  const asked = [fold(query.commodity), fold(query.state), fold(query.district), fold(query.market), query.days, query.to ?? null];
  const key = `markets:trend:${generation}:${createHash('sha256').update(JSON.stringify(asked)).digest('base64url').slice(0, 32)}`;
  const trend = await cache.getOrLoad(key, TREND_CACHE_TTL_MS, () => priceTrend(db, query));
  // The answer echoes the names as this caller wrote them.
  return { ...trend, state: query.state ?? null, district: query.district ?? null, market: query.market ?? null };
}

function meanOn(totals: { date: string; sumInrPerQuintal: number; count: number }[], date: string): number {
  const day = totals.find((t) => t.date === date)!;
  return day.sumInrPerQuintal / day.count;
}
