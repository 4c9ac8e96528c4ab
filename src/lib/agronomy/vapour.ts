/**
 * Air humidity and the thermodynamic parameters of FAO-56 (Allen et al. 1998, Chapter 3).
 * Pressures are kPa, temperatures °C. Every function is one numbered equation so that the ET0
 * steps can be checked line by line against the paper.
 */

/** Saturation vapour pressure at air temperature T, e°(T) (Eq. 11). */
export function saturationVapourPressureKPa(tC: number): number {
  return 0.6108 * Math.exp((17.27 * tC) / (tC + 237.3));
}

/**
 * Mean saturation vapour pressure es (Eq. 12). It averages e°(Tmax) and e°(Tmin) rather than taking
 * e°(Tmean): e° is convex, so e°(Tmean) underestimates es and with it the vapour pressure deficit.
 */
export function meanSaturationVapourPressureKPa(tMaxC: number, tMinC: number): number {
  return (saturationVapourPressureKPa(tMaxC) + saturationVapourPressureKPa(tMinC)) / 2;
}

/** Actual vapour pressure from the dew point: ea = e°(Tdew) (Eq. 14). */
export function actualVapourPressureFromDewPointKPa(tDewC: number): number {
  return saturationVapourPressureKPa(tDewC);
}

/** Actual vapour pressure from RHmax and RHmin in % (Eq. 17). */
export function actualVapourPressureFromRhMaxMinKPa(tMaxC: number, tMinC: number, rhMaxPct: number, rhMinPct: number): number {
  return (saturationVapourPressureKPa(tMinC) * (rhMaxPct / 100) + saturationVapourPressureKPa(tMaxC) * (rhMinPct / 100)) / 2;
}

/**
 * Actual vapour pressure from RHmax alone (Eq. 18). FAO-56 prefers it to Eq. 19 when RHmin is
 * unreliable, because RHmax is reached near Tmin where the sensor error matters least.
 */
export function actualVapourPressureFromRhMaxKPa(tMinC: number, rhMaxPct: number): number {
  return saturationVapourPressureKPa(tMinC) * (rhMaxPct / 100);
}

/** Actual vapour pressure from mean relative humidity in % (Eq. 19), the least preferred form. */
export function actualVapourPressureFromRhMeanKPa(tMaxC: number, tMinC: number, rhMeanPct: number): number {
  return (rhMeanPct / 100) * meanSaturationVapourPressureKPa(tMaxC, tMinC);
}

/** Slope of the saturation vapour pressure curve Δ at T in kPa °C⁻¹ (Eq. 13); FAO-56 uses Tmean. */
export function saturationSlopeKPaPerC(tC: number): number {
  return (4098 * saturationVapourPressureKPa(tC)) / (tC + 237.3) ** 2;
}

/** Atmospheric pressure from elevation z in m (Eq. 7), the ideal-gas law with 20 °C at sea level. */
export function atmosphericPressureKPa(elevationM: number): number {
  return 101.3 * ((293 - 0.0065 * elevationM) / 293) ** 5.26;
}

/**
 * Psychrometric constant γ = cp·P/(ε·λ) in kPa °C⁻¹ (Eq. 8); with cp = 1.013×10⁻³ MJ kg⁻¹ °C⁻¹,
 * ε = 0.622 and λ = 2.45 MJ kg⁻¹ the factor is 0.665×10⁻³.
 */
export function psychrometricConstantKPaPerC(pressureKPa: number): number {
  return 0.665e-3 * pressureKPa;
}
