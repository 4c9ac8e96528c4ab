import { api } from '../api/client';

export interface LatestNdvi {
  /** Mean NDVI over the field in that scene. */
  value: number;
  sceneId: string;
  acquiredAt: string;
}

interface Timeseries {
  points: { date: string; sceneId: string; raw: number; validPixelPct: number }[];
}

/**
 * Below this share of valid (cloud-free) pixels a scene's mean speaks for a corner of the field, not the
 * field: the API's zones use the same threshold for "the newest clear scene".
 */
export const MIN_VALID_PIXEL_PCT = 60;

/**
 * The newest clear scene's mean NDVI of a field, or null before any clear scene has been analysed.
 * One request: the field's timeseries (oldest first) already holds every stored scene's mean.
 */
export async function latestNdvi(fieldId: string, signal?: AbortSignal): Promise<LatestNdvi | null> {
  const series = await api.get<Timeseries>(
    `/v1/fields/${encodeURIComponent(fieldId)}/vegetation-timeseries?index=ndvi`,
    signal ? { signal } : {},
  );
  const newest = series.points.filter((point) => point.validPixelPct >= MIN_VALID_PIXEL_PCT).at(-1);
  return newest ? { value: newest.raw, sceneId: newest.sceneId, acquiredAt: newest.date } : null;
}
