import { isInDaylight } from './daylight.js';
import { AgronomyInputError, requireInRange } from './errors.js';

/**
 * Spray windows from an hourly forecast: wind below 15 km/h (drift), no rain in that hour and the
 * next 6 h (wash-off before the product dries or is absorbed), temperature below 32 °C (evaporation
 * and volatilisation of droplets), and daylight, sunrise to sunset at the place. At night the
 * ground cools the air above it into a surface temperature inversion that builds from sunset to its
 * peak at sunrise, and fine droplets hang in it and drift off target with the faintest air; dew
 * dilutes what lands. Extension services therefore tell applicators to take the hours from sunset
 * to sunrise as inverted unless wind and cloud say otherwise (NDSU Extension AE1705, "Air
 * Temperature Inversions: Causes, Characteristics and Potential Effects on Pesticide Spray Drift",
 * rev. 2024; Canola Council of Canada, "Air temperature inversions and spray drift").
 */

export const SPRAY_RULES = Object.freeze({
  maxWindKmh: 15, // exclusive
  maxTempC: 32, // exclusive
  rainFreeHoursAfter: 6,
});

export interface HourlyForecast {
  /** ISO 8601 instant of the start of the hour. */
  time: string;
  windKmh: number;
  rainMm: number;
  tempC: number;
}

export type SprayBlock = 'wind' | 'rain' | 'rain-ahead' | 'heat' | 'night' | 'beyond-forecast';

/** Where the forecast is for: its sunrise and sunset decide which hours are night. */
export interface SprayPlace {
  latitudeDeg: number;
  longitudeDeg: number;
}

export interface SprayHour {
  time: string;
  suitable: boolean;
  blockedBy: SprayBlock[];
}

export interface SprayWindow {
  /** Start of the first suitable hour, as the forecast wrote it. */
  start: string;
  /** End of the last suitable hour (exclusive), in the start's UTC offset. */
  end: string;
  hours: number;
  maxWindKmh: number;
  maxTempC: number;
}

const HOUR_MS = 3_600_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant written in the UTC offset another ISO 8601 time carries (`Z` when it has none), to the minute. */
function isoInOffsetOf(reference: string, ms: number): string {
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(reference);
  if (!offset) return new Date(ms).toISOString();
  const minutes = (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  const local = new Date(ms + minutes * 60_000);
  const date = local.toISOString().slice(0, 10);
  return `${date}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}${offset[1]}${offset[2]}:${offset[3]}`;
}

/**
 * Judges every hour. An hour whose next 6 h the forecast does not cover is blocked as
 * 'beyond-forecast': the rule needs those hours to be known dry, and absence is not dryness. An hour
 * not wholly between sunrise and sunset is blocked as 'night'.
 */
export function assessSprayHours(forecast: readonly HourlyForecast[], place: SprayPlace): SprayHour[] {
  requireInRange('place.latitudeDeg', place.latitudeDeg, -90, 90);
  requireInRange('place.longitudeDeg', place.longitudeDeg, -180, 180);
  const byTime = new Map<number, HourlyForecast>();
  const hours = forecast.map((h, i) => {
    const t = Date.parse(h.time);
    if (!Number.isFinite(t)) throw new AgronomyInputError(`forecast[${i}].time`, `is not a date-time: ${h.time}`);
    requireInRange(`forecast[${i}].windKmh`, h.windKmh, 0, 500);
    requireInRange(`forecast[${i}].rainMm`, h.rainMm, 0, 1000);
    requireInRange(`forecast[${i}].tempC`, h.tempC, -90, 60);
    if (byTime.has(t)) throw new AgronomyInputError(`forecast[${i}].time`, `repeats ${h.time}`);
    byTime.set(t, h);
    return { h, t };
  });
  hours.sort((a, b) => a.t - b.t);
  return hours.map(({ h, t }) => {
    const blockedBy: SprayBlock[] = [];
    if (h.windKmh >= SPRAY_RULES.maxWindKmh) blockedBy.push('wind');
    if (h.rainMm > 0) blockedBy.push('rain');
    let ahead: SprayBlock | undefined;
    for (let k = 1; k <= SPRAY_RULES.rainFreeHoursAfter; k++) {
      const next = byTime.get(t + k * HOUR_MS);
      if (!next) ahead ??= 'beyond-forecast';
      else if (next.rainMm > 0) ahead = 'rain-ahead';
    }
    if (ahead) blockedBy.push(ahead);
    if (h.tempC >= SPRAY_RULES.maxTempC) blockedBy.push('heat');
    if (!isInDaylight(t, t + HOUR_MS, place.latitudeDeg, place.longitudeDeg)) blockedBy.push('night');
    return { time: h.time, suitable: blockedBy.length === 0, blockedBy };
  });
}

/** Runs of one or more consecutive suitable hours, in time order; night breaks every run. */
export function sprayWindows(forecast: readonly HourlyForecast[], place: SprayPlace): SprayWindow[] {
  const assessed = assessSprayHours(forecast, place);
  const byTime = new Map(forecast.map((h) => [Date.parse(h.time), h]));
  const windows: SprayWindow[] = [];
  let current: { startT: number; lastT: number; start: string; maxWind: number; maxTemp: number; n: number } | null = null;
  const close = () => {
    if (!current) return;
    windows.push({
      start: current.start,
      end: isoInOffsetOf(current.start, current.lastT + HOUR_MS),
      hours: current.n,
      maxWindKmh: current.maxWind,
      maxTempC: current.maxTemp,
    });
    current = null;
  };
  for (const a of assessed) {
    const t = Date.parse(a.time);
    const h = byTime.get(t)!;
    if (!a.suitable) {
      close();
      continue;
    }
    // A gap in the forecast breaks a run even if the hours on both sides are suitable.
    if (current && t !== current.lastT + HOUR_MS) close();
    if (!current) {
      current = { startT: t, lastT: t, start: a.time, maxWind: h.windKmh, maxTemp: h.tempC, n: 1 };
    } else {
      current.lastT = t;
      current.n += 1;
      current.maxWind = Math.max(current.maxWind, h.windKmh);
      current.maxTemp = Math.max(current.maxTemp, h.tempC);
    }
  }
  close();
  return windows;
}
