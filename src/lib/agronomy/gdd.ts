import { AgronomyInputError, requireInRange } from './errors.js';
import { dayOfYear } from './radiation.js';

/**
 * Growing degree days (reference/vendor-formats.md §7.2). Crops develop by accumulated heat above
 * a base temperature rather than by calendar days, so stage estimates count GDD since sowing.
 */

/** Simple average method: max(0, (Tmax + Tmin)/2 − Tbase). */
export function gddSimple(tMaxC: number, tMinC: number, tBaseC: number): number {
  return Math.max(0, (tMaxC + tMinC) / 2 - tBaseC);
}

/**
 * Modified (capped) method, the maize "86/50" and cotton convention: temperatures are held inside
 * [Tbase, Tupper] before averaging, because growth neither stops below the base for a cold night
 * nor speeds up above the cap. Both temperatures are clamped to both bounds, as the 86/50 method
 * does; the upper bound on Tmin matters only on nights warmer than the cap.
 */
export function gddModified(tMaxC: number, tMinC: number, tBaseC: number, tUpperC: number): number {
  const clamp = (t: number) => Math.min(tUpperC, Math.max(tBaseC, t));
  return (clamp(tMaxC) + clamp(tMinC)) / 2 - tBaseC;
}

export interface CropThermalParameters {
  tBaseC: number;
  /** Absent when the source defines no cap; the simple method applies then. */
  tUpperC?: number;
  source: string;
}

const fahrenheitToCelsius = (f: number) => ((f - 32) * 5) / 9;

/**
 * Base (and cap) temperatures by crop code of reference/crops.csv, from the table in
 * vendor-formats.md §7.2. Crops that table does not source are absent rather than guessed.
 * Values defined in °F by their sources are converted exactly.
 */
export const CROP_GDD_PARAMETERS: Readonly<Record<string, CropThermalParameters>> = Object.freeze({
  maize: {
    tBaseC: fahrenheitToCelsius(50),
    tUpperC: fahrenheitToCelsius(86),
    source: '86/50 modified method: Iowa State Agron 541, USU Extension, Maryland climate office',
  },
  paddy: {
    tBaseC: fahrenheitToCelsius(50),
    source: 'University of Missouri DD-50 rice model (no cap in DD50)',
  },
  wheat: {
    tBaseC: 0,
    source: 'Idaho Wheat Commission (base 32 °F, no cap)',
  },
  // DD60. The table's "commonly 32 °C (86 °F)" cap is self-contradictory (86 °F is 30 °C), so no
  // cap is set until a source settles it; DD60 itself is an uncapped average.
  cotton: {
    tBaseC: fahrenheitToCelsius(60),
    source: 'DD60: Oklahoma State Extension fact sheet (Kerby et al. 1987; Oosterhuis 1990)',
  },
});

export type GddMethod = 'simple' | 'modified';

export interface DailyTemperature {
  /** YYYY-MM-DD */
  date: string;
  tMaxC: number;
  tMinC: number;
}

export interface GddOptions {
  tBaseC: number;
  /** Required for the modified method. */
  tUpperC?: number;
  method?: GddMethod;
}

export interface GddAccumulation {
  totalGdd: number;
  daily: { date: string; gdd: number; cumulativeGdd: number }[];
  /** Calendar days from sowing to the last observation that the series does not cover. */
  missingDays: number;
}

const dayNumber = (date: string, field: string): number => {
  dayOfYear(date, field); // validates the calendar date
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
};

/**
 * GDD accumulated from the sowing date (inclusive) over a daily series. Days before sowing are
 * ignored; gaps are counted in missingDays, not filled, so a caller can tell a short total from
 * a cold season.
 */
export function accumulateGdd(series: readonly DailyTemperature[], sowingDate: string, options: GddOptions): GddAccumulation {
  const method = options.method ?? 'simple';
  requireInRange('tBaseC', options.tBaseC, -50, 50);
  if (method === 'modified') {
    if (options.tUpperC === undefined) throw new AgronomyInputError('tUpperC', 'is required by the modified method');
    requireInRange('tUpperC', options.tUpperC, options.tBaseC, 60);
  }
  const sowing = dayNumber(sowingDate, 'sowingDate');
  const days = series
    .map((d, i) => {
      requireInRange(`series[${i}].tMaxC`, d.tMaxC, -90, 60);
      requireInRange(`series[${i}].tMinC`, d.tMinC, -90, 60);
      if (d.tMinC > d.tMaxC) throw new AgronomyInputError(`series[${i}].tMinC`, 'is above tMaxC');
      return { ...d, day: dayNumber(d.date, `series[${i}].date`) };
    })
    .filter((d) => d.day >= sowing)
    .sort((a, b) => a.day - b.day);

  let total = 0;
  const daily: GddAccumulation['daily'] = [];
  for (let i = 0; i < days.length; i++) {
    const d = days[i]!;
    if (i > 0 && days[i - 1]!.day === d.day) throw new AgronomyInputError('series', `has ${d.date} twice`);
    const gdd =
      method === 'modified' ? gddModified(d.tMaxC, d.tMinC, options.tBaseC, options.tUpperC!) : gddSimple(d.tMaxC, d.tMinC, options.tBaseC);
    total += gdd;
    daily.push({ date: d.date, gdd, cumulativeGdd: total });
  }
  const last = days[days.length - 1];
  const missingDays = last ? last.day - sowing + 1 - days.length : 0;
  return { totalGdd: total, daily, missingDays };
}
