import { AgronomyInputError } from './errors.js';

/**
 * Radiation terms of FAO-56 (Allen et al. 1998, Chapter 3) for daily steps. Energies are
 * MJ m⁻² day⁻¹, angles radians. Each function is one numbered equation.
 */

/** Solar constant Gsc in MJ m⁻² min⁻¹ (FAO-56 Eq. 21). */
export const SOLAR_CONSTANT_MJ_M2_MIN = 0.082;
/** Stefan–Boltzmann constant in MJ K⁻⁴ m⁻² day⁻¹ (FAO-56 Eq. 39). */
export const STEFAN_BOLTZMANN_MJ_K4_M2_DAY = 4.903e-9;
/** Albedo of the hypothetical grass reference crop (FAO-56 Eq. 38). */
export const GRASS_ALBEDO = 0.23;
/** Ångström coefficients recommended when no local calibration exists (FAO-56 Eq. 35). */
export const ANGSTROM_AS = 0.25;
export const ANGSTROM_BS = 0.5;
/** Hargreaves adjustment coefficient kRs (FAO-56 Eq. 50): interior and coastal locations. */
export const HARGREAVES_KRS_INTERIOR = 0.16;
export const HARGREAVES_KRS_COASTAL = 0.19;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day of the year J, 1 on 1 January and 365 or 366 on 31 December, from a YYYY-MM-DD date. */
export function dayOfYear(date: string, field = 'date'): number {
  const m = DATE.exec(date);
  if (!m) throw new AgronomyInputError(field, `must be a YYYY-MM-DD date, got ${JSON.stringify(date)}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  // Date.UTC rolls 2026-02-30 over into March; a rollover means the calendar date does not exist.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new AgronomyInputError(field, `is not a calendar date: ${date}`);
  }
  return Math.round((t - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
}

/** Inverse relative Earth–Sun distance dr (FAO-56 Eq. 23). */
export function inverseRelativeDistance(j: number): number {
  return 1 + 0.033 * Math.cos(((2 * Math.PI) / 365) * j);
}

/** Solar declination δ in rad (FAO-56 Eq. 24). */
export function solarDeclinationRad(j: number): number {
  return 0.409 * Math.sin(((2 * Math.PI) / 365) * j - 1.39);
}

/**
 * Sunset hour angle ωs in rad (FAO-56 Eq. 25). Beyond the polar circles −tan φ·tan δ leaves
 * [−1, 1]; clamping it gives the physical limits, ωs = 0 in polar night and π in midnight sun.
 */
export function sunsetHourAngleRad(latitudeRad: number, declinationRad: number): number {
  const x = -Math.tan(latitudeRad) * Math.tan(declinationRad);
  return Math.acos(Math.min(1, Math.max(-1, x)));
}

export interface ExtraterrestrialRadiation {
  dr: number;
  declinationRad: number;
  sunsetHourAngleRad: number;
  raMJm2: number;
}

/** Extraterrestrial radiation Ra for a latitude in degrees (north positive) and day of year J (FAO-56 Eq. 21). */
export function extraterrestrialRadiation(latitudeDeg: number, j: number): ExtraterrestrialRadiation {
  const phi = (latitudeDeg * Math.PI) / 180;
  const dr = inverseRelativeDistance(j);
  const delta = solarDeclinationRad(j);
  const ws = sunsetHourAngleRad(phi, delta);
  const raMJm2 =
    ((24 * 60) / Math.PI) *
    SOLAR_CONSTANT_MJ_M2_MIN *
    dr *
    (ws * Math.sin(phi) * Math.sin(delta) + Math.cos(phi) * Math.cos(delta) * Math.sin(ws));
  return { dr, declinationRad: delta, sunsetHourAngleRad: ws, raMJm2 };
}

/** Maximum possible duration of sunshine N in hours (FAO-56 Eq. 34). */
export function daylightHours(sunsetHourAngle: number): number {
  return (24 / Math.PI) * sunsetHourAngle;
}

/** Solar radiation from actual sunshine hours n by the Ångström formula (FAO-56 Eq. 35). */
export function solarRadiationFromSunshine(
  sunshineHours: number,
  daylight: number,
  raMJm2: number,
  as = ANGSTROM_AS,
  bs = ANGSTROM_BS,
): number {
  // In polar night N = 0 and there is no sunshine to count; avoid 0/0.
  const ratio = daylight > 0 ? sunshineHours / daylight : 0;
  return (as + bs * ratio) * raMJm2;
}

/**
 * Solar radiation from the daily temperature range by Hargreaves (FAO-56 Eq. 50), FAO-56's
 * fallback when neither radiation nor sunshine is measured: clear days have a wide range.
 */
export function solarRadiationHargreaves(tMaxC: number, tMinC: number, raMJm2: number, kRs = HARGREAVES_KRS_INTERIOR): number {
  return kRs * Math.sqrt(tMaxC - tMinC) * raMJm2;
}

/** Clear-sky solar radiation Rso from Ra and elevation z in m (FAO-56 Eq. 37). */
export function clearSkyRadiation(raMJm2: number, elevationM: number): number {
  return (0.75 + 2e-5 * elevationM) * raMJm2;
}

/** Net shortwave radiation Rns = (1 − α)·Rs (FAO-56 Eq. 38). */
export function netShortwaveRadiation(rsMJm2: number, albedo = GRASS_ALBEDO): number {
  return (1 - albedo) * rsMJm2;
}

/**
 * Net outgoing longwave radiation Rnl (FAO-56 Eq. 39), T in K as T + 273.16. Rs/Rso is capped at
 * 1.0 as FAO-56 requires: measured Rs can exceed the modelled clear sky, which would otherwise
 * inflate the cloudiness term beyond its clear-sky value.
 */
export function netLongwaveRadiation(tMaxC: number, tMinC: number, eaKPa: number, rsMJm2: number, rsoMJm2: number): number {
  const tMaxK4 = (tMaxC + 273.16) ** 4;
  const tMinK4 = (tMinC + 273.16) ** 4;
  const relative = rsoMJm2 > 0 ? Math.min(1, rsMJm2 / rsoMJm2) : 1;
  return STEFAN_BOLTZMANN_MJ_K4_M2_DAY * ((tMaxK4 + tMinK4) / 2) * (0.34 - 0.14 * Math.sqrt(eaKPa)) * (1.35 * relative - 0.35);
}

/** Net radiation Rn = Rns − Rnl (FAO-56 Eq. 40). */
export function netRadiation(rnsMJm2: number, rnlMJm2: number): number {
  return rnsMJm2 - rnlMJm2;
}
