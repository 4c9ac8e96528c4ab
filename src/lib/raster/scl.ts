/**
 * The Sen2Cor scene classification (SCL band, 20 m, uint8, 0 = no data) and the two sets the
 * statistics use (reference/vendor-formats.md §4.2):
 * - excluded from every index: 0, 1, 3, 8, 9, 10, 11 (no data, saturated, cloud shadow, cloud
 *   medium and high probability, thin cirrus, snow), the set Sentinel Hub's and most published
 *   NDVI code masks;
 * - counted by cloudPct as "cloud, shadow and cirrus": exactly 3, 8, 9 and 10. Class 7
 *   (unclassified, which Sen2Cor also calls cloud low probability) and class 2 (dark area, which
 *   is terrain shadow as often as cloud shadow) are kept and not counted; snow (11) is excluded but
 *   is not cloud; so cloudPct is a lower bound of what hides the field, and validPixelPct says how
 *   much is left.
 */

export interface SclClass {
  value: number;
  name: string;
  excluded: boolean;
  cloud: boolean;
}

const classes: readonly [value: number, name: string][] = [
  [0, 'NO_DATA'],
  [1, 'SATURATED_OR_DEFECTIVE'],
  [2, 'DARK_AREA_PIXELS'],
  [3, 'CLOUD_SHADOWS'],
  [4, 'VEGETATION'],
  [5, 'NOT_VEGETATED'],
  [6, 'WATER'],
  [7, 'UNCLASSIFIED'],
  [8, 'CLOUD_MEDIUM_PROBABILITY'],
  [9, 'CLOUD_HIGH_PROBABILITY'],
  [10, 'THIN_CIRRUS'],
  [11, 'SNOW'],
];

export const SCL_EXCLUDED: readonly number[] = Object.freeze([0, 1, 3, 8, 9, 10, 11]);
export const SCL_CLOUD: readonly number[] = Object.freeze([3, 8, 9, 10]);

export const SCL_CLASSES: readonly SclClass[] = Object.freeze(
  classes.map(([value, name]) => Object.freeze({ value, name, excluded: SCL_EXCLUDED.includes(value), cloud: SCL_CLOUD.includes(value) })),
);

export const SCL_FLAG_EXCLUDED = 1;
export const SCL_FLAG_CLOUD = 2;

/**
 * Flags by SCL value (0–255), so the per-pixel loop does one array load instead of two set
 * lookups. Values Sen2Cor never writes (12–255) carry no flag: the fixed rule excludes only the
 * listed classes.
 */
const FLAGS = new Uint8Array(256);
for (const value of SCL_EXCLUDED) FLAGS[value] = (FLAGS[value] ?? 0) | SCL_FLAG_EXCLUDED;
for (const value of SCL_CLOUD) FLAGS[value] = (FLAGS[value] ?? 0) | SCL_FLAG_CLOUD;

/** SCL_FLAG_EXCLUDED | SCL_FLAG_CLOUD bits of one SCL value; 0 for values outside 0–255. */
export function sclFlags(value: number): number {
  return FLAGS[value] ?? 0;
}
