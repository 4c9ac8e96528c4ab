import { smoothSeries } from '../../lib/raster/smoothing.js';
import type { ResultRow } from './repository.js';

export interface SeriesPoint {
  date: string;
  sceneId: string;
  raw: number;
  smoothed: number;
  validPixelPct: number;
}

/**
 * The smoothed series of a field's stored results: the mean index per scene, weighted by nothing
 * but kept only with at least 20 % valid pixels (lib/raster/smoothing.ts), smoothed by Whittaker.
 */
export function smoothedSeries(rows: readonly ResultRow[]): SeriesPoint[] {
  const usable = rows.filter((r) => r.mean !== null);
  const observations = usable.map((r) => ({ date: r.acquired_at.toISOString(), value: r.mean!, validPixelPct: r.valid_pixel_pct }));
  const smoothed = smoothSeries(observations);
  const byDate = new Map(usable.map((r) => [r.acquired_at.toISOString(), r]));
  return smoothed.map((point) => {
    const row = byDate.get(point.date)!;
    return { date: point.date, sceneId: row.scene_id, raw: point.raw, smoothed: point.smoothed, validPixelPct: row.valid_pixel_pct };
  });
}
