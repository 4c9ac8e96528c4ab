import { AgronomyInputError } from './errors.js';
import type { WaterBalanceDay } from './water-balance.js';

/**
 * Irrigation advice from a root-zone water balance that runs through today and the forecast days.
 * FAO-56 (chapter 8) schedules irrigation for the day depletion would pass the readily available
 * water RAW, and refills the root zone to field capacity: the net depth is the depletion then.
 */
export type IrrigationAction =
  /** Depletion is past RAW today and the forecast rain does not bring it back. */
  | 'irrigate-now'
  /** Past RAW today, but tomorrow's forecast rain brings depletion back under it: wait for rain. */
  | 'wait-for-rain'
  /** Depletion passes RAW on a forecast day: irrigate on or before that day. */
  | 'irrigate-by'
  /** Depletion stays under RAW through the last forecast day. */
  | 'not-needed';

export interface IrrigationAdvice {
  action: IrrigationAction;
  /** The day depletion passes RAW (irrigate-by, irrigate-now, wait-for-rain). */
  date?: string;
  /** Net depth that refills the root zone to field capacity on that day. */
  netDepthMm?: number;
  /** Depletion at the end of today, and today's RAW. */
  depletionMm: number;
  readilyAvailableWaterMm: number;
  /** The last day the balance covers. */
  horizon: string;
}

export function irrigationAdvice(balance: readonly WaterBalanceDay[], today: string): IrrigationAdvice {
  const start = balance.findIndex((d) => d.date === today);
  if (start < 0) throw new AgronomyInputError('today', `is not a day of the balance: ${today}`);
  const now = balance[start]!;
  const base = {
    depletionMm: now.depletionMm,
    readilyAvailableWaterMm: now.readilyAvailableWaterMm,
    horizon: balance[balance.length - 1]!.date,
  };
  const dry = balance.findIndex((d, i) => i >= start && d.depletionMm > d.readilyAvailableWaterMm);
  if (dry < 0) return { action: 'not-needed', ...base };
  const day = balance[dry]!;
  if (dry > start) return { action: 'irrigate-by', date: day.date, netDepthMm: day.depletionMm, ...base };
  const tomorrow = balance[start + 1];
  if (tomorrow && tomorrow.effectiveRainMm > 0 && tomorrow.depletionMm <= tomorrow.readilyAvailableWaterMm) {
    return { action: 'wait-for-rain', date: day.date, netDepthMm: day.depletionMm, ...base };
  }
  return { action: 'irrigate-now', date: day.date, netDepthMm: day.depletionMm, ...base };
}
