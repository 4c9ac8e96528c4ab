import { RasterInputError } from './errors.js';

/**
 * Smoothing of a field's index time series: the weighted Whittaker smoother (Eilers, P.H.C. 2003,
 * "A perfect smoother", Analytical Chemistry 75(14):3631–3636, doi:10.1021/ac034173t) on a daily
 * grid. It minimises Σ wᵢ (yᵢ − zᵢ)² + λ Σ (Δ²z)ᵢ over z, one unknown per day from the first kept
 * scene to the last; a day without a scene has weight 0, so the gaps are filled by the penalty
 * alone (Eilers' section on missing data, which is how he smooths unevenly spaced series). The
 * normal equations (W + λ DᵀD) z = W y are pentadiagonal and positive definite once two days carry
 * weight, and are solved in O(days) by a banded LDLᵀ factorisation, so the result depends on
 * nothing but the input: no iteration, no random start.
 *
 * Why a daily grid rather than the scene index: Sentinel-2 scenes are 5 days apart at best and
 * clouds remove many of them, so a penalty per scene would smooth a monsoon gap of 40 days as
 * gently as 5 days of clear sky. On days, λ means the same thing whatever the gaps.
 *
 * λ: with second differences the smoother acts as a low-pass filter whose gain for a sinusoid of
 * period T days is 1 / (1 + λ (2 sin(π/T))⁴) when every day is observed: the half-power period is
 * about 2π λ^¼. The default λ = 1000 puts it at ~35 days: a 10-day wiggle (a single cloudy or hazy
 * scene) keeps under 1 % of its amplitude, a 120-day crop season over 99 %. With a scene every
 * 5–10 days the fidelity term is thinner and the curve somewhat stiffer (~50–60 days). Phenology
 * tools smooth harder (phenofit suggests λ = 2–15 per 16-day MODIS step, ≈ 10⁴–6·10⁴ per day; the
 * openEO/APEx Whittaker service uses 10⁴ on days); they fit whole seasons, while crop_health.drop
 * needs a harvest or a lodging event to stay a drop, so the default is an order of magnitude lower.
 * On a logistic green-up to 0.8 sampled every 5 days, λ = 1000 damps one scene 0.3 too low (a thin
 * cloud) to a dent of ~0.07, and a harvest from 0.8 to 0.2 still shows as three consecutive drops
 * of 0.11–0.13; λ = 10⁴ flattens that harvest below 0.1 per scene.
 *
 * Scenes with less than 20 % valid pixels (the issue's rule), or without a finite value, are
 * dropped before smoothing and do not appear in the output. Dates are days in UTC: an ISO date
 * ('2024-06-01') or date-time; two scenes on the same day add their weights on that day and get
 * the same smoothed value.
 */

export interface SeriesObservation {
  /** ISO 8601 date or date-time of the scene; its UTC day is what counts. */
  date: string;
  /** The field's index value for the scene (e.g. mean NDVI over the valid pixels). */
  value: number;
  /** Share of the field's pixels that were valid (not cloud, shadow, no data), 0–100. */
  validPixelPct: number;
  /** Weight of the scene in the fit, ≥ 0 (default 1). */
  weight?: number;
}

export interface SmoothedObservation {
  date: string;
  raw: number;
  smoothed: number;
}

export interface SmoothingOptions {
  /** Roughness penalty per day⁴ (default 1000); must be > 0. */
  lambda?: number;
  /** Scenes with fewer valid pixels than this percentage are dropped (default 20). */
  minValidPct?: number;
}

export const WHITTAKER_DEFAULT_LAMBDA = 1000;
export const MIN_VALID_PIXEL_PCT = 20;

const DAY_MS = 86_400_000;
/** A hundred years of days: more is a wrong date, and would allocate for nothing. */
const MAX_SPAN_DAYS = 36_525;

/** The UTC day number (days since 1970-01-01) of an ISO date or date-time; throws when unreadable. */
export function utcDay(date: string, field = 'date'): number {
  const ms = typeof date === 'string' ? Date.parse(date) : Number.NaN;
  if (!Number.isFinite(ms)) throw new RasterInputError(field, `must be an ISO 8601 date, got ${String(date)}`);
  return Math.floor(ms / DAY_MS);
}

/**
 * The Whittaker smoother with second-order differences on an evenly spaced series: the z that
 * minimises Σ w (y − z)² + λ Σ (Δ²z)². y at a zero weight is ignored (it may be NaN). Needs
 * λ > 0 and positive weight at two or more points, unless the series has at most two points (then
 * z = y wherever the weight is positive). A straight line through the weighted points is returned
 * unchanged whatever λ, since second differences do not penalise it.
 */
export function whittakerSmooth(y: ArrayLike<number>, w: ArrayLike<number>, lambda: number): Float64Array {
  const n = y.length;
  if (w.length !== n) throw new RasterInputError('weights', `must have ${n} entries, got ${w.length}`);
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new RasterInputError('lambda', `must be a positive number, got ${lambda}`);
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i]!;
    if (!(wi >= 0 && Number.isFinite(wi))) throw new RasterInputError(`weights[${i}]`, `must be a finite number ≥ 0, got ${wi}`);
    if (wi > 0) {
      if (!Number.isFinite(y[i]!)) throw new RasterInputError(`values[${i}]`, `must be finite where the weight is positive, got ${y[i]}`);
      weighted++;
    }
  }
  if (weighted < Math.min(2, n)) throw new RasterInputError('weights', 'at least two points must have a positive weight');

  // A = W + λ DᵀD as three diagonals (main, first and second below), built row by row of D:
  // each row (1, −2, 1) at k, k+1, k+2 adds its outer product.
  const a0 = new Float64Array(n);
  const a1 = new Float64Array(Math.max(n - 1, 0));
  const a2 = new Float64Array(Math.max(n - 2, 0));
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a0[i] = w[i]!;
    b[i] = w[i]! > 0 ? w[i]! * y[i]! : 0;
  }
  for (let k = 0; k + 2 < n; k++) {
    a0[k]! += lambda;
    a0[k + 1]! += 4 * lambda;
    a0[k + 2]! += lambda;
    a1[k]! -= 2 * lambda;
    a1[k + 1]! -= 2 * lambda;
    a2[k]! += lambda;
  }

  // A = L D Lᵀ with L unit lower triangular of bandwidth 2: l1[i] = L[i+1][i], l2[i] = L[i+2][i].
  const d = new Float64Array(n);
  const l1 = new Float64Array(n);
  const l2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let di = a0[i]!;
    if (i >= 1) di -= l1[i - 1]! * l1[i - 1]! * d[i - 1]!;
    if (i >= 2) di -= l2[i - 2]! * l2[i - 2]! * d[i - 2]!;
    d[i] = di;
    if (i + 1 < n) l1[i] = (a1[i]! - (i >= 1 ? l2[i - 1]! * d[i - 1]! * l1[i - 1]! : 0)) / di;
    if (i + 2 < n) l2[i] = a2[i]! / di;
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = b[i]!;
    if (i >= 1) u -= l1[i - 1]! * z[i - 1]!;
    if (i >= 2) u -= l2[i - 2]! * z[i - 2]!;
    z[i] = u;
  }
  for (let i = 0; i < n; i++) z[i] = z[i]! / d[i]!;
  for (let i = n - 1; i >= 0; i--) {
    let v = z[i]!;
    if (i + 1 < n) v -= l1[i]! * z[i + 1]!;
    if (i + 2 < n) v -= l2[i]! * z[i + 2]!;
    z[i] = v;
  }
  return z;
}

interface Kept {
  date: string;
  day: number;
  value: number;
  weight: number;
  order: number;
}

/**
 * The smoothed series of a field: the scenes with at least minValidPct valid pixels and a finite
 * value, in date order (input order among scenes of the same day), each with its raw and its
 * smoothed value. A scene with weight 0 is kept and gets the curve's value on its day without
 * pulling on it. A single kept day is returned as it is; no kept scene gives [].
 */
export function smoothSeries(observations: readonly SeriesObservation[], options: SmoothingOptions = {}): SmoothedObservation[] {
  const lambda = options.lambda ?? WHITTAKER_DEFAULT_LAMBDA;
  const minValidPct = options.minValidPct ?? MIN_VALID_PIXEL_PCT;
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new RasterInputError('lambda', `must be a positive number, got ${lambda}`);
  if (!(minValidPct >= 0 && minValidPct <= 100)) {
    throw new RasterInputError('minValidPct', `must be within 0–100, got ${minValidPct}`);
  }
  const kept: Kept[] = [];
  observations.forEach((o, i) => {
    const day = utcDay(o.date, `observations[${i}].date`);
    const weight = o.weight ?? 1;
    if (!(weight >= 0 && Number.isFinite(weight))) {
      throw new RasterInputError(`observations[${i}].weight`, `must be a finite number ≥ 0, got ${weight}`);
    }
    if (!(o.validPixelPct >= minValidPct) || !Number.isFinite(o.value)) return;
    kept.push({ date: o.date, day, value: o.value, weight, order: i });
  });
  if (kept.length === 0) return [];
  kept.sort((p, q) => p.day - q.day || p.order - q.order);

  const first = kept[0]!.day;
  const span = kept[kept.length - 1]!.day - first + 1;
  if (span > MAX_SPAN_DAYS) throw new RasterInputError('observations', `span ${span} days, more than ${MAX_SPAN_DAYS}`);
  const w = new Float64Array(span);
  const wy = new Float64Array(span);
  for (const k of kept) {
    w[k.day - first]! += k.weight;
    wy[k.day - first]! += k.weight * k.value;
  }
  // Scenes of one day are one observation: their weighted mean, with their summed weight.
  const y = new Float64Array(span);
  let weightedDays = 0;
  for (let i = 0; i < span; i++) {
    if (w[i]! > 0) {
      y[i] = wy[i]! / w[i]!;
      weightedDays++;
    }
  }
  if (weightedDays === 0) throw new RasterInputError('observations', 'every kept scene has weight 0');
  let z: Float64Array;
  if (weightedDays === 1) {
    // Nothing to smooth against: the curve is the one observation, flat.
    const only = y.find((_, i) => w[i]! > 0)!;
    z = new Float64Array(span).fill(only);
  } else {
    z = whittakerSmooth(y, w, lambda);
  }
  return kept.map((k) => ({ date: k.date, raw: k.value, smoothed: z[k.day - first]! }));
}
