import { STAGE_SHARES_FROM, cropCoefficients } from '../../lib/agronomy/crop-coefficients.js';

/**
 * Seasonal NDVI curves of the offline imagery twin (synthetic-catalog.ts): how green a crop is on a
 * given day of its season. Made-up but plausible numbers, not a crop model.
 *
 * The curve is the double logistic that phenology fitting uses (TIMESAT, phenofit): bare soil,
 * a green-up centred where FAO-56's development stage is half done, a plateau at the crop's peak
 * NDVI, a senescence centred half-way through the late-season stage, then the harvest cuts it back
 * to soil. Each logistic rises from 10 % to 90 % over its stage (slope 2·ln 9 / stage length). Stage
 * proportions come from FAO-56 Table 11 (lib/agronomy CROP_COEFFICIENTS, with its stand-in rows for
 * crops Table 11 lacks); a crop without a row is split 20/30/30/20.
 */

/** One crop on a field: the crop cycle as the registry stores it. */
export interface SyntheticPlanting {
  /** Crop code of the catalogue (paddy, wheat, cotton, …); unknown codes get a generic crop. */
  crop: string;
  /** YYYY-MM-DD. */
  sowingDate: string;
  /** YYYY-MM-DD; without it the crop's typical duration from sowing. */
  expectedHarvestDate?: string | undefined;
}

/** NDVI of the bare (dry, tilled) soil of the demo districts before sowing and after harvest. */
export const BARE_SOIL_NDVI = 0.16;

/** Peak NDVI of a healthy, closed canopy and the typical days from sowing to harvest in India. */
interface CropProfile {
  peak: number;
  days: number;
}

const PROFILES: Readonly<Record<string, CropProfile>> = Object.freeze({
  paddy: { peak: 0.84, days: 125 },
  wheat: { peak: 0.82, days: 140 },
  maize: { peak: 0.84, days: 110 },
  jowar: { peak: 0.76, days: 115 },
  bajra: { peak: 0.72, days: 90 },
  ragi: { peak: 0.74, days: 110 },
  tur_arhar: { peak: 0.78, days: 170 },
  moong: { peak: 0.68, days: 70 },
  urad: { peak: 0.7, days: 80 },
  gram: { peak: 0.66, days: 105 },
  masur_lentil: { peak: 0.64, days: 115 },
  groundnut: { peak: 0.74, days: 115 },
  soybean: { peak: 0.84, days: 95 },
  rapeseed_mustard: { peak: 0.74, days: 125 },
  sunflower_seed: { peak: 0.72, days: 100 },
  sesamum: { peak: 0.64, days: 90 },
  nigerseed: { peak: 0.62, days: 100 },
  safflower: { peak: 0.66, days: 140 },
  cotton: { peak: 0.78, days: 180 },
  barley: { peak: 0.78, days: 120 },
  jute: { peak: 0.82, days: 120 },
  sugarcane: { peak: 0.86, days: 330 },
  tomato: { peak: 0.72, days: 140 },
  onion: { peak: 0.6, days: 120 },
  potato: { peak: 0.8, days: 100 },
});

const GENERIC: CropProfile = { peak: 0.74, days: 120 };
const GENERIC_SHARES = [0.2, 0.3, 0.3, 0.2] as const;
/** 2·ln 9: a logistic of slope k rises from 10 % to 90 % over this ÷ k. */
const TEN_TO_NINETY = 2 * Math.log(9);

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date; NaN when it is not one. */
export function dayNumber(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return Number.NaN;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === date ? ms / DAY_MS : Number.NaN;
}

/** YYYY-MM-DD of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The crop's peak NDVI and typical duration; a generic crop for codes the table lacks. */
export function cropProfile(crop: string): CropProfile {
  return Object.hasOwn(PROFILES, crop) ? PROFILES[crop]! : GENERIC;
}

/** Shares of the season taken by FAO-56's initial, development, mid-season and late stages. */
function stageShares(crop: string): readonly [number, number, number, number] {
  const row = cropCoefficients(crop)?.stageLengthsDays ?? cropCoefficients(STAGE_SHARES_FROM[crop] ?? '')?.stageLengthsDays;
  if (!row) return GENERIC_SHARES;
  const total = row.ini + row.dev + row.mid + row.late;
  return [row.ini / total, row.dev / total, row.mid / total, row.late / total];
}

/** A crop season resolved to numbers: the curve's parameters in days since 1970-01-01. */
export interface CropSeason {
  sowingDay: number;
  harvestDay: number;
  peak: number;
  greenUpDay: number;
  greenUpSlope: number;
  senescenceDay: number;
  senescenceSlope: number;
}

/** The season of a crop sown on sowingDay that lasts days; peak defaults to the crop's. */
export function cropSeason(crop: string, sowingDay: number, days?: number, peak?: number): CropSeason {
  const profile = cropProfile(crop);
  const length = days !== undefined && days > 0 ? days : profile.days;
  const [ini, dev, mid, late] = stageShares(crop);
  return {
    sowingDay,
    harvestDay: sowingDay + length,
    peak: peak ?? profile.peak,
    greenUpDay: sowingDay + length * (ini + dev / 2),
    greenUpSlope: TEN_TO_NINETY / (length * dev),
    senescenceDay: sowingDay + length * (ini + dev + mid + late / 2),
    senescenceSlope: TEN_TO_NINETY / (length * late),
  };
}

/** The season of a planting; throws on dates that are not YYYY-MM-DD or a harvest before sowing. */
export function plantingSeason(planting: SyntheticPlanting): CropSeason {
  const sowing = dayNumber(planting.sowingDate);
  if (!Number.isFinite(sowing)) throw new RangeError(`sowingDate must be YYYY-MM-DD, got ${JSON.stringify(planting.sowingDate)}`);
  let days: number | undefined;
  if (planting.expectedHarvestDate !== undefined) {
    const harvest = dayNumber(planting.expectedHarvestDate);
    if (!Number.isFinite(harvest)) {
      throw new RangeError(`expectedHarvestDate must be YYYY-MM-DD, got ${JSON.stringify(planting.expectedHarvestDate)}`);
    }
    if (harvest <= sowing) throw new RangeError('expectedHarvestDate must be after sowingDate');
    days = harvest - sowing;
  }
  return cropSeason(planting.crop, sowing, days);
}

/**
 * The green fraction of the season on a day, 0 (bare soil) to 1 (the crop's peak): the double
 * logistic between sowing and harvest, 0 outside.
 */
export function greenFraction(season: CropSeason, day: number): number {
  if (day < season.sowingDay || day >= season.harvestDay) return 0;
  const up = 1 / (1 + Math.exp(-season.greenUpSlope * (day - season.greenUpDay)));
  const down = 1 / (1 + Math.exp(-season.senescenceSlope * (day - season.senescenceDay)));
  return Math.min(1, Math.max(0, up - down));
}

/** NDVI of the season's crop on a day, before any within-field variation or noise. */
export function seasonNdvi(season: CropSeason, day: number, soilNdvi = BARE_SOIL_NDVI): number {
  return soilNdvi + (season.peak - soilNdvi) * greenFraction(season, day);
}

/** NDVI of a planting on a YYYY-MM-DD date (or day number): the field-wide curve of the twin. */
export function cropNdvi(planting: SyntheticPlanting, date: string | number): number {
  const day = typeof date === 'number' ? date : dayNumber(date);
  return seasonNdvi(plantingSeason(planting), day);
}
