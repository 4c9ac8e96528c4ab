import { AgronomyInputError, requireInRange } from './errors.js';
import {
  HARGREAVES_KRS_COASTAL,
  HARGREAVES_KRS_INTERIOR,
  clearSkyRadiation,
  dayOfYear,
  daylightHours,
  extraterrestrialRadiation,
  netLongwaveRadiation,
  netRadiation,
  netShortwaveRadiation,
  solarRadiationFromSunshine,
  solarRadiationHargreaves,
} from './radiation.js';
import {
  actualVapourPressureFromDewPointKPa,
  actualVapourPressureFromRhMaxKPa,
  actualVapourPressureFromRhMaxMinKPa,
  actualVapourPressureFromRhMeanKPa,
  atmosphericPressureKPa,
  meanSaturationVapourPressureKPa,
  psychrometricConstantKPaPerC,
  saturationSlopeKPaPerC,
  saturationVapourPressureKPa,
} from './vapour.js';
import { MIN_WIND_HEIGHT_M, windSpeedAt2mMs } from './wind.js';

/**
 * Reference evapotranspiration ET0 by the FAO-56 Penman–Monteith equation (Allen et al. 1998,
 * Eq. 6) for one day, returning every intermediate so that agronomists can check the numbers
 * against the paper's worked examples.
 */

/** Humidity, in FAO-56's order of preference when more than one is known. */
export type HumidityInput =
  | { eaKPa: number } // measured actual vapour pressure, as in Example 17
  | { tDewC: number } // Eq. 14
  | { rhMaxPct: number; rhMinPct?: number } // Eq. 17, or Eq. 18 with RHmax only
  | { rhMeanPct: number }; // Eq. 19

export type RadiationInput =
  | { solarRadiationMJm2: number } // measured or from a provider
  | { sunshineHours: number } // Ångström, Eq. 35
  | { hargreaves: 'interior' | 'coastal' }; // Eq. 50, explicit choice of kRs

export interface Et0Input {
  /** YYYY-MM-DD; gives the day of year J. */
  date: string;
  /** Degrees, north positive. */
  latitudeDeg: number;
  elevationM: number;
  tMaxC: number;
  tMinC: number;
  /** Absent: ea ≈ e°(Tmin), FAO-56's assumption that the dew point is near Tmin. */
  humidity?: HumidityInput;
  /** heightM defaults to 2 m, the reference height. */
  wind: { speedMs: number; heightM?: number };
  /** Absent: Hargreaves (Eq. 50) with the interior kRs 0.16. */
  radiation?: RadiationInput;
  /** Soil heat flux G in MJ m⁻² day⁻¹; 0 for daily steps (Eq. 42), 0.14·ΔTmonth for monthly (Eq. 44). */
  soilHeatFluxMJm2?: number;
}

export type VapourPressureMethod = 'measured' | 'dew-point' | 'rh-max-min' | 'rh-max' | 'rh-mean' | 'tmin';
export type SolarRadiationMethod = 'measured' | 'sunshine' | 'hargreaves';

export interface Et0Steps {
  dayOfYear: number;
  tMeanC: number;
  /** Δ, kPa °C⁻¹ (Eq. 13). */
  slopeKPaPerC: number;
  pressureKPa: number;
  /** γ, kPa °C⁻¹ (Eq. 8). */
  psychrometricKPaPerC: number;
  windSpeed2mMs: number;
  esKPa: number;
  eaKPa: number;
  eaMethod: VapourPressureMethod;
  vapourPressureDeficitKPa: number;
  dr: number;
  declinationRad: number;
  sunsetHourAngleRad: number;
  raMJm2: number;
  daylightHours: number;
  rsMJm2: number;
  rsMethod: SolarRadiationMethod;
  /** kRs when rsMethod is 'hargreaves'. */
  kRs?: number;
  rsoMJm2: number;
  rnsMJm2: number;
  rnlMJm2: number;
  rnMJm2: number;
  gMJm2: number;
}

export interface Et0Result {
  /** mm day⁻¹, unrounded; FAO-56 publishes one decimal. */
  et0Mm: number;
  steps: Et0Steps;
}

function validate(input: Et0Input): void {
  requireInRange('latitudeDeg', input.latitudeDeg, -90, 90);
  // Eq. 7 is a standard-atmosphere fit; beyond the Dead Sea shore and the highest stations it is
  // not a weather station anywhere.
  requireInRange('elevationM', input.elevationM, -500, 9000);
  requireInRange('tMaxC', input.tMaxC, -90, 60);
  requireInRange('tMinC', input.tMinC, -90, 60);
  if (input.tMinC > input.tMaxC) {
    throw new AgronomyInputError('tMinC', `is above tMaxC (${input.tMinC} > ${input.tMaxC})`);
  }
  requireInRange('wind.speedMs', input.wind.speedMs, 0, 100);
  if (input.wind.heightM !== undefined) {
    requireInRange('wind.heightM', input.wind.heightM, MIN_WIND_HEIGHT_M, 200);
  }
  if (input.soilHeatFluxMJm2 !== undefined) requireInRange('soilHeatFluxMJm2', input.soilHeatFluxMJm2, -20, 20);
  const h = input.humidity;
  if (h) {
    if ('eaKPa' in h) requireInRange('humidity.eaKPa', h.eaKPa, 0, 20);
    else if ('tDewC' in h) {
      requireInRange('humidity.tDewC', h.tDewC, -90, 60);
      // Dew point above the maximum would mean supersaturated air all day.
      if (h.tDewC > input.tMaxC) throw new AgronomyInputError('humidity.tDewC', 'is above tMaxC');
    } else if ('rhMaxPct' in h) {
      requireInRange('humidity.rhMaxPct', h.rhMaxPct, 0, 100);
      if (h.rhMinPct !== undefined) {
        requireInRange('humidity.rhMinPct', h.rhMinPct, 0, 100);
        if (h.rhMinPct > h.rhMaxPct) throw new AgronomyInputError('humidity.rhMinPct', 'is above rhMaxPct');
      }
    } else if ('rhMeanPct' in h) requireInRange('humidity.rhMeanPct', h.rhMeanPct, 0, 100);
    else throw new AgronomyInputError('humidity', 'needs eaKPa, tDewC, rhMaxPct or rhMeanPct');
  }
  const r = input.radiation;
  if (r) {
    if ('solarRadiationMJm2' in r) requireInRange('radiation.solarRadiationMJm2', r.solarRadiationMJm2, 0, 50);
    else if ('sunshineHours' in r) requireInRange('radiation.sunshineHours', r.sunshineHours, 0, 24);
    else if ('hargreaves' in r) {
      if (r.hargreaves !== 'interior' && r.hargreaves !== 'coastal') {
        throw new AgronomyInputError('radiation.hargreaves', "must be 'interior' or 'coastal'");
      }
    } else throw new AgronomyInputError('radiation', 'needs solarRadiationMJm2, sunshineHours or hargreaves');
  }
}

function actualVapourPressure(input: Et0Input): { eaKPa: number; eaMethod: VapourPressureMethod } {
  const h = input.humidity;
  if (!h) return { eaKPa: saturationVapourPressureKPa(input.tMinC), eaMethod: 'tmin' };
  if ('eaKPa' in h) return { eaKPa: h.eaKPa, eaMethod: 'measured' };
  if ('tDewC' in h) return { eaKPa: actualVapourPressureFromDewPointKPa(h.tDewC), eaMethod: 'dew-point' };
  if ('rhMaxPct' in h) {
    return h.rhMinPct === undefined
      ? { eaKPa: actualVapourPressureFromRhMaxKPa(input.tMinC, h.rhMaxPct), eaMethod: 'rh-max' }
      : {
          eaKPa: actualVapourPressureFromRhMaxMinKPa(input.tMaxC, input.tMinC, h.rhMaxPct, h.rhMinPct),
          eaMethod: 'rh-max-min',
        };
  }
  return { eaKPa: actualVapourPressureFromRhMeanKPa(input.tMaxC, input.tMinC, h.rhMeanPct), eaMethod: 'rh-mean' };
}

// Sunshine is usually reported to 0.1 h, so n may exceed a computed N by that rounding.
const SUNSHINE_ROUNDING_H = 0.05;

export function et0PenmanMonteith(input: Et0Input): Et0Result {
  validate(input);
  const { tMaxC, tMinC, elevationM } = input;
  const j = dayOfYear(input.date);

  const tMeanC = (tMaxC + tMinC) / 2; // Eq. 9
  const slopeKPaPerC = saturationSlopeKPaPerC(tMeanC);
  const pressureKPa = atmosphericPressureKPa(elevationM);
  const psychrometricKPaPerC = psychrometricConstantKPaPerC(pressureKPa);
  const windSpeed2mMs = windSpeedAt2mMs(input.wind.speedMs, input.wind.heightM ?? 2);

  const esKPa = meanSaturationVapourPressureKPa(tMaxC, tMinC);
  const { eaKPa, eaMethod } = actualVapourPressure(input);

  const ra = extraterrestrialRadiation(input.latitudeDeg, j);
  const n = daylightHours(ra.sunsetHourAngleRad);

  let rsMJm2: number;
  let rsMethod: SolarRadiationMethod;
  let kRs: number | undefined;
  const r = input.radiation;
  if (r && 'solarRadiationMJm2' in r) {
    rsMJm2 = r.solarRadiationMJm2;
    rsMethod = 'measured';
  } else if (r && 'sunshineHours' in r) {
    if (r.sunshineHours > n + SUNSHINE_ROUNDING_H) {
      throw new AgronomyInputError('radiation.sunshineHours', `exceeds the day length N = ${n.toFixed(2)} h at this latitude and date`);
    }
    rsMJm2 = solarRadiationFromSunshine(Math.min(r.sunshineHours, n), n, ra.raMJm2);
    rsMethod = 'sunshine';
  } else {
    kRs = r && 'hargreaves' in r && r.hargreaves === 'coastal' ? HARGREAVES_KRS_COASTAL : HARGREAVES_KRS_INTERIOR;
    rsMJm2 = solarRadiationHargreaves(tMaxC, tMinC, ra.raMJm2, kRs);
    rsMethod = 'hargreaves';
  }

  const rsoMJm2 = clearSkyRadiation(ra.raMJm2, elevationM);
  const rnsMJm2 = netShortwaveRadiation(rsMJm2);
  const rnlMJm2 = netLongwaveRadiation(tMaxC, tMinC, eaKPa, rsMJm2, rsoMJm2);
  const rnMJm2 = netRadiation(rnsMJm2, rnlMJm2);
  const gMJm2 = input.soilHeatFluxMJm2 ?? 0;

  // Eq. 6: 0.408 = 1/λ converts MJ m⁻² day⁻¹ to mm day⁻¹; 900 and 0.34 are the grass-reference
  // constants (h = 0.12 m, rs = 70 s m⁻¹).
  const vapourPressureDeficitKPa = esKPa - eaKPa;
  const et0Mm =
    (0.408 * slopeKPaPerC * (rnMJm2 - gMJm2) + psychrometricKPaPerC * (900 / (tMeanC + 273)) * windSpeed2mMs * vapourPressureDeficitKPa) /
    (slopeKPaPerC + psychrometricKPaPerC * (1 + 0.34 * windSpeed2mMs));

  const steps: Et0Steps = {
    dayOfYear: j,
    tMeanC,
    slopeKPaPerC,
    pressureKPa,
    psychrometricKPaPerC,
    windSpeed2mMs,
    esKPa,
    eaKPa,
    eaMethod,
    vapourPressureDeficitKPa,
    dr: ra.dr,
    declinationRad: ra.declinationRad,
    sunsetHourAngleRad: ra.sunsetHourAngleRad,
    raMJm2: ra.raMJm2,
    daylightHours: n,
    rsMJm2,
    rsMethod,
    rsoMJm2,
    rnsMJm2,
    rnlMJm2,
    rnMJm2,
    gMJm2,
  };
  if (kRs !== undefined) steps.kRs = kRs;
  return { et0Mm, steps };
}
