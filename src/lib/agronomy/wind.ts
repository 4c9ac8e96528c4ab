/**
 * Wind speed conversions. FAO-56's grass reference is defined with wind at 2 m; stations and
 * forecast APIs report 10 m, and farmers read km/h, so both the height and the unit change here.
 */

/**
 * Wind speed at 2 m from speed uz measured at height z m, for a short grass surface, by the
 * logarithmic profile u2 = uz·4.87/ln(67.8·z − 5.42) (FAO-56 Eq. 47). At z = 10 m the factor is 0.748.
 */
export function windSpeedAt2mMs(speedMs: number, heightM: number): number {
  return (speedMs * 4.87) / Math.log(67.8 * heightM - 5.42);
}

/** Lowest anemometer height for which Eq. 47 is defined: ln(67.8·z − 5.42) must be positive. */
export const MIN_WIND_HEIGHT_M = 6.42 / 67.8;

/** 1 km/h = 1000 m / 3600 s. */
export function kmhToMs(kmh: number): number {
  return kmh / 3.6;
}

export function msToKmh(ms: number): number {
  return ms * 3.6;
}
