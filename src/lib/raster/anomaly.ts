import { RasterInputError } from './errors.js';
import { utcDay } from './smoothing.js';

/**
 * The anomaly of a field's smoothed index against the same time of the previous year: for each
 * point, the previous year's smoothed series is read on the same calendar day one year earlier
 * (29 February reads 28 February), and anomaly = value − previousYear.
 *
 * Reading the previous year: its points are linearly interpolated between the last point on or
 * before that day and the first point on or after it; past either end of the previous series the
 * nearer end point is used as it is (no extrapolation). There is coverage, and so an anomaly, only
 * when the previous year has a point within ±windowDays (default 7) of that day; otherwise
 * previousYear and anomaly are null. The window is the "same weeks of the previous year": a week
 * either side is wider than Sentinel-2's 5-day revisit, narrower than a crop stage.
 */

export interface SmoothedPoint {
  /** ISO 8601 date or date-time; its UTC day is what counts. */
  date: string;
  smoothed: number;
}

export interface AnomalyPoint {
  date: string;
  /** The smoothed value on date. */
  value: number;
  /** The previous year's smoothed series on the same day, or null without coverage there. */
  previousYear: number | null;
  /** value − previousYear, or null without coverage. */
  anomaly: number | null;
}

export interface AnomalyOptions {
  /**
   * The previous year's smoothed series (any points: only those near each target day are read).
   * Default: the series itself, so a multi-year history compares each year with the one before.
   */
  previous?: readonly SmoothedPoint[];
  /** How near the target day the previous year must have a point, in days (default 7). */
  windowDays?: number;
}

export const ANOMALY_WINDOW_DAYS = 7;

const DAY_MS = 86_400_000;

/** The UTC day one calendar year before day (29 February → 28 February). */
export function sameDayPreviousYear(day: number): number {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear() - 1;
  const month = date.getUTCMonth();
  let dom = date.getUTCDate();
  // Date.UTC would roll 29 February of a non-leap year over to 1 March.
  const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (dom > daysInMonth) dom = daysInMonth;
  return Math.floor(Date.UTC(year, month, dom) / DAY_MS);
}

interface DayValue {
  day: number;
  value: number;
}

function readSeries(series: readonly SmoothedPoint[], field: string): DayValue[] {
  const points: DayValue[] = [];
  series.forEach((p, i) => {
    const day = utcDay(p.date, `${field}[${i}].date`);
    if (Number.isFinite(p.smoothed)) points.push({ day, value: p.smoothed });
  });
  // Stable: points of one day keep their order, and the last of them is read on that day.
  return points.sort((a, b) => a.day - b.day);
}

/** The series on day, or null when no point lies within windowDays of it. points sorted by day. */
function valueOn(points: readonly DayValue[], day: number, windowDays: number): number | null {
  // Last index with points[i].day ≤ day (binary search), then its successor.
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.day <= day) lo = mid + 1;
    else hi = mid;
  }
  const before = lo > 0 ? points[lo - 1] : undefined;
  const after = points[lo];
  if (before && before.day === day) return before.value;
  const nearest = Math.min(before ? day - before.day : Infinity, after ? after.day - day : Infinity);
  if (!(nearest <= windowDays)) return null;
  if (before && after) {
    const t = (day - before.day) / (after.day - before.day);
    return before.value + (after.value - before.value) * t;
  }
  return (before ?? after)!.value;
}

/** Each point of series with the previous year's value on the same day and the difference, in date order. */
export function previousYearAnomalies(series: readonly SmoothedPoint[], options: AnomalyOptions = {}): AnomalyPoint[] {
  const windowDays = options.windowDays ?? ANOMALY_WINDOW_DAYS;
  if (!(windowDays >= 0 && Number.isFinite(windowDays))) {
    throw new RasterInputError('windowDays', `must be a finite number ≥ 0, got ${windowDays}`);
  }
  const previous = readSeries(options.previous ?? series, options.previous ? 'previous' : 'series');
  const current = series
    .map((p, i) => ({ p, i, day: utcDay(p.date, `series[${i}].date`) }))
    .filter(({ p }) => Number.isFinite(p.smoothed))
    .sort((a, b) => a.day - b.day || a.i - b.i);
  return current.map(({ p, day }) => {
    const previousYear = valueOn(previous, sameDayPreviousYear(day), windowDays);
    return { date: p.date, value: p.smoothed, previousYear, anomaly: previousYear === null ? null : p.smoothed - previousYear };
  });
}
