import { requireInRange } from './errors.js';
import { dayOfYear, solarDeclinationRad, sunsetHourAngleRad } from './radiation.js';

/**
 * Sunrise and sunset from FAO-56's own solar geometry (Allen et al. 1998, Chapter 3): the sunset
 * hour angle ωs (Eq. 25) from the declination (Eq. 24), and the hour angle of a clock time (Eq. 31)
 * with the seasonal correction for solar time (Eqs. 32–33). The sun's centre on a flat horizon,
 * without refraction: a few minutes later at sunrise and earlier at sunset than an almanac's times,
 * which only narrows the daylight counted.
 */

const HOUR_MS = 3_600_000;

/** Seasonal correction for solar time Sc in hours (FAO-56 Eqs. 32–33): the equation of time. */
export function seasonalCorrectionHours(j: number): number {
  const b = (2 * Math.PI * (j - 81)) / 364;
  return 0.1645 * Math.sin(2 * b) - 0.1255 * Math.cos(b) - 0.025 * Math.sin(b);
}

export interface SunTimes {
  /** Instants in ms since the epoch; equal in polar night, a whole day apart in midnight sun. */
  sunriseMs: number;
  sunsetMs: number;
}

/**
 * Sunrise and sunset of a place on its local solar day `date` (YYYY-MM-DD). Eq. 31 with UTC as the
 * clock (Lz = 0) puts solar noon at 12 − longitude/15 − Sc hours UTC, the longitude east positive;
 * the sun is up for ωs·12/π hours either side of it (Eq. 34 halved).
 */
export function sunTimes(date: string, latitudeDeg: number, longitudeDeg: number): SunTimes {
  requireInRange('latitudeDeg', latitudeDeg, -90, 90);
  requireInRange('longitudeDeg', longitudeDeg, -180, 180);
  const j = dayOfYear(date);
  const ws = sunsetHourAngleRad((latitudeDeg * Math.PI) / 180, solarDeclinationRad(j));
  const noonUtcHours = 12 - longitudeDeg / 15 - seasonalCorrectionHours(j);
  const halfDayHours = (12 * ws) / Math.PI;
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  return {
    sunriseMs: midnightUtc + (noonUtcHours - halfDayHours) * HOUR_MS,
    sunsetMs: midnightUtc + (noonUtcHours + halfDayHours) * HOUR_MS,
  };
}

/** The local solar calendar day (mean solar time, 4 minutes per degree of longitude) of an instant. */
function solarDateOf(ms: number, longitudeDeg: number): string {
  return new Date(ms + (longitudeDeg / 15) * HOUR_MS).toISOString().slice(0, 10);
}

/**
 * Whether the whole of [startMs, endMs) lies between one day's sunrise and sunset at the place: an
 * hour that begins before sunrise or ends after sunset is night, in part, and counts as night.
 */
export function isInDaylight(startMs: number, endMs: number, latitudeDeg: number, longitudeDeg: number): boolean {
  const date = solarDateOf((startMs + endMs) / 2, longitudeDeg);
  const j = dayOfYear(date);
  const ws = sunsetHourAngleRad((latitudeDeg * Math.PI) / 180, solarDeclinationRad(j));
  // Midnight sun (ωs = π): the sun does not set that day, so every hour of it is daylight.
  if (ws >= Math.PI) return true;
  const { sunriseMs, sunsetMs } = sunTimes(date, latitudeDeg, longitudeDeg);
  return startMs >= sunriseMs && endMs <= sunsetMs;
}
