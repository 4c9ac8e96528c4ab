import { type Boundary, distanceToBoundaryM } from '../../lib/geometry/index.js';

/**
 * The checks a crop-loss intimation gets as it arrives. PMFBY asks the farmer to intimate a
 * localised loss within 72 hours of it (reference/README.md, "PMFBY"); a later report is still
 * stored, marked late. A photo must be taken on the field or within 100 m of it, else the report's
 * location is flagged for the surveyor.
 */
export const INTIMATION_WINDOW_HOURS = 72;
export const PHOTO_TOLERANCE_M = 100;

/**
 * The localised and post-harvest calamities PMFBY assesses per affected field. myScheme's PMFBY page
 * names hailstorm, landslide, inundation, cyclone, cyclonic rain and unseasonal rain; cloud burst and
 * natural fire rest on district announcements, not an official page (reference/README.md).
 */
export const LOSS_CAUSES = [
  'hailstorm',
  'landslide',
  'inundation',
  'cloud_burst',
  'natural_fire',
  'cyclone',
  'cyclonic_rain',
  'unseasonal_rain',
] as const;
export type LossCause = (typeof LOSS_CAUSES)[number];

export const isLate = (lossAt: Date, reportedAt: Date) => reportedAt.getTime() - lossAt.getTime() > INTIMATION_WINDOW_HOURS * 3_600_000;

export interface Geotag {
  lat: number;
  lon: number;
  takenAt: string;
  caption?: string | undefined;
}

export interface CheckedPhoto extends Geotag {
  /** 0 inside the field or on its edge, else metres to its nearest edge (to the decimetre). */
  distanceM: number;
  nearField: boolean;
}

export function checkPhotos(photos: Geotag[], boundary: Boundary): CheckedPhoto[] {
  return photos.map((photo) => {
    const distanceM = Math.round(distanceToBoundaryM(photo, boundary) * 10) / 10;
    return { ...photo, caption: photo.caption, distanceM, nearField: distanceM <= PHOTO_TOLERANCE_M };
  });
}
