import { AgronomyInputError, requireInRange } from './errors.js';
import type { WaterBalanceDay, WaterBalanceInputDay } from './water-balance.js';

/**
 * Water a field is known to have received, as its farmer recorded it, fed into the root-zone
 * balance of FAO-56 chapter 8 (Eq. 85: Dr,i = Dr,i−1 − (P − RO)i − Ii − CRi + ETc,i + DPi).
 *
 * - An irrigation is Ii: the net depth that entered the soil that day. Several on one day add up.
 * - Rain read from the field's own gauge is Pi for that day, in place of the weather source's rain:
 *   the gauge stands in the field, the source is a model or a station for a ~1 km cell. Several
 *   readings on one day add up (a morning and an evening reading). Effective rain (the 0.2 ET0
 *   rule) and deep percolation then treat it as any rain.
 *
 * Irrigation method does not enter: in FAO-56 the fraction of the surface an irrigation wets (fw,
 * chapter 7, Table 20) scales only the surface-layer evaporation of the dual crop coefficient
 * (Eq. 77), not the single-coefficient root-zone balance computed here.
 */
export type RecordedWaterKind = 'irrigation' | 'rain';

export interface RecordedWater {
  /** YYYY-MM-DD */
  date: string;
  kind: RecordedWaterKind;
  depthMm: number;
}

/** The weather days with the recorded water of each day applied; the days themselves are unchanged. */
export function withRecordedWater(days: readonly WaterBalanceInputDay[], events: readonly RecordedWater[]): WaterBalanceInputDay[] {
  const irrigation = new Map<string, number>();
  const gauge = new Map<string, number>();
  for (const [i, event] of events.entries()) {
    requireInRange(`events[${i}].depthMm`, event.depthMm, Number.MIN_VALUE, 2000);
    if (event.kind !== 'irrigation' && event.kind !== 'rain')
      throw new AgronomyInputError(`events[${i}].kind`, `is not irrigation or rain`);
    const sums = event.kind === 'irrigation' ? irrigation : gauge;
    sums.set(event.date, (sums.get(event.date) ?? 0) + event.depthMm);
  }
  return days.map((day) => {
    const irrigated = irrigation.get(day.date);
    const gauged = gauge.get(day.date);
    return {
      ...day,
      ...(gauged !== undefined ? { rainMm: gauged } : {}),
      ...(irrigated !== undefined ? { irrigationMm: (day.irrigationMm ?? 0) + irrigated } : {}),
    };
  });
}

/**
 * The latest day, on or before `until`, whose water fills the root zone whatever its state before:
 * effective rain plus irrigation at least TAW plus the day's ETc. Depletion is at most TAW (Eq. 86),
 * so Eq. 85 brings it to 0 at that day's end and the rest percolates (Eq. 88): from then on the
 * balance no longer rests on the depletion it was started with.
 */
export function lastRefill(balance: readonly WaterBalanceDay[], totalAvailableWaterMm: number, until: string): WaterBalanceDay | undefined {
  return balance.findLast((day) => day.date <= until && day.effectiveRainMm + day.irrigationMm >= totalAvailableWaterMm + day.etcMm);
}

/** The latest recorded irrigation day on or before `until`, with that day's irrigations added up. */
export function lastIrrigation(events: readonly RecordedWater[], until: string): { date: string; depthMm: number } | undefined {
  let date: string | undefined;
  for (const e of events) if (e.kind === 'irrigation' && e.date <= until && (date === undefined || e.date > date)) date = e.date;
  if (date === undefined) return undefined;
  const depthMm = events.filter((e) => e.kind === 'irrigation' && e.date === date).reduce((sum, e) => sum + e.depthMm, 0);
  return { date, depthMm };
}
