import type { SmoothedPoint } from './anomaly.js';
import { RasterInputError } from './errors.js';
import { utcDay } from './smoothing.js';

/**
 * Drops of the smoothed NDVI between consecutive scenes, the trigger of crop_health.drop: each pair
 * of consecutive points (in date order, points without a finite value skipped) whose value falls by
 * more than threshold. Differences within 1e-9 of the threshold count as equal to it, so that
 * 0.8 → 0.7 (0.10000000000000009 in floating point) is not a drop of more than 0.1; NDVI carries
 * no meaning at that precision. Comparing consecutive smoothed scenes rather than raw ones is what
 * keeps one cloud-contaminated scene from raising an alert.
 */

export interface NdviDrop {
  fromDate: string;
  toDate: string;
  /** Smoothed value at fromDate. */
  from: number;
  /** Smoothed value at toDate. */
  to: number;
  /** from − to, > threshold. */
  drop: number;
  /** Days between the two scenes (UTC days). */
  days: number;
}

const TIE_TOLERANCE = 1e-9;

export function ndviDrops(series: readonly SmoothedPoint[], threshold: number): NdviDrop[] {
  if (!(threshold >= 0 && Number.isFinite(threshold))) {
    throw new RasterInputError('threshold', `must be a finite number ≥ 0, got ${threshold}`);
  }
  const points = series
    .map((p, i) => ({ p, i, day: utcDay(p.date, `series[${i}].date`) }))
    .filter(({ p }) => Number.isFinite(p.smoothed))
    .sort((a, b) => a.day - b.day || a.i - b.i);
  const drops: NdviDrop[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const drop = a.p.smoothed - b.p.smoothed;
    if (drop - threshold > TIE_TOLERANCE) {
      drops.push({ fromDate: a.p.date, toDate: b.p.date, from: a.p.smoothed, to: b.p.smoothed, drop, days: b.day - a.day });
    }
  }
  return drops;
}
