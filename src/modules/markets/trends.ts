import type { Db } from '../../infra/db/index.js';
import { resolveCommodity, resolvePlaces, type PlaceQuery } from './market-names.js';
import { loadMspTable, marketingYearOf, mspOn, type AppliedMsp } from './msp-on-date.js';
import { dailyTotals, latestArrivalDate } from './price-repository.js';
import { addDays, LONGEST_AVERAGE, trendPoints, versusMsp, windowChange, type TrendPoint, type WindowChange } from './trend-math.js';

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
  commodity: { code: string; nameEn: string; nameHi: string };
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
  vsMsp: { date: string; modalPriceInrPerQuintal: number; mspInrPerQuintal: number; differenceInrPerQuintal: number; differencePct: number } | null;
  mspNote: string | null;
}

const INDIA_OFFSET_MS = 5.5 * 3_600_000;
/** Agmarknet's arrival dates are Indian calendar days. */
export const todayInIndia = (now = new Date()) => new Date(now.getTime() + INDIA_OFFSET_MS).toISOString().slice(0, 10);

export async function priceTrend(db: Db, query: TrendQuery, now = new Date()): Promise<Trend> {
  return db.platform(async (tx) => {
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
        const { rows } = await tx.query<{ season: AppliedMsp['season'] }>('SELECT season FROM msp_prices WHERE crop = $1 LIMIT 1', [commodity.mspCrop]);
        const year = rows[0] ? marketingYearOf(rows[0].season, mspDate) : '?';
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
      movingAverages: { date: last.date, ma7InrPerQuintal: last.ma7InrPerQuintal, ma30InrPerQuintal: last.ma30InrPerQuintal, ma90InrPerQuintal: last.ma90InrPerQuintal },
      change: windowChange(totals, from, to),
      msp,
      vsMsp: msp && lastPriced && lastPriced.modalPriceInrPerQuintal !== null
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
  }, { readOnly: true });
}

function meanOn(totals: { date: string; sumInrPerQuintal: number; count: number }[], date: string): number {
  const day = totals.find((t) => t.date === date)!;
  return day.sumInrPerQuintal / day.count;
}

