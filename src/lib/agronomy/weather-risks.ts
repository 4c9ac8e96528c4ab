import { AgronomyInputError, requireInRange } from './errors.js';

/**
 * Weather risks to a standing crop, each with the threshold it crossed so the advisory can say why.
 *
 * - heat: Tmax ≥ 40 °C, the India Meteorological Department's floor for a heat wave in the plains.
 * - frost: Tmin ≤ 2 °C; screen temperatures of 2 °C leave the crop canopy near 0 °C on clear nights.
 * - heavy rain: IMD's daily rainfall classes, "heavy" 64.5–115.5 mm, "very heavy" 115.6–204.4 mm,
 *   "extremely heavy" ≥ 204.5 mm.
 * - high wind: ≥ 39 km/h, force 6 ("strong breeze") of the Beaufort scale as the WMO tabulates it,
 *   where large branches move: tall crops lodge and sprays and covers cannot be used.
 */
export const RISK_THRESHOLDS = Object.freeze({
  heatTMaxC: 40,
  frostTMinC: 2,
  heavyRainMm: 64.5,
  veryHeavyRainMm: 115.6,
  extremelyHeavyRainMm: 204.5,
  highWindKmh: 39,
});

export type RiskKind = 'heat' | 'frost' | 'heavy-rain' | 'high-wind';
export type RainClass = 'heavy' | 'very-heavy' | 'extremely-heavy';

export interface RiskDay {
  /** YYYY-MM-DD */
  date: string;
  tMaxC: number;
  tMinC: number;
  rainMm: number;
  /** The strongest wind expected that day, km/h at 10 m. */
  maxWindKmh: number;
}

export interface WeatherRisk {
  kind: RiskKind;
  date: string;
  /** The value that crossed the threshold, in the unit below. */
  value: number;
  threshold: number;
  unit: '°C' | 'mm' | 'km/h';
  /** Only for heavy rain: IMD's class of the day's total. */
  rainClass?: RainClass;
}

/** IMD's class of a day's rain, or undefined below "heavy". */
export function rainClass(rainMm: number): RainClass | undefined {
  if (rainMm >= RISK_THRESHOLDS.extremelyHeavyRainMm) return 'extremely-heavy';
  if (rainMm >= RISK_THRESHOLDS.veryHeavyRainMm) return 'very-heavy';
  if (rainMm >= RISK_THRESHOLDS.heavyRainMm) return 'heavy';
  return undefined;
}

/** Every threshold each day crosses, in date order, heat before frost before rain before wind. */
export function assessWeatherRisks(days: readonly RiskDay[]): WeatherRisk[] {
  const risks: WeatherRisk[] = [];
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  sorted.forEach((d, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) throw new AgronomyInputError(`days[${i}].date`, `is not a date: ${d.date}`);
    requireInRange(`days[${i}].tMaxC`, d.tMaxC, -90, 60);
    requireInRange(`days[${i}].tMinC`, d.tMinC, -90, 60);
    requireInRange(`days[${i}].rainMm`, d.rainMm, 0, 2000);
    requireInRange(`days[${i}].maxWindKmh`, d.maxWindKmh, 0, 500);
    const t = RISK_THRESHOLDS;
    if (d.tMaxC >= t.heatTMaxC) risks.push({ kind: 'heat', date: d.date, value: d.tMaxC, threshold: t.heatTMaxC, unit: '°C' });
    if (d.tMinC <= t.frostTMinC) risks.push({ kind: 'frost', date: d.date, value: d.tMinC, threshold: t.frostTMinC, unit: '°C' });
    const cls = rainClass(d.rainMm);
    if (cls) risks.push({ kind: 'heavy-rain', date: d.date, value: d.rainMm, threshold: t.heavyRainMm, unit: 'mm', rainClass: cls });
    if (d.maxWindKmh >= t.highWindKmh) {
      risks.push({ kind: 'high-wind', date: d.date, value: d.maxWindKmh, threshold: t.highWindKmh, unit: 'km/h' });
    }
  });
  return risks;
}
