/**
 * Spectral indices of one pixel from surface reflectance (not DN: the baseline-04.00 offset must
 * be applied first). Each returns NaN when its denominator is ≤ 0 (up to float64 rounding, see
 * DENOMINATOR_EPSILON), the rule for excluding
 * a pixel: with reflectance offsets, dark pixels can make a denominator zero or negative, and the
 * ratio then means nothing. Results are not clamped, so a statistic can be reproduced from the
 * formula alone. Expressions keep the operand order written here, which is also the order numpy
 * evaluates them in, so a numpy reimplementation gets the same float64 bits.
 * Bands by Sentinel-2 name: blue B02, green B03, red B04, nir B08.
 */

/**
 * A denominator this close to zero is zero: with the −0.1 offset, red + nir of two DNs summing to
 * 2 000 is 0 in exact arithmetic but about ±1e-17 in float64, which would make an NDVI of 1e13.
 * One DN step is 1e-4 of reflectance, so nothing real lies below this.
 */
export const DENOMINATOR_EPSILON = 1e-9;

export const VEGETATION_INDICES = ['ndvi', 'evi', 'ndwi'] as const;
export type VegetationIndex = (typeof VEGETATION_INDICES)[number];

/** EVI = G·(nir − red) / (nir + C1·red − C2·blue + L), with MODIS's coefficients. */
export const EVI_GAIN = 2.5;
export const EVI_C1 = 6;
export const EVI_C2 = 7.5;
export const EVI_L = 1;

/** NDVI = (nir − red) / (nir + red). */
export function ndvi(red: number, nir: number): number {
  const denominator = nir + red;
  return denominator > DENOMINATOR_EPSILON ? (nir - red) / denominator : Number.NaN;
}

/** EVI = 2.5 (nir − red) / (nir + 6 red − 7.5 blue + 1). */
export function evi(blue: number, red: number, nir: number): number {
  const denominator = nir + EVI_C1 * red - EVI_C2 * blue + EVI_L;
  return denominator > DENOMINATOR_EPSILON ? (EVI_GAIN * (nir - red)) / denominator : Number.NaN;
}

/**
 * NDWI = (green − nir) / (green + nir): McFeeters' open-water index, as the issue defines it (not
 * Gao's NIR/SWIR canopy-water index, which would need the 20 m B11).
 */
export function ndwi(green: number, nir: number): number {
  const denominator = green + nir;
  return denominator > DENOMINATOR_EPSILON ? (green - nir) / denominator : Number.NaN;
}
