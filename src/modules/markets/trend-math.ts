/**
 * The arithmetic of price trends, free of SQL and HTTP so that it can be checked by hand.
 *
 * - The daily price is the mean of the modal prices of every price record of the day that the
 *   filters keep (each market, variety and grade reported that day counts once).
 * - A k-day moving average on day d is the mean of the daily prices of the days in the k calendar
 *   days ending on d (d-k+1 … d) that have prices. Days without prices are skipped, neither counted
 *   as zero nor filled in; with no priced day in those k days the average is null.
 * - The change over the window runs from the first to the last day of the window that has prices.
 */

export const MOVING_AVERAGE_DAYS = [7, 30, 90] as const;
export const LONGEST_AVERAGE = Math.max(...MOVING_AVERAGE_DAYS);

/** What SQL gives for one day: the sum and number of modal prices. */
export interface DayTotal {
  date: string;
  sumInrPerQuintal: number;
  count: number;
}

export interface TrendPoint {
  date: string;
  /** Mean modal price of the day; null on a day without prices. */
  modalPriceInrPerQuintal: number | null;
  priceCount: number;
  ma7InrPerQuintal: number | null;
  ma30InrPerQuintal: number | null;
  ma90InrPerQuintal: number | null;
}

export interface WindowChange {
  fromDate: string;
  toDate: string;
  fromModalPriceInrPerQuintal: number;
  toModalPriceInrPerQuintal: number;
  changeInrPerQuintal: number;
  changePct: number;
}

const DAY_MS = 86_400_000;
const toTime = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (time: number) => new Date(time).toISOString().slice(0, 10);

/**
 * Rounded to paise, halves away from zero, for display; sums and means stay unrounded until here.
 * `toPrecision(15)` first drops the binary noise of a decimal like 2412.345 (2412.3449999…).
 */
export function round2(value: number): number {
  const cents = Number((Math.abs(value) * 100).toPrecision(15));
  return (Math.sign(value) * Math.round(cents)) / 100 || 0;
}

/**
 * One point per calendar day from `from` to `to`, oldest first. `totals` may start up to 89 days
 * before `from`: those days feed the moving averages of the first points and are not shown.
 */
export function trendPoints(totals: DayTotal[], from: string, to: string): TrendPoint[] {
  // Days as array positions from the first day any average can reach (no date strings in the loops).
  const origin = toTime(from) - (LONGEST_AVERAGE - 1) * DAY_MS;
  const span = Math.round((toTime(to) - origin) / DAY_MS) + 1;
  const mean: (number | null)[] = new Array(span).fill(null);
  const count: number[] = new Array(span).fill(0);
  for (const t of totals) {
    const i = Math.round((toTime(t.date) - origin) / DAY_MS);
    if (i < 0 || i >= span || t.count <= 0) continue;
    mean[i] = t.sumInrPerQuintal / t.count;
    count[i] = t.count;
  }
  // Summed afresh for each day, oldest first, rather than as a running difference: the result is
  // the sum a person would write down, with no cancellation error to tip a rounding.
  const average = (i: number, k: number) => {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i + 1 - k); j <= i; j++) {
      const m = mean[j];
      if (m === null || m === undefined) continue;
      sum += m;
      n += 1;
    }
    return n === 0 ? null : round2(sum / n);
  };
  const points: TrendPoint[] = [];
  for (let i = LONGEST_AVERAGE - 1; i < span; i++) {
    const m = mean[i] ?? null;
    points.push({
      date: toDate(origin + i * DAY_MS),
      modalPriceInrPerQuintal: m === null ? null : round2(m),
      priceCount: count[i]!,
      ma7InrPerQuintal: average(i, 7),
      ma30InrPerQuintal: average(i, 30),
      ma90InrPerQuintal: average(i, 90),
    });
  }
  return points;
}

/** From the first to the last priced day of the window, in ₹ and in % of the first; null with fewer than two. */
export function windowChange(totals: DayTotal[], from: string, to: string): WindowChange | null {
  const priced = totals.filter((t) => t.count > 0 && t.date >= from && t.date <= to).sort((a, b) => (a.date < b.date ? -1 : 1));
  const first = priced[0];
  const last = priced.at(-1);
  if (!first || !last || first === last) return null;
  const start = first.sumInrPerQuintal / first.count;
  const end = last.sumInrPerQuintal / last.count;
  return {
    fromDate: first.date,
    toDate: last.date,
    fromModalPriceInrPerQuintal: round2(start),
    toModalPriceInrPerQuintal: round2(end),
    changeInrPerQuintal: round2(end - start),
    changePct: round2(((end - start) / start) * 100),
  };
}

/** A price against the MSP: the difference in ₹ (positive above the MSP) and in % of the MSP. */
export function versusMsp(modal: number, msp: number) {
  return { differenceInrPerQuintal: round2(modal - msp), differencePct: round2(((modal - msp) / msp) * 100) };
}
