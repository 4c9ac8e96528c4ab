import { requireInRange } from './errors.js';
import { adjustedDepletionFraction } from './water-balance.js';

/**
 * Single crop coefficients, stage lengths, rooting depths and depletion fractions of FAO-56
 * (Allen et al. 1998, Tables 11, 12 and 22) by crop code of reference/crops.csv, and the
 * adjustments FAO-56 makes to them: Kc mid and Kc end for climate (Eq. 62 and 65), p for the rate
 * of ETc (Table 22, footnote 2), and the readily available water p gives (Eq. 83).
 */

/** Lengths of the four growth stages, in days (FAO-56 Table 11: Lini, Ldev, Lmid, Llate). */
export interface StageLengthsDays {
  ini: number;
  dev: number;
  mid: number;
  late: number;
}

export interface CropCoefficients {
  /** FAO-56 Table 12: for a sub-humid climate (RHmin ≈ 45 %, u2 ≈ 2 m/s), standard conditions. */
  kcIni: number;
  kcMid: number;
  kcEnd: number;
  /** Table 12's mean maximum crop height h, the height Eq. 62 and 65 take. */
  maxHeightM: number;
  /** Null when Table 11 has no row that fits India: see STAGE_SHARES_FROM. */
  stageLengthsDays: Readonly<StageLengthsDays> | null;
  /** Table 22's range of maximum effective rooting depth Zr. */
  rootDepthMinM: number;
  rootDepthMaxM: number;
  /** Table 22's p, the fraction of TAW depleted before stress, for ETc ≈ 5 mm/day. */
  depletionP: number;
}

const crop = (
  kc: [ini: number, mid: number, end: number, maxHeightM: number],
  stages: [ini: number, dev: number, mid: number, late: number] | null,
  root: [minM: number, maxM: number, p: number],
): Readonly<CropCoefficients> =>
  Object.freeze({
    kcIni: kc[0],
    kcMid: kc[1],
    kcEnd: kc[2],
    maxHeightM: kc[3],
    stageLengthsDays: stages && Object.freeze({ ini: stages[0], dev: stages[1], mid: stages[2], late: stages[3] }),
    rootDepthMinM: root[0],
    rootDepthMaxM: root[1],
    depletionP: root[2],
  });

/**
 * Row for row the data of reference/crop-coefficients.csv, where each value's table row is named
 * (and reference/README.md says why that row): edit both together; a test holds them equal.
 */
export const CROP_COEFFICIENTS: Readonly<Record<string, Readonly<CropCoefficients>>> = Object.freeze({
  paddy: crop([1.05, 1.2, 0.75, 1], [30, 30, 80, 40], [0.5, 1.0, 0.2]),
  wheat: crop([0.3, 1.15, 0.25, 1], [15, 25, 50, 30], [1.0, 1.5, 0.55]),
  maize: crop([0.3, 1.2, 0.35, 2], [20, 35, 40, 30], [1.0, 1.7, 0.55]),
  jowar: crop([0.3, 1.05, 0.55, 1.5], [20, 35, 40, 30], [1.0, 2.0, 0.55]),
  bajra: crop([0.3, 1.0, 0.3, 1.5], [15, 25, 40, 25], [1.0, 2.0, 0.55]),
  ragi: crop([0.3, 1.0, 0.3, 1.5], [15, 25, 40, 25], [1.0, 2.0, 0.55]),
  gram: crop([0.4, 1.0, 0.35, 0.4], null, [0.6, 1.0, 0.5]),
  masur_lentil: crop([0.4, 1.1, 0.3, 0.5], [25, 35, 70, 40], [0.6, 0.8, 0.5]),
  groundnut: crop([0.4, 1.15, 0.6, 0.4], [25, 35, 45, 25], [0.5, 1.0, 0.5]),
  soybean: crop([0.4, 1.15, 0.5, 0.75], [15, 15, 40, 15], [0.6, 1.3, 0.5]),
  rapeseed_mustard: crop([0.35, 1.1, 0.35, 0.6], null, [1.0, 1.5, 0.6]),
  safflower: crop([0.35, 1.1, 0.25, 0.8], [35, 55, 60, 40], [1.0, 2.0, 0.6]),
  cotton: crop([0.35, 1.17, 0.6, 1.35], [30, 50, 60, 55], [1.0, 1.7, 0.65]),
  barley: crop([0.3, 1.15, 0.25, 1], [15, 25, 50, 30], [1.0, 1.5, 0.55]),
  sugarcane: crop([0.4, 1.25, 0.75, 3], [35, 60, 190, 120], [1.2, 2.0, 0.65]),
  tomato: crop([0.6, 1.15, 0.8, 0.6], [35, 45, 70, 30], [0.7, 1.5, 0.4]),
  onion: crop([0.7, 1.05, 0.75, 0.4], [20, 35, 110, 45], [0.3, 0.6, 0.3]),
  potato: crop([0.5, 1.15, 0.75, 0.6], [25, 30, 40, 30], [0.4, 0.6, 0.35]),
});

/**
 * For a crop without a Table 11 row, the crop whose Table 11 row gives the stage proportions in
 * which a caller's total duration is split (an estimate, flagged as such). Chickpea takes lentil's
 * 'oct nov, arid region' row and rapeseed-mustard safflower's: the same Table 12 group (legumes,
 * oil crops), sown in the same rabi months in an arid region.
 */
export const STAGE_SHARES_FROM: Readonly<Record<string, string>> = Object.freeze({
  gram: 'masur_lentil',
  rapeseed_mustard: 'safflower',
});

/** The crop's row, or undefined for a code the table does not have (callers decide what then). */
export function cropCoefficients(code: string): Readonly<CropCoefficients> | undefined {
  // hasOwn, so that 'constructor' or '__proto__' are unknown crops rather than Object's members.
  return Object.hasOwn(CROP_COEFFICIENTS, code) ? CROP_COEFFICIENTS[code] : undefined;
}

/** The ranges of u2, RHmin and h for which FAO-56 defines Eq. 62 and 65. */
type Limits = readonly [min: number, max: number];
const KC_CLIMATE_LIMITS: Readonly<Record<'u2Ms' | 'rhMinPct' | 'heightM', Limits>> = Object.freeze({
  u2Ms: [1, 6],
  rhMinPct: [20, 80],
  heightM: [0.1, 10],
});

/**
 * Kc mid or Kc end adjusted for climate (FAO-56 Eq. 62 and 65):
 * Kc + [0.04 (u2 − 2) − 0.004 (RHmin − 45)] (h/3)^0.3, with u2 and RHmin averaged over the stage.
 * Values below 0.45 are returned as they are: FAO-56 applies Eq. 65 only to a Kc end of 0.45 or
 * more (a crop left to dry in the field is insensitive to wind and humidity), and no Kc mid in
 * CROP_COEFFICIENTS is below it. u2 and RHmin are held inside the limits FAO-56 says "should be
 * observed" (1–6 m/s, 20–80 %) rather than refused: a forecast for a dry, still week is ordinary
 * weather, and FAO-56 Table 16 already puts the arid climate at the 20 % limit. h above 10 m is held
 * at 10 m; below 0.1 m the crop behaves like the grass reference and Eq. 62 "should not be
 * applied", so Kc is returned unchanged.
 */
export function adjustKcForClimate(kc: number, u2Ms: number, rhMinPct: number, heightM: number): number {
  requireInRange('kc', kc, 0, 2);
  requireInRange('u2Ms', u2Ms, 0, 100);
  requireInRange('rhMinPct', rhMinPct, 0, 100);
  requireInRange('heightM', heightM, 0, 150);
  if (kc < 0.45 || heightM < KC_CLIMATE_LIMITS.heightM[0]) return kc;
  const clamp = (v: number, [lo, hi]: Limits) => Math.min(hi, Math.max(lo, v));
  const u2 = clamp(u2Ms, KC_CLIMATE_LIMITS.u2Ms);
  const rh = clamp(rhMinPct, KC_CLIMATE_LIMITS.rhMinPct);
  const h = clamp(heightM, KC_CLIMATE_LIMITS.heightM);
  return kc + (0.04 * (u2 - 2) - 0.004 * (rh - 45)) * (h / 3) ** 0.3;
}

export interface RootZone {
  /** Table 22's larger Zr: the depth of a mature crop's roots in a soil that does not restrict them. */
  rootDepthM: number;
  /** Table 22's range; FAO-56 suggests the smaller value for irrigation scheduling. */
  rootDepthRangeM: readonly [number, number];
  /** Table 22's p, or p adjusted to options.etcMmPerDay. */
  depletionFraction: number;
  /** Table 22's p as printed, for ETc ≈ 5 mm/day. */
  depletionFractionTable: number;
  /** For rice p is a fraction of saturation (Table 22, footnote 4), so RAW = p·TAW does not hold. */
  depletionFractionOf: 'total-available-water' | 'saturation';
}

/**
 * Root depth and depletion fraction of a mature crop, or undefined for an unknown code. The depth
 * is the larger of Table 22's pair, which footnote 1 keeps for soils without layers that restrict
 * roots and for modelling water stress or rainfed crops (the smaller one is for irrigation
 * scheduling; both are returned so that a scheduler can take it). With etcMmPerDay, p is adjusted
 * for the rate of crop evapotranspiration: p = p(Table 22) + 0.04 (5 − ETc), within 0.1–0.8
 * (Table 22, footnote 2): soil dries past the point of stress sooner when the crop draws fast.
 */
export function rootZone(code: string, options: { etcMmPerDay?: number } = {}): RootZone | undefined {
  const c = cropCoefficients(code);
  if (!c) return undefined;
  let p = c.depletionP;
  if (options.etcMmPerDay !== undefined) {
    requireInRange('etcMmPerDay', options.etcMmPerDay, 0, 30);
    p = adjustedDepletionFraction(p, options.etcMmPerDay);
  }
  return {
    rootDepthM: c.rootDepthMaxM,
    rootDepthRangeM: [c.rootDepthMinM, c.rootDepthMaxM],
    depletionFraction: p,
    depletionFractionTable: c.depletionP,
    depletionFractionOf: code === 'paddy' ? 'saturation' : 'total-available-water',
  };
}

/**
 * Readily available water in mm, RAW = p TAW (FAO-56 Eq. 83), for TAW in mm from Eq. 82
 * (totalAvailableWaterMm in soil-water.ts) and p from rootZone.
 */
export function readilyAvailableWater(totalAvailableWaterMm: number, p: number): number {
  requireInRange('totalAvailableWaterMm', totalAvailableWaterMm, 0, 10_000);
  requireInRange('p', p, 0, 1);
  return p * totalAvailableWaterMm;
}
