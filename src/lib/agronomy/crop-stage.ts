import { STAGE_SHARES_FROM, adjustKcForClimate, cropCoefficients, type StageLengthsDays } from './crop-coefficients.js';
import { AgronomyInputError, requireInRange } from './errors.js';
import { dayOfYear } from './radiation.js';

/**
 * The growth stage of a crop on a date and its Kc on that day, by FAO-56's construction of the Kc
 * curve (chapter 6, Fig. 34, Eq. 66): Kc ini through the initial stage, a straight line up to
 * Kc mid through development, Kc mid through mid-season, a straight line to Kc end through late
 * season.
 */

export type GrowthStage = 'initial' | 'development' | 'mid-season' | 'late-season';
export type CropStageName = GrowthStage | 'before-sowing' | 'harvested';

export interface KcValues {
  ini: number;
  mid: number;
  end: number;
}

/**
 * Kc on day i of the season (FAO-56 Eq. 66), i from 1 on the sowing (or planting) day to the
 * season's length: Kc i = Kc prev + [(i − ΣL prev) / L stage] (Kc next − Kc prev), with Kc
 * constant in the initial and mid-season stages. Each stage ends on its last day inclusive, so
 * the last day of development has Kc mid and the last day of the season Kc end.
 */
export function kcOnSeasonDay(dayOfSeason: number, lengths: StageLengthsDays, kc: KcValues): { stage: GrowthStage; kc: number } {
  for (const key of ['ini', 'dev', 'mid', 'late'] as const) requireInRange(`lengths.${key}`, lengths[key], 0, 1000);
  const endIni = lengths.ini;
  const endDev = endIni + lengths.dev;
  const endMid = endDev + lengths.mid;
  const total = endMid + lengths.late;
  requireInRange('dayOfSeason', dayOfSeason, 1, total);
  if (dayOfSeason <= endIni) return { stage: 'initial', kc: kc.ini };
  if (dayOfSeason <= endDev) {
    return { stage: 'development', kc: kc.ini + ((dayOfSeason - endIni) / lengths.dev) * (kc.mid - kc.ini) };
  }
  if (dayOfSeason <= endMid) return { stage: 'mid-season', kc: kc.mid };
  return { stage: 'late-season', kc: kc.mid + ((dayOfSeason - endMid) / lengths.late) * (kc.end - kc.mid) };
}

export interface CropStageOptions {
  /**
   * The variety's or the crop cycle's length from sowing to harvest in days. Table 11's stage
   * lengths are then stretched or shrunk in proportion to it (FAO-56 says Table 11 is indicative
   * and local durations should be used). Required for a crop without a Table 11 row.
   */
  totalDays?: number;
  /** Mean u2 and RHmin over mid and late season: Kc mid and Kc end are then adjusted (Eq. 62, 65). */
  climate?: { u2Ms: number; rhMinPct: number };
}

export interface CropStage {
  stage: CropStageName;
  /** Calendar days since sowing: 0 on the sowing day, negative before it. */
  dayAfterSowing: number;
  /** FAO-56's i in Eq. 66: dayAfterSowing + 1. */
  dayOfSeason: number;
  /** Null before sowing and after harvest, when there is no crop to have a coefficient. */
  kc: number | null;
  /** True when the stage lengths are another crop's proportions (STAGE_SHARES_FROM). */
  stageLengthsEstimated: boolean;
}

const dayNumber = (date: string, field: string): number => {
  dayOfYear(date, field); // validates the calendar date
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
};

const scaled = (lengths: StageLengthsDays, totalDays: number): StageLengthsDays => {
  const f = totalDays / (lengths.ini + lengths.dev + lengths.mid + lengths.late);
  return { ini: lengths.ini * f, dev: lengths.dev * f, mid: lengths.mid * f, late: lengths.late * f };
};

/**
 * Stage and Kc of crop `code` on `date` (YYYY-MM-DD) for a crop sown on `sowingDate`. Undefined
 * for a crop code without coefficients; an AgronomyInputError for an impossible date or option,
 * and for a crop without a Table 11 row (gram, rapeseed_mustard) when options.totalDays is absent:
 * there is then no duration to split, and guessing one would put every later date in a wrong stage.
 */
export function cropStageOn(code: string, sowingDate: string, date: string, options: CropStageOptions = {}): CropStage | undefined {
  const sowing = dayNumber(sowingDate, 'sowingDate');
  const day = dayNumber(date, 'date');
  if (options.totalDays !== undefined) requireInRange('totalDays', options.totalDays, 1, 1000);
  const crop = cropCoefficients(code);
  if (!crop) return undefined;

  let lengths = crop.stageLengthsDays;
  let estimated = false;
  if (!lengths) {
    const from = STAGE_SHARES_FROM[code];
    const analogue = from === undefined ? undefined : cropCoefficients(from)?.stageLengthsDays;
    if (!analogue || options.totalDays === undefined) {
      throw new AgronomyInputError('totalDays', `is required for ${code}: FAO-56 Table 11 has no row for it`);
    }
    lengths = analogue;
    estimated = true;
  }
  if (options.totalDays !== undefined) lengths = scaled(lengths, options.totalDays);

  let kc: KcValues = { ini: crop.kcIni, mid: crop.kcMid, end: crop.kcEnd };
  if (options.climate) {
    const { u2Ms, rhMinPct } = options.climate;
    kc = {
      ini: kc.ini,
      mid: adjustKcForClimate(kc.mid, u2Ms, rhMinPct, crop.maxHeightM),
      end: adjustKcForClimate(kc.end, u2Ms, rhMinPct, crop.maxHeightM),
    };
  }

  const dayAfterSowing = day - sowing;
  const dayOfSeason = dayAfterSowing + 1;
  const total = lengths.ini + lengths.dev + lengths.mid + lengths.late;
  const base = { dayAfterSowing, dayOfSeason, stageLengthsEstimated: estimated };
  if (dayOfSeason < 1) return { stage: 'before-sowing', kc: null, ...base };
  if (dayOfSeason > total) return { stage: 'harvested', kc: null, ...base };
  return { ...kcOnSeasonDay(dayOfSeason, lengths, kc), ...base };
}
