import { AgronomyInputError, requireInRange } from './errors.js';

/**
 * The daily root-zone water balance of FAO-56 chapter 8, as depletion below field capacity:
 *
 *   Dr,i = Dr,i−1 − Peff,i − Ii + ETc,adj,i + DPi          (Eq. 85, runoff and capillary rise 0)
 *   DPi  = max(0, Peff,i + Ii − ETc,adj,i − Dr,i−1)         (Eq. 88: what the root zone cannot hold)
 *   0 ≤ Dr,i ≤ TAW                                          (Eq. 86–87)
 *   Ks   = (TAW − Dr,i−1) / ((1 − p) TAW) when Dr,i−1 > RAW, else 1   (Eq. 84)
 *   ETc,adj = Ks Kc ET0                                      (Eq. 80)
 *
 * Rain is counted as effective rain: a day's rain below 0.2 ET0 is left out, because FAO-56
 * (chapter 7, evaporation from the soil surface) notes that such small amounts are normally entirely
 * evaporated; rain beyond what refills the root zone percolates below it (DP), so it is not
 * credited either. Runoff is taken as zero, as FAO-56 allows for most fields.
 */

/** Rain below this fraction of the day's ET0 evaporates from the surface (FAO-56 ch. 7). */
export const INEFFECTIVE_RAIN_FRACTION_OF_ET0 = 0.2;

/** The part of a day's rain that can enter the root zone, before percolation. */
export function effectiveRainMm(rainMm: number, et0Mm: number): number {
  return rainMm < INEFFECTIVE_RAIN_FRACTION_OF_ET0 * et0Mm ? 0 : rainMm;
}

/**
 * The depletion fraction p for no stress adjusted to the day's ETc, as FAO-56 Table 22 directs:
 * p = p_table + 0.04 (5 − ETc), kept within 0.1–0.8.
 */
export function adjustedDepletionFraction(pTable: number, etcMm: number): number {
  return Math.min(0.8, Math.max(0.1, pTable + 0.04 * (5 - etcMm)));
}

export interface WaterBalanceInputDay {
  /** YYYY-MM-DD, consecutive days in order. */
  date: string;
  et0Mm: number;
  kc: number;
  rainMm: number;
  /** Net irrigation that entered the soil that day. */
  irrigationMm?: number;
}

export interface WaterBalanceOptions {
  totalAvailableWaterMm: number;
  /** p of FAO-56 Table 22 for the crop, before the ETc adjustment. */
  depletionFraction: number;
  /** Depletion at the start of the first day; 0 = field capacity. */
  initialDepletionMm?: number;
}

export interface WaterBalanceDay {
  date: string;
  et0Mm: number;
  kc: number;
  /** Kc × ET0, without stress. */
  etcMm: number;
  /** Water stress coefficient (1 = no stress). */
  ks: number;
  /** Ks × Kc × ET0: what the crop actually uses. */
  etcAdjMm: number;
  rainMm: number;
  effectiveRainMm: number;
  irrigationMm: number;
  deepPercolationMm: number;
  /** Depletion at the end of the day. */
  depletionMm: number;
  /** RAW = p TAW for the day, p adjusted to ETc. */
  readilyAvailableWaterMm: number;
}

/** Runs the balance day by day; the last day's depletion is the state to act on. */
export function rootZoneWaterBalance(days: readonly WaterBalanceInputDay[], options: WaterBalanceOptions): WaterBalanceDay[] {
  const taw = options.totalAvailableWaterMm;
  requireInRange('totalAvailableWaterMm', taw, 1, 2000);
  requireInRange('depletionFraction', options.depletionFraction, 0.05, 0.95);
  let depletion = options.initialDepletionMm ?? 0;
  requireInRange('initialDepletionMm', depletion, 0, taw);
  let previous: number | undefined;
  return days.map((day, i) => {
    const t = Date.parse(`${day.date}T00:00:00Z`);
    if (!Number.isFinite(t)) throw new AgronomyInputError(`days[${i}].date`, `is not a date: ${day.date}`);
    if (previous !== undefined && t !== previous + 86_400_000) {
      throw new AgronomyInputError(`days[${i}].date`, 'must follow the day before it');
    }
    previous = t;
    requireInRange(`days[${i}].et0Mm`, day.et0Mm, 0, 30);
    requireInRange(`days[${i}].kc`, day.kc, 0, 2);
    requireInRange(`days[${i}].rainMm`, day.rainMm, 0, 2000);
    const irrigationMm = day.irrigationMm ?? 0;
    // A day may carry several recorded irrigations; each is at most 500 mm, their sum as much as rain.
    requireInRange(`days[${i}].irrigationMm`, irrigationMm, 0, 2000);

    const etcMm = day.kc * day.et0Mm;
    const p = adjustedDepletionFraction(options.depletionFraction, etcMm);
    const raw = p * taw;
    const ks = depletion > raw ? Math.max(0, (taw - depletion) / ((1 - p) * taw)) : 1;
    const etcAdjMm = ks * etcMm;
    const effective = effectiveRainMm(day.rainMm, day.et0Mm);
    const unbounded = depletion - effective - irrigationMm + etcAdjMm;
    const deepPercolationMm = Math.max(0, -unbounded);
    depletion = Math.min(taw, Math.max(0, unbounded));
    return {
      date: day.date,
      et0Mm: day.et0Mm,
      kc: day.kc,
      etcMm,
      ks,
      etcAdjMm,
      rainMm: day.rainMm,
      effectiveRainMm: effective,
      irrigationMm,
      deepPercolationMm,
      depletionMm: depletion,
      readilyAvailableWaterMm: raw,
    };
  });
}
